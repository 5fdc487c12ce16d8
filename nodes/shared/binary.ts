/**
 * Turning a job's output URLs into n8n binary data: the one place files are downloaded, for
 * both nodes and every mode. Files are streamed into n8n's binary store (in filesystem mode
 * straight to disk), never read whole into memory here. A URL that fails is retried from
 * `proxy_links`; a file over the size limit is refused from its Content-Length before it is read,
 * or stopped once it passes the limit, with a message that says which setting to change. At most
 * `DOWNLOADS_AT_ONCE` files of one execution stream at a time (downloadSlots.ts).
 */
import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import { type BinarySource, discard, isStream, limited, readHead, tooLarge } from './byteStreams';
import { executionKey, inDownloadSlot } from './downloadSlots';
import { binaryPropertyName, fileNameOf, isHttpUrl, mimeTypeOf } from './fileNames';
import type { ModelsLabResult } from './payload';
import { readMessage } from './payload';

export interface DownloadSettings {
	/** Largest file accepted, in bytes. */
	maxBytes: number;
	/** Binary property of the first file; later files get `_1`, `_2`… */
	property: string;
	timeoutMs?: number;
}

export interface DownloadedFile {
	/** The output's position in the job's `output`. */
	index: number;
	/** Where it was downloaded from (the output URL or its proxy link). */
	url: string;
	binary: IBinaryData;
}

export interface DownloadOutcome {
	binary: IBinaryKeyData;
	/** The same files in output order, for one item per file. */
	files: DownloadedFile[];
	/** One message per file that could not be downloaded; the URLs stay in the item's JSON. */
	errors: string[];
}

/** A JSON body this small may be a ModelsLab error sent with a 200; a larger one is taken for a file. */
const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * A ModelsLab-style error (`{status: "error" | "failed", message}`) sent with a 200 where the file
 * should be: its message, so the download counts as failed rather than saving the error as the file.
 */
