/**
 * Resume-on-callback mode, the execute() half: submit the first job of each of the scheduler's
 * slots (at most Max Queued Jobs, the account's cap) with this execution's resume URL (plus the
 * item's token and index) as `webhook`, remember the request ids, and put the execution to wait
 * at once. modes/callback/webhook.ts is the other half: each result submits the next item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../../../shared/transport';
import { callbackSecret, callbackUrl, newWaitId } from './token';
import { setCustomData } from './customData';
import { recordKey, rememberWait } from './waits';
import { BATCH_KEY, FAILED_MARK, PARKED_MARK, encodeBatch, encodeIds } from './savedState';
import {
	batchDone,
	finishItem,
	inFlight,
	newBatch,
	retryParked,
	startBatch,
	submittedSoFar,
} from '../../batch/scheduler';
import { batchLimitMs, waitLimitMs, dueTime } from '../../batch/timing';
import { processingCount, waitForPlace } from '../../batch/accountQueue';
import type { SchedulerHost } from '../../batch/scheduler';
import { armKnock } from './knock';
import type { NodeOptions } from '../../job/options';
import type { RequestPlan } from '../../job/plan';
import { routeItems, toRoutedItems } from '../../job/outputs';
import { newRecord, outcomesOf } from '../../batch/state';
import type { Submission } from '../../job/submit';
import { defaultTrackId, submitPlan } from '../../job/submit';
import { throwOnSubmitError } from '../../job/submitErrors';

export async function waitForCallbacks(
	ctx: IExecuteFunctions,
	resumeUrl: string,
	items: INodeExecutionData[],
	plans: Array<RequestPlan | Submission>,
	options: NodeOptions,
	separate: boolean,
): Promise<INodeExecutionData[][]> {
	const executionId = ctx.getExecutionId();
	const nodeName = ctx.getNode().name;
	const { apiKey } = await ctx.getCredentials<{ apiKey: string }>(CREDENTIAL_NAME);
	// A new wait every time: a node that waits again in this execution (a loop) shares nothing with its last wait.
	const waitId = newWaitId();
	const secret = callbackSecret(String(apiKey), executionId, nodeName, waitId);

	const record = newRecord(plans, newBatch(options.concurrency, options.timeoutMinutes), {
		secret,
		resumeUrl,
		waitId,
	});
	const key = recordKey(executionId, nodeName, waitId);
	// Remembered before the first submit: an early callback finds it (in this process: another
	// one learns the wait's id from custom data, which n8n saves when the execution waits).
	rememberWait(key, record);
	const host: SchedulerHost = {
		ctx,
		stopBelowBalance: options.stopBelowBalance,
		plan: (itemIndex) => plans[itemIndex],
		settings: {
			webhookFor: (plan) => callbackUrl(resumeUrl, secret, plan.itemIndex, '', waitId),
			defaultTrackId: (plan) => defaultTrackId(executionId, plan),
		},
	};
	await startBatch(host, record);
	const batch = record.batch!;
	// Timeout is per job; the whole batch may take as many rounds of it as the cap makes it need.
	const deadline = Date.now() + batchLimitMs(record.ids.length, batch.cap, options.timeoutMinutes);
	if (
		!inFlight(record).length &&
		batch.parked.length &&
		((await processingCount(ctx)) ?? 0) >= batch.cap
	) {
		// Every first job refused: no callback of ours will free a slot. ModelsLab counts the
		// account's queue full, so other executions' jobs hold it and will end: wait for a place
		// (as Don't Wait does; waitForPlace asks again) and submit again, within the Timeout.
		while (!inFlight(record).length && batch.parked.length && Date.now() < deadline) {
			if (ctx.getExecutionCancelSignal?.()?.aborted) break;
			await waitForPlace(ctx, batch.cap, deadline);
			await retryParked(host, record);
		}
	}
	if (!inFlight(record).length && batch.parked.length) {
		// Refused although the queue is not full (or ModelsLab does not say): wait out
		// retry_after here (bounded), then stop with ModelsLab's message rather than wait for nothing.
		const index = batch.parked.shift()!;
		// Honour the refusal's retry_after before asking again (at most a minute, as for any 429).
		const wait = batch.retryAfterSeconds ?? 0;
		if (wait > 0) await sleep(Math.min(wait, 60) * 1000);
		// One 429 is spent already: 3 more, as for any submit.
		const submission = await submitPlan(ctx, plans[index] as RequestPlan, host.settings, 2);
		if (submission.error) throw submission.error;
		const result = submission.result!;
		record.ids[index] = result.id;
		batch.owned.add(index);
		if (result.outcome === 'processing') batch.dueAt.set(index, dueTime(result.eta));
		// Answered at once: its result is in, and the next item of its slot goes now.
		else await finishItem(host, record, index, result, false);
	}
	if (!ctx.continueOnFail()) {
		// As before the scheduler: the first refused item stops the node, naming the jobs already queued.
		throwOnSubmitError(ctx, submittedSoFar(record));
	}

	if (batchDone(record)) {
		return routeItems(await toRoutedItems(ctx, outcomesOf(record), () => options), separate);
	}

	// Every item's state as a process that did not run this execute() must know it: its id, failed
	// (Continue On Fail), parked after a 429, or not submitted yet (modes/callback/savedState.ts).
	const marks = record.ids.map(
		(id, index) =>
			id ||
			(record.errors.has(index) && !record.results.has(index)
				? FAILED_MARK
				: batch.parked.includes(index)
					? PARKED_MARK
					: ''),
	);
	const encoded = encodeIds(marks, record.fetch);
	setCustomData(ctx, { ...(encoded ?? {}), [BATCH_KEY]: encodeBatch(record) });
	if (!encoded)
		ctx.logger.warn(
			`ModelsLab: ${record.ids.length} request ids do not fit in custom data; a restart loses track of them`,
		);

	const waitTill = new Date(
		Date.now() + waitLimitMs(record.ids.length, batch.cap, options.timeoutMinutes),
	);
	await ctx.putExecutionToWait(waitTill);
	armKnock(ctx, key, record);
	return separate ? [items, []] : [items];
}
