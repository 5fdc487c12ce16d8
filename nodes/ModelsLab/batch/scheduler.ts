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
 *
 * The process that submitted the batch and holds it in memory does better than chains: a place
 * that frees takes the lowest item left (free order, batch/places.ts says when that is safe across
 * processes), so every place stays busy until the batch has no item left to start.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/payload';
import type { RequestPlan } from '../job/plan';
import { errorJson } from '../job/outputs';
import type { Submission, SubmitSettings } from '../job/submit';
import { submitPlan } from '../job/submit';
import type { WaitRecord } from './state';
import { freePlaces, nextFree, settled } from './places';
import { dueTime } from './timing';
import { failParked, stopBeforeSubmit, stopOnInsufficient, stoppedError } from './balanceGuard';

export { batchDone, inFlight, newBatch, submittedSoFar } from './state';

type Context = IExecuteFunctions | IWebhookFunctions;

export interface SchedulerHost {
	ctx: Context;
	/** The item's request, or why it has none (planned on demand: webhook() plans one item at a time). */
	plan: (itemIndex: number) => RequestPlan | Submission;
	settings: Omit<SubmitSettings, 'concurrency'>;
	/** When a job just submitted is first fetched (default: ETA plus a margin, as a fallback for its callback). */
	dueFor?: (eta: number | undefined) => number;
	/**
	 * Free order (batch/places.ts): the jobs this host submits say in their callback URL that their
	 * end starts no fixed item, so the process that holds the batch may give a freed place any item.
	 * By Polling (one process) and webhook() in the process that submitted the batch; not execute()
	 * in callback mode, whose jobs' callbacks may reach another queue-mode process.
	 */
	freeOrder?: boolean;
	/** Stop Below Balance (batch/balanceGuard.ts); undefined: off. */
	stopBelowBalance?: number;
}

/**
 * Fills one place, starting at item `start`: submits the first item of the chain that can be
 * submitted (recording why the ones before it cannot), and stops there. A 429 parks the item.
 * In free order the chain does not matter: the place takes the lowest item left
 * (`fillFreePlaces`), as does any place still free afterwards.
 */
export async function fillSlot(
	host: SchedulerHost,
	record: WaitRecord,
	start: number,
): Promise<void> {
	if (!inFreeOrder(host, record)) await fillChain(host, record, start);
	await fillFreePlaces(host, record);
}

function inFreeOrder(host: SchedulerHost, record: WaitRecord): boolean {
	return Boolean(host.freeOrder) && record.authoritative;
}

/**
 * The process that submitted the batch gives every free place an item while the account takes
 * them: the lowest item left that no running job's chain keeps (batch/places.ts). Not while items
 * are parked (the account's queue is full with other jobs: they go first, retryParked), and not
 * in a process that took the batch over (it cannot know every job its predecessor started).
 */
export async function fillFreePlaces(host: SchedulerHost, record: WaitRecord): Promise<void> {
	const batch = record.batch!;
	while (record.authoritative && !batch.parked.length && freePlaces(record) > 0) {
		const index = nextFree(record);
		if (index === undefined) return;
		await fillChain(host, record, index);
	}
}

