/**
 * A batch's clock: when a job counts as overdue (ModelsLab's ETA plus a margin), how long a whole
 * batch and the execution's wait may take, and how long a process that took a batch over waits
 * before it fills places it cannot know are empty.
 */
/**
 * Margin past ModelsLab's ETA before a job counts as overdue: 2 s, or 3 % of a long ETA. A
 * callback comes when the job ends, so a job still without one a little after its ETA has most
 * likely lost it; a fetch then finds the result soon (ETA + 2 s on a 20 s job, ETA + 9 s on a
 * five-minute video) and costs one call per lost callback. Before, the margin was a quarter of
 * the ETA (at least 5 s): 75 s of nothing on a five-minute job.
 */
const MARGIN_MS = 2_000;
const MARGIN_SHARE = 0.03;
/** A job still running when fetched is asked again after this, doubled each time, at most RECHECK_CAP_MS. */
const RECHECK_MIN_MS = 5_000;
const RECHECK_CAP_MS = 5 * 60_000;
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

/** ModelsLab's ETA (seconds) in ms, at most an hour; DEFAULT_ETA_MS when it gave none. */
function etaToMs(eta: number | undefined): number {
	return eta !== undefined && eta > 0 ? Math.min(eta * 1000, 60 * 60_000) : DEFAULT_ETA_MS;
}

/** When a job answered `processing` with this ETA (seconds) becomes overdue. */
export function dueTime(eta: number | undefined, now = Date.now()): number {
	const etaMs = etaToMs(eta);
	return now + etaMs + Math.max(MARGIN_MS, etaMs * MARGIN_SHARE);
}

/**
 * When a job found still `processing` by its `checks`-th fetch is asked again: a tenth of its ETA
 * (at least 5 s), doubled after each fetch that finds it running, at most five minutes. ModelsLab's
 * ETA is an estimate; a job that runs past it gets a few fetches, not one every few seconds.
 */
export function recheckTime(checks: number, eta: number | undefined, now = Date.now()): number {
	const etaMs = etaToMs(eta);
	const base = Math.max(RECHECK_MIN_MS, etaMs / 10);
	return now + Math.min(base * 2 ** Math.max(0, checks - 1), RECHECK_CAP_MS);
}
