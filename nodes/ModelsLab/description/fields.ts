/** Turns a catalogue field into an n8n parameter. The only place that mapping lives. */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { CatalogueField } from '../catalogue/types';

function defaultOf(field: CatalogueField): INodeProperties['default'] {
	if (field.modelsLabDefault !== undefined) return field.modelsLabDefault;
	switch (field.type) {
		case 'number':
			return field.min !== undefined && field.min > 0 ? field.min : 0;
		case 'boolean':
			return false;
		case 'options':
			return field.options?.[0]?.value ?? '';
		case 'json':
			return '{}';
		default:
			return '';
	}
}

function describe(field: CatalogueField): string {
	const parts = [field.description];
	if (field.type === 'number' && (field.min !== undefined || field.max !== undefined)) {
		const range =
			field.min !== undefined && field.max !== undefined
				? `from ${field.min} to ${field.max}`
				: field.min !== undefined
					? `at least ${field.min}`
					: `at most ${field.max}`;
		if (!field.description.includes(range)) parts.push(`Range: ${range}.`);
	}
	if (field.type === 'urlList')
		parts.push('One URL per line (or separated by commas), or an array from an expression.');
	return parts.join(' ');
}

/** The n8n parameter for a catalogue field. `displayOptions` is omitted inside collections. */
export function toParameter(
	field: CatalogueField,
	required: boolean,
	displayOptions?: IDisplayOptions,
): INodeProperties {
	const parameter: INodeProperties = {
		displayName: field.label,
		name: field.name,
		type: 'string',
		default: defaultOf(field),
		description: describe(field),
	};
	if (required) parameter.required = true;
	if (displayOptions) parameter.displayOptions = displayOptions;
	if (field.placeholder) parameter.placeholder = field.placeholder;
	switch (field.type) {
		case 'text':
			parameter.typeOptions = { rows: 3 };
			break;
		case 'urlList':
			parameter.typeOptions = { rows: 2 };
			break;
		case 'number':
			parameter.type = 'number';
			parameter.typeOptions = {};
			if (field.min !== undefined) parameter.typeOptions.minValue = field.min;
			if (field.max !== undefined) parameter.typeOptions.maxValue = field.max;
			if (
				!Number.isInteger(field.min ?? 0) ||
				!Number.isInteger(field.max ?? 0) ||
				!Number.isInteger(defaultOf(field))
			) {
				parameter.typeOptions.numberPrecision = 2;
			}
			break;
		case 'boolean':
			parameter.type = 'boolean';
			break;
		case 'options':
			parameter.type = 'options';
			parameter.options = (field.options ?? []).map(
				(option): INodePropertyOptions => ({
					name: option.name,
					value: option.value as string | number,
					...(option.description ? { description: option.description } : {}),
				}),
			);
			break;
		case 'json':
			parameter.type = 'json';
			break;
		default:
			break;
	}
	return parameter;
}
