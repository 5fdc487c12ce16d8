/**
 * Turning a job's output URLs into n8n binary data: the one place files are downloaded, for
 * both nodes and every mode. A URL that fails is retried from `proxy_links`; a file over the
 * size limit is refused with a message that says which setting to change.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { ModelsLabResult } from './callback';
import { readMessage } from './callback';

export interface DownloadSettings {
	/** Largest file accepted, in bytes. */
	maxBytes: number;
	/** Binary property of the first file; later files get `_1`, `_2`… */
	property: string;
	timeoutMs?: number;
}

export interface DownloadOutcome {
	binary: IBinaryKeyData;
	/** One message per file that could not be downloaded; the URLs stay in the item's JSON. */
	errors: string[];
}

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	flac: 'audio/flac',
	ogg: 'audio/ogg',
	glb: 'model/gltf-binary',
	gltf: 'model/gltf+json',
	obj: 'model/obj',
	stl: 'model/stl',
	ply: 'application/ply',
	zip: 'application/zip',
	txt: 'text/plain',
	json: 'application/json',
};

export function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function fileNameOf(url: string, index: number): string {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		if (last) return decodeURIComponent(last);
	} catch {
		// Not a URL: fall through to a generated name.
	}
	return `output_${index}`;
}

export function mimeTypeOf(fileName: string, contentType: unknown): string | undefined {
	const header = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	if (header && header !== 'application/octet-stream' && header !== 'binary/octet-stream') return header;
	const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
	return MIME_BY_EXTENSION[extension] ?? (header || undefined);
}

export function binaryPropertyName(base: string, index: number): string {
	return index === 0 ? base : `${base}_${index}`;
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A ModelsLab-style error (`{status: "error" | "failed", message}`) sent with a 200 where the file
 * should be: its message, so the download counts as failed rather than saving the error as the file.
 */
function errorInsteadOfFile(data: Buffer, contentType: unknown): string | undefined {
	if (typeof contentType !== 'string' || !/json/i.test(contentType) || data.length > 64 * 1024) return undefined;
	let body: unknown;
	try {
		body = JSON.parse(data.toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const status = (body as IDataObject).status;
	if (typeof status !== 'string' || !['error', 'failed'].includes(status.toLowerCase())) return undefined;
	return readMessage(body as IDataObject) ?? 'no message';
}

async function fetchFile(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	settings: DownloadSettings,
): Promise<{ data: Buffer; contentType: unknown }> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		timeout: settings.timeoutMs ?? 120_000,
		json: false,
	})) as { body: Buffer | ArrayBuffer; headers: IDataObject };
	const data = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
	const refusal = errorInsteadOfFile(data, response.headers?.['content-type']);
	if (refusal !== undefined) throw new Error(`answered status "error" instead of the file: ${refusal}`);
	if (data.length > settings.maxBytes) {
		throw new Error(
			`the file is ${megabytes(data.length)}, over the ${megabytes(settings.maxBytes)} limit (raise "Max File Size" or choose "URLs Only")`,
		);
	}
	return { data, contentType: response.headers?.['content-type'] };
}

/** Downloads every output of a finished job. Never throws: failures are listed in `errors`. */
export async function downloadOutputs(
	ctx: IExecuteFunctions | IWebhookFunctions,
	result: ModelsLabResult,
	settings: DownloadSettings,
): Promise<DownloadOutcome> {
	const binary: IBinaryKeyData = {};
	const errors: string[] = [];
	for (const [index, url] of result.output.entries()) {
		const candidates = [url, result.proxyLinks[index]].filter(
			(candidate): candidate is string => typeof candidate === 'string' && isHttpUrl(candidate),
		);
		if (candidates.length === 0) continue; // text output (captions, transcripts) stays in JSON
		const failures: string[] = [];
		for (const candidate of candidates) {
			try {
				const { data, contentType } = await fetchFile(ctx, candidate, settings);
				const fileName = fileNameOf(candidate, index);
				binary[binaryPropertyName(settings.property, index)] = await ctx.helpers.prepareBinaryData(
					data,
					fileName,
					mimeTypeOf(fileName, contentType),
				);
				failures.length = 0;
				break;
			} catch (error) {
				failures.push(`${candidate}: ${(error as Error).message}`);
			}
		}
		if (failures.length) errors.push(`Output ${index} could not be downloaded (${failures.join('; ')})`);
	}
	return { binary, errors };
}

/** Download settings from a node's Options collection (see fileOptions.ts), with its defaults. */
export function downloadSettings(options: IDataObject): DownloadSettings {
	const megabytes = Number(options.maxFileSizeMb);
	const property = typeof options.binaryProperty === 'string' ? options.binaryProperty.trim() : '';
	return {
		maxBytes: Math.round((Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 200) * 1024 * 1024),
		property: property || 'data',
	};
}

/** Downloads a successful job's files onto the item: binary data, and the failures in its JSON. */
export async function attachOutputs(
	ctx: IExecuteFunctions | IWebhookFunctions,
	item: INodeExecutionData,
	result: ModelsLabResult,
	settings: DownloadSettings,
): Promise<void> {
	if (result.outcome !== 'success' || result.output.length === 0) return;
	const downloaded = await downloadOutputs(ctx, result, settings);
	if (Object.keys(downloaded.binary).length) item.binary = downloaded.binary;
	if (downloaded.errors.length) item.json = { ...item.json, downloadErrors: downloaded.errors };
}
