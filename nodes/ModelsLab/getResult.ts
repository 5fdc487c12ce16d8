/** Get Result: fetch jobs by request id, e.g. to recover after a timeout or from another workflow. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FETCH_CATEGORIES } from './catalogue';
import type { FetchCategory } from './catalogue/types';
import { readOptions } from './job/options';
import { fetchJob } from '../shared/fetchJob';
import type { RoutedItem } from './job/outputs';
import { errorJson, toOutputItem } from './job/outputs';

export async function getResults(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<RoutedItem[]> {
	const routed: RoutedItem[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const id = String(ctx.getNodeParameter('requestId', itemIndex, '')).trim();
			if (!id) throw new NodeOperationError(ctx.getNode(), 'Request ID is required', { itemIndex });
			const category = ctx.getNodeParameter('fetchCategory', itemIndex) as FetchCategory;
			if (!(category in FETCH_CATEGORIES)) {
				throw new NodeOperationError(ctx.getNode(), `Unknown job type "${category}"`, {
					itemIndex,
				});
			}
			const result = await fetchJob(ctx, category, id, { itemIndex });
			routed.push(
				await toOutputItem(
					ctx,
					{ itemIndex, result, fetchCategory: category },
					readOptions(ctx, itemIndex),
				),
			);
		} catch (error) {
			if (!ctx.continueOnFail()) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
			routed.push({
				item: { json: errorJson(error as Error), pairedItem: { item: itemIndex } },
				failed: true,
			});
		}
	}
	return routed;
}
