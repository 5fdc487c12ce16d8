/**
 * The node's Resource → Operation → fields UI, generated from the endpoint catalogue. Adding an
 * endpoint to the catalogue adds it here; nothing in this file names an endpoint.
 */
import type { INodeProperties } from 'n8n-workflow';

import { CATALOGUE, RESOURCES } from '../catalogue';
import type { CatalogueEntry, CatalogueField } from '../catalogue/types';
import { isFileField, optionalFileParameter, requiredFileParameters } from './fileFields';
import { toParameter } from './fields';
import { ACCOUNT_RESOURCE, accountOperations, accountResource } from './accountProperties';

export const JOB_RESOURCE = 'job';

function show(entry: CatalogueEntry, versions?: string[]) {
	const conditions: Record<string, string[]> = {
		resource: [entry.resource],
		operation: [entry.operation],
	};
	if (versions && entry.versions.length > 1) conditions.apiVersion = versions;
	return { show: conditions };
}

/** Inside a collection: shown only under the API versions the field exists in. */
function versionCondition(entry: CatalogueEntry, versions?: string[]) {
	return versions && entry.versions.length > 1
		? { displayOptions: { show: { '/apiVersion': versions } } }
		: {};
}

function operationPicker(
	resource: string,
	entries: CatalogueEntry[],
	extra: INodeProperties['options'] = [],
): INodeProperties {
	const firstExtra = extra?.[0];
	const firstOperation =
		entries[0]?.operation ?? (firstExtra && 'value' in firstExtra ? String(firstExtra.value) : '');
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			...entries.map((entry) => ({
				name: entry.name,
				value: entry.operation,
				action: entry.action,
				description: entry.description,
			})),
			...(extra ?? []),
		],
		default: firstOperation,
	};
}

function versionPicker(entry: CatalogueEntry): INodeProperties[] {
	if (entry.versions.length < 2) return [];
	const defaultVersion = entry.versions[0].version;
	return [
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			displayOptions: show(entry),
			options: entry.versions.map((version) => ({
				name: `${version.version} (${version.path})`,
				value: version.version,
			})),
			default: defaultVersion,
			description:
				'Which generation of the ModelsLab API to call. v7 serves the newest third-party models (Veo, Kling, Seedance, ElevenLabs…); v6 serves open and community models.',
		},
	];
}

/** The Model field: search ModelsLab's models by name, or give any model ID (expressions too). */
function modelIdField(entry: CatalogueEntry): INodeProperties[] {
	if (!entry.modelId) return [];
	const examples = entry.modelId.examples.map((example) => `<code>${example}</code>`).join(', ');
	const intro =
		entry.modelId.description ?? 'The ModelsLab model to run: any public model or one you trained.';
	const optional = entry.modelId.required ? '' : " Leave empty for ModelsLab's default.";
	const byId = examples
		? `Search by name, or choose By ID for a model the list does not show (your own trained models, for example): ${examples}.`
		: 'Search by name, or choose By ID for a model the list does not show.';
	const modelDescription = `${intro} ${byId}${optional}`;
	return [
		{
			displayName: 'Model',
			name: 'modelId',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: entry.modelId.required,
			displayOptions: show(entry, entry.modelId.versions),
			description: modelDescription,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Search ModelsLab models…',
					typeOptions: { searchListMethod: 'searchModels', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: entry.modelId.examples[0] ? `e.g. ${entry.modelId.examples[0]}` : 'Model ID',
				},
			],
		},
	];
}

function additionalFields(entry: CatalogueEntry): INodeProperties[] {
	if (entry.optional.length === 0) return [];
	return [
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show(entry),
			description:
				'Optional ModelsLab fields. Only the fields you add are sent; ModelsLab uses its own default for the others.',
			options: [...entry.optional]
				.sort((a, b) => a.label.localeCompare(b.label))
				.flatMap((field) => [
					{ ...toParameter(field, false), ...versionCondition(entry, field.versions) },
					// A file field's binary alternative sits next to it (same sort key, then "(Binary File)").
					...(isFileField(field)
						? [{ ...optionalFileParameter(field), ...versionCondition(entry, field.versions) }]
						: []),
				]),
		},
	];
}

function notice(entry: CatalogueEntry): INodeProperties[] {
	if (!entry.notice) return [];
	return [
		{
			displayName: entry.notice,
			name: 'operationNotice',
			type: 'notice',
			default: '',
			displayOptions: show(entry),
		},
	];
}

/** A required field; a file field also gets its Input Type choice and binary property. */
function requiredParameters(entry: CatalogueEntry, field: CatalogueField): INodeProperties[] {
	const { show: conditions } = show(entry, field.versions);
	if (!isFileField(field)) return [toParameter(field, true, { show: conditions })];
	const file = requiredFileParameters(field, conditions);
	return [...file.before, toParameter(field, true, { show: file.urlOnly }), ...file.after];
}

export function entryProperties(entry: CatalogueEntry): INodeProperties[] {
	return [
		...notice(entry),
		...versionPicker(entry),
		...modelIdField(entry),
		...entry.required.flatMap((field) => requiredParameters(entry, field)),
		...additionalFields(entry),
	];
}

const resourceOptions = [
	...RESOURCES.map((resource) => ({
		name: resource.name,
		value: resource.value,
		description: resource.description,
	})),
	{
		name: 'Job',
		value: JOB_RESOURCE,
		description: 'Fetch a job by request ID, or call any ModelsLab endpoint',
	},
	accountResource,
];

const firstResource = RESOURCES[0].value;

export const resourcePicker: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resourceOptions,
	default: firstResource,
};

export function operationPickers(
	jobOperations: NonNullable<INodeProperties['options']>,
): INodeProperties[] {
	const pickers = RESOURCES.map((resource) =>
		operationPicker(
			resource.value,
			CATALOGUE.filter((entry) => entry.resource === resource.value),
		),
	);
	pickers.push(operationPicker(JOB_RESOURCE, [], jobOperations));
	pickers.push(operationPicker(ACCOUNT_RESOURCE, [], accountOperations));
	return pickers;
}

export const catalogueProperties: INodeProperties[] = CATALOGUE.flatMap(entryProperties);
