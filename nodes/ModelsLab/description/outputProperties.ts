/**
 * How results come out: Simplify (a top-level switch, as n8n's UX guidelines ask) and Split Into
 * Items (in Options). Simplify is on by default from node version 1.1; version 1 nodes keep the
 * full output they have always had, so existing workflows do not change. As an AI agent's tool the
 * node answers with a short result instead (job/toolOutput.ts); its Output, shown only on the tool,
 * can ask for the whole payload or chosen fields.
 */
import type { INodeProperties } from 'n8n-workflow';

import { GET_BALANCE } from './accountProperties';
/** As an agent's tool: what the agent gets (job/toolOutput.ts). */
export const TOOL_OUTPUT_SIMPLIFIED = 'simplified';
export const TOOL_OUTPUT_RAW = 'raw';
export const TOOL_OUTPUT_SELECTED = 'selected';
/** What Selected Fields offers: the fields of a job's output item, and the summary line. */
export const TOOL_FIELDS = [
	'status',
	'output',
	'summary',
	'message',
	'error',
	'eta',
	'track_id',
	'meta',
	'proxy_links',
	'future_links',
	'generationTime',
	'fetch_result',
	'modelslab_status',
	'downloadErrors',
	'raw',
];

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
		displayOptions: {
			show: { '@version': [1] },
			hide: { operation: [GET_BALANCE], '@tool': [true] },
		},
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: {
			show: { '@version': [SIMPLIFY_DEFAULT_VERSION] },
			hide: { operation: [GET_BALANCE], '@tool': [true] },
		},
	},
	{
		// n8n's UX guidelines, "AI tool nodes: 'Output' parameter": Simplified, Raw, Selected fields.
		displayName: 'Output',
		name: 'toolOutput',
		type: 'options',
		default: TOOL_OUTPUT_SIMPLIFIED,
		description: 'What the agent gets back for each job',
		displayOptions: { show: { '@tool': [true] }, hide: { operation: [GET_BALANCE] } },
		options: [
			{
				name: 'Simplified',
				value: TOOL_OUTPUT_SIMPLIFIED,
				description: 'Status, ID, file URLs, why a job failed and a one-line summary',
			},
			{
				name: 'Raw',
				value: TOOL_OUTPUT_RAW,
				description: 'The full payload ModelsLab sent (many more tokens for the model)',
			},
			{
				name: 'Selected Fields',
				value: TOOL_OUTPUT_SELECTED,
				description: 'Only the fields chosen below, and always the ID',
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'toolFields',
		type: 'multiOptions',
		default: ['status', 'output'],
		description: 'The fields to send to the agent; the job ID is always sent',
		displayOptions: { show: { '@tool': [true], toolOutput: [TOOL_OUTPUT_SELECTED] } },
		options: TOOL_FIELDS.map((field) => ({ name: field, value: field })),
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
