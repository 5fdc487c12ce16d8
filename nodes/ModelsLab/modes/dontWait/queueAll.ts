/**
 * Don't Wait, at the account's cap: submit the items in order; when ModelsLab answers 429 (the
 * account's queue is full), wait until a place frees, asking POST /v6/processing/request_count
 * (ModelsLab/docs-v2 general-api/openapi.json: "Get the current number of processing requests
 * before sending another request", throttled to 30 a minute, so at most one ask per 3 s), then
 * submit again, until every item is queued or the Timeout passes. Then return the ids.
 * Stop Below Balance and a submit refused for lack of credit stop the queueing as in the other
 * modes (batch/balanceGuard.ts): the items not submitted come back failed with the reason.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { waitForPlace } from '../../batch/accountQueue';
import { stopBeforeSubmit, stopOnInsufficient, stoppedError } from '../../batch/balanceGuard';
import { newBatch } from '../../batch/state';
import type { NodeOptions } from '../../job/options';
import type { RequestPlan } from '../../job/plan';
import type { Submission, SubmitSettings } from '../../job/submit';
import { submitPlan } from '../../job/submit';

export async function queueAll(
	ctx: IExecuteFunctions,
	plans: Array<RequestPlan | Submission>,
	options: NodeOptions,
	settings: Omit<SubmitSettings, 'concurrency'>,
): Promise<Submission[]> {
	const deadline = Date.now() + options.timeoutMinutes * 60_000;
	const submissions: Submission[] = [];
	// Only the stop and the wallet checks: Don't Wait keeps no other batch state.
	const batch = newBatch(options.concurrency);
	for (const entry of plans) {
		if (!('request' in entry)) {
			submissions.push(entry);
			continue;
		}
		const stop = await stopBeforeSubmit(ctx, batch, options.stopBelowBalance, entry);
		if (stop) {
			submissions.push({
				itemIndex: entry.itemIndex,
				plan: entry,
				error: stoppedError(ctx, stop, entry.itemIndex),
			});
			continue;
		}
		let submission = await submitPlan(ctx, entry, settings, 0);
		while (submission.rateLimited && Date.now() < deadline) {
			if (ctx.getExecutionCancelSignal?.()?.aborted) {
				throw new NodeOperationError(
					ctx.getNode(),
					"The execution was cancelled while waiting for a place in ModelsLab's queue",
				);
			}
			await waitForPlace(ctx, options.concurrency, deadline);
			submission = await submitPlan(ctx, entry, settings, 0);
		}
		if (submission.rateLimited && submission.error instanceof NodeApiError) {
			submission.error.description =
				`${submission.error.description ?? ''} The account's queue stayed full for the whole Timeout (${options.timeoutMinutes} min).`.trim();
		}
		if (submission.error) stopOnInsufficient(batch, entry.itemIndex, submission.error);
		submissions.push(submission);
	}
	return submissions;
}
