/** Get Result and Custom Endpoint: the two operations that are not catalogue entries. */
import type { INodeProperties } from 'n8n-workflow';

import { FETCH_CATEGORIES } from '../catalogue';
import { JOB_RESOURCE } from './catalogueProperties';

export const GET_RESULT = 'getResult';
export const CUSTOM_ENDPOINT = 'customEndpoint';

export const jobOperations = [
	{
		name: 'Get Result',
		value: GET_RESULT,
		action: 'Get the result of a job',
		description:
			'Fetch a job by its request ID: the way back to a result after a timeout or from another workflow',
	},
	{
		name: 'Custom Endpoint',
		value: CUSTOM_ENDPOINT,
		action: 'Call any ModelsLab endpoint',
		description:
			'Call any ModelsLab endpoint with your own JSON body; waits for the result like the other operations',
	},
];

const fetchCategoryOptions = Object.entries(FETCH_CATEGORIES).map(([value, category]) => ({
	name: category.name,
	value,
	description: `${category.method} ${category.path}`,
}));

const showFor = (operation: string) => ({
	show: { resource: [JOB_RESOURCE], operation: [operation] },
});

export const jobProperties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123456789',
		displayOptions: showFor(GET_RESULT),
		description:
			'The request ID ModelsLab gave the job when it was submitted, or the training ID. For a workflow run give the workflow ID and the execution ID as <code>123/runs/456</code>.',
	},
	{
		displayName: 'Job Type',
		name: 'fetchCategory',
		type: 'options',
		required: true,
		default: 'imagesV6',
		options: fetchCategoryOptions,
		displayOptions: showFor(GET_RESULT),
		description: 'Which fetch endpoint knows the job: the family of the endpoint that created it',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'POST',
		options: [
			{ name: 'POST', value: 'POST' },
			{ name: 'GET', value: 'GET' },
		],
		displayOptions: showFor(CUSTOM_ENDPOINT),
		description: 'HTTP method. Generation endpoints take POST.',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/v6/images/text2img',
		displayOptions: showFor(CUSTOM_ENDPOINT),
		description:
			'The endpoint below the Base URL of the credential, e.g. <code>/v6/images/text2img</code>. The API key is added for you.',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '{\n  "model_id": "flux",\n  "prompt": "a lighthouse at dusk"\n}',
		displayOptions: showFor(CUSTOM_ENDPOINT),
		description: 'The JSON body. Do not add the key, webhook or track_id: the node adds them.',
	},
	{
		displayName: 'Binary Files',
		name: 'binaryFiles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Binary File',
		default: {},
		displayOptions: showFor(CUSTOM_ENDPOINT),
		description:
			'Files of the input item to send: each is uploaded to ModelsLab first (at most 5 MB) and its URL put into the body under the field you name',
		options: [
			{
				displayName: 'File',
				name: 'files',
				values: [
					{
						displayName: 'Body Field',
						name: 'field',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'init_image',
						description:
							'The ModelsLab body field that takes the file URL, e.g. <code>init_image</code> or <code>init_audio</code>',
					},
					{
						displayName: 'Binary Property',
						name: 'property',
						type: 'string',
						default: 'data',
						description:
							"Name of the input item's binary property holding the file. Several names separated by commas send a list of URLs.",
					},
					{
						displayName: 'File Type',
						name: 'kind',
						type: 'options',
						default: 'image',
						options: [
							{ name: 'Image', value: 'image' },
							{ name: 'Audio', value: 'audio' },
							{ name: 'Video', value: 'video' },
						],
						description:
							'What the file is: checked against its MIME type, and it decides the upload endpoint',
					},
				],
			},
		],
	},
	{
		displayName: 'Job Type',
		name: 'fetchCategory',
		type: 'options',
		default: 'imagesV6',
		options: fetchCategoryOptions,
		displayOptions: showFor(CUSTOM_ENDPOINT),
		description:
			'Which fetch endpoint knows jobs of this endpoint; used to poll, and to recover results',
	},
];
