/**
 * ModelsLab's base64-to-URL endpoints outside the catalogue (the catalogue's own,
 * `/v6/image_editing/base64_to_url`, is simulated from its entry): a data URI in, the file's URL out.
 *
 * | path | field | source (ModelsLab/docs-v2) |
 * |---|---|---|
 * | `/v6/base64_to_url` | `base64_string` | general-api/base64-to-url.mdx, general-api/openapi.json |
 * | `/v6/video/base64_to_url` | `init_obj` | video-api/base64-to-url.mdx, video-api/openapi.json |
 * | `/v6/voice/base64_to_url` | `init_audio` | voice-cloning/base64-to-url.mdx, voice-cloning/openapi.json |
 * | `/v6/3d/base64_to_url` | `init_obj` | 3d-api/base64-to-url.mdx, 3d-api/openapi.json |
 *
 * The answer is the documented Base64ToUrlResponse (`imageEditing/submit-success-upload` in the
 * corpus: status, integer id, output), given at once. A body without a valid data URI in the field,
 * and on the general endpoint a file over 5 MB ("supports max 5MB uploads", general-api/
 * base64-to-url.mdx; "the maximum file size for upload is 5MB", its openapi.json), get the
 * documented 400 `Error` (`{status: "error", message}`; the message text is ours). The URL serves
 * the simulator's file of that type (files.ts), not the uploaded bytes.
 */
import express from 'express';

import { fixture } from '../fixtures/modelslab';
import { bodyOf, checkKey, originOf, sendJson, type SimContext } from './context';

export const UPLOAD_ROUTES: ReadonlyArray<{ path: string; field: string; maxBytes?: number }> = [
	{ path: '/v6/base64_to_url', field: 'base64_string', maxBytes: 5 * 1024 * 1024 },
	{ path: '/v6/video/base64_to_url', field: 'init_obj' },
	{ path: '/v6/voice/base64_to_url', field: 'init_audio' },
	{ path: '/v6/3d/base64_to_url', field: 'init_obj' },
];

const DATA_URI = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+);base64,\s*([A-Za-z0-9+/]+=*)$/i;

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'png',
	'image/webp': 'png',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'video/mp4': 'mp4',
	'model/gltf-binary': 'glb',
};

const BY_TOP_TYPE: Record<string, string> = { image: 'png', audio: 'mp3', video: 'mp4', model: 'glb' };

export function uploadRoutes(ctx: SimContext): express.Router {
	const router = express.Router();
	for (const route of UPLOAD_ROUTES) {
		router.post(route.path, (req, res) => {
			if (!checkKey(ctx, req, res, 'body')) return;
			const value = bodyOf(req)[route.field];
			const match = typeof value === 'string' ? DATA_URI.exec(value.trim()) : null;
			if (!match) {
				sendJson(res, 400, { status: 'error', message: `${route.field} must be a base64 data URI (data:<type>;base64,<data>)` });
				return;
			}
			const bytes = Math.floor((match[2].length * 3) / 4) - (match[2].endsWith('==') ? 2 : match[2].endsWith('=') ? 1 : 0);
			if (route.maxBytes !== undefined && bytes > route.maxBytes) {
				sendJson(res, 400, { status: 'error', message: `The file is ${bytes} bytes: uploads are limited to 5MB` });
				return;
			}
			const mimeType = match[1].toLowerCase();
			const extension = EXTENSIONS[mimeType] ?? BY_TOP_TYPE[mimeType.split('/')[0]] ?? 'txt';
			const id = ctx.nextNumericId++;
			const body = structuredClone(fixture('imageEditing', 'submit-success-upload').body);
			body.id = id;
			body.output = [`${originOf(req)}/files/upload${id}.${extension}`];
			sendJson(res, 200, body);
		});
	}
	return router;
}