function errorInsteadOfFile(data: Buffer): string | undefined {
	let body: unknown;
	try {
		body = JSON.parse(data.toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const status = (body as IDataObject).status;
	if (typeof status !== 'string' || !['error', 'failed'].includes(status.toLowerCase()))
		return undefined;
	return readMessage(body as IDataObject) ?? 'no message';
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

async function openFile(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	settings: DownloadSettings,
): Promise<{ data: BinarySource; contentType: string | undefined; request: AbortController }> {
	const request = new AbortController();
	const cancelled =
		'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	// Cancelling the execution cancels the download too.
	const signal = cancelled ? AbortSignal.any([cancelled, request.signal]) : request.signal;
	let failure: { response?: { data?: unknown } } | undefined;
	const response = (await ctx.helpers
		.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			timeout: settings.timeoutMs ?? 120_000,
			json: false,
			abortSignal: signal,
		})
		.catch((error: Error) => {
			failure = error as { response?: { data?: unknown } };
			return undefined;
		})) as { body: unknown; headers: IDataObject } | undefined;
	if (failure || !response) {
		// An error status still comes with an unread body stream: release its connection.
		discard(failure?.response?.data, request);
		throw failure ?? new Error('no response');
	}
	const contentType = header(response.headers, 'content-type');
	const declared = Number(header(response.headers, 'content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > settings.maxBytes) {
		// Refused from the headers: the body is never read.
		discard(response.body, request);
		throw tooLarge(declared, settings.maxBytes, true);
	}
	const mayBeError = /json/i.test(contentType ?? '') && !(declared > ERROR_BODY_MAX_BYTES);
	const { body } = response;
	if (isStream(body) && !mayBeError)
		return { data: limited(body, settings.maxBytes), contentType, request };
	let data: Buffer;
	if (isStream(body)) {
		// A possible error body: only its first 64 KB are read to tell, never the whole answer.
		const head = await readHead(body, ERROR_BODY_MAX_BYTES).catch((error: Error) => error);
		if (head instanceof Error) {
			discard(body, request);
			throw head;
		}
		if (!head.ended) {
			// Longer than any error body: a file, streamed on from its first bytes.
			body.unshift(head.head);
			return { data: limited(body, settings.maxBytes), contentType, request };
		}
		data = head.head;
	} else {
		// Not a stream (an n8n that ignores `encoding: 'stream'`): the bytes it already read.
		data = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
	}
	request.abort(); // read whole: nothing more to receive
	if (data.length > settings.maxBytes) throw tooLarge(data.length, settings.maxBytes, true);
	const refusal =
		mayBeError && data.length <= ERROR_BODY_MAX_BYTES ? errorInsteadOfFile(data) : undefined;
	if (refusal !== undefined)
		throw new Error(`answered status "error" instead of the file: ${refusal}`);
	return { data, contentType, request };
}

/**
 * Downloads one file into n8n's binary store, streaming it; throws why it could not. It holds one
 * of the execution's download slots from the request until the store has the whole file.
 */
async function storeFile(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	index: number,
	settings: DownloadSettings,
): Promise<IBinaryData> {
	return await inDownloadSlot(executionKey(ctx), async () => {
		const { data, contentType, request } = await openFile(ctx, url, settings);
		const fileName = fileNameOf(url, index);
		let stored: IBinaryData | undefined;
		try {
			stored = await ctx.helpers.prepareBinaryData(
				data,
				fileName,
				mimeTypeOf(fileName, contentType),
			);
			return stored;
		} finally {
			// Stopped at the limit, or a store that failed: stop receiving the rest.
			if (!stored) discard(data, request);
		}
	});
}

/**
 * Why a file could not be downloaded. n8n's SSRF protection (n8n 2.x, `N8N_SSRF_PROTECTION_ENABLED`)
 * refuses an address in the request helper before connecting, or at a redirect or at connect time
 * (then somewhere down the HTTP client's error `cause`s); its message alone does not say who can
 * change that.
 */
function failureMessage(error: Error): string {
	let refused = false;
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current instanceof Error && !refused; depth++) {
		refused = /^Ssrf/.test(current.name);
		current = (current as { cause?: unknown }).cause;
	}
	if (!refused) return error.message;
	return `${error.message}: n8n's SSRF protection refused this address (an n8n administrator can allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES)`;
}

/** One output: its URL, then its proxy link; the file stored, or every failure. */
async function downloadOne(
	ctx: IExecuteFunctions | IWebhookFunctions,
	candidates: string[],
	index: number,
	settings: DownloadSettings,
): Promise<{ file?: DownloadedFile; failures: string[] }> {
	const failures: string[] = [];
	for (const candidate of candidates) {
		try {
			const stored = await storeFile(ctx, candidate, index, settings);
			return { file: { index, url: candidate, binary: stored }, failures: [] };
		} catch (error) {
			failures.push(`${candidate}: ${failureMessage(error as Error)}`);
		}
	}
	return { failures };
}

/**
 * Downloads every output of a finished job, as many at once as the execution's download slots
 * allow. Never throws: failures are listed in `errors`.
 */
export async function downloadOutputs(
	ctx: IExecuteFunctions | IWebhookFunctions,
	result: ModelsLabResult,
	settings: DownloadSettings,
): Promise<DownloadOutcome> {
	const binary: IBinaryKeyData = {};
	const files: DownloadedFile[] = [];
	const errors: string[] = [];
	const outcomes = await Promise.all(
		result.output.map(async (url, index) => {
			const candidates = [url, result.proxyLinks[index]].filter(
				(candidate): candidate is string => typeof candidate === 'string' && isHttpUrl(candidate),
			);
			// A text output (captions, transcripts) stays in JSON.
			if (candidates.length === 0) return { index, failures: [] as string[] };
			return { index, ...(await downloadOne(ctx, candidates, index, settings)) };
		}),
	);
	for (const { index, file, failures } of outcomes) {
		if (file) {
			binary[binaryPropertyName(settings.property, index)] = file.binary;
			files.push(file);
		}
		if (failures.length)
			errors.push(`Output ${index} could not be downloaded (${failures.join('; ')})`);
	}
	return { binary, files, errors };
}

/** Download settings from a node's Options collection (see fileOptions.ts), with its defaults. */
export function downloadSettings(options: IDataObject): DownloadSettings {
	const megabytes = Number(options.maxFileSizeMb);
	const property = typeof options.binaryProperty === 'string' ? options.binaryProperty.trim() : '';
	return {
		maxBytes: Math.round(
			(Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 200) * 1024 * 1024,
		),
		property: property || 'data',
	};
}

/**
 * Downloads a successful job's files onto the item: binary data, and the failures in its JSON.
 * Returns the files downloaded, in output order.
 */
export async function attachOutputs(
	ctx: IExecuteFunctions | IWebhookFunctions,
	item: INodeExecutionData,
	result: ModelsLabResult,
	settings: DownloadSettings,
): Promise<DownloadedFile[]> {
	if (result.outcome !== 'success' || result.output.length === 0) return [];
	const downloaded = await downloadOutputs(ctx, result, settings);
	if (Object.keys(downloaded.binary).length) item.binary = downloaded.binary;
	if (downloaded.errors.length) item.json = { ...item.json, downloadErrors: downloaded.errors };
	return downloaded.files;
}

export { binaryPropertyName, fileNameOf, isHttpUrl, mimeTypeOf } from './fileNames';
