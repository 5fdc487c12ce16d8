/**
 * The account's queue at ModelsLab, shared by every execution on one API key: how many of its jobs
 * are processing, and waiting until a place is free. POST /v6/processing/request_count
 * (ModelsLab/docs-v2 general-api/openapi.json: "Get the current number of processing requests
 * before sending another request") is throttled to 30 a minute, so it is asked at most every 3 s.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { modelsLabRequest } from '../../shared/transport';

const ASK_EVERY_MS = 3_000;

export async function processingCount(ctx: IExecuteFunctions): Promise<number | undefined> {
	try {
		const body = await modelsLabRequest(
			ctx,
			{ method: 'POST', path: '/v6/processing/request_count', body: {}, idempotent: true },
			{ maxRateLimitRetries: 0, maxTransientRetries: 0 },
		);
		const count = Number(body.processing_count);
		return Number.isFinite(count) ? count : undefined;
	} catch {
		// Throttled or not offered: fall back to trying the submit again.
		return undefined;
	}
}

/** Waits until request_count says a place is free (or a check cannot tell), or the deadline. */
export async function waitForPlace(
	ctx: IExecuteFunctions,
	cap: number,
	deadline: number,
): Promise<void> {
	while (Date.now() < deadline) {
		if (ctx.getExecutionCancelSignal?.()?.aborted) return;
		await sleep(Math.min(ASK_EVERY_MS, Math.max(1, deadline - Date.now())));
		const count = await processingCount(ctx);
		if (count === undefined || count < cap) return;
	}
}
