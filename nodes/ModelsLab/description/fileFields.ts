/**
 * The editor's side of file fields: every catalogue field of type `url` or `urlList` takes a URL
 * or a binary property of the input item (job/uploads.ts uploads it). These are the parameters
 * that offer the choice, and the names they go by.
 */
import type { INodeProperties } from 'n8n-workflow';

/** What kind of file a field takes, from its ModelsLab key (`init_audio`, `init_video`, else an image). */
export type FileKind = 'image' | 'audio' | 'video';

export interface FileFieldLike {
	name: string;
	label: string;
	type: string;
}

export function isFileField(field: { type: string }): boolean {
	return field.type === 'url' || field.type === 'urlList';
}

export function fileKind(field: { name: string }): FileKind {
	if (/audio/i.test(field.name)) return 'audio';
	if (/video/i.test(field.name)) return 'video';
	return 'image';
}

/** Parameter names next to a file field; camelCase suffixes cannot clash with ModelsLab's snake_case keys. */
export const inputTypeName = (field: { name: string }) => `${field.name}InputType`;
export const binaryFieldName = (field: { name: string }) => `${field.name}BinaryProperty`;

export const INPUT_URL = 'url';
export const INPUT_BINARY = 'binary';

function propertyDescription(field: FileFieldLike): string {
	const many =
		field.type === 'urlList' ? ' Several files: property names separated by commas.' : '';
	return `Name of the input item's binary property holding the ${fileKind(field)} (e.g. from Read/Write Files from Disk or an HTTP Request). It is uploaded to ModelsLab (at most 5 MB) and its URL sent.${many}`;
}

/**
 * For a required file field: the "Input Type" choice before it and the binary property field after
 * it. `show` is the field's own display condition; the URL field itself gets `urlOnly` added.
 */
export function requiredFileParameters(
	field: FileFieldLike,
	show: Record<string, string[]>,
): { before: INodeProperties[]; urlOnly: Record<string, string[]>; after: INodeProperties[] } {
	const inputType = inputTypeName(field);
	return {
		before: [
			{
				displayName: `${field.label} Input Type`,
				name: inputType,
				type: 'options',
				options: [
					{
						name: 'URL',
						value: INPUT_URL,
						description: 'A public URL (or base64, where ModelsLab takes it)',
					},
					{
						name: 'Binary File',
						value: INPUT_BINARY,
						description: 'A file of the input item, uploaded to ModelsLab first',
					},
				],
				default: INPUT_URL,
				displayOptions: { show },
			},
		],
		urlOnly: { ...show, [inputType]: [INPUT_URL] },
		after: [
			{
				displayName: `${field.label} Binary Property`,
				name: binaryFieldName(field),
				type: 'string',
				default: 'data',
				required: true,
				description: propertyDescription(field),
				displayOptions: { show: { ...show, [inputType]: [INPUT_BINARY] } },
			},
		],
	};
}

/** For an optional file field, inside Additional Fields: the binary alternative to its URL. */
export function optionalFileParameter(field: FileFieldLike): INodeProperties {
	return {
		displayName: `${field.label} (Binary File)`,
		name: binaryFieldName(field),
		type: 'string',
		default: 'data',
		description: `${propertyDescription(field)} Used instead of ${field.label}`,
	};
}
