/**
 * Webhook requests as n8n 2.x prepares them: cookies stripped, body read and parsed.
 *
 * n8n (`packages/cli/src/abstract-server.ts`) installs `rawBodyReader` for every request and
 * registers the webhook routes *before* its `bodyParser`, so a webhook request reaches
 * `executeWebhook` with `req.body` unset. `executeWebhook` then calls `parseRequestBody`
 * (`packages/cli/src/webhooks/webhook-helpers.ts`), which for the start node:
 * - typeVersion 1 with a truthy `options.binaryData` parameter: does not parse at all;
 * - multipart/form-data: n8n parses it with its form-data parser (NOT replicated here: the body
 *   stays unset and the node can read `req.rawBody` after `await req.readRawBody()`);
 * - typeVersion > 1: parses only application/json, text/plain, x-www-form-urlencoded and xml;
 * - typeVersion 1: always calls `parseBody`, which reads the raw body and parses those same types.
 * `parseBody` (`packages/cli/src/middlewares/body-parser.ts`) compares the media type exactly
 * (`application/json`, not `+json`) and throws 422 "Failed to parse request body" for a body it
 * cannot parse, before the node's `webhook()` ever runs. Other content types leave `req.body`
 * unset with the bytes in `req.rawBody`.
 * The size limit is `N8N_PAYLOAD_SIZE_MAX` (16 MiB by default); raw-body's "request entity too
 * large" error is not a ResponseError in n8n, so the caller gets a 500.
 */
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { parse as parseQueryString } from 'node:querystring';
import { createGunzip, createInflate } from 'node:zlib';
import type {
	INode,
	IWorkflowDataProxyAdditionalKeys,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { jsonParse, sanitizeXmlName } from 'n8n-workflow';

import { UnprocessableRequestError } from './httpErrors';
import { parseIncomingMessage, xml2js } from './n8nDeps';

/** An express request as n8n's webhook code sees it (n8n augments express' Request the same way). */
export type WebhookRequest = Request & {
	rawBody?: Buffer;
	readRawBody: () => Promise<void>;
	contentType?: string;
	encoding?: BufferEncoding;
	_body?: boolean;
};

/** n8n's default `N8N_PAYLOAD_SIZE_MAX`, in MiB. */
export const DEFAULT_PAYLOAD_SIZE_MAX_MB = 16;

const xmlParser = new xml2js.Parser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
	tagNameProcessors: [sanitizeXmlName],
	attrNameProcessors: [sanitizeXmlName],
});

class PayloadTooLargeError extends Error {
	readonly status = 413;

	readonly type = 'entity.too.large';

	constructor(limit: number) {
		super(`request entity too large (limit ${limit} bytes)`);
	}
}

/** Reads a stream up to a limit; past it, fails with a 413-like error and drains the rest. */
async function readStream(stream: Readable, limitBytes: number): Promise<Buffer> {
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let total = 0;
		let failed = false;
		stream.on('data', (chunk: Buffer | string) => {
			if (failed) return;
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			total += buffer.length;
			if (total > limitBytes) {
				failed = true;
				reject(new PayloadTooLargeError(limitBytes));
				return;
			}
			chunks.push(buffer);
		});
		stream.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks));
		});
		stream.on('error', (error) => {
			if (!failed) reject(error);
		});
	});
}

/**
 * Cookies n8n strips from webhook requests (`webhook-request-sanitizer.ts`): its auth and
 * browser-id cookies. (2.x also strips two form-auth cookies; their names are not replicated.)
 */
const DISALLOWED_COOKIES = new Set(['n8n-auth', 'n8n-browserId']);

/** n8n's `sanitizeWebhookRequest`: removes n8n's own auth cookies before a node sees the request. */
export function sanitizeWebhookRequest(req: WebhookRequest): void {
	const cookieHeader = req.headers.cookie;
	if (typeof cookieHeader !== 'string') return;
	const cookies = cookieHeader.split(';').map((cookie) => cookie.trim());
	const kept = cookies.filter((cookie) => !DISALLOWED_COOKIES.has(cookie.split('=')[0]));
	if (kept.length !== cookies.length) req.headers.cookie = kept.join('; ');
}

/** n8n's `rawBodyReader` middleware: parses the content type and adds a lazy `readRawBody`. */
export function attachRawBodyReader(
	req: Request,
	payloadSizeMaxMb = DEFAULT_PAYLOAD_SIZE_MAX_MB,
): WebhookRequest {
	const request = req as WebhookRequest;
	parseIncomingMessage(request);
	request.readRawBody = async () => {
		if (request.rawBody) return;
		let stream: Readable = request;
		const contentEncoding = request.headers['content-encoding'];
		if (contentEncoding === 'gzip') stream = request.pipe(createGunzip());
		else if (contentEncoding === 'deflate') stream = request.pipe(createInflate());
		request.rawBody = await readStream(stream, payloadSizeMaxMb * 1024 * 1024);
		request._body = true;
	};
	return request;
}

/** n8n's `parseBody`. */
export async function parseBody(req: WebhookRequest): Promise<void> {
	if (req.contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	const { rawBody, contentType, encoding } = req;
	if (!rawBody?.length) return;
	try {
		if (contentType === 'application/json') {
			req.body = jsonParse(rawBody.toString(encoding));
		} else if (contentType?.endsWith('/xml') || contentType?.endsWith('+xml')) {
			req.body = await xmlParser.parseStringPromise(rawBody.toString(encoding));
		} else if (contentType === 'application/x-www-form-urlencoded') {
			req.body = parseQueryString(rawBody.toString(encoding), undefined, undefined, {
				maxKeys: 1000,
			});
		} else if (contentType === 'text/plain') {
			req.body = rawBody.toString(encoding);
		}
	} catch (error) {
		throw new UnprocessableRequestError('Failed to parse request body', (error as Error).message);
	}
}

/** `parseRequestBody` from webhook-helpers.ts, without multipart parsing (see the file comment). */
export async function parseRequestBody(
	req: WebhookRequest,
	startNode: INode,
	workflow: Workflow,
	mode: WorkflowExecuteMode,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
): Promise<void> {
	const nodeVersion = startNode.typeVersion;
	if (nodeVersion === 1) {
		const binaryData = workflow.expression.getSimpleParameterValue(
			startNode,
			'={{$parameter["options"]["binaryData"]}}',
			mode,
			additionalKeys,
			undefined,
			false,
		);
		if (binaryData) return;
	}
	const { contentType } = req;
	if (contentType === 'multipart/form-data') return;
	if (nodeVersion > 1) {
		if (
			contentType?.startsWith('application/json') ||
			contentType?.startsWith('text/plain') ||
			contentType?.startsWith('application/x-www-form-urlencoded') ||
			contentType?.endsWith('/xml') ||
			contentType?.endsWith('+xml')
		) {
			await parseBody(req);
		}
	} else {
		await parseBody(req);
	}
}
