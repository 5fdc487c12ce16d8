/**
 * Fetching one job by id and reading the answer, for every node that needs a job's state from
 * ModelsLab: the action node (By Polling, Get Result, a resume that checks a callback) and the
 * trigger (verifying a callback). The answer's shape depends on the category it came from, so
 * reading it belongs with the request.
 */
import type { ModelsLabResult } from './payload';
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parseFetchAnswer, readMessage } from './payload';
import type { FetchCategory } from './fetchCategories';
import { FETCH_CATEGORIES, fetchPath } from './fetchCategories';
import type { RequestSettings } from './transport';
import { modelsLabRequest } from './transport';

export interface FetchSettings {
	itemIndex?: number;
	/**
	 * Read a 200 answer with `status: "error"` as the job having failed (its documented meaning on a
	 * fetch) instead of throwing it. Other answers (401, 404 for an unknown id) still throw.
	 */
	errorAsFailure?: boolean;
	/** Longest wait for one answer, in ms (default the transport's 60 s): for a caller with a deadline. */
	timeoutMs?: number;
	/** The transport's own retries (default its defaults): a caller with a deadline retries itself. */
	retries?: Pick<
		RequestSettings,
		'maxRateLimitRetries' | 'maxRetryAfterSeconds' | 'maxTransientRetries'
	>;
}

/** Fetches one job by id. Throws NodeApiError when ModelsLab does not know it. */
export async function fetchJob(
	ctx: Parameters<typeof modelsLabRequest>[0],
	category: FetchCategory,
	id: string,
	{ itemIndex, errorAsFailure, timeoutMs, retries }: FetchSettings = {},
): Promise<ModelsLabResult> {
	const definition = FETCH_CATEGORIES[category];
	const body = await modelsLabRequest(
		ctx,
		{
			method: definition.method,
			path: fetchPath(category, id),
			body: {},
			idempotent: true,
			returnErrorBodies: errorAsFailure === true,
			timeoutMs,
		},
		{ itemIndex, ...retries },
	);
	if (
		errorAsFailure &&
		String(body.status).toLowerCase() === 'error' &&
		(readMessage(body) ?? '').trim() === ''
	) {
		// The documented error shape always has its message (error-codes.mdx); without one it proves nothing.
		throw new NodeApiError(ctx.getNode(), body as JsonObject, {
			message: 'ModelsLab answered status "error" with no message',
			itemIndex,
		});
	}
	return parseFetchAnswer(body, category, id);
}
