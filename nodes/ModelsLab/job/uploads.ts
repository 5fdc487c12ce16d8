/**
 * Files from the input item as request fields. Every catalogue field of type `url` or `urlList`
 * takes a file; for each, the user chooses a URL (as before) or a binary property of the input
 * item. ModelsLab's file fields take URLs, so a binary file is uploaded through ModelsLab's
 * base64-to-URL endpoint and the URL it answers is sent. The property, its MIME type and its size
 * are checked for every item before anything is uploaded or submitted.
 *
 * Sources (ModelsLab/docs-v2): image-editing/base64-to-url.mdx (`POST /v6/image_editing/base64_to_url`,
 * `init_image` as a data URI, the catalogue's entry) for images; general-api/base64-to-url.mdx
 * (`POST /v6/base64_to_url`, `base64_string`, "image, audio, video and 3d object file") for audio
 * and video. The general page documents the limit: "supports max 5MB uploads"; the image-editing
 * page gives none, so the same limit is applied to both.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { modelsLabRequest } from '../../shared/transport';
import type { FileFieldLike, FileKind } from '../description/fileFields';
import { fileKind } from '../description/fileFields';

export type { FileKind } from '../description/fileFields';

export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

export const IMAGE_UPLOAD_PATH = '/v6/image_editing/base64_to_url';
export const FILE_UPLOAD_PATH = '/v6/base64_to_url';

/** A file to upload before the job is submitted; its URL replaces `body[key]`. */
export interface PendingUpload {
	key: string;
	label: string;
	kind: FileKind;
	property: string;
	/** Index in the field's list (urlList) or undefined for a single URL. */
	position?: number;
	binary: IBinaryData;
}

/** The binary property names a parameter gives: comma-separated, trimmed, empty ones dropped. */
export function binaryPropertyNames(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

/**
 * Checks the binary properties a field names on the input item (present, of the field's kind) and
 * returns the uploads to make, the body value holding their places. Throws a clear error otherwise.
 */
export function planFileUploads(
	ctx: IExecuteFunctions,
	field: FileFieldLike,
	key: string,
	propertyValue: unknown,
	itemIndex: number,
	/** ModelsLab wants an array here (a urlList, or a field sent as one in this API version). */
	asList: boolean,
	/** The kind of file, when the key does not tell it (Custom Endpoint); else from the key. */
	kind: FileKind = fileKind(field),
): { value: string | string[]; uploads: PendingUpload[] } {
	const names = binaryPropertyNames(propertyValue);
	if (names.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${field.label}: give the name of a binary property`,
			{ itemIndex },
		);
	}
	if (names.length > 1 && field.type !== 'urlList') {
		throw new NodeOperationError(
			ctx.getNode(),
			`${field.label} takes one file, not ${names.length}`,
			{ itemIndex },
		);
	}
	const item = ctx.getInputData()[itemIndex];
	const uploads = names.map((property, position): PendingUpload => {
		const binary = item?.binary?.[property];
		if (!binary) {
			const present = Object.keys(item?.binary ?? {});
			throw new NodeOperationError(
				ctx.getNode(),
				`${field.label}: the input item has no binary property "${property}"`,
				{
					itemIndex,
					description: present.length
						? `Its binary properties: ${present.join(', ')}.`
						: 'The input item has no binary data: read the file first (Read/Write Files from Disk, HTTP Request with Response Format File).',
				},
			);
		}
		const mimeType = (binary.mimeType ?? '').toLowerCase();
		if (!mimeType.startsWith(`${kind}/`)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${field.label}: binary property "${property}" is ${mimeType || 'of no known type'}${binary.fileName ? ` (${binary.fileName})` : ''}, not ${kind === 'video' ? 'a' : 'an'} ${kind}`,
				{ itemIndex, description: `${field.label} takes ${kind} files (${kind}/*).` },
			);
		}
		const upload: PendingUpload = {
			key,
			label: field.label,
			kind,
			property,
			position: asList ? position : undefined,
			binary,
		};
		// Checked when the item is planned, from what n8n recorded of the file; read again when uploaded.
		const bytes = knownSize(binary);
		if (bytes !== undefined && bytes > UPLOAD_MAX_BYTES)
			throw tooLarge(ctx, upload, bytes, itemIndex);
		if (bytes === 0)
			throw new NodeOperationError(
				ctx.getNode(),
				`${field.label}: binary property "${property}" is empty`,
				{ itemIndex },
			);
		return upload;
	});
	return { value: asList ? names.map(() => '') : '', uploads };
}

/** The file's size as n8n recorded it (`bytes`), or as its inline base64 tells it; undefined when only its bytes can tell. */
export function knownSize(binary: IBinaryData): number | undefined {
	if (typeof binary.bytes === 'number' && Number.isFinite(binary.bytes)) return binary.bytes;
	if (binary.id || typeof binary.data !== 'string') return undefined;
	const text = binary.data.replace(/\s/g, '');
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((text.length * 3) / 4) - padding);
}

type Context = IExecuteFunctions | IWebhookFunctions;

function tooLarge(
	ctx: Context,
	upload: PendingUpload,
	bytes: number,
	itemIndex: number,
): NodeOperationError {
	const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
	return new NodeOperationError(
		ctx.getNode(),
		`${upload.label}: binary property "${upload.property}" is ${mb(bytes)}, over ModelsLab's ${mb(UPLOAD_MAX_BYTES)} upload limit`,
		{
			itemIndex,
			description: 'Make the file smaller, or give a URL where ModelsLab can download it.',
		},
	);
}

/**
 * Reads one file to upload, from execute() or webhook() alike: n8n's binary store when the file is
 * there (`id`: filesystem, database, S3 modes), else the item's inline base64 (the in-memory mode).
 * Only n8n's public binary helpers are used, so it works wherever the item is planned.
 */
export async function readUpload(
	ctx: Context,
	upload: PendingUpload,
	itemIndex: number,
): Promise<Buffer> {
	const { binary } = upload;
	const data = binary.id
		? await ctx.helpers.binaryToBuffer(await ctx.helpers.getBinaryStream(binary.id))
		: Buffer.from(binary.data, BINARY_ENCODING);
	if (data.length > UPLOAD_MAX_BYTES) throw tooLarge(ctx, upload, data.length, itemIndex);
	if (data.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${upload.label}: binary property "${upload.property}" is empty`,
			{ itemIndex },
		);
	}
	return data;
}

/** Uploads one file through ModelsLab and returns the URL it answered. */
export async function uploadFile(
	ctx: Context,
	upload: PendingUpload,
	data: Buffer,
	itemIndex: number,
): Promise<string> {
	const dataUri = `data:${upload.binary.mimeType};base64,${data.toString('base64')}`;
	const request =
		upload.kind === 'image'
			? {
					method: 'POST' as const,
					path: IMAGE_UPLOAD_PATH,
					body: { init_image: dataUri },
					idempotent: false,
				}
			: {
					method: 'POST' as const,
					path: FILE_UPLOAD_PATH,
					body: { base64_string: dataUri },
					idempotent: false,
				};
	const answer: IDataObject = await modelsLabRequest(ctx, request, { itemIndex });
	const output = Array.isArray(answer.output) ? answer.output : [];
	const url = output.find(
		(entry): entry is string => typeof entry === 'string' && /^https?:\/\//.test(entry),
	);
	if (!url) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${upload.label}: ModelsLab's upload answered no URL`,
			{
				itemIndex,
				description: `Answer: ${JSON.stringify(answer).slice(0, 300)}`,
			},
		);
	}
	return url;
}
