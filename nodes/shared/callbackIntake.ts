/**
 * Taking in a callback, for both nodes (the action node's resume webhook and the trigger): the
 * HTTP request is checked before its body is parsed (n8n parses forms and XML into objects too,
 * so the content type is checked here), then the body is read as a ModelsLab payload, and
 * whatever is refused gets its 4xx with a message that says why.
 *
 * No size limit of our own: n8n has already read (and inflated) the whole body under its own,
 * N8N_PAYLOAD_SIZE_MAX (16 MiB by default in n8n 1.123.81 and 2.41.1: @n8n/config
 * endpoints.config.js `payloadSizeMax = 16`, enforced by n8n/dist/middlewares/body-parser.js),
 * and a success callback with the `base64` output option carries whole files (several MiB for
 * 1024×1024 images). ModelsLab sends a generation callback once (webhooks.mdx, "Retry Policy"):
 * refusing one that n8n took would lose the result.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelsLabResult } from './payload';
import { InvalidPayloadError, parsePayload } from './payload';

function header(value: string | string[] | undefined): string {
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Throws InvalidPayloadError (415) when the request cannot be a ModelsLab callback. */
export function checkCallbackRequest(ctx: IWebhookFunctions): void {
	const contentType = header(ctx.getHeaderData()['content-type']).toLowerCase();
	if (contentType && !contentType.includes('json')) {
		throw new InvalidPayloadError(
			`The body must be JSON (content type application/json), not ${contentType.split(';')[0]}`,
			415,
		);
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
 * The callback's payload, or the answer already sent when it cannot be one (415, 400, 422:
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
