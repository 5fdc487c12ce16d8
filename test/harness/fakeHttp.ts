/**
 * An in-process request/response pair for replaying a webhook call without a socket. The request
 * looks to n8n's code like one that went through `rawBodyReader` (content type parsed, raw body
 * readable); the response records what the node or the webhook layer wrote.
 */
import type { Response } from 'express';
import { parse as parseQueryString } from 'node:querystring';

import { parseIncomingMessage } from './n8nDeps';
import type { WebhookRequest } from './webhookRequest';

export interface HttpRequestSpec {
	/** Default POST. */
	method?: string;
	/**
	 * Path (and query) or full URL, e.g. a resume URL. Its query string is merged into `query`
	 * and it is what n8n's resume-token check reads (`req.url`).
	 */
	url?: string;
	query?: Record<string, string | string[]>;
	headers?: Record<string, string>;
	/**
	 * An object or array is sent as JSON (content-type application/json unless given); a string as
	 * text/plain and a Buffer as application/octet-stream, unless a content-type header says otherwise.
	 */
	body?: unknown;
}

export interface HttpResult {
	statusCode: number;
	headers: Record<string, string>;
	/** The raw answer. */
	text: string;
	/** `text` parsed as JSON when it is JSON, else `text`. */
	body: unknown;
}

function encodeBody(spec: HttpRequestSpec, headers: Record<string, string>): Buffer | undefined {
	const { body } = spec;
	if (body === undefined) return undefined;
	if (Buffer.isBuffer(body)) {
		headers['content-type'] ??= 'application/octet-stream';
		return body;
	}
	if (typeof body === 'string') {
		headers['content-type'] ??= 'text/plain';
		return Buffer.from(body);
	}
	headers['content-type'] ??= 'application/json';
	return Buffer.from(JSON.stringify(body));
}

/** Parses JSON when it is JSON. */
export function parseResponseText(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export function createFakeRequest(spec: HttpRequestSpec, routePath: string): WebhookRequest {
	const headers: Record<string, string> = { host: '127.0.0.1' };
	for (const [name, value] of Object.entries(spec.headers ?? {}))
		headers[name.toLowerCase()] = value;
	const rawBody = encodeBody(spec, headers);
	if (rawBody) headers['content-length'] = String(rawBody.length);

	const parsedUrl = new URL(spec.url ?? routePath, 'http://127.0.0.1');
	const query: Record<string, string | string[]> = {
		...(parseQueryString(parsedUrl.search.slice(1)) as Record<string, string | string[]>),
		...(spec.query ?? {}),
	};
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
	}
	const searchText = search.toString();
	const url = `${parsedUrl.pathname}${searchText ? `?${searchText}` : ''}`;

	const request = {
		method: (spec.method ?? 'POST').toUpperCase(),
		url,
		originalUrl: url,
		path: parsedUrl.pathname,
		host: '127.0.0.1',
		hostname: '127.0.0.1',
		ip: '127.0.0.1',
		protocol: 'http',
		headers,
		query,
		params: {},
		body: undefined as unknown,
		rawBody: rawBody ?? Buffer.alloc(0),
		_body: true,
		readRawBody: async () => {},
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
	};
	parseIncomingMessage(request as unknown as Parameters<typeof parseIncomingMessage>[0]);
	return request as unknown as WebhookRequest;
}

/** Records an answer written through the express `Response` API nodes and n8n use. */
export class FakeResponse {
	statusCode = 200;

	headersSent = false;

	writableEnded = false;

	readonly locals: Record<string, unknown> = {};

	private readonly headerMap: Record<string, string> = {};

	private readonly chunks: Buffer[] = [];

	private resolveFinished!: (result: HttpResult) => void;

	/** Resolves once the answer is complete. */
	readonly finished = new Promise<HttpResult>((resolve) => (this.resolveFinished = resolve));

	asExpress(): Response {
		return this as unknown as Response;
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		this.statusCode = code;
		return this.send(String(code));
	}

	setHeader(name: string, value: string | number | readonly string[]): this {
		this.headerMap[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		return this;
	}

	getHeader(name: string): string | undefined {
		return this.headerMap[name.toLowerCase()];
	}

	removeHeader(name: string): void {
		delete this.headerMap[name.toLowerCase()];
	}

	header(name: string | Record<string, string>, value?: string): this {
		if (typeof name === 'object') {
			for (const [key, headerValue] of Object.entries(name)) this.setHeader(key, headerValue);
		} else if (value !== undefined) {
			this.setHeader(name, value);
		}
		return this;
	}

	set(name: string | Record<string, string>, value?: string): this {
		return this.header(name, value);
	}

	type(contentType: string): this {
		return this.setHeader(
			'content-type',
			contentType.includes('/') ? contentType : `application/${contentType}`,
		);
	}

	writeHead(code: number, headers?: Record<string, string>): this {
		this.statusCode = code;
		for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
		this.headersSent = true;
		return this;
	}

	write(chunk: string | Buffer): boolean {
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		return true;
	}

	json(body: unknown): this {
		this.headerMap['content-type'] ??= 'application/json; charset=utf-8';
		return this.end(body === undefined ? '' : JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (body === undefined) return this.end();
		if (Buffer.isBuffer(body)) {
			this.headerMap['content-type'] ??= 'application/octet-stream';
			return this.end(body);
		}
		if (typeof body === 'object' && body !== null) return this.json(body);
		this.headerMap['content-type'] ??= 'text/html; charset=utf-8';
		return this.end(String(body));
	}

	end(chunk?: string | Buffer): this {
		if (this.writableEnded) return this;
		if (chunk !== undefined) this.write(chunk);
		this.headersSent = true;
		this.writableEnded = true;
		const text = Buffer.concat(this.chunks).toString('utf8');
		this.resolveFinished({
			statusCode: this.statusCode,
			headers: { ...this.headerMap },
			text,
			body: parseResponseText(text),
		});
		return this;
	}

	on(): this {
		return this;
	}

	once(): this {
		return this;
	}

	emit(): boolean {
		return false;
	}

	flush(): void {}
}
