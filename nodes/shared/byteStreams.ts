/**
 * Byte streams of downloads, read without holding a file in memory: stopped at a size limit,
 * discarded (and the request aborted) when not wanted, and their first bytes peeked at to tell a
 * ModelsLab error sent with a 200 from a file.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

/** What a body must be for prepareBinaryData to store it without holding it in memory. */
export type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
export type ByteStream = Exclude<BinarySource, Buffer>;

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file over the limit: the message says which setting to change. */
export function tooLarge(bytes: number, maxBytes: number, exact: boolean): Error {
	const size = exact
		? `the file is ${megabytes(bytes)}`
		: `the file passed ${megabytes(maxBytes)} before it ended`;
	return new Error(
		`${size}, over the ${megabytes(maxBytes)} limit (raise "Max File Size" or choose "URLs Only")`,
	);
}

export function isStream(value: unknown): value is ByteStream {
	return (
		typeof value === 'object' && value !== null && typeof (value as ByteStream).map === 'function'
	);
}

/**
 * Ends a download whose body will not be read (an error answer's, one refused from its headers, one
 * a store gave up on). Destroying the body alone is not enough: axios (n8n 2.x) hands out a wrapper
 * that, never read, does not close the connection under it, which would go on receiving the file.
 * Aborting the request does.
 */
export function discard(body: unknown, request?: AbortController): void {
	// A stream that failed (passed the limit) has already destroyed the response under it.
	if (isStream(body) && body.destroyed) return;
	request?.abort();
	if (isStream(body)) body.destroy();
}

/**
 * The body as it reaches the binary store: chunks pass through as they arrive, so n8n's
 * filesystem mode writes them to disk without holding the file, and the stream fails (destroying
 * the response, so nothing more is read) once it passes `maxBytes`.
 */
export function limited(body: ByteStream, maxBytes: number): ByteStream {
	let received = 0;
	return body.map((chunk: Buffer) => {
		received += chunk.length;
		if (received > maxBytes) throw tooLarge(received, maxBytes, false);
		return chunk;
	});
}

/**
 * The first bytes of a JSON body that may be a ModelsLab error (no Content-Length, or a small
 * one): at most `limit + 1` bytes are taken from the stream, enough to tell a body that fits in
 * `limit` (then `ended`, and `head` is all of it) from a longer one (a file: `head` is put back at
 * the front of the stream, which goes on to the store). Nothing beyond that is read here.
 */
export async function readHead(
	body: ByteStream,
	limit: number,
): Promise<{ head: Buffer; ended: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	return await new Promise((resolve, reject) => {
		const stop = () => {
			body.off('readable', onReadable);
			body.off('end', onEnd);
			body.off('error', onError);
			body.off('close', onClose);
		};
		const finish = (ended: boolean) => {
			stop();
			resolve({ head: Buffer.concat(chunks), ended });
		};
		function onReadable() {
			while (size <= limit) {
				const available = body.readableLength;
				// Never more than one byte past the limit; an empty buffer read lets a finished stream end.
				const chunk: unknown =
					available > 0 ? body.read(Math.min(available, limit + 1 - size)) : body.read();
				if (chunk === null) return;
				const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
				chunks.push(bytes);
				size += bytes.length;
			}
			finish(false);
		}
		function onEnd() {
			finish(true);
		}
		function onError(error: Error) {
			stop();
			reject(error);
		}
		function onClose() {
			// Closed without an end or an error: cut short.
			stop();
			reject(new Error('the connection closed before the file ended'));
		}
		body.on('readable', onReadable);
		body.once('end', onEnd);
		body.once('error', onError);
		body.once('close', onClose);
	});
}
