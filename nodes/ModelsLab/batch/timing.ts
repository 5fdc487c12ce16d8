/**
 * A batch's clock: when a job counts as overdue (ModelsLab's ETA plus a margin), how long a whole
 * batch and the execution's wait may take, and how long a process that took a batch over waits
 * before it fills places it cannot know are empty.
 */
/** Margin past ModelsLab's ETA before a job counts as overdue, and the wait between fetches of one still running. */
const MARGIN_MS = 5_000;
export const RECHECK_MS = 15_000;
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
