/** Turning job results into output items: JSON, downloaded files, and the output they go to. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/callback';
import { toItemJson } from '../../shared/callback';
import { attachOutputs } from '../../shared/binary';
import type { NodeOptions } from './options';
import type { Submission } from './submit';

export interface ItemOutcome {
	itemIndex: number;
	result?: ModelsLabResult;
	/** Where the job can be fetched again (Get Result's Job Type). */
	fetchCategory?: string;
	/** The item has no result: why (a refused submit, a bad parameter, a lost job). */
	error?: IDataObject;
}

export interface RoutedItem {
	item: INodeExecutionData;
	failed: boolean;
}

/** What an error looks like inside an item: enough to understand it and to recover the job. */
export function errorJson(error: Error, extra: IDataObject = {}): IDataObject {
	const json: IDataObject = { status: 'failed', ...extra, error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.errorDescription = description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

export async function toOutputItem(
	ctx: IExecuteFunctions | IWebhookFunctions,
	outcome: ItemOutcome,
	options: NodeOptions,
): Promise<RoutedItem> {
	const pairedItem = { item: outcome.itemIndex };
	if (!outcome.result) {
		return { item: { json: outcome.error ?? { status: 'failed' }, pairedItem }, failed: true };
	}
	const { result } = outcome;
	const json = toItemJson(result);
	if (outcome.fetchCategory) json.fetch_category = outcome.fetchCategory;
	const item: INodeExecutionData = { json, pairedItem };
	if (options.downloadFiles) await attachOutputs(ctx, item, result, options.download);
	return { item, failed: result.outcome === 'failed' };
}

/** Success and failed items on one output, or on two (Success, Failed). */
export function routeItems(items: RoutedItem[], separate: boolean): INodeExecutionData[][] {
	if (!separate) return [items.map(({ item }) => item)];
	return [items.filter(({ failed }) => !failed).map(({ item }) => item), items.filter(({ failed }) => failed).map(({ item }) => item)];
}

/** What a submit left for an item: ModelsLab's answer, or why there is none. */
export function outcomeOf(submission: Submission): ItemOutcome {
	return submission.result
		? { itemIndex: submission.itemIndex, result: submission.result, fetchCategory: submission.plan?.fetch }
		: { itemIndex: submission.itemIndex, error: errorJson(submission.error ?? new Error('No job was submitted')) };
}

/** Output items for outcomes, in order, each with its own item's options. */
export async function toRoutedItems(
	ctx: IExecuteFunctions,
	outcomes: ItemOutcome[],
	optionsOf: (itemIndex: number) => NodeOptions,
): Promise<RoutedItem[]> {
	const routed: RoutedItem[] = [];
	for (const outcome of outcomes) routed.push(await toOutputItem(ctx, outcome, optionsOf(outcome.itemIndex)));
	return routed;
}
