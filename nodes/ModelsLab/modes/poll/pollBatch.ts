/**
 * By Polling, on the same scheduler as the callback wait: at most Max Queued Jobs of the batch
 * at ModelsLab at once, each job fetched first at ModelsLab's ETA and then every Poll Interval,
 * and each finished job letting the next item in. A 429 (other executions fill the account's
 * queue) parks the item until a slot frees or Poll Interval passes, never failing it.
 *
 * A status fetch that fails although the transport retried it (ModelsLab unreached, 429, 5xx) is
 * asked again at the next round; only MAX_FETCH_FAILURES such rounds in a row fail the item, alone
 * (the job may still end at ModelsLab, so its error gives the id for Get Result), and its slot
 * moves on to the next item. Any other failure (an unknown id, a bad key) fails the item at once.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ModelsLabResult } from '../../../shared/payload';
import { fetchJob } from '../../../shared/fetchJob';
import { isTransientFailure } from '../../../shared/transport';
import type { NodeOptions } from '../../job/options';
import type { RequestPlan } from '../../job/plan';
import type { ItemOutcome } from '../../job/outputs';
import { errorJson } from '../../job/outputs';
import type { Submission, SubmitSettings } from '../../job/submit';
import { throwOnSubmitError } from '../../job/submitErrors';
import { newRecord, outcomesOf } from '../../batch/state';
import type { SchedulerHost } from '../../batch/scheduler';
import {
	batchDone,
	fillSlot,
	finishItem,
	inFlight,
	newBatch,
	retryParked,
	startBatch,
	submittedSoFar,
} from '../../batch/scheduler';
import { batchLimitMs } from '../../batch/timing';
import { timeOut } from '../../batch/overdue';

/** Poll rounds in a row whose fetch of a job failed transiently before that item is given up. */
export const MAX_FETCH_FAILURES = 3;

function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

export async function pollBatch(
	ctx: IExecuteFunctions,
	plans: Array<RequestPlan | Submission>,
	options: NodeOptions,
	settings: Omit<SubmitSettings, 'concurrency'>,
): Promise<ItemOutcome[]> {
	const intervalMs = options.pollIntervalSeconds * 1000;
	const record = newRecord(plans, newBatch(options.concurrency, options.timeoutMinutes));
	const batch = record.batch!;
	const checks = new Map<number, number>();
	/** Failed fetches in a row per item (reset by any answer). */
	const failures = new Map<number, number>();
	const host: SchedulerHost = {
		ctx,
		// One process holds the whole batch: a place that frees takes the lowest item left.
		freeOrder: true,
		stopBelowBalance: options.stopBelowBalance,
		plan: (itemIndex) => plans[itemIndex],
		settings,
		dueFor: (eta) =>
			Date.now() + Math.min(eta !== undefined && eta > 0 ? eta * 1000 : intervalMs, 10 * 60_000),
	};
	await startBatch(host, record);
	if (!ctx.continueOnFail()) {
		throwOnSubmitError(ctx, submittedSoFar(record));
	}
	// Timeout is per job (a job running longer fails its item, below); the batch as a whole may
	// take as many rounds of it as the cap makes it need.
	const limitMs = batchLimitMs(record.ids.length, batch.cap, options.timeoutMinutes);
	// A backstop past the last job's own Timeout (checked at its fetches, every Poll Interval):
	// two intervals, and at least 5 s, so a busy machine's late fetch still notices it first.
	const deadline = record.createdAt + limitMs + Math.max(2 * intervalMs, 5_000);
	const limitMinutes = Math.round(limitMs / 6_000) / 10;
	let parkedAt = Date.now();
	while (!batchDone(record)) {
		const running = inFlight(record);
		if (cancelled(ctx)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The execution was cancelled while polling ModelsLab',
				{
					description: `Jobs still running: ${running.map((index) => record.ids[index]).join(', ') || 'none'}. Fetch them later with Get Result.`,
				},
			);
		}
		const now = Date.now();
		if (now >= deadline) {
			for (const [index] of record.ids.entries()) {
				if (record.results.has(index) || record.errors.has(index)) continue;
				const id = record.ids[index];
				record.errors.set(index, {
					status: 'failed',
					...(id ? { id, fetch_category: record.fetch[index] } : {}),
					timedOut: true,
					error: id
						? `ModelsLab had not finished within the batch's ${limitMinutes} minutes (${checks.get(index) ?? 0} checks)`
						: `Not submitted within the batch's ${limitMinutes} minutes: the account's queue stayed full`,
					errorDescription: id
						? 'The job may still finish: fetch it later with the Get Result operation and this ID.'
						: 'Raise Timeout, or run the batch when fewer jobs are queued on the account.',
				});
			}
			break;
		}
		// Parked items: tried again when a slot of ours freed, or after Poll Interval.
		if (batch.parked.length && (running.length < batch.cap || now - parkedAt >= intervalMs)) {
			await retryParked(host, record);
			parkedAt = Date.now();
			continue;
		}
		const due = running.filter((index) => (batch.dueAt.get(index) ?? 0) <= now);
		if (!due.length) {
			const next = Math.min(
				...running.map((index) => batch.dueAt.get(index) ?? now),
				parkedAt + intervalMs,
			);
			// Short naps, so a cancelled execution stops within a second.
			await sleep(Math.max(1, Math.min(next - now, 1000, deadline - now)));
			continue;
		}
		for (const index of due) {
			checks.set(index, (checks.get(index) ?? 0) + 1);
			let result: ModelsLabResult;
			try {
				result = await fetchJob(ctx, record.fetch[index], record.ids[index], { itemIndex: index });
			} catch (error) {
				const id = record.ids[index];
				const failed = (failures.get(index) ?? 0) + 1;
				if (isTransientFailure(error) && failed < MAX_FETCH_FAILURES) {
					failures.set(index, failed);
					ctx.logger.warn(
						`ModelsLab: fetching job ${id} failed (${failed} of ${MAX_FETCH_FAILURES} in a row), asking again next round: ${(error as Error).message}`,
					);
					batch.dueAt.set(index, Date.now() + intervalMs);
					continue;
				}
				const json = errorJson(error as Error, { id, fetch_category: record.fetch[index] });
				if (isTransientFailure(error)) {
					json.error = `Could not fetch the status of request ${id} (${failed} times in a row): ${(error as Error).message}`;
					json.errorDescription = `The job may still finish at ModelsLab: fetch it later with the Get Result operation, request ID ${id}.`;
				}
				record.errors.set(index, json);
				// Its slot is ours no more: the next item of the slot goes now, and any parked ones.
				batch.dueAt.delete(index);
				batch.advanced.add(index);
				await retryParked(host, record);
				await fillSlot(host, record, index + batch.cap);
				continue;
			}
			failures.delete(index);
			if (result.outcome === 'processing') {
				const since = batch.submittedAt.get(index);
				if (since !== undefined && Date.now() - since >= (batch.jobTimeoutMs ?? Infinity))
					await timeOut(host, record, index);
				else batch.dueAt.set(index, Date.now() + intervalMs);
				continue;
			}
			await finishItem(host, record, index, result, true);
		}
	}
	return outcomesOf(record);
}
