/** Turning job results into output items: JSON, downloaded files, and the output they go to. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/payload';
import { toItemJson } from '../../shared/resultItem';
import type { DownloadedFile } from '../../shared/binary';
import { attachOutputs } from '../../shared/binary';
import type { NodeOptions } from './options';
import { toolAnswerJson } from './toolOutput';
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
	/** Split Into Items: what goes out instead of `item`, one item per file. */
	split?: INodeExecutionData[];
}

/** What an error looks like inside an item: enough to understand it and to recover the job. */
export function errorJson(error: Error, extra: IDataObject = {}): IDataObject {
	const json: IDataObject = { status: 'failed', ...extra, error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.errorDescription = description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/** Simplify: what a user acts on, without ModelsLab's full payload (`raw`, `meta`, links…). */
export function simplifiedJson(json: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const key of [
		'status',
		'id',
		'track_id',
		'output',
		'message',
		'eta',
		'estimated_cost',
		'downloadErrors',
	]) {
		// `eta` only while a job runs (Don't Wait), when it says when to fetch the result.
		if (key === 'eta' && json.status !== 'processing') continue;
		if (json[key] !== undefined) simple[key] = json[key];
	}
	return simple;
}

/** As an agent's tool: what its Output asks for (undefined: the whole payload). */
function shortForAgent(json: IDataObject, options: NodeOptions): IDataObject | undefined {
	return options.agentTool
		? toolAnswerJson(json, options.toolOutput, options.toolFields)
		: undefined;
}

/**
 * Split Into Items: one item per output, each with the job's fields, its own URL and index, and
 * its file (when downloaded) in the binary property, all paired to the input item. A job without
 * outputs stays one item.
 */
export function splitPerFile(
	item: INodeExecutionData,
	output: string[],
	files: DownloadedFile[],
	property: string,
): INodeExecutionData[] | undefined {
	if (output.length < 1) return undefined;
	const byIndex = new Map(files.map((file) => [file.index, file]));
	return output.map((url, index) => {
		const file = byIndex.get(index);
		const split: INodeExecutionData = {
			json: { ...item.json, file_index: index, file_url: url },
			pairedItem: item.pairedItem,
		};
		if (file) split.binary = { [property]: file.binary };
		return split;
	});
}

export async function toOutputItem(
	ctx: IExecuteFunctions | IWebhookFunctions,
	outcome: ItemOutcome,
	options: NodeOptions,
): Promise<RoutedItem> {
	const pairedItem = { item: outcome.itemIndex };
	if (!outcome.result) {
		const json = outcome.error ?? { status: 'failed' };
		return { item: { json: shortForAgent(json, options) ?? json, pairedItem }, failed: true };
	}
	const { result } = outcome;
	const json = toItemJson(result);
	if (outcome.fetchCategory) json.fetch_category = outcome.fetchCategory;
	// Only where ModelsLab documents the endpoint's price (catalogue/prices.ts); nothing is guessed.
	if (options.price) json.estimated_cost = { ...options.price };
	const item: INodeExecutionData = { json, pairedItem };
	const files = options.downloadFiles
		? await attachOutputs(ctx, item, result, options.download)
		: [];
	if (options.agentTool) item.json = shortForAgent(item.json, options) ?? item.json;
	else if (options.simplify) item.json = simplifiedJson(item.json);
	const failed = result.outcome === 'failed';
	if (!options.splitIntoItems || result.outcome !== 'success') return { item, failed };
	return {
		item,
		failed,
		split: splitPerFile(item, result.output, files, options.download.property),
	};
}

/** Success and failed items on one output, or on two (Success, Failed). */
export function routeItems(items: RoutedItem[], separate: boolean): INodeExecutionData[][] {
	const out = (routed: RoutedItem[]) => routed.flatMap(({ item, split }) => split ?? [item]);
	if (!separate) return [out(items)];
	return [out(items.filter(({ failed }) => !failed)), out(items.filter(({ failed }) => failed))];
}

/** What a submit left for an item: ModelsLab's answer, or why there is none. */
export function outcomeOf(submission: Submission): ItemOutcome {
	return submission.result
		? {
				itemIndex: submission.itemIndex,
				result: submission.result,
				fetchCategory: submission.plan?.fetch,
			}
		: {
				itemIndex: submission.itemIndex,
				error: errorJson(submission.error ?? new Error('No job was submitted')),
			};
}

/**
 * Output items for outcomes, in order, each with its own item's options. The items' files are
 * downloaded side by side, as many at once as the execution's download slots allow
 * (shared/downloadSlots.ts), so a batch whose jobs ended together is not fetched all at once.
 */
export async function toRoutedItems(
	ctx: IExecuteFunctions | IWebhookFunctions,
	outcomes: ItemOutcome[],
	optionsOf: (itemIndex: number) => NodeOptions,
): Promise<RoutedItem[]> {
	return await Promise.all(
		outcomes.map(async (outcome) => await toOutputItem(ctx, outcome, optionsOf(outcome.itemIndex))),
	);
}
