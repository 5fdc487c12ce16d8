/**
 * Turns the outcome of a webhook call into the HTTP answer, as n8n's `WebhookRequestHandler`
 * (`packages/cli/src/webhooks/webhook-request-handler.ts`) and `sendErrorResponse`
 * (`packages/cli/src/response-helper.ts`) do.
 */
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { getHtmlSandboxCSP, isWebhookHtmlSandboxingDisabled } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ResponseError } from './httpErrors';

/** What `executeWebhook` hands its response callback, in the harness' words. */
export type WebhookOutcome =
	/** An error: answered by `sendErrorResponse`. */
	| { kind: 'error'; error: Error }
	/** The node answered itself through `getResponseObject()` (`noWebhookResponse: true`). */
	| { kind: 'none' }
	/** n8n's legacy `IWebhookResponseCallbackData` (`{ data, responseCode, headers }`), sent raw. */
	| { kind: 'legacy'; data: unknown; responseCode?: number; headers?: IDataObject }
	/** n8n's `WebhookStaticResponse` (`createStaticResponse(body, code, headers)`). */
	| { kind: 'static'; body: unknown; code?: number; headers?: Record<string, string> };

interface ErrorBody {
	code: number;
	message: string;
	hint?: string;
}

const isResponseError = (error: Error): error is ResponseError =>
	error instanceof ResponseError ||
	('httpStatusCode' in error &&
		typeof (error as ResponseError).httpStatusCode === 'number' &&
		'errorCode' in error &&
		typeof (error as ResponseError).errorCode === 'number');

export function sendErrorResponse(res: Response, error: Error): void {
	let httpStatusCode = 500;
	const body: ErrorBody = { code: 0, message: error.message ?? 'Unknown error' };
	if (isResponseError(error)) {
		httpStatusCode = error.httpStatusCode;
		if (error.errorCode) body.code = error.errorCode;
		if (error.hint) body.hint = error.hint;
	}
	if (error instanceof NodeApiError) Object.assign(body, error);
	res.status(httpStatusCode).json(body);
}

function applySandboxHeader(res: Response) {
	if (!isWebhookHtmlSandboxingDisabled())
		res.setHeader('Content-Security-Policy', getHtmlSandboxCSP());
}

/** Writes the outcome to `res` (nothing for `none`: the node already answered). */
export function sendWebhookOutcome(res: Response, outcome: WebhookOutcome): void {
	switch (outcome.kind) {
		case 'error':
			sendErrorResponse(res, outcome.error);
			return;
		case 'none':
			return;
		case 'static': {
			if (outcome.code !== undefined) res.status(outcome.code);
			for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
			applySandboxHeader(res);
			if (typeof outcome.body === 'string') res.send(outcome.body);
			else res.json(outcome.body);
			return;
		}
		case 'legacy': {
			if (outcome.responseCode !== undefined) res.status(outcome.responseCode);
			if (outcome.headers) {
				for (const [name, value] of Object.entries(outcome.headers))
					res.setHeader(name, String(value));
				applySandboxHeader(res);
			}
			if (outcome.data instanceof Readable) {
				outcome.data.pipe(res);
				return;
			}
			if (typeof outcome.data === 'string') res.send(outcome.data);
			else res.json(outcome.data);
			return;
		}
	}
}
