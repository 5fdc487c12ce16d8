/** How the node waits for a job, where its results go, and the options shared by all operations. */
import type { INodeProperties } from 'n8n-workflow';

import { fileOptions } from '../../shared/fileOptions';
import { splitIntoItemsOption } from './outputProperties';
import { GET_RESULT } from './jobProperties';
import { GET_BALANCE } from './accountProperties';

export const WAIT_CALLBACK = 'callback';
export const WAIT_POLL = 'poll';
export const WAIT_NONE = 'none';

export const SEPARATE_OUTPUT = 'separateOutput';
export const SAME_OUTPUT = 'sameOutput';

const submitting = { hide: { operation: [GET_RESULT, GET_BALANCE] } };

export const waitProperties: INodeProperties[] = [
	{
		displayName: 'Wait for Result',
		name: 'waitMode',
		type: 'options',
		default: WAIT_CALLBACK,
		displayOptions: submitting,
		options: [
			{
				name: 'Until ModelsLab Calls Back',
				value: WAIT_CALLBACK,
				description:
					'The execution pauses, costs nothing while it waits, and resumes when ModelsLab posts the result. ModelsLab must be able to reach this n8n over HTTPS.',
			},
			{
				name: 'By Polling',
				value: WAIT_POLL,
				description:
					'The node asks ModelsLab for the result until it is ready. For an n8n that ModelsLab cannot reach (local, behind a firewall).',
			},
			{
				name: "Don't Wait",
				value: WAIT_NONE,
				description:
					'Return the request ID and ETA at once. Send the result to a ModelsLab Trigger with Callback URL.',
			},
		],
		description:
			"How the workflow gets the finished job. As an AI agent's tool the node polls instead of pausing, and downloads files only when Download Files is set.",
	},
	{
		displayName:
			'The execution waits until every item\'s job has finished, then continues with one result per item. ModelsLab must reach this n8n: a local n8n needs a public URL (WEBHOOK_URL) or "By Polling".',
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { waitMode: [WAIT_CALLBACK] },
			hide: { operation: [GET_RESULT, GET_BALANCE] },
		},
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/3f0c…/modelslab?token=…',
		displayOptions: {
			show: { waitMode: [WAIT_NONE] },
			hide: { operation: [GET_RESULT, GET_BALANCE] },
		},
		description:
			'Where ModelsLab posts the result, e.g. the URL of a ModelsLab Trigger node (with its token). Leave empty for no callback.',
	},
	{
		displayName: 'Route Failed Jobs To',
		name: 'failedJobs',
		type: 'options',
		default: SAME_OUTPUT,
		options: [
			{
				name: 'The Same Output (Any N8n Version)',
				value: SAME_OUTPUT,
				description: 'One output; every item has status "success" or "failed"',
			},
			{
				name: 'A Separate Output (N8n 2.39 or Later)',
				value: SEPARATE_OUTPUT,
				description:
					'Two outputs, Success and Failed. On n8n before 2.39 a resumed execution drops the second output: use the same output there.',
			},
		],
		description: 'Where items of failed jobs go',
		displayOptions: { hide: { operation: [GET_BALANCE] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { hide: { operation: [GET_BALANCE] } },
		options: [
			...fileOptions(true),
			splitIntoItemsOption,
			{
				displayName: 'Extra Body Fields',
				name: 'extraFields',
				type: 'json',
				default: '{}',
				description:
					'More fields to send, for options a model takes that the node does not list, e.g. <code>{"lora_model": "more_details"}</code>',
			},
			{
				displayName: 'Max Queued Jobs',
				name: 'concurrency',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1, maxValue: 50 },
				description:
					"Your ModelsLab account's queue cap: 5 (pay as you go), 10 (standard) or 15 (premium). At most this many of the batch's jobs are queued at once; each finished job lets the next item in, so a batch of any size never meets a 429 from its own jobs.",
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1 },
				displayOptions: { show: { '/waitMode': [WAIT_POLL] } },
				description: "Time between checks after ModelsLab's estimate (ETA) has passed",
			},
			{
				displayName: 'Stop Below Balance',
				name: 'stopBelowBalance',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, numberPrecision: 2 },
				displayOptions: { hide: { '/operation': [GET_RESULT] } },
				description:
					"Stop submitting when the ModelsLab wallet holds less than this, in the account's currency (USD). The node checks the balance (free) before the first submit and again every Max Queued Jobs submits, sooner where ModelsLab documents the endpoint's price. Below it, nothing more is submitted: the remaining items fail with the balance left, and jobs already queued still finish. 0 = off. A submit refused for lack of credit (HTTP 402) stops the batch the same way, with or without this.",
			},
			{
				displayName: 'Timeout (Minutes)',
				name: 'timeoutMinutes',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 1 },
				description:
					'How long each job may take. A job still running after it fails its item (fetch it later with Get Result) and frees its place; a batch waits at most Timeout × ceil(items ÷ Max Queued Jobs), after which n8n continues with the input items unchanged (no status), so a timeout is never taken for a success.',
			},
			{
				displayName: 'Track ID',
				name: 'trackId',
				type: 'string',
				default: '',
				placeholder: '={{ $json.orderId }}',
				description:
					'Your own ID for the job, echoed back by ModelsLab in the result. Default: n8n-&lt;execution ID&gt;-&lt;item index&gt;.',
			},
		],
	},
];
