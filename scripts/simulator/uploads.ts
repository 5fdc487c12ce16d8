/**
 * ModelsLab's base64-to-URL uploads: the image-editing one the node uses for images (also a
 * catalogue entry), the general one it uses for audio and video, and the video, voice and 3D ones. Each takes a data URI in its own field and
 * answers at once `{status:"success", id, output:[url]}`; the URL serves the uploaded bytes.
 *
 * Sources (ModelsLab/docs-v2 at c1440bc):
 * - general-api/openapi.json `POST /base64_to_url` (server /api/v6), Base64ToUrlRequest
 *   `{key, base64_string}`, Base64ToUrlResponse `{status, id, output}`; its description and
 *   general-api/base64-to-url.mdx: "The URL expires in 24 hours, supports max 5MB uploads, and
 *   requires valid base64 format".
 * - video-api/openapi.json `POST /video/base64_to_url` (`init_obj`), voice-cloning/openapi.json
 *   `POST /voice/base64_to_url` (`init_audio`), 3d-api/openapi.json `POST /3d/base64_to_url`
 *   (`init_obj`, pattern `^data:model/…;base64,…`), and image-editing/openapi.json
 *   `POST /image_editing/base64_to_url` (`init_image`), each with the same response schema.
 *
 * Not documented, so chosen here and named as such: a refusal (bad data URI, over 5 MB) is the
 * openapi's 400 `Error` shape `{status:"error", message}` with our wording; an expired URL answers
 * 404. These routes come before the catalogue's, so the image-editing entry is answered here too.
 */
import express, { type Request, type Response } from 'express';
import { bodyOf, checkKey, originOf, sendJson, type SimContext } from './context';

/** "supports max 5MB uploads" (general-api/base64-to-url.mdx). */
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** "The URL expires in 24 hours" (general-api/base64-to-url.mdx). */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

export interface SimUpload {
	contentType: string;
	bytes: Buffer;
	expiresAt: number;
}

export const UPLOAD_ROUTES: Array<{ path: string; field: string; kind?: string }> = [
	{ path: '/v6/base64_to_url', field: 'base64_string' },
	{ path: '/v6/image_editing/base64_to_url', field: 'init_image', kind: 'image' },
	{ path: '/v6/video/base64_to_url', field: 'init_obj', kind: 'video' },
	{ path: '/v6/voice/base64_to_url', field: 'init_audio', kind: 'audio' },
	{ path: '/v6/3d/base64_to_url', field: 'init_obj', kind: 'model' },
];

const DATA_URI_HEAD = /^data:([a-z]+\/[a-z0-9.+-]+);base64,/i;

/**
 * A base64 data URI's type and data, or null. Only the head is matched with a regular expression:
 * one over the whole multi-MB data part overflowed V8's regexp backtracking stack now and then
 * ("Maximum call stack size exceeded"), so the data's characters are checked one by one.
 */
function parseDataUri(value: string): [string, string] | null {
	const head = DATA_URI_HEAD.exec(value);
	if (!head) return null;
	const data = value.slice(head[0].length);
	return data && isBase64(data) ? [head[1], data] : null;
}

/** Base64 letters, digits, `+`, `/` and white space, then at most the padding `=`s. */
function isBase64(data: string): boolean {
	let end = data.length;
	while (end > 0 && data.charCodeAt(end - 1) === 61) end--;
	if (end === 0) return false;
	for (let index = 0; index < end; index++) {
		const code = data.charCodeAt(index);
		const ok =
			(code >= 65 && code <= 90) ||
			(code >= 97 && code <= 122) ||
			(code >= 48 && code <= 57) ||
			code === 43 ||
			code === 47 ||
			code === 32 ||
			(code >= 9 && code <= 13);
		if (!ok) return false;
	}
	return true;
}

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
	'video/mp4': 'mp4',
	'model/gltf-binary': 'glb',
	'model/obj': 'obj',
};

export function uploadRoutes(ctx: SimContext): express.Router {
	const router = express.Router();
	for (const route of UPLOAD_ROUTES) {
		router.post(route.path, (req: Request, res: Response) => {
			if (!checkKey(ctx, req, res, 'body')) return;
			const value = bodyOf(req)[route.field];
			const parsed = typeof value === 'string' ? parseDataUri(value.trim()) : null;
			if (!parsed || (route.kind && !parsed[0].toLowerCase().startsWith(`${route.kind}/`))) {
				const wanted = route.kind
					? `data:${route.kind}/<type>;base64,<data>`
					: 'data:<mime type>;base64,<data>';
				sendJson(res, 400, {
					status: 'error',
					message: `${route.field} must be a base64 data URI (${wanted})`,
				});
				return;
			}
			const contentType = parsed[0].toLowerCase();
			const bytes = Buffer.from(parsed[1], 'base64');
			if (bytes.length > UPLOAD_LIMIT_BYTES) {
				sendJson(res, 400, {
					status: 'error',
					message: `File too large: ${bytes.length} bytes; uploads are limited to 5MB`,
				});
				return;
			}
			const id = ctx.nextNumericId++;
			ctx.uploads.set(String(id), {
				contentType,
				bytes,
				expiresAt: Date.now() + ctx.options.uploadTtlMs,
			});
			const extension = EXTENSIONS[contentType] ?? 'bin';
			sendJson(res, 200, {
				status: 'success',
				id,
				output: [`${originOf(req)}/files/upload-${id}.${extension}`],
			});
		});
	}
	return router;
}

/** Serves `/files/upload-<id>.<ext>`; false when the name is not an upload's. */
export function serveUpload(ctx: SimContext, name: string, req: Request, res: Response): boolean {
	const match = /^upload-(\d+)\./.exec(name);
	if (!match) return false;
	const upload = ctx.uploads.get(match[1]);
	if (!upload || Date.now() >= upload.expiresAt) {
		res
			.status(404)
			.type('text/plain')
			.send(upload ? 'This upload has expired' : `No upload "${name}"`);
		return true;
	}
	res.status(200);
	res.setHeader('content-type', upload.contentType);
	res.setHeader('content-length', String(upload.bytes.length));
	res.end(req.method === 'HEAD' ? undefined : upload.bytes);
	return true;
}
