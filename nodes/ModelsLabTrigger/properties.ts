/** What the editor shows for the ModelsLab Trigger. */
import type { INodeProperties } from 'n8n-workflow';

import { FETCH_CATEGORIES } from '../shared/fetchCategories';
import { fileOptions } from '../shared/fileOptions';

export const TOKEN_QUERY = 'token';
export const WEBHOOK_PATH = 'modelslab';
export const MIN_TOKEN_LENGTH = 16;
/**
 * Ids n8n's store keeps per trigger by default. n8n keeps them all in one database row that it
 * reads and rewrites on every check, so the cost per callback grows with this number (bench 1:
 * 0.73× Webhook + IF on 2.41.1 with 9,000 ids). ModelsLab resends only what was not answered 2xx
 * (workflows: up to 3 retries with backoff; generations: best effort), so repeats come within
 * minutes; 1,000 ids cover that at a callback every few seconds, and this process remembers 10,000
 * more for webhook() besides.
 */
export const DEFAULT_HISTORY_SIZE = 1000;

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Give ModelsLab this node\'s Production URL with <code>?token=</code> and your Callback Token appended, as the <code>webhook</code> of a request (the ModelsLab node does it with "Don\'t Wait" and Callback URL).',
		name: 'urlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Callback Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 3c9b1f0e6a7d4e21b5c8f9a0d2e4b6c8',
		description:
			'A secret of at least 16 characters that every callback URL must carry as <code>?token=</code>. Calls without it get 401, with a wrong one 403, and start nothing. Any long random string works (for example from a password manager).',
	},
	{
		displayName: 'Verify With ModelsLab',
		name: 'verifyWithModelsLab',
		type: 'boolean',
		default: false,
		description:
			'Whether to fetch each job from ModelsLab with your API key and emit what ModelsLab says instead of what was posted. An ID ModelsLab does not know is rejected. If ModelsLab gives no answer within 20 s (it is asked again after a 429 or 5xx), the callback is emitted as posted with <code>verified: false</code>. Costs one API call per callback.',
	},
	{
		displayName: 'Job Type',
		name: 'verifyJobType',
		type: 'options',
		default: 'auto',
		displayOptions: { show: { verifyWithModelsLab: [true] } },
		options: [
			{
				name: 'Any (Try Each Type)',
				value: 'auto',
				description: 'Ask each fetch endpoint until one knows the job',
			},
			...Object.entries(FETCH_CATEGORIES).map(([value, category]) => ({
				name: category.name,
				value,
			})),
		],
		description: 'Which fetch endpoint knows the jobs this trigger receives',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...fileOptions(false),
			{
				displayName: 'Emit Progress',
				name: 'emitProgress',
				type: 'boolean',
				default: false,
				description:
					'Whether to emit intermediate callbacks (processing, training stages such as deploying_gpu) on a third output, Progress. Off: they are acknowledged and nothing runs.',
			},
			{
				displayName: 'Remembered Job IDs',
				name: 'historySize',
				type: 'number',
				default: DEFAULT_HISTORY_SIZE,
				typeOptions: { minValue: 100 },
				description:
					"How many job IDs n8n's database remembers to drop repeated deliveries, also after a restart; the oldest are forgotten first. Each check rewrites the whole list, so a larger number makes every callback slower.",
			},
		],
	},
];
