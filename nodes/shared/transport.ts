/**
 * The one module that talks to ModelsLab. Every call goes through `modelsLabRequest`, which
 * authenticates with the credential, turns ModelsLab's two ways of failing (a non-2xx code, or
 * `status: "error"` inside a 200) into a NodeApiError carrying ModelsLab's own message, and
 * retries only what is safe to retry.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { readMessage } from './payload';

export const CREDENTIAL_NAME = 'modelsLabApi';
export const DEFAULT_BASE_URL = 'https://modelslab.com/api';

export type ModelsLabContext = IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export interface ModelsLabRequest {
	method: IHttpRequestMethods;
	/** Below the credential's base URL, e.g. `/v6/images/text2img`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * A submit creates a paid job: it is retried only when ModelsLab said it did not queue it
	 * (429). Fetches and other reads are also retried on 5xx answers and network errors.
	 */
	idempotent: boolean;
	timeoutMs?: number;
	/**
	 * Also send the key as a `key` query parameter: the documented form of ModelsLab's GET
	 * endpoints (the model search). The credential already sends it as a body field and header.
	 */
	keyInQuery?: boolean;
	/**
	 * Return a 2xx answer whose `status` is `error` instead of throwing it: a fetch's 200 answer
	 * documents a failed job that way (each v6 category's openapi.json, the fetch's `oneOf`).
	 */
	returnErrorBodies?: boolean;
}

export interface RequestSettings {
	itemIndex?: number;
	/** How many times a 429 is waited out before giving up. */
	maxRateLimitRetries?: number;
	/** Longest single wait on a 429, in seconds (ModelsLab usually says 30). */
	maxRetryAfterSeconds?: number;
	/** How many times an idempotent call is retried after a 5xx or a network error. */
	maxTransientRetries?: number;
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: IDataObject;
}

export async function getBaseUrl(ctx: ModelsLabContext): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
	const base =
		typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== ''
			? credentials.baseUrl
			: DEFAULT_BASE_URL;
	return base.trim().replace(/\/+$/, '');
}

function asObject(body: unknown): IDataObject {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string') {
		try {
			const parsed: unknown = JSON.parse(body);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
				return parsed as IDataObject;
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	return { body: body as IDataObject[string] };
}

function requestIdOf(body: IDataObject): string | undefined {
	const id = body.id ?? body.request_id ?? body.training_id ?? body.execution_id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function apiError(
	ctx: ModelsLabContext,
	request: ModelsLabRequest,
	statusCode: number,
	body: IDataObject,
	settings: RequestSettings,
): NodeApiError {
	const message = readMessage(body) ?? `ModelsLab answered HTTP ${statusCode}`;
	const requestId = requestIdOf(body);
	const hints: string[] = [`${request.method} ${request.path} answered HTTP ${statusCode}.`];
	if (requestId) hints.push(`Request id: ${requestId}.`);
	if (statusCode === 401) hints.push('Check the API key in the ModelsLab credential.');
	if (statusCode === 402) hints.push('Top up your ModelsLab wallet.');
	if (statusCode === 429)
		hints.push(
			'ModelsLab limits queued jobs per account (5, 10 or 15 by plan); lower the batch size or try later.',
		);
	return new NodeApiError(ctx.getNode(), body as JsonObject, {
		message: `ModelsLab: ${message}`,
		description: hints.join(' '),
		httpCode: String(statusCode),
		itemIndex: settings.itemIndex,
	});
}

/** How long ModelsLab asks a refused submit to wait: `retry_after` in the 429 body (rate-limits.mdx), else a Retry-After header. */
export function retryAfterSeconds(
	body: IDataObject,
	headers: IDataObject | undefined,
	fallback: number,
): number {
	const fromBody = Number(body.retry_after);
	if (Number.isFinite(fromBody) && fromBody >= 0) return fromBody;
	const fromHeader = Number(headers?.['retry-after']);
	if (Number.isFinite(fromHeader) && fromHeader >= 0) return fromHeader;
	return fallback;
}

/**
 * Whether a failure `modelsLabRequest` threw may pass if the call is made again later: the same
 * classification it retries by (ModelsLab not reached, 429, 5xx). Anything else (401, a 404 for an
 * unknown id, a `status: "error"` body) would get the same answer again.
 */
export function isTransientFailure(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (error.context.unreached === true) return true;
	const code = Number(error.httpCode);
	return code === 429 || code >= 500;
}

/**
 * Calls ModelsLab and returns the JSON body. Throws NodeApiError when ModelsLab reports an
 * error. A `status: "failed"` body is returned, not thrown: for a fetch it is a job's outcome.
 */
export async function modelsLabRequest(
	ctx: ModelsLabContext,
	request: ModelsLabRequest,
	settings: RequestSettings = {},
): Promise<IDataObject> {
	const baseUrl = await getBaseUrl(ctx);
	const maxRateLimitRetries = settings.maxRateLimitRetries ?? 3;
	const maxTransientRetries = request.idempotent ? (settings.maxTransientRetries ?? 2) : 0;
	const maxWait = settings.maxRetryAfterSeconds ?? 60;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? 60_000,
		headers: { accept: 'application/json' },
	};
	if (request.method !== 'GET') options.body = { ...(request.body ?? {}) };
	if (request.qs) options.qs = request.qs;
	if (request.keyInQuery) {
		const { apiKey } = await ctx.getCredentials<{ apiKey: string }>(CREDENTIAL_NAME);
		options.qs = { ...(options.qs ?? {}), key: apiKey };
	}

	let rateLimited = 0;
	let transient = 0;
	for (;;) {
		let response: FullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_NAME,
				options,
			)) as FullResponse;
		} catch (error) {
			if (transient < maxTransientRetries) {
				transient++;
				await sleep(500 * 2 ** transient);
				continue;
			}
			const reason = (error as Error).message;
			const unreached = new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
				message: `ModelsLab could not be reached: ${reason}`,
				description: request.idempotent
					? `${request.method} ${request.path} failed ${transient + 1} times. Check the Base URL in the credential and the network.`
					: `${request.method} ${request.path} was not answered. The job may or may not have been created, so it was not sent again (a second submit would be a second paid job).`,
				itemIndex: settings.itemIndex,
			});
			unreached.context.unreached = true;
			throw unreached;
		}
		const body = asObject(response.body);
		const { statusCode } = response;
		if (statusCode === 429 && rateLimited < maxRateLimitRetries) {
			rateLimited++;
			const wait = Math.min(retryAfterSeconds(body, response.headers, 2 ** rateLimited), maxWait);
			await sleep(wait * 1000);
			continue;
		}
		if (statusCode >= 500 && transient < maxTransientRetries) {
			transient++;
			await sleep(500 * 2 ** transient);
			continue;
		}
		if (statusCode < 200 || statusCode > 299) {
			const error = apiError(ctx, request, statusCode, body, settings);
			// What ModelsLab asked a refused submit to wait (rate-limits.mdx), for callers that retry later.
			if (statusCode === 429)
				error.context.retryAfterSeconds = retryAfterSeconds(body, response.headers, 30);
			throw error;
		}
		if (
			typeof body.status === 'string' &&
			body.status.toLowerCase() === 'error' &&
			request.returnErrorBodies !== true
		) {
			throw apiError(ctx, request, statusCode, body, settings);
		}
		return body;
	}
}
