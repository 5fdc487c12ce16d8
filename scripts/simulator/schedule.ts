import type { SimContext } from './context';
import {
	TRAINING_STAGES,
	failedBody,
	successBody,
	trainingCallbackBody,
	trainingFailedCallbackBody,
	workflowCallbackBody,
} from './payloads';
import type { SimJob } from './types';

type Body = Record<string, unknown>;

/** The body of the job's final callback (also what fetch answers once the job is done). */
export function finalCallbackBody(job: SimJob): Body {
	const failed = job.scenario.outcome === 'failed';
	if (job.kind === 'training')
		return failed
			? trainingFailedCallbackBody(job)
			: trainingCallbackBody(job, TRAINING_STAGES.length - 1);
	if (job.kind === 'workflow') return workflowCallbackBody(job);
	return failed ? failedBody(job) : successBody(job);
}

/**
 * Intermediate callbacks under `progress`: when (ms after submit) and what. Only trainings have
 * them: lora-finetune.mdx documents a callback per training stage (`training_status`), while
 * webhooks.mdx describes one callback when a generation or a workflow run ends.
 */
function progressCallbacks(job: SimJob): Array<{ atMs: number; body: Body }> {
	if (job.kind !== 'training') return [];
	const span = job.completesAt - job.createdAt;
	// One callback per stage before model_ready, spread over the job's duration.
	const stages = TRAINING_STAGES.length - 1;
	return Array.from({ length: stages }, (_, stage) => ({
		atMs: Math.floor((span * (stage + 0.5)) / stages),
		body: trainingCallbackBody(job, stage),
	}));
}

/**
 * Attempts per delivery under the job's policy (ModelsLab/docs-v2 webhooks.mdx, "Retry Policy"):
 * `once` is one attempt whatever the receiver answers (best effort); `retry` is the first try and
 * up to 3 retries with exponential backoff.
 */
function attemptsOf(ctx: SimContext, job: SimJob): number {
	return job.delivery === 'retry' ? ctx.options.callbackRetry.maxAttempts : 1;
}

/**
 * Starts delivering the final callback (n times under `duplicate`), and resolves when the first
 * delivery's first attempt has an answer: what an `early` submit waits for.
 */
export function startFinalCallbacks(ctx: SimContext, job: SimJob): Promise<void> {
	const url = job.webhook;
	if (!url || job.cancelled || job.delivery === 'never' || withheld(ctx, job, url))
		return Promise.resolve();
	const body = finalCallbackBody(job);
	const jobId = String(job.id);
	const count = job.scenario.duplicates;
	const attempts = attemptsOf(ctx, job);
	if (job.scenario.concurrent) {
		const deliveries = Array.from({ length: count }, (_, i) =>
			ctx.sender.deliver(jobId, url, body, i + 1, 'final', attempts),
		);
		return deliveries[0].firstAttempt;
	}
	const first = ctx.sender.deliver(jobId, url, body, 1, 'final', attempts);
	void (async () => {
		await first.done;
		for (let delivery = 2; delivery <= count; delivery++)
			await ctx.sender.deliver(jobId, url, body, delivery, 'final', attempts).done;
	})();
	return first.firstAttempt;
}

/**
 * Under `httpsOnly`, an `http://` webhook gets no callback (webhooks.mdx, "HTTPS Required": "Your
 * webhook URL must use HTTPS for security."): logged, never sent.
 */
function withheld(ctx: SimContext, job: SimJob, url: string): boolean {
	if (!ctx.options.httpsOnly || !/^http:/i.test(url)) return false;
	ctx.options.log(
		`${new Date().toISOString()} CALLBACK withheld id=${String(job.id)}: ${url} is not HTTPS (webhooks.mdx: "Your webhook URL must use HTTPS")`,
	);
	return true;
}

/** Plans the job's callbacks on the simulator's timers (nothing for immediate, lost or early jobs). */
export function scheduleCallbacks(ctx: SimContext, job: SimJob): void {
	const { scenario } = job;
	if (!job.webhook || scenario.immediate || job.delivery === 'never' || scenario.early) return;
	if (withheld(ctx, job, job.webhook)) return;
	const url = job.webhook;
	if (scenario.progress) {
		for (const { atMs, body } of progressCallbacks(job)) {
			ctx.timers.set(() => {
				if (!job.cancelled) ctx.sender.deliver(String(job.id), url, body, 1, 'progress', 1);
			}, atMs);
		}
	}
	ctx.timers.set(() => void startFinalCallbacks(ctx, job), job.completesAt - job.createdAt);
}
