/**
 * Building the request for one item from the catalogue entry (or the Custom Endpoint settings):
 * only the fields the user set are sent, each under the key and in the shape the chosen API
 * version expects. Everything is checked before any job is submitted, so a typo costs nothing.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { entryVersion, findEntry } from '../catalogue';
import type {
	ApiVersion,
	CatalogueEntry,
	CatalogueField,
	FetchCategory,
	OutputKind,
} from '../catalogue/types';
import type { ModelsLabRequest } from '../../shared/transport';
import { CUSTOM_ENDPOINT } from '../description/jobProperties';
import { readOptions } from './options';
import { NODE_FIELDS, isEmpty, parseJsonObject, parseJsonValue, toList } from './jsonFields';
import { planCustom } from './planCustom';
import type { PendingUpload } from './uploads';
import {
	INPUT_BINARY,
	binaryFieldName,
	inputTypeName,
	isFileField,
} from '../description/fileFields';
import { planFileUploads } from './uploads';

export interface RequestPlan {
	itemIndex: number;
	request: ModelsLabRequest;
	fetch: FetchCategory;
	output: OutputKind;
	/** Whether ModelsLab takes `webhook` and `track_id` in the body for this endpoint. */
	acceptsWebhook: boolean;
	acceptsTrackId: boolean;
	trackId?: string;
	/** Label for messages, e.g. `image › Text to Image (v6)`. */
	label: string;
	/** Binary files of the input item to upload just before the submit; their URLs go into the body (submit.ts). */
	uploads?: PendingUpload[];
	/** Set once the uploads are done and their URLs are in the body. */
	uploaded?: boolean;
}

