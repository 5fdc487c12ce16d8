/**
 * How results come out: Simplify (a top-level switch, as n8n's UX guidelines ask) and Split Into
 * Items (in Options). Simplify is on by default from node version 1.1; version 1 nodes keep the
 * full output they have always had, so existing workflows do not change. As an AI agent's tool the
 * node answers with a short result instead (job/toolOutput.ts); Include Full Response, shown only
 * on the tool, asks for the whole payload.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The node version that made Simplify the default. */
export const SIMPLIFY_DEFAULT_VERSION = 1.1;

const SIMPLIFY_DESCRIPTION =
	'Whether to return only the status, ID, track ID, output URLs and message of each job (and any download errors) instead of the full payload ModelsLab sent';

export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: { show: { '@version': [1] }, hide: { '@tool': [true] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: {
			show: { '@version': [SIMPLIFY_DEFAULT_VERSION] },
			hide: { '@tool': [true] },
		},
	},
	{
		displayName: 'Include Full Response',
		name: 'includeFullResponse',
		type: 'boolean',
		default: false,
		description:
			'Whether to give the agent the full payload ModelsLab sent for each job instead of a short result (status, ID, file URLs and a one-line summary). The full payload costs the model many more tokens.',
		displayOptions: { show: { '@tool': [true] } },
	},
];

/** Goes into the Options collection. */
export const splitIntoItemsOption: INodeProperties = {
	displayName: 'Split Into Items',
	name: 'splitIntoItems',
	type: 'boolean',
	default: false,
	description:
		"Whether to output one item per generated file, each with the file in its binary property and the job's fields, instead of one item per job with every file on it",
};
