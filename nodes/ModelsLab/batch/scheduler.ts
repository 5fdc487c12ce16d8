/**
 * The batch scheduler: how many of a batch's jobs are at ModelsLab at once, and which goes next.
 *
 * ModelsLab queues at most 5, 10 or 15 jobs per account (by plan) and refuses more with 429
 * until one ends. The scheduler keeps at most `cap` of this batch's jobs queued, in `cap` slots:
 * slot s runs items s, s + cap, s + 2·cap, … one after the other, so the item that follows a
 * finished item k is always k + cap. That rule needs no shared counter: whichever process sees
 * item k end (its callback, or a fetch) submits k + cap, and nothing else does.
 *
 * A submit refused with 429 (other executions fill the account's queue) is parked and tried
 * again when one of this batch's slots frees, or after the refusal's retry_after; it is never
 * slept on while callbacks are due. Jobs past ModelsLab's ETA plus a margin (or past their
 * Timeout) are fetched on every run (bounded), so a callback that was lost, or refused while
 * execute() was still running, is recovered. A process that did not submit the batch acts on a
 * fetched end only once it has settled, and then `reconcile` fills every slot whose chain has no
 * job, whatever state the batch was rebuilt from (batch/state.ts).
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/payload';
import { fetchJob } from '../../shared/fetchJob';
import type { RequestPlan } from '../job/plan';
import { errorJson } from '../job/outputs';
import type { Submission, SubmitSettings } from '../job/submit';
import { submitPlan } from '../job/submit';
import type { WaitRecord } from './state';
import { inFlight } from './state';

export { batchDone, inFlight, newBatch } from './state';

type Context = IExecuteFunctions | IWebhookFunctions;

export interface SchedulerHost {
	ctx: Context;
	/** The item's request, or why it has none (planned on demand: webhook() plans one item at a time). */
	plan: (itemIndex: number) => RequestPlan | Submission;
	settings: Omit<SubmitSettings, 'concurrency'>;
	/** When a job just submitted is first fetched (default: ETA plus a margin, as a fallback for its callback). */
	dueFor?: (eta: number | undefined) => number;
}

/** Margin past ModelsLab's ETA before a job counts as overdue, and the wait between fetches of one still running. */
const MARGIN_MS = 5_000;
const RECHECK_MS = 15_000;
/** Without an ETA, a job is first fetched after this. */
const DEFAULT_ETA_MS = 30_000;

/**
 * How long a whole batch may wait: Timeout is per job, and at most `cap` jobs run at once, so N
 * items need ceil(N / cap) rounds of it at the most.
 */
export function batchLimitMs(items: number, cap: number, timeoutMinutes: number): number {
	return Math.max(1, Math.ceil(items / Math.max(1, cap))) * timeoutMinutes * 60_000;
}

/**
 * The execution's wait limit in callback mode: the batch's limit plus a margin (a tenth, 5 s to
 * 60 s), so that a job's own Timeout, noticed by the knock that fetches it, comes first and its
 * item fails with its id; n8n's limit is the backstop that passes the inputs on unchanged.
 */
export function waitLimitMs(items: number, cap: number, timeoutMinutes: number): number {
	const limit = batchLimitMs(items, cap, timeoutMinutes);
	return limit + Math.min(60_000, Math.max(5_000, limit / 10));
}


/** Least wait before a process that did not submit a batch starts successors it cannot know were started. */
const MIN_SETTLE_MS = 20_000;

/**
 * How long a process that takes over a batch (after a restart, or another queue-mode process)
 * waits before starting the successor of an item it only found ended by a fetch: long enough for
 * a job the previous process submitted just before it stopped to end and call back here (its
 * ETA plus the margin), so that job's id is known and it is not submitted a second time.
 */
export function settleDelay(etaSeconds: number | undefined): number {
	return Math.max(MIN_SETTLE_MS, dueTime(etaSeconds, 0));
}

/** When a job answered `processing` with this ETA (seconds) becomes overdue. */
export function dueTime(eta: number | undefined, now = Date.now()): number {
	const etaMs = eta !== undefined && eta > 0 ? Math.min(eta * 1000, 60 * 60_000) : DEFAULT_ETA_MS;
	return now + etaMs + Math.max(MARGIN_MS, etaMs / 4);
}


function settled(record: WaitRecord, index: number): boolean {
	const batch = record.batch!;
	return Boolean(record.ids[index]) || record.results.has(index) || record.errors.has(index) || batch.submitting.has(index);
}

