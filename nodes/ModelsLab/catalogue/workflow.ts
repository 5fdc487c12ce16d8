import { docs } from './sources';
import type { CatalogueEntry } from './types';

/*
 * Workflows (DOCS workflows-api/*.mdx): base /v1/workflows, key in a `key` header.
 * Run answers 202 with execution_id; the run is fetched at GET /v1/workflows/{wid}/runs/{eid}
 * (FETCH_CATEGORIES.workflow with id `<workflowId>/runs/<executionId>`). The callback URL is
 * configured on the workflow itself, not sent per request.
 */

export const workflowEndpoints: CatalogueEntry[] = [
	{
		resource: 'workflow', operation: 'run', name: 'Run',
		action: 'Run a ModelsLab workflow',
		description: 'Starts a workflow built in the ModelsLab workflow editor with your inputs and returns its outputs.',
		versions: [{ version: 'v1', path: '/v1/workflows/{workflowId}/run', fetch: 'workflow' }],
		source: {
			...docs('workflows-api/run-workflow.mdx', 'workflows-api/overview.mdx', 'workflows-api/get-execution-status.mdx'),
			also: [docs('webhooks.mdx')],
		},
		method: 'POST', output: 'workflow',
		keyIn: 'header',
		pathParams: ['workflowId'],
		acceptsTrackId: false,
		acceptsWebhook: false,
		notice:
			'ModelsLab sends workflow callbacks to the webhook URL configured on the workflow itself, not to one given per run. Set it in the ModelsLab workflow settings if you want callbacks; otherwise the node polls the run.',
		required: [
			{
				name: 'workflowId', label: 'Workflow ID', type: 'string', placeholder: '3f2b6c1e-8a4d-4e2f-9c7b-1d5e6f7a8b9c',
				description: 'UUID of the workflow to run, from the ModelsLab workflow editor or its API page.',
			},
			{
				name: 'inputs', label: 'Inputs', type: 'json', placeholder: '{"prompt": "a beautiful sunset over mountains", "width": 1024}',
				description:
					'JSON object with the workflow\'s own parameters. Its keys are merged into the request body as they are; each workflow defines its own (see its schema in ModelsLab).',
			},
		],
		optional: [],
	},
];
