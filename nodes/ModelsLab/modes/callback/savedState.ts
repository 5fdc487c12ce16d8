/**
 * What execute() saves for the rest of a callback wait: the execution's custom data (saved with
 * the execution, so it is there after a restart and on every queue-mode process; n8n keeps 10
 * keys of 512 characters and saves nothing a waiting webhook() writes). It holds each item's state
 * as execute() left it and the batch's cap, ETA and wait id.
 */
import type { FetchCategory } from '../../catalogue/types';
import type { WaitRecord } from '../../batch/state';

export const CUSTOM_DATA_KEY = 'modelslab_request_ids';
/** n8n keeps 10 custom data keys of 512 characters per execution. */
const VALUE_LIMIT = 512;
const MAX_KEYS = 6;

export function customDataKeys(): string[] {
	return Array.from({ length: MAX_KEYS }, (_, index) =>
		index === 0 ? CUSTOM_DATA_KEY : `${CUSTOM_DATA_KEY}_${index}`,
	);
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
export function encodeIds(
	ids: ItemMark[],
	fetch: FetchCategory[],
): Record<string, string> | undefined {
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

export function decodeIds(
	values: Array<string | undefined>,
): { ids: string[]; fetch: FetchCategory[] } | undefined {
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
	const failed =
		[...record.results.values()].filter((result) => result.outcome === 'failed').length +
		record.errors.size;
	const eta =
		record.batch?.etaSeconds !== undefined ? `;eta=${Math.ceil(record.batch.etaSeconds)}` : '';
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