/**
 * Fills one slot, starting at item `start`: submits the first item of the chain that can be
 * submitted (recording why the ones before it cannot), and stops there. A 429 parks the item.
 */
export async function fillSlot(host: SchedulerHost, record: WaitRecord, start: number): Promise<void> {
	const batch = record.batch!;
	for (let index = start; index < record.ids.length; index += batch.cap) {
		if (settled(record, index)) return;
		const planned = host.plan(index);
		if (!('request' in planned)) {
			record.errors.set(index, errorJson(planned.error ?? new Error('No job was submitted')));
			continue;
		}
		batch.submitting.add(index);
		let submission: Submission;
		try {
			submission = await submitPlan(host.ctx, planned, host.settings, 0);
		} finally {
			batch.submitting.delete(index);
		}
		if (submission.rateLimited) {
			if (!batch.parked.includes(index)) batch.parked.push(index);
			batch.refusedAt = Date.now();
			const wait = Number((submission.error as { context?: { retryAfterSeconds?: unknown } } | undefined)?.context?.retryAfterSeconds);
			if (Number.isFinite(wait)) batch.retryAfterSeconds = wait;
			return;
		}
		record.fetch[index] = planned.fetch;
		const result = submission.result;
		if (!result) {
			const error = submission.error ?? new Error('No job was submitted');
			record.errors.set(index, errorJson(error));
			batch.failures.set(index, error);
			continue;
		}
		// An early callback may already have told us the id (and even the result).
		if (!record.ids[index]) record.ids[index] = result.id;
		batch.owned.add(index);
		batch.submittedAt.set(index, Date.now());
		if (result.outcome !== 'processing') {
			if (!record.results.has(index)) record.results.set(index, result);
			continue;
		}
		if (!record.results.has(index)) {
			if (result.eta !== undefined && result.eta > 0) batch.etaSeconds = Math.max(batch.etaSeconds ?? 0, result.eta);
			// Fetched at its ETA plus a margin, or when its Timeout passes if that comes first.
			const due = (host.dueFor ?? dueTime)(result.eta);
			batch.dueAt.set(index, batch.jobTimeoutMs !== undefined ? Math.min(due, Date.now() + batch.jobTimeoutMs) : due);
			return;
		}
	}
}

/**
 * Tries the parked items again, oldest first, while the account takes them. A process that took
 * the batch over waits until it has settled: its predecessor may have submitted a parked item
 * already, and that job's id reaches this process only with a later callback.
 */
export async function retryParked(host: SchedulerHost, record: WaitRecord, now = Date.now()): Promise<void> {
	const batch = record.batch!;
	if (now < batch.settleAt) return;
	while (batch.parked.length && inFlight(record).length + batch.submitting.size < batch.cap) {
		const index = batch.parked.shift()!;
		await fillSlot(host, record, index);
		if (batch.parked.includes(index)) return;
	}
}

/** The track_id the item's submit sent: the user's Track ID, or the node's default. */
function trackIdSent(host: SchedulerHost, index: number): string | undefined {
	const planned = host.plan(index);
	if (!('request' in planned) || !planned.acceptsTrackId) return undefined;
	return planned.trackId ?? host.settings.defaultTrackId(planned);
}

/**
 * Takes a terminal result for an item and submits the item that follows it in its slot, when
 * this process may: `fromCallback` (ModelsLab sends a generation's callback once, so only the
 * process that receives it acts on it), an item this process submitted, or, in a process that
 * took the batch over, once it has settled (`reconcile` then starts it). Before that the
 * successor may already be at ModelsLab, and submitting it again would be a second paid job.
 */
export async function finishItem(
	host: SchedulerHost,
	record: WaitRecord,
	index: number,
	result: ModelsLabResult,
	fromCallback: boolean,
	now = Date.now(),
): Promise<void> {
	const batch = record.batch!;
	if (!record.results.has(index)) {
		// ModelsLab's fetch answers carry no track_id (only callbacks do): keep the one the submit sent.
		if (result.trackId === undefined) result.trackId = trackIdSent(host, index);
		record.results.set(index, result);
		batch.dueAt.delete(index);
		await retryParked(host, record, now);
	}
	if (batch.advanced.has(index)) return;
	// The result may have come first from a fetch that could not start the successor: the item's
	// one callback still does, once.
	if (fromCallback || batch.owned.has(index) || now >= batch.settleAt) {
		batch.advanced.add(index);
		await fillSlot(host, record, index + batch.cap);
	}
}

