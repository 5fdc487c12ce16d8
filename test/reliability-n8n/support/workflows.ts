/**
 * Workflows of the real-n8n reliability suites, built with the e2e suite's node builders.
 *
 * "dedupe trigger": ModelsLab Trigger (no downloads) → Success → Emitted; Failed → Emitted Failed.
 *   Lean on purpose: what is measured is the trigger's dedupe, and every emission leaves one item
 *   on "Emitted" in n8n's database.
 * "faults": three chains, one per webhook path, each ending in a NoOp whose input the tests read:
 *   POST /webhook/rel-callback {prompts[]} → Split → ModelsLab Callback (resume on callback) → Done Callback
 *   POST /webhook/rel-poll     {prompts[]} → Split → ModelsLab Poll (by polling, every 1 s)  → Done Poll
 *   POST /webhook/rel-get      {requestId} → ModelsLab Get Result (Job › Get Result)         → Done Get
 */
import {
	PKG,
	credentials,
	modelsLab,
	node,
	noOp,
	split,
	to,
	webhook,
	type Workflow,
	type WorkflowNode,
} from '../../e2e/support/workflows';

export const DEDUPE = {
	workflowId: 'relDedupeTrig001',
	webhookId: '7d3f9a2e-1c4b-4e8a-b6d5-2f0e0e2e0d01',
	token: 'rel-dedupe-token-5e8c1a9f2b7d4c60',
	trigger: 'ModelsLab Trigger',
	emitted: 'Emitted',
	emittedFailed: 'Emitted Failed',
} as const;
/** The trigger's production path below `<webhookUrl>webhook/`. */
export const DEDUPE_PATH = `${DEDUPE.webhookId}/modelslab`;

export function dedupeWorkflow(): Workflow {
	const trigger: WorkflowNode = {
		...node(DEDUPE.trigger, `${PKG}.modelsLabTrigger`, 1, 0, 0, {
			token: DEDUPE.token,
			verifyWithModelsLab: false,
			options: { downloadFiles: false },
		}),
		webhookId: DEDUPE.webhookId,
	};
	return {
		id: DEDUPE.workflowId,
		name: 'Reliability: dedupe trigger',
		nodes: [trigger, noOp(DEDUPE.emitted, 220, -100), noOp(DEDUPE.emittedFailed, 220, 100)],
		connections: { [DEDUPE.trigger]: { main: [to(DEDUPE.emitted), to(DEDUPE.emittedFailed)] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

export const FAULTS = {
	workflowId: 'relFaultsFlow001',
	paths: { callback: 'rel-callback', poll: 'rel-poll', get: 'rel-get' },
	callback: 'ModelsLab Callback',
	poll: 'ModelsLab Poll',
	get: 'ModelsLab Get Result',
	doneCallback: 'Done Callback',
	donePoll: 'Done Poll',
	doneGet: 'Done Get',
} as const;

export function faultsWorkflow(): Workflow {
	const getResult: WorkflowNode = {
		...node(FAULTS.get, `${PKG}.modelsLab`, 1, 220, 400, {
			resource: 'job',
			operation: 'getResult',
			requestId: '={{ $json.body.requestId }}',
			fetchCategory: 'imagesV6',
			failedJobs: 'sameOutput',
			options: {},
		}),
		credentials,
	};
	return {
		id: FAULTS.workflowId,
		name: 'Reliability: faults',
		nodes: [
			webhook('Callback Webhook', FAULTS.paths.callback, 0),
			split('Split Callback', 0),
			modelsLab(FAULTS.callback, 0, { waitMode: 'callback' }, { timeoutMinutes: 10 }),
			noOp(FAULTS.doneCallback, 660, 0),
			webhook('Poll Webhook', FAULTS.paths.poll, 200),
			split('Split Poll', 200),
			modelsLab(FAULTS.poll, 200, { waitMode: 'poll' }, { pollInterval: 1, timeoutMinutes: 5 }),
			noOp(FAULTS.donePoll, 660, 200),
			webhook('Get Webhook', FAULTS.paths.get, 400),
			getResult,
			noOp(FAULTS.doneGet, 660, 400),
		],
		connections: {
			'Callback Webhook': { main: [to('Split Callback')] },
			'Split Callback': { main: [to(FAULTS.callback)] },
			[FAULTS.callback]: { main: [to(FAULTS.doneCallback)] },
			'Poll Webhook': { main: [to('Split Poll')] },
			'Split Poll': { main: [to(FAULTS.poll)] },
			[FAULTS.poll]: { main: [to(FAULTS.donePoll)] },
			'Get Webhook': { main: [to(FAULTS.get)] },
			[FAULTS.get]: { main: [to(FAULTS.doneGet)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
