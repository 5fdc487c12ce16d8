/**
 * Custom Endpoint: any ModelsLab path with a JSON body the user writes, and binary files from the
 * input item uploaded into the body fields the user names (job/uploads.ts), with the same checks
 * as the catalogue's file fields.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FetchCategory } from '../catalogue/types';
import { NODE_FIELDS, parseJsonObject } from './jsonFields';
import type { RequestPlan } from './plan';
import type { FileKind, PendingUpload } from './uploads';
import { binaryPropertyNames, planFileUploads } from './uploads';

interface CustomFile {
	field?: string;
	property?: string;
	kind?: FileKind;
}

/** Custom Endpoint's Binary Files: each row's upload, its URL placeholder put into `body`. */
function customUploads(
	ctx: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
): PendingUpload[] {
	const rows = (ctx.getNodeParameter('binaryFiles.files', itemIndex, []) as CustomFile[]) ?? [];
	const uploads: PendingUpload[] = [];
	for (const row of rows) {
		const key = String(row.field ?? '').trim();
		if (!key)
			throw new NodeOperationError(
				ctx.getNode(),
				'Binary Files: every file needs a Body Field, e.g. init_image',
				{ itemIndex },
			);
		if (NODE_FIELDS.has(key)) {
			throw new NodeOperationError(ctx.getNode(), `Binary Files may not set "${key}"`, {
				itemIndex,
				description: 'The node sets the API key, webhook and track_id itself.',
			});
		}
		if (uploads.some((upload) => upload.key === key)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Binary Files: "${key}" is in two rows; give each body field one row`,
				{ itemIndex },
			);
		}
		if (key in body) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Body Field "${key}" is also in the Body: remove it from one of them`,
				{ itemIndex },
			);
		}
		const many = binaryPropertyNames(row.property).length > 1;
		const field = { name: key, label: `Binary Files › ${key}`, type: many ? 'urlList' : 'url' };
		const planned = planFileUploads(
			ctx,
			field,
			key,
			row.property,
			itemIndex,
			many,
			row.kind ?? 'image',
		);
		body[key] = planned.value;
		uploads.push(...planned.uploads);
	}
	return uploads;
}

export function planCustom(ctx: IExecuteFunctions, itemIndex: number): RequestPlan {
	const method = ctx.getNodeParameter('method', itemIndex, 'POST') as 'POST' | 'GET';
	let path = String(ctx.getNodeParameter('path', itemIndex, '')).trim();
	if (!path) throw new NodeOperationError(ctx.getNode(), 'Path is required', { itemIndex });
	if (/^https?:\/\//i.test(path)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Path must be relative to the Base URL, e.g. /v6/images/text2img',
			{
				itemIndex,
				description:
					'The Base URL comes from the ModelsLab credential, so the API key is only ever sent there.',
			},
		);
	}
	if (!path.startsWith('/')) path = `/${path}`;
	const body = parseJsonObject(
		ctx,
		ctx.getNodeParameter('body', itemIndex, '{}'),
		'Body',
		itemIndex,
	);
	const uploads = customUploads(ctx, body, itemIndex);
	return {
		...(uploads.length ? { uploads } : {}),
		itemIndex,
		request: { method, path, body, idempotent: method === 'GET' },
		fetch: ctx.getNodeParameter('fetchCategory', itemIndex, 'imagesV6') as FetchCategory,
		output: 'image',
		acceptsWebhook: true,
		acceptsTrackId: true,
		label: `${method} ${path}`,
	};
}
