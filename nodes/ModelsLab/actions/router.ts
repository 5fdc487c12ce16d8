/** execute(): one entry, dispatching on the operation and the wait mode. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GET_RESULT } from '../description/jobProperties';
import { WAIT_CALLBACK, WAIT_NONE, WAIT_POLL } from '../description/waitProperties';
import { getResults } from './getResult';
import { readOptions, separateFailedOutput } from './options';
import { pollJobs } from './poll';
import type { RequestPlan } from './requests';
import { planRequest } from './requests';
import { errorJson, routeItems, toOutputItem } from './results';
import type { Submission } from './submit';
import { submitAll } from './submit';
import { throwOnSubmitError } from './submitErrors';
import { defaultTrackId, waitForCallbacks } from './waitForCallback';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const separate = separateFailedOutput(this);
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === GET_RESULT) return routeItems(await getResults(this, items), separate);

	// Every item's request is built and checked before any job is submitted.
	const plans: Array<RequestPlan | Submission> = items.map((_, itemIndex) => {
		try {
			return planRequest(this, itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			return { itemIndex, error: error as Error };
		}
	});
	const options = readOptions(this, 0);
	const waitMode = this.getNodeParameter('waitMode', 0, WAIT_CALLBACK) as string;
	if (waitMode === WAIT_CALLBACK) return await waitForCallbacks(this, items, plans, options, separate);

	const executionId = this.getExecutionId();
	const submissions = await submitAll(this, plans, {
		concurrency: options.concurrency,
		webhookFor: (plan) =>
			waitMode === WAIT_NONE ? (String(this.getNodeParameter('callbackUrl', plan.itemIndex, '')).trim() || undefined) : undefined,
		defaultTrackId: (plan) => defaultTrackId(executionId, plan),
	});
	throwOnSubmitError(this, submissions);

	if (waitMode === WAIT_POLL) {
		const outcomes = await pollJobs(this, submissions, options);
		const failed = outcomes.find((outcome) => outcome.error);
		if (failed?.error && !this.continueOnFail()) {
			const still = outcomes.filter((outcome) => outcome.error?.timedOut).map((outcome) => outcome.error!.id);
			throw new NodeOperationError(this.getNode(), String(failed.error.error), {
				itemIndex: failed.itemIndex,
				description: still.length
					? `Still running: ${still.join(', ')}. Fetch them later with Get Result, or raise Timeout.`
					: String(failed.error.errorDescription ?? ''),
			});
		}
		const routed = [];
		for (const outcome of outcomes) routed.push(await toOutputItem(this, outcome, readOptions(this, outcome.itemIndex)));
		return routeItems(routed, separate);
	}

	// Don't wait: what ModelsLab answered, at once.
	const routed = [];
	for (const submission of submissions) {
		routed.push(
			await toOutputItem(
				this,
				submission.result
					? { itemIndex: submission.itemIndex, result: submission.result, fetchCategory: submission.plan?.fetch }
					: { itemIndex: submission.itemIndex, error: errorJson(submission.error ?? new Error('No job was submitted')) },
				readOptions(this, submission.itemIndex),
			),
		);
	}
	return routeItems(routed, separate);
}
