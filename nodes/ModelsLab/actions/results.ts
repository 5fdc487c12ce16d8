/** Turning job results into output items: JSON, downloaded files, and the output they go to. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/callback';
import { toItemJson } from '../../shared/callback';
import { downloadOutputs } from '../../shared/binary';
import type { NodeOptions } from './options';

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
	if (result.outcome === 'success' && options.downloadFiles && result.output.length) {
		const downloaded = await downloadOutputs(ctx, result, {
			maxBytes: Math.round(options.maxFileSizeMb * 1024 * 1024),
			property: options.binaryProperty,
		});
		if (Object.keys(downloaded.binary).length) item.binary = downloaded.binary;
		if (downloaded.errors.length) json.downloadErrors = downloaded.errors;
	}
	return { item, failed: result.outcome === 'failed' };
}

/** Success and failed items on one output, or on two (Success, Failed). */
export function routeItems(items: RoutedItem[], separate: boolean): INodeExecutionData[][] {
	if (!separate) return [items.map(({ item }) => item)];
	return [items.filter(({ failed }) => !failed).map(({ item }) => item), items.filter(({ failed }) => failed).map(({ item }) => item)];
}
