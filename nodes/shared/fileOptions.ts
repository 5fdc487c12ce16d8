/** The file-download options both nodes offer, defined once. */
import type { INodeProperties } from 'n8n-workflow';

const options: INodeProperties[] = [
	{
		displayName: 'Binary Property',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description:
			'Binary property for the first file; more files get <code>_1</code>, <code>_2</code>… appended',
	},
	{
		displayName: 'Download Files',
		name: 'downloadFiles',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the generated files as binary data. Off: items carry only the output URLs (ModelsLab deletes some after 24 hours).',
	},
	{
		displayName: 'Max File Size (MB)',
		name: 'maxFileSizeMb',
		type: 'number',
		default: 200,
		typeOptions: { minValue: 1 },
		description: 'Larger files are not downloaded; the item keeps the URL and says why',
	},
];

/** The options, with Download Files on or off by default. */
export function fileOptions(downloadByDefault: boolean): INodeProperties[] {
	return options.map((option) =>
		option.name === 'downloadFiles' ? { ...option, default: downloadByDefault } : option,
	);
}
