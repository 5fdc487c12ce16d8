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
	/** The execution's resume URL, so webhook() can give the next items their callback URLs. */
	resumeUrl?: string;
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
	 * Items this process found ended by a fetch, neither submitted here nor called back here:
	 * the process that submitted them may have started their successors before it stopped, and
	 * those successors' callbacks (telling their ids) may still be on their way. Their successors
	 * are started once `settleAt` passes with no such callback (batch/scheduler.ts).
	 */
	pending: Set<number>;
	/** When this process may start the successors of `pending` items: 0 where it submitted the batch. */
	settleAt: number;
	/** The longest ETA ModelsLab gave this batch's jobs, in seconds (sets `settleAt` in another process). */
	etaSeconds?: number;
	/** A knock on the resume URL is armed (batch/knock.ts), and how many were sent. */
	knocking?: boolean;
	knocks?: number;
}

const MAX_RECORDS = 1000;
const records = new Map<string, WaitRecord>();

export function recordKey(executionId: string, nodeName: string): string {
	return `${executionId}\n${nodeName}`;
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

/**
 * `category|id0,id1,,id3` — ids URI-encoded (so `,` `|` `:` cannot occur in them), per item; an
 * entry `cat:id` when an item's
 * fetch category differs from the first one. Split over several keys when long.
 */
export function encodeIds(ids: string[], fetch: FetchCategory[]): Record<string, string> | undefined {
	const main = fetch.find((_, index) => ids[index]) ?? fetch[0];
	const entries = ids.map((id, index) => {
		if (!id) return '';
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
		const marker = entry.indexOf(':');
		fetch.push(marker > 0 ? (entry.slice(0, marker) as FetchCategory) : main);
		ids.push(decodeURIComponent(marker > 0 ? entry.slice(marker + 1) : entry));
	}
	return { ids, fetch };
}

/** `cap=5;n=12;done=0;failed=0;eta=20`: the scheduler's cap, the batch's progress (shown in n8n's executions list) and its longest ETA. */
export const BATCH_KEY = 'modelslab_batch';

export function encodeBatch(record: WaitRecord): string {
	const failed = [...record.results.values()].filter((result) => result.outcome === 'failed').length + record.errors.size;
	const eta = record.batch?.etaSeconds !== undefined ? `;eta=${Math.ceil(record.batch.etaSeconds)}` : '';
	return `cap=${record.batch?.cap ?? 5};n=${record.ids.length};done=${record.results.size + record.errors.size};failed=${failed}${eta}`;
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