function fieldValue(
	ctx: IExecuteFunctions,
	field: CatalogueField,
	raw: unknown,
	version: ApiVersion,
	itemIndex: number,
): unknown {
	let value = raw;
	if (field.type === 'number') {
		value = typeof raw === 'string' ? Number(raw) : raw;
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			throw new NodeOperationError(ctx.getNode(), `${field.label} must be a number`, { itemIndex });
		}
		const min = field.rangeIn?.[version]?.min ?? field.min;
		const max = field.rangeIn?.[version]?.max ?? field.max;
		if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
			const under = field.rangeIn?.[version] ? ` under ${version}` : '';
			throw new NodeOperationError(
				ctx.getNode(),
				`${field.label} is ${value}, outside ModelsLab's range of ${min ?? '-∞'} to ${max ?? '∞'}${under}`,
				{ itemIndex },
			);
		}
	}
	// Values saved before a field's documented type was corrected, or given by an expression,
	// are sent in the type ModelsLab documents: "yes"/"no" for a boolean, a number for a string.
	if (field.type === 'boolean' && typeof raw === 'string') {
		const text = raw.trim().toLowerCase();
		if (text === 'yes' || text === 'true') value = true;
		else if (text === 'no' || text === 'false') value = false;
		else
			throw new NodeOperationError(
				ctx.getNode(),
				`${field.label} must be true or false, not "${raw}"`,
				{ itemIndex },
			);
	}
	if ((field.type === 'string' || field.type === 'text') && typeof raw === 'number')
		value = String(raw);
	if (field.type === 'json') value = parseJsonValue(ctx, raw, field.label, itemIndex);
	if (field.type === 'urlList') value = toList(raw);
	const asArray = Array.isArray(field.sendAsArray)
		? field.sendAsArray.includes(version)
		: field.sendAsArray === true;
	if (asArray && !Array.isArray(value)) value = toList(value);
	if (field.maxItems !== undefined && Array.isArray(value) && value.length > field.maxItems) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${field.label} has ${value.length} entries; ModelsLab takes at most ${field.maxItems}`,
			{ itemIndex, description: 'Remove entries, or split them over several items.' },
		);
	}
	return value;
}

function sendsArray(field: CatalogueField, version: ApiVersion): boolean {
	return (
		field.type === 'urlList' ||
		(Array.isArray(field.sendAsArray)
			? field.sendAsArray.includes(version)
			: field.sendAsArray === true)
	);
}

function fieldApplies(field: CatalogueField, version: ApiVersion): boolean {
	return !field.versions || field.versions.includes(version);
}

function bodyFromEntry(
	ctx: IExecuteFunctions,
	entry: CatalogueEntry,
	version: ApiVersion,
	itemIndex: number,
) {
	const body: IDataObject = {};
	const uploads: PendingUpload[] = [];
	/** A file field given as a binary property: placeholders now, URLs after the upload. */
	const fromBinary = (field: CatalogueField, property: unknown) => {
		const key = field.renameIn?.[version] ?? field.name;
		const planned = planFileUploads(
			ctx,
			field,
			key,
			property,
			itemIndex,
			sendsArray(field, version),
		);
		body[key] = planned.value;
		uploads.push(...planned.uploads);
	};
	const pathValues: Record<string, string> = {};
	if (entry.modelId && (!entry.modelId.versions || entry.modelId.versions.includes(version))) {
		const modelId = ctx.getNodeParameter('modelId', itemIndex, '', {
			extractValue: true,
		}) as unknown;
		if (!isEmpty(modelId)) body.model_id = String(modelId).trim();
		else if (entry.modelId.required) {
			throw new NodeOperationError(ctx.getNode(), 'Model ID is required', {
				itemIndex,
				description: entry.modelId.examples.length
					? `Give a ModelsLab model ID, e.g. ${entry.modelId.examples.slice(0, 3).join(', ')}.`
					: 'Give a ModelsLab model ID: pick one from the Model list.',
			});
		}
	}
	for (const field of entry.required) {
		if (!fieldApplies(field, version)) continue;
		if (
			isFileField(field) &&
			ctx.getNodeParameter(inputTypeName(field), itemIndex, '') === INPUT_BINARY
		) {
			fromBinary(field, ctx.getNodeParameter(binaryFieldName(field), itemIndex, ''));
			continue;
		}
		const raw = ctx.getNodeParameter(field.name, itemIndex, undefined) as unknown;
		if (isEmpty(raw)) {
			throw new NodeOperationError(ctx.getNode(), `${field.label} is required`, {
				itemIndex,
				description: field.description,
			});
		}
		const value = fieldValue(ctx, field, raw, version, itemIndex);
		if (entry.pathParams?.includes(field.name)) {
			pathValues[field.name] = encodeURIComponent(String(value));
			continue;
		}
		if (field.type === 'json' && entry.keyIn === 'header') {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				throw new NodeOperationError(ctx.getNode(), `${field.label} must be a JSON object`, {
					itemIndex,
				});
			}
			Object.assign(body, value as IDataObject);
		} else body[field.renameIn?.[version] ?? field.name] = value as IDataObject[string];
	}
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const field of entry.optional) {
		if (!fieldApplies(field, version)) continue;
		const property = isFileField(field) ? additional[binaryFieldName(field)] : undefined;
		if (!isEmpty(property)) {
			fromBinary(field, property);
			continue;
		}
		if (!(field.name in additional)) continue;
		const raw = additional[field.name];
		if (isEmpty(raw)) continue;
		body[field.renameIn?.[version] ?? field.name] = fieldValue(
			ctx,
			field,
			raw,
			version,
			itemIndex,
		) as IDataObject[string];
	}
	return { body, pathValues, uploads };
}

function fillPath(path: string, values: Record<string, string>): string {
	return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

function planFromEntry(
	ctx: IExecuteFunctions,
	entry: CatalogueEntry,
	itemIndex: number,
): RequestPlan {
	const versionParameter =
		entry.versions.length > 1 ? (ctx.getNodeParameter('apiVersion', itemIndex, '') as string) : '';
	let endpoint;
	try {
		endpoint = entryVersion(entry, versionParameter || undefined);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	const { body, pathValues, uploads } = bodyFromEntry(ctx, entry, endpoint.version, itemIndex);
	return {
		itemIndex,
		request: {
			method: entry.method,
			path: fillPath(endpoint.path, pathValues),
			body,
			idempotent: false,
		},
		fetch: endpoint.fetch,
		output: entry.output,
		acceptsWebhook: entry.acceptsWebhook !== false,
		acceptsTrackId: entry.acceptsTrackId !== false,
		label: `${entry.resource} › ${entry.name} (${endpoint.version})`,
		...(uploads.length ? { uploads } : {}),
	};
}

/** The request for one item, with the user's extra fields and track ID applied. */
export function planRequest(ctx: IExecuteFunctions, itemIndex: number): RequestPlan {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	let plan: RequestPlan;
	if (operation === CUSTOM_ENDPOINT) plan = planCustom(ctx, itemIndex);
	else {
		const entry = findEntry(resource, operation);
		if (!entry) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Unknown operation "${operation}" for resource "${resource}"`,
				{
					itemIndex,
				},
			);
		}
		plan = planFromEntry(ctx, entry, itemIndex);
	}
	const options = readOptions(ctx, itemIndex);
	const extra = parseJsonObject(ctx, options.extraFields, 'Extra Body Fields', itemIndex);
	for (const [key, value] of Object.entries(extra)) {
		if (NODE_FIELDS.has(key)) {
			throw new NodeOperationError(ctx.getNode(), `Extra Body Fields may not set "${key}"`, {
				itemIndex,
				description: 'The node sets the API key, webhook and track_id itself.',
			});
		}
		if (plan.uploads?.some((upload) => upload.key === key)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Extra Body Fields may not set "${key}": it comes from a binary file`,
				{
					itemIndex,
					description:
						'Remove it from Extra Body Fields, or give the file as a URL instead of a binary property.',
				},
			);
		}
		plan.request.body![key] = value;
	}
	for (const key of NODE_FIELDS) delete plan.request.body![key];
	if (plan.acceptsTrackId) plan.trackId = options.trackId;
	return plan;
}
