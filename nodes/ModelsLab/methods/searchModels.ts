/**
 * The Model field's "From list" mode: searches ModelsLab's model catalogue
 * (GET /v7/models?search=…&feature=…&key=…) with the user's credential, filtered to the models that
 * fit the chosen operation (image, video or audio). A failure is thrown as an error n8n shows in
 * the dropdown, with what to do; the node itself is unaffected and "By ID" always works.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { modelsLabRequest } from '../../shared/transport';
import { findEntry, modelFeatureOf } from '../catalogue';

export const MODELS_PER_PAGE = 50;

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The list in a search answer: `data: [...]` or, paginated, `data: { items: [...] }`. */
function modelsIn(body: IDataObject): IDataObject[] {
	const data = body.data as unknown;
	const list = Array.isArray(data)
		? data
		: Array.isArray((data as IDataObject | undefined)?.items)
			? ((data as IDataObject).items as unknown[])
			: [];
	return list.filter(
		(item): item is IDataObject =>
			typeof item === 'object' && item !== null && !Array.isArray(item),
	);
}

/** One dropdown row: the name people know, the id ModelsLab needs. Undefined without a model_id. */
export function toListItem(model: IDataObject): INodeListSearchItems | undefined {
	const id = text(model.model_id);
	if (!id) return undefined;
	const name = text(model.model_name) ?? text(model.name);
	const details = [text(model.provider), text(model.description)].filter(Boolean).join(' · ');
	return {
		name: name && name !== id ? `${name} (${id})` : id,
		value: id,
		...(details ? { description: details } : {}),
	};
}

function totalOf(body: IDataObject): number | undefined {
	const meta = body.meta as IDataObject | undefined;
	const total = Number(meta?.total ?? (body.data as IDataObject | undefined)?.total);
	return Number.isFinite(total) ? total : undefined;
}

export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const resource = String(this.getCurrentNodeParameter('resource') ?? '');
	const operation = String(this.getCurrentNodeParameter('operation') ?? '');
	const entry = findEntry(resource, operation);
	const feature = entry ? modelFeatureOf(entry) : undefined;
	const page = Math.max(1, Number(paginationToken) || 1);
	const qs: IDataObject = { page, per_page: MODELS_PER_PAGE };
	const search = filter?.trim();
	if (search) qs.search = search;
	if (feature) qs.feature = feature;

	let body: IDataObject;
	try {
		// A dropdown should answer quickly: no waiting out a 429, one retry of a failed read.
		body = await modelsLabRequest(
			this,
			{
				method: 'GET',
				path: '/v7/models',
				qs,
				idempotent: true,
				keyInQuery: true,
				timeoutMs: 20_000,
			},
			{ maxRateLimitRetries: 0, maxTransientRetries: 1 },
		);
	} catch (error) {
		const reason = (error as Error).message.replace(/^ModelsLab: /, '');
		throw new NodeOperationError(this.getNode(), `Could not search ModelsLab's models: ${reason}`, {
			description:
				'Choose "By ID" in the Model field and type the model ID (find it at https://modelslab.com/models), or check the ModelsLab credential.',
		});
	}

	const models = modelsIn(body);
	const results = models
		.map(toListItem)
		.filter((item): item is INodeListSearchItems => item !== undefined);
	const total = totalOf(body);
	const more =
		total !== undefined ? page * MODELS_PER_PAGE < total : models.length >= MODELS_PER_PAGE;
	return { results, ...(more ? { paginationToken: String(page + 1) } : {}) };
}
