/**
 * What a waiting execution must remember between its callbacks: the request id of each item
 * and the results that have arrived.
 *
 * Three layers. The ids execute() submitted, the cap and the ETA live in the execution's custom
 * data (saved with the execution, there after a restart and on every queue-mode process; n8n
 * saves nothing a waiting webhook() writes, so that is all custom data can hold). The ids of jobs
 * submitted later travel with those jobs: each one's callback URL carries the batch's ids known
 * when it was submitted (resume/baton.ts). Results that arrive before the last one are kept in
 * this process's memory; a process without them (after a restart, or another webhook process)
 * learns the ids from the next callback and asks ModelsLab for the results, so memory only
 * saves API calls.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FetchCategory } from '../catalogue/types';
import type { ModelsLabResult } from '../../shared/callback';

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
	/** A knock on the resume URL is armed (batch/knock.ts), and how many were sent. */
	knocking?: boolean;
	knocks?: number;
}

const MAX_RECORDS = 1000;
const records = new Map<string, WaitRecord>();

export function recordKey(executionId: string, nodeName: string, waitId = ''): string {
	return `${executionId}\n${nodeName}\n${waitId}`;
}

export function rememberWait(key: string, record: WaitRecord): void {
	records.delete(key);
	records.set(key, record);
	while (records.size > MAX_RECORDS) records.delete(records.keys().next().value as string);
}

export function recallWait(key: string): WaitRecord | undefined {
	return records.get(key);
}

export function forgetWait(key: string): void {
	records.delete(key);
}

/** Forgets every wait of one node of one execution, whatever its wait id (tests: a process that lost its memory). */
export function forgetWaitsOf(executionId: string, nodeName: string): void {
	const prefix = recordKey(executionId, nodeName, '');
	for (const key of [...records.keys()]) if (key.startsWith(prefix)) records.delete(key);
}

/** Forgets every wait of this process (tests: each starts as a fresh n8n; pending knocks stop). */
export function forgetAllWaits(): void {
	records.clear();
}

// ---- custom data codec ------------------------------------------------------------------

export const CUSTOM_DATA_KEY = 'modelslab_request_ids';
/** n8n keeps 10 custom data keys of 512 characters per execution. */
const VALUE_LIMIT = 512;
const MAX_KEYS = 6;

export function customDataKeys(): string[] {
	return Array.from({ length: MAX_KEYS }, (_, index) => (index === 0 ? CUSTOM_DATA_KEY : `${CUSTOM_DATA_KEY}_${index}`));
}

/** Item states other than "queued with this id" or "not submitted yet" (''): `?` never occurs in a URI-encoded id. */
export const FAILED_MARK = '?x';
export const PARKED_MARK = '?p';

/** What custom data says of one item: its request id, failed before the wait, parked after a 429, or not submitted (''). */
export type ItemMark = string;

/**
 * `category|id0,id1,?x,?p,` — per item: its request id (URI-encoded, so `,` `|` `:` `?` cannot
 * occur in it), `?x` for an item that failed before the wait (Continue On Fail), `?p` for one
 * refused with 429 and not yet submitted, '' for one not submitted yet; an entry `cat:id` when an
 * item's fetch category differs from the first one. Split over several keys when long.
 */
export function encodeIds(ids: ItemMark[], fetch: FetchCategory[]): Record<string, string> | undefined {
	const main = fetch.find((_, index) => ids[index] && !ids[index].startsWith('?')) ?? fetch[0];
	const entries = ids.map((id, index) => {
		if (!id) return '';
		if (id === FAILED_MARK || id === PARKED_MARK) return id;
		const encoded = encodeURIComponent(id);
		return fetch[index] === main ? encoded : `${fetch[index]}:${encoded}`;
	});
	const text = `${main}|${entries.join(',')}`;
	const keys = customDataKeys();
	const chunks = Math.ceil(text.length / VALUE_LIMIT);
	if (chunks > keys.length) return undefined;
	const encoded: Record<string, string> = {};
	for (let index = 0; index < chunks; index++) {
		encoded[keys[index]] = text.slice(index * VALUE_LIMIT, (index + 1) * VALUE_LIMIT);
	}
	return encoded;
}

export function decodeIds(values: Array<string | undefined>): { ids: string[]; fetch: FetchCategory[] } | undefined {
	const text = values.filter((value): value is string => typeof value === 'string').join('');
	const separator = text.indexOf('|');
	if (separator < 1) return undefined;
	const main = text.slice(0, separator) as FetchCategory;
	const ids: string[] = [];
	const fetch: FetchCategory[] = [];
	for (const entry of text.slice(separator + 1).split(',')) {
		if (entry === FAILED_MARK || entry === PARKED_MARK) {
			fetch.push(main);
			ids.push(entry);
			continue;
		}
		const marker = entry.indexOf(':');
		fetch.push(marker > 0 ? (entry.slice(0, marker) as FetchCategory) : main);
		ids.push(decodeURIComponent(marker > 0 ? entry.slice(marker + 1) : entry));
	}
	return { ids, fetch };
}

/**
 * `cap=5;n=12;done=0;failed=0;eta=20;w=k3f9a2`: the scheduler's cap, the batch's progress (shown in
 * n8n's executions list), its longest ETA and the wait's id.
 */
export const BATCH_KEY = 'modelslab_batch';

export function encodeBatch(record: WaitRecord): string {
	const failed = [...record.results.values()].filter((result) => result.outcome === 'failed').length + record.errors.size;
	const eta = record.batch?.etaSeconds !== undefined ? `;eta=${Math.ceil(record.batch.etaSeconds)}` : '';
	return `cap=${record.batch?.cap ?? 5};n=${record.ids.length};done=${record.results.size + record.errors.size};failed=${failed}${eta};w=${record.waitId}`;
}

function batchField(value: string | undefined, name: string): number | undefined {
	const match = new RegExp(`(?:^|;)${name}=(\\d+)`).exec(value ?? '');
	return match ? Number(match[1]) : undefined;
}

export function decodeBatchCap(value: string | undefined): number | undefined {
	return batchField(value, 'cap');
}

export function decodeBatchEta(value: string | undefined): number | undefined {
	return batchField(value, 'eta');
}

/** The current wait's id ('' for a wait started by an earlier version of the node, which had none). */
export function decodeWaitId(value: string | undefined): string {
	return /(?:^|;)w=([0-9a-z]{1,32})(?:;|$)/.exec(value ?? '')?.[1] ?? '';
}
