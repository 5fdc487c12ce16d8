/**
 * How many files one execution streams at once: every download of both nodes takes one of its
 * execution's slots for as long as its body is being read into n8n's binary store, so a batch
 * whose jobs all end together downloads `DOWNLOADS_AT_ONCE` file(s) at a time and queues the rest,
 * whichever path (a resume, a poll, Get Result, the trigger) asked for them. Downloads of other
 * executions do not wait on these slots; submits never take one.
 *
 * One (issue 25, measured with bench/memory.ts, 5 × 100 MB results at once on n8n 2.41.1): in
 * n8n's database binary mode (queue mode's default in 2.x) n8n holds each file in memory while it
 * stores it, so every file in flight costs about twice its size: two slots peaked at +405 MB
 * against +204 MB for the HTTP Request node, which reads its responses one after another. In
 * filesystem mode two slots made ours no faster on loopback than the HTTP Request node (3.7 to
 * 4.2 s against 3.0 to 4.3 s on 1.123.81). The limit is one constant, so a later measurement on a
 * real CDN can change it.
 */
import type { FunctionsBase } from 'n8n-workflow';

export const DOWNLOADS_AT_ONCE = 1;

interface Slots {
	running: number;
	waiting: Array<() => void>;
}

/** Per execution id; an entry lives only while one of its downloads runs or waits. */
const slotsByExecution = new Map<string, Slots>();

/** A context without an execution id (never in n8n) gets slots of its own. */
const unnamed = new WeakMap<object, string>();
let unnamedCount = 0;

/** The key of the execution a node context runs in. */
export function executionKey(ctx: Partial<Pick<FunctionsBase, 'getExecutionId'>>): string {
	const id = typeof ctx.getExecutionId === 'function' ? ctx.getExecutionId() : undefined;
	if (id !== undefined && id !== null && String(id) !== '') return `execution:${String(id)}`;
	let key = unnamed.get(ctx);
	if (!key) unnamed.set(ctx, (key = `context:${++unnamedCount}`));
	return key;
}

/**
 * Runs `download` once one of `key`'s `limit` slots is free, and frees it when `download`
 * settles (resolved or failed). Slots are handed out in the order they were asked for.
 */
export async function inDownloadSlot<T>(
	key: string,
	download: () => Promise<T>,
	limit = DOWNLOADS_AT_ONCE,
): Promise<T> {
	let slots = slotsByExecution.get(key);
	if (!slots) slotsByExecution.set(key, (slots = { running: 0, waiting: [] }));
	const own = slots;
	if (own.running >= limit) await new Promise<void>((start) => own.waiting.push(start));
	else own.running++;
	try {
		return await download();
	} finally {
		// The slot passes straight to the next waiter (running stays the same), or is freed.
		const next = own.waiting.shift();
		if (next) next();
		else if (--own.running === 0) slotsByExecution.delete(key);
	}
}

/** Executions that have a download running or waiting (for tests: none left behind). */
export function executionsDownloading(): number {
	return slotsByExecution.size;
}
