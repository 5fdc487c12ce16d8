/**
 * Taking in a callback, for both nodes (the action node's resume webhook and the trigger): the
 * HTTP request is checked before its body is parsed (n8n parses forms and XML into objects too,
 * so the content type is checked here; the size is measured on the body n8n read, as chunked or
 * compressed bodies carry no useful length), then the body is read as a ModelsLab payload, and
 * whatever is refused gets its 4xx with a message that says why.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelsLabResult } from './payload';
import { InvalidPayloadError, MAX_CALLBACK_BYTES, parsePayload } from './payload';

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
		throw new InvalidPayloadError(
			`The body must be JSON (content type application/json), not ${contentType.split(';')[0]}`,
			415,
		);
	}
	if (bodySize(ctx) > MAX_CALLBACK_BYTES) {
		throw new InvalidPayloadError(`The body is larger than ${MAX_CALLBACK_BYTES} bytes`, 413);
	}
}

/** Answers the callback now with `code` and a JSON body; n8n sends nothing more. */
export function replyJson(
	ctx: IWebhookFunctions,
	code: number,
	body: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(code).json(body);
	return { noWebhookResponse: true };
}

/**
 * The callback's payload, or the answer already sent when it cannot be one (415, 413, 400, 422:
 * `InvalidPayloadError`'s code and message). Anything else is a bug of ours and throws.
 */
export function takeCallback(
	ctx: IWebhookFunctions,
): { result: ModelsLabResult } | { answered: IWebhookResponseData } {
	try {
		checkCallbackRequest(ctx);
		return { result: parsePayload(ctx.getBodyData()) };
	} catch (error) {
		if (error instanceof InvalidPayloadError)
			return { answered: replyJson(ctx, error.httpCode, { error: error.message }) };
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
}
