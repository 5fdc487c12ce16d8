/**
 * Raw HTTP for the reliability suites: any content type, headers, gzip, chunked transfer (no
 * content-length), which `fetch` does not all allow. Plus a watch on unhandled rejections and
 * uncaught exceptions, the "crashes" of the summaries.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { IDataObject } from 'n8n-workflow';

export interface RawRequest {
	method?: string;
	contentType?: string;
	body?: string | Buffer;
	headers?: Record<string, string>;
	gzip?: boolean;
	/** Send without content-length (transfer-encoding: chunked). */
	chunked?: boolean;
}

export interface RawAnswer {
	status: number;
	text: string;
	json?: IDataObject;
	/** The request failed at the socket level (connection reset, server gone…). */
	error?: string;
}

export async function send(url: string, request: RawRequest = {}): Promise<RawAnswer> {
	const target = new URL(url);
	let body =
		typeof request.body === 'string'
			? Buffer.from(request.body)
			: (request.body ?? Buffer.alloc(0));
	const headers: Record<string, string> = { ...(request.headers ?? {}) };
	if (request.contentType !== undefined) headers['content-type'] = request.contentType;
	if (request.gzip) {
		body = gzipSync(body);
		headers['content-encoding'] = 'gzip';
	}
	if (request.chunked) headers['transfer-encoding'] = 'chunked';
	else headers['content-length'] = String(body.length);
	return await new Promise<RawAnswer>((resolve) => {
		const req = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: target.pathname + target.search,
				method: request.method ?? 'POST',
				headers,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString();
					let json: IDataObject | undefined;
					try {
						json = JSON.parse(text) as IDataObject;
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode ?? 0, text, json });
				});
				res.on('error', (error) => resolve({ status: 0, text: '', error: error.message }));
			},
		);
		req.on('error', (error) => resolve({ status: 0, text: '', error: error.message }));
		if (request.chunked) {
			for (let offset = 0; offset < body.length; offset += 64 * 1024)
				req.write(body.subarray(offset, offset + 64 * 1024));
			req.end();
		} else {
			req.end(body);
		}
	});
}

/** Collects unhandled rejections and uncaught exceptions while installed. */
export class CrashWatch {
	readonly crashes: string[] = [];

	private readonly onCrash = (error: unknown) => {
		this.crashes.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
	};

	install(): void {
		process.on('unhandledRejection', this.onCrash);
		process.on('uncaughtException', this.onCrash);
	}

	uninstall(): void {
		process.off('unhandledRejection', this.onCrash);
		process.off('uncaughtException', this.onCrash);
	}
}

/** Scale for numRuns: RELIABILITY_SCALE=0.2 for a quick run, 5 for a long soak. */
export function runs(base: number): number {
	const scale = Number(process.env.RELIABILITY_SCALE ?? '1');
	return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** fast-check settings shared by the suites: a fixed seed when FC_SEED is set. */
export function fcParams(numRuns: number): { numRuns: number; seed?: number } {
	const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
	return seed === undefined || !Number.isFinite(seed) ? { numRuns } : { numRuns, seed };
}

/** A jest timeout for a property test whose base run takes up to `baseMs`, scaled like runs(). */
export function timeoutFor(baseMs: number): number {
	return Math.max(20_000, runs(baseMs) * 3);
}
