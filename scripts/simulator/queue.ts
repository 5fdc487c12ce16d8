/**
 * The account's queue of jobs (ModelsLab/docs-v2, rate-limits.mdx): each key may have at most
 * `queueCap` queued jobs across every endpoint ("Per Account: Limits apply to your entire
 * account, not per API endpoint"); a job keeps its place until it completes ("rejected until one
 * of the queued requests completes"); a submit over the cap gets HTTP 429 with the body shown
 * under "Error Handling". An answer given at once (base64_to_url, `immediate`) takes no place.
 */
import type { SimContext } from './context';
import type { SimJob } from './types';

/** Jobs of this key still queued or running at `now`. */
export function queuedJobs(ctx: SimContext, apiKey: string, now = Date.now()): SimJob[] {
	return [...ctx.jobs.values()].filter(
		(job) =>
			job.apiKey === apiKey && !job.cancelled && !job.scenario.immediate && job.completesAt > now,
	);
}

/** The 429 body of a full queue, as ModelsLab/docs-v2 rate-limits.mdx ("Error Handling") shows it. */
export function queueFullBody(ctx: SimContext): Record<string, unknown> {
	return {
		status: 'error',
		// Without a cap (a suite about other things), a forced 429 names the pay-as-you-go plan's 5.
		message: `Rate limit exceeded. Maximum ${Number.isFinite(ctx.options.queueCap) ? ctx.options.queueCap : 5} queued requests allowed.`,
		retry_after: ctx.options.retryAfterSeconds,
	};
}

export function queueIsFull(ctx: SimContext, apiKey: string): boolean {
	return queuedJobs(ctx, apiKey).length >= ctx.options.queueCap;
}

/**
 * A job's duration: the scenario's `delay:<ms>` or the run's `delayMs`, ± the jitter
 * (`jitter:<ms>` or the run's `jitterMs`), uniformly, never below 0.
 */
export function jobDuration(
	ctx: SimContext,
	delayMs: number | undefined,
	jitterMs: number | undefined,
): number {
	const base = delayMs ?? ctx.options.delayMs;
	const jitter = jitterMs ?? ctx.options.jitterMs;
	if (!jitter) return base;
	return Math.max(0, Math.round(base + (ctx.random() * 2 - 1) * jitter));
}
