/**
 * A batch's state: one record per wait (or per poll run), every item in exactly one state.
 *
 *   not submitted   no id, no result, no error (and not parked)
 *   parked          refused with 429 (the account's queue full with other jobs): `batch.parked`
 *   queued          its request id in `ids`, no result yet: at ModelsLab
 *   ended           its result in `results` (success or failed at ModelsLab)
 *   failed          its error in `errors` (refused, bad input, timed out): never submitted again
 *
 * What the process keeps beside that (who submitted what, when a job is due to be fetched, which
 * successors were started) is bookkeeping of batch/scheduler.ts, which acts on this state. The
 * callback mode saves the part that must survive a restart in custom data and in the callbacks'
 * URLs (modes/callback/savedState.ts, knownIds.ts) and rebuilds the rest.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FetchCategory } from '../catalogue/types';
import type { ModelsLabResult } from '../../shared/payload';
import type { ItemOutcome } from '../job/outputs';
import type { RequestPlan } from '../job/plan';
import type { Submission } from '../job/submit';

export interface WaitRecord {
	/** Request id per input item; '' where the item has no job. */
	ids: string[];
	fetch: FetchCategory[];
	/** This execution's callback secret, so a callback need not load the credential again. */
	secret?: string;
	/** Set by the process that submitted: its memory saw every result that reached it. */
	authoritative: boolean;
	results: Map<number, ModelsLabResult>;
	/** Items whose submit failed, with what the user should see. */
	errors: Map<number, IDataObject>;
	createdAt: number;
	/** Set once the last result is in, so concurrent callbacks cannot resume twice. */
	resuming?: boolean;
	/** The batch's scheduler state (batch/scheduler.ts). */
	batch?: BatchState;
	/** The execution's resume URL as n8n gives it, so webhook() can give the next items their callback URLs. */
	resumeUrl?: string;
	/**
	 * This wait's id: a node that waits again in the same execution (Loop Over Items) starts a new
	 * wait with a new id, so nothing of the earlier wait (memory, tokens, late callbacks) applies.
	 */
	waitId: string;
}

export interface BatchState {
	/** Jobs in flight at most (the account's queue cap). */
	cap: number;
	/** When a job in flight is overdue (ETA plus a margin): then any webhook() run fetches it. */
	dueAt: Map<number, number>;
	/** Items whose submit got 429 (the account's queue was full with other jobs): tried when a slot frees. */
	parked: number[];
	/** How long ModelsLab asked the last refused submit to wait (its 429's retry_after), in seconds. */
	retryAfterSeconds?: number;
	/** When the last submit was refused with 429. */
	refusedAt?: number;
	/** Items being submitted right now (so two callbacks at once cannot submit one twice). */
	submitting: Set<number>;
	/** Why an item's submit failed, as thrown (this process only): execute() stops with it unless Continue On Fail. */
	failures: Map<number, Error>;
	/**
	 * Items whose end this process may act on: it submitted them, or received their terminal
	 * callback. An item known only from custom data whose end is found by a fetch gets its
	 * result but does not start its successor: the process that submitted it may already have.
	 */
	owned: Set<number>;
	/** Items whose successor this process has started (or found nothing to start): never twice. */
	advanced: Set<number>;
	/**
	 * When this process's view of the batch is complete enough to submit an item it was not told to
	 * by a callback: 0 where it submitted the batch. A process that took the batch over (after a
	 * restart, or another queue-mode process) cannot know the jobs its predecessor submitted last
	 * until their callbacks (which carry the batch's ids) have come; it waits for ModelsLab's ETA
	 * plus a margin before it retries parked items or fills a slot whose chain stopped
	 * (batch/scheduler.ts `reconcile`).
	 */
	settleAt: number;
	/** The longest ETA ModelsLab gave this batch's jobs, in seconds (sets `settleAt` in another process). */
	etaSeconds?: number;
	/** Timeout, per job: a job this process submitted that runs longer fails its item and frees its place. */
	jobTimeoutMs?: number;
	/** When this process submitted each of its jobs. */
	submittedAt: Map<number, number>;
	/** The ETA (seconds) ModelsLab gave each job this process submitted. */
	etas: Map<number, number>;
	/** How many fetches found each job still running (their backoff, batch/timing.ts `recheckTime`). */
	checks: Map<number, number>;
	/** Items submitted in free order: their callback URL says their end starts no fixed item (batch/places.ts). */
	free: Set<number>;
	/** A knock on the resume URL is armed (modes/callback/knock.ts), and how many were sent. */
	knocking?: boolean;
	knocks?: number;
	/**
	 * Set when the batch submits nothing more (Stop Below Balance, or a submit refused for lack of
	 * credit): every item not submitted yet fails with `reason`; queued jobs run on (batch/balanceGuard.ts).
	 */
	stopped?: { reason: string };
	/** Stop Below Balance's wallet checks in this process: submits left before the next, how many so far. */
	wallet?: { allowance: number; checks: number; pending?: Promise<void> };
}

export function newBatch(cap: number, jobTimeoutMinutes?: number): BatchState {
	return {
		...(jobTimeoutMinutes !== undefined ? { jobTimeoutMs: jobTimeoutMinutes * 60_000 } : {}),
		submittedAt: new Map(),
		etas: new Map(),
		checks: new Map(),
		free: new Set(),
		cap: Math.max(1, Math.floor(cap)),
		dueAt: new Map(),
		parked: [],
		submitting: new Set(),
		failures: new Map(),
		owned: new Set(),
		advanced: new Set(),
		settleAt: 0,
	};
}

/** A new record for a batch of `plans`, submitted by this process (authoritative). */
export function newRecord(
	plans: Array<RequestPlan | Submission>,
	batch: BatchState,
	extra: Partial<Pick<WaitRecord, 'secret' | 'resumeUrl' | 'waitId'>> = {},
): WaitRecord {
	return {
		ids: plans.map(() => ''),
		fetch: plans.map((entry) =>
			'request' in entry ? entry.fetch : (entry.plan?.fetch ?? ('imagesV6' as FetchCategory)),
		),
		authoritative: true,
		results: new Map(),
		errors: new Map(),
		createdAt: Date.now(),
		batch,
		waitId: '',
		...extra,
	};
}

/** Items with a job at ModelsLab and no result yet. */
export function inFlight(record: WaitRecord): number[] {
	return record.ids.flatMap((id, index) =>
		id && !record.results.has(index) && !record.errors.has(index) ? [index] : [],
	);
}

/** Whether every item has its result or its error. */
export function batchDone(record: WaitRecord): boolean {
	return record.ids.every((_, index) => record.results.has(index) || record.errors.has(index));
}

/** The batch's end as one outcome per input item: its result, its error, or why it has neither. */
export function outcomesOf(record: WaitRecord): ItemOutcome[] {
	return record.ids.map((id, index): ItemOutcome => {
		const result = record.results.get(index);
		if (result) return { itemIndex: index, result, fetchCategory: record.fetch[index] };
		const error: IDataObject = record.errors.get(index) ?? {
			status: 'failed',
			...(id ? { id, fetch_category: record.fetch[index] } : {}),
			error: id ? `No result for request ${id}` : 'No job was submitted for this item',
		};
		return { itemIndex: index, fetchCategory: record.fetch[index], error };
	});
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
