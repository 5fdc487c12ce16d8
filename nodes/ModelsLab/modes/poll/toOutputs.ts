/**
 * Poll mode, for an n8n that ModelsLab cannot call back: the batch scheduler (modes/poll/pollBatch.ts)
 * submits as slots free and asks the fetch endpoint for each job, first when ModelsLab's ETA has
 * passed, then every Poll Interval, until it ends, the timeout passes, or the execution is
 * cancelled. This module turns the outcomes into the node's outputs.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pollBatch } from './pollBatch';
import { readOptions } from '../../job/options';
import type { RequestPlan } from '../../job/plan';
import { routeItems, toRoutedItems } from '../../job/outputs';
import type { Submission, SubmitSettings } from '../../job/submit';

/**
 * Poll mode end to end: submit and poll every job, stop the node on the first failure unless
 * Continue On Fail is on (naming jobs still running), and route the results.
 */
export async function pollToOutputs(
	ctx: IExecuteFunctions,
	plans: Array<RequestPlan | Submission>,
	settings: Omit<SubmitSettings, 'concurrency'>,
	separate: boolean,
): Promise<INodeExecutionData[][]> {
	const outcomes = await pollBatch(ctx, plans, readOptions(ctx, 0), settings);
	const failed = outcomes.find((outcome) => outcome.error);
	if (failed?.error && !ctx.continueOnFail()) {
		const still = outcomes
			.filter((outcome) => outcome.error?.timedOut)
			.map((outcome) => outcome.error!.id);
		throw new NodeOperationError(ctx.getNode(), String(failed.error.error), {
			itemIndex: failed.itemIndex,
			description: still.length
				? `Still running: ${still.join(', ')}. Fetch them later with Get Result, or raise Timeout.`
				: String(failed.error.errorDescription ?? ''),
		});
	}
	return routeItems(
		await toRoutedItems(ctx, outcomes, (itemIndex) => readOptions(ctx, itemIndex)),
		separate,
	);
}