/**
 * Makes the batch's state whole, whatever it was rebuilt from: once this process has settled,
 * every slot whose chain has no job at ModelsLab gets its next item (the first that has neither
 * a job, nor a result, nor an error), and parked items are tried again. In the process that
 * submitted the batch this finds nothing new; in one that took it over (a restart, another
 * queue-mode process) it starts what its predecessor would have: the successors of items it found
 * ended by a fetch, and the slots of items that failed or were parked before the wait.
 * Every run of webhook() calls it, so no item depends on one particular job calling back.
 */
export async function reconcile(host: SchedulerHost, record: WaitRecord, now = Date.now()): Promise<void> {
	const batch = record.batch!;
	if (now < batch.settleAt) return;
	// Parked items are tried at once when one of this batch's jobs ends (finishItem); otherwise
	// (other executions' jobs hold the places) only after the last refusal's retry_after.
	if (now >= (batch.refusedAt ?? 0) + Math.min(Math.max(batch.retryAfterSeconds ?? 1, 1), 60) * 1000) await retryParked(host, record, now);
	for (let slot = 0; slot < Math.min(batch.cap, record.ids.length); slot++) {
		let index = slot;
		while (index < record.ids.length && (record.results.has(index) || record.errors.has(index))) index += batch.cap;
		if (index >= record.ids.length || record.ids[index] || batch.submitting.has(index) || batch.parked.includes(index)) continue;
		if (index >= batch.cap) batch.advanced.add(index - batch.cap);
		await fillSlot(host, record, index);
	}
}

/**
 * Fetches the overdue jobs (at most `cap` per run) and takes the results of those that ended:
 * a lost callback, or one refused while execute() was still submitting, is recovered here.
 */
export async function fetchOverdue(host: SchedulerHost, record: WaitRecord, now = Date.now()): Promise<number> {
	const batch = record.batch!;
	const due = inFlight(record)
		.filter((index) => (batch.dueAt.get(index) ?? 0) <= now)
		.sort((a, b) => (batch.dueAt.get(a) ?? 0) - (batch.dueAt.get(b) ?? 0))
		.slice(0, batch.cap);
	let fetched = 0;
	for (const index of due) {
		batch.dueAt.set(index, now + RECHECK_MS);
		let result: ModelsLabResult;
		try {
			fetched++;
			result = await fetchJob(host.ctx, record.fetch[index], record.ids[index]);
		} catch (error) {
			host.ctx.logger.warn(`ModelsLab: could not fetch overdue job ${record.ids[index]}: ${(error as Error).message}`);
			continue;
		}
		if (result.outcome === 'processing') {
			const since = batch.submittedAt.get(index);
			if (batch.jobTimeoutMs !== undefined && since !== undefined && now - since >= batch.jobTimeoutMs) await timeOut(host, record, index);
			continue;
		}
		await finishItem(host, record, index, result, false);
	}
	return fetched;
}

/** A job this process submitted has run past Timeout: its item fails (the job may still end at ModelsLab) and its slot goes on. */
export async function timeOut(host: SchedulerHost, record: WaitRecord, index: number): Promise<void> {
	const batch = record.batch!;
	const ms = batch.jobTimeoutMs ?? 0;
	const limit = ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} minutes` : `${Math.round(ms / 100) / 10} seconds`;
	record.errors.set(index, {
		status: 'failed',
		id: record.ids[index],
		fetch_category: record.fetch[index],
		timedOut: true,
		error: `ModelsLab had not finished after ${limit} (the node's Timeout)`,
		errorDescription: 'The job may still finish: fetch it later with the Get Result operation and this ID, or raise Timeout.',
	});
	batch.dueAt.delete(index);
	if (batch.advanced.has(index)) return;
	batch.advanced.add(index);
	await retryParked(host, record);
	await fillSlot(host, record, index + batch.cap);
}

/** Each item as execute() left it: refused (its error), queued (its id), or not submitted yet. */
export function submittedSoFar(record: WaitRecord): Submission[] {
	const batch = record.batch!;
	return record.ids.map((id, index) => {
		const error = batch.failures.get(index);
		if (error) return { itemIndex: index, error };
		return id ? { itemIndex: index, result: { id } as Submission['result'] } : { itemIndex: index };
	});
}

/** execute()'s part: the first job of every slot. */
export async function startBatch(host: SchedulerHost, record: WaitRecord): Promise<void> {
	const cap = record.batch!.cap;
	await Promise.all(Array.from({ length: Math.min(cap, record.ids.length) }, async (_, slot) => await fillSlot(host, record, slot)));
	record.batch!.parked.sort((a, b) => a - b);
}
