/**
 * Checks on the HTTP request of a callback, before its body is parsed: both nodes use them.
 * n8n parses forms and XML into objects too, so the content type is checked here; and the size
 * is measured on the body n8n read (chunked or compressed bodies carry no useful length).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { InvalidPayloadError, MAX_CALLBACK_BYTES } from './callback';

function header(value: string | string[] | undefined): string {
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

function bodySize(ctx: IWebhookFunctions): number {
	const declared = Number(header(ctx.getHeaderData()['content-length']));
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	const read = Buffer.isBuffer(raw) || typeof raw === 'string' ? Buffer.byteLength(raw) : 0;
	let parsed = 0;
	if (!read) {
		try {
			parsed = Buffer.byteLength(JSON.stringify(ctx.getBodyData()) ?? '');
		} catch {
			parsed = 0;
		}
	}
	return Math.max(Number.isFinite(declared) ? declared : 0, read, parsed);
}

/** Throws InvalidPayloadError (415 or 413) when the request cannot be a ModelsLab callback. */
export function checkCallbackRequest(ctx: IWebhookFunctions): void {
	const contentType = header(ctx.getHeaderData()['content-type']).toLowerCase();
	if (contentType && !contentType.includes('json')) {
		throw new InvalidPayloadError(`The body must be JSON (content type application/json), not ${contentType.split(';')[0]}`, 415);
	}
	if (bodySize(ctx) > MAX_CALLBACK_BYTES) {
		throw new InvalidPayloadError(`The body is larger than ${MAX_CALLBACK_BYTES} bytes`, 413);
	}
}
