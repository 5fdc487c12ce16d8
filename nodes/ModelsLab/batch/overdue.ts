/**
 * Jobs past their due time: fetched (at most `cap` per run), their results taken, and those past
 * their Timeout failed so their places go to the next items. A lost callback, or one refused while
 * execute() was still submitting, is recovered here.
 */
import type { ModelsLabResult } from '../../shared/payload';
import { fetchJob } from '../../shared/fetchJob';
import type { SchedulerHost } from './scheduler';
import { fillSlot, finishItem, retryParked } from './scheduler';
import type { WaitRecord } from './state';
import { inFlight } from './state';
import { recheckTime } from './timing';

/**
 * Fetches the overdue jobs (at most `cap` per run) and takes the results of those that ended:
 * a lost callback, or one refused while execute() was still submitting, is recovered here.
 */
export async function fetchOverdue(
	host: SchedulerHost,
	record: WaitRecord,
	now = Date.now(),
): Promise<number> {
	const batch = record.batch!;
	const due = inFlight(record)
		.filter((index) => (batch.dueAt.get(index) ?? 0) <= now)
		.sort((a, b) => (batch.dueAt.get(a) ?? 0) - (batch.dueAt.get(b) ?? 0))
		.slice(0, batch.cap);
	let fetched = 0;
	for (const index of due) {
		// Asked again later with backoff if it is still running (or the fetch fails), but never
		// after its Timeout, which a fetch must notice.
		const checks = (batch.checks.get(index) ?? 0) + 1;
		batch.checks.set(index, checks);
		const since = batch.submittedAt.get(index);
		const timeoutAt =
			batch.jobTimeoutMs !== undefined && since !== undefined
				? since + batch.jobTimeoutMs
				: Number.POSITIVE_INFINITY;
		const again = recheckTime(checks, batch.etas.get(index) ?? batch.etaSeconds, now);
		batch.dueAt.set(index, timeoutAt > now ? Math.min(again, timeoutAt) : again);
		let result: ModelsLabResult;
		try {
			fetched++;
			result = await fetchJob(host.ctx, record.fetch[index], record.ids[index]);
		} catch (error) {
			host.ctx.logger.warn(
				`ModelsLab: could not fetch overdue job ${record.ids[index]}: ${(error as Error).message}`,
			);
			continue;
		}
		if (result.outcome === 'processing') {
			if (
				batch.jobTimeoutMs !== undefined &&
				since !== undefined &&
				now - since >= batch.jobTimeoutMs
			)
				await timeOut(host, record, index);
			continue;
		}
		await finishItem(host, record, index, result, false);
	}
	return fetched;
}

/** A job this process submitted has run past Timeout: its item fails (the job may still end at ModelsLab) and its slot goes on. */
export async function timeOut(
	host: SchedulerHost,
	record: WaitRecord,
	index: number,
): Promise<void> {
	const batch = record.batch!;
	const ms = batch.jobTimeoutMs ?? 0;
	const limit =
		ms >= 60_000
			? `${Math.round(ms / 6_000) / 10} minutes`
			: `${Math.round(ms / 100) / 10} seconds`;
	record.errors.set(index, {
		status: 'failed',
		id: record.ids[index],
		fetch_category: record.fetch[index],
		timedOut: true,
		error: `ModelsLab had not finished after ${limit} (the node's Timeout)`,
		errorDescription:
			'The job may still finish: fetch it later with the Get Result operation and this ID, or raise Timeout.',
	});
	batch.dueAt.delete(index);
	if (batch.advanced.has(index)) return;
	batch.advanced.add(index);
	await retryParked(host, record);
	await fillSlot(host, record, index + batch.cap);
}