/** One chain from `start`: its first item that can be submitted goes to ModelsLab. */
async function fillChain(host: SchedulerHost, record: WaitRecord, start: number): Promise<void> {
	const batch = record.batch!;
	for (let index = start; index < record.ids.length; index += batch.cap) {
		if (settled(record, index)) return;
		const planned = host.plan(index);
		if (!('request' in planned)) {
			record.errors.set(index, errorJson(planned.error ?? new Error('No job was submitted')));
			if (walkStops(record)) return;
			continue;
		}
		// Marked before the balance check: no other caller may start this item while it runs.
		batch.submitting.add(index);
		if (inFreeOrder(host, record)) batch.free.add(index);
		let submission: Submission;
		try {
			const stop = await stopBeforeSubmit(host.ctx, batch, host.stopBelowBalance, planned);
			submission = stop
				? { itemIndex: index, error: stoppedError(host.ctx, stop, index) }
				: await submitPlan(host.ctx, planned, host.settings, 0);
		} finally {
			batch.submitting.delete(index);
		}
		if (submission.rateLimited) {
			if (!batch.parked.includes(index)) batch.parked.push(index);
			batch.refusedAt = Date.now();
			const wait = Number(
				(submission.error as { context?: { retryAfterSeconds?: unknown } } | undefined)?.context
					?.retryAfterSeconds,
			);
			if (Number.isFinite(wait)) batch.retryAfterSeconds = wait;
			return;
		}
		record.fetch[index] = planned.fetch;
		const result = submission.result;
		if (!result) {
			const error = submission.error ?? new Error('No job was submitted');
			record.errors.set(index, errorJson(error));
			batch.failures.set(index, error);
			if (stopOnInsufficient(batch, index, error) || batch.stopped) failParked(host.ctx, record);
			if (walkStops(record)) return;
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
			if (result.eta !== undefined && result.eta > 0) {
				batch.etaSeconds = Math.max(batch.etaSeconds ?? 0, result.eta);
				batch.etas.set(index, result.eta);
			}
			// Fetched at its ETA plus a margin, or when its Timeout passes if that comes first.
			const due = (host.dueFor ?? dueTime)(result.eta);
			batch.dueAt.set(
				index,
				batch.jobTimeoutMs !== undefined ? Math.min(due, Date.now() + batch.jobTimeoutMs) : due,
			);
			return;
		}
	}
}

/**
 * A process that took the batch over and has not settled does not walk past a failed item to
 * the one after it: the batch's first process may have started that one in free order
 * (batch/places.ts), and its id may not have reached this process yet. `reconcile` goes on once
 * settled.
 */
function walkStops(record: WaitRecord, now = Date.now()): boolean {
	return !record.authoritative && now < record.batch!.settleAt;
}

/**
 * Tries the parked items again, oldest first, while the account takes them. A process that took
 * the batch over waits until it has settled: its predecessor may have submitted a parked item
 * already, and that job's id reaches this process only with a later callback.
 */
export async function retryParked(
	host: SchedulerHost,
	record: WaitRecord,
	now = Date.now(),
): Promise<void> {
	const batch = record.batch!;
	if (now < batch.settleAt) return;
	while (batch.parked.length && freePlaces(record) > 0) {
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
	if (inFreeOrder(host, record)) {
		await fillFreePlaces(host, record);
		return;
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
export async function reconcile(
	host: SchedulerHost,
	record: WaitRecord,
	now = Date.now(),
): Promise<void> {
	const batch = record.batch!;
	if (now < batch.settleAt) return;
	// Parked items are tried at once when one of this batch's jobs ends (finishItem); otherwise
	// (other executions' jobs hold the places) only after the last refusal's retry_after.
	if (
		now >=
		(batch.refusedAt ?? 0) + Math.min(Math.max(batch.retryAfterSeconds ?? 1, 1), 60) * 1000
	)
		await retryParked(host, record, now);
	if (inFreeOrder(host, record)) {
		await fillFreePlaces(host, record);
		return;
	}
	for (let slot = 0; slot < Math.min(batch.cap, record.ids.length); slot++) {
		if (freePlaces(record) <= 0) break;
		let index = slot;
		while (index < record.ids.length && (record.results.has(index) || record.errors.has(index)))
			index += batch.cap;
		if (
			index >= record.ids.length ||
			record.ids[index] ||
			batch.submitting.has(index) ||
			batch.parked.includes(index)
		)
			continue;
		if (index >= batch.cap) batch.advanced.add(index - batch.cap);
		await fillSlot(host, record, index);
	}
}

/** execute()'s part: the first job of every slot. */
export async function startBatch(host: SchedulerHost, record: WaitRecord): Promise<void> {
	const cap = record.batch!.cap;
	await Promise.all(
		Array.from(
			{ length: Math.min(cap, record.ids.length) },
			async (_, slot) => await fillSlot(host, record, slot),
		),
	);
	record.batch!.parked.sort((a, b) => a - b);
}
