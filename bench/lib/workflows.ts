/**
 * The workflows the benchmarks import into one real n8n. Each comparison puts our node and n8n's
 * own equivalent on the same instance, in workflows of the same shape and size.
 *
 *   "bench: trigger"  ModelsLab Trigger (token + dedupe) → Success → NoOp, Failed → NoOp        (1, A)
 *   "bench: floor"    Webhook → IF ($json.body.status == success) → NoOp / NoOp                 (1, B)
 *   "bench: floor + dedupe"  Webhook → Remove Duplicates (body.id, seen in previous executions,
 *                     n8n's own store) → IF → NoOp / NoOp                                        (1, C)
 *   "bench: actions"  one chain per webhook path:
 *     bench-resume-ml    Webhook → ModelsLab (callback, [sim:lost]) → Done ML                   (2, A)
 *     bench-resume-wait  Webhook → Wait (resume on webhook)          → Done Wait                 (2, B)
 *     bench-cb / bench-poll / bench-peer  Webhook → Split Out prompts → ModelsLab (callback | poll |
 *       poll at a fixed 5 s through an ETA-stripping proxy) → Done <mode>                         (3)
 */
import { randomUUID } from 'node:crypto';

export const PKG = 'n8n-nodes-modelslab';
export const TOKEN = 'bench-callback-token-0123456789abcdef';
export const TRIGGER_WEBHOOK_ID = '7c1f0b9e-be9c-4e8b-9a3c-000000000001';
export const TRIGGER_PATH = `${TRIGGER_WEBHOOK_ID}/modelslab`;
export const FLOOR_PATH = 'bench-floor';
export const FLOOR_DEDUPE_PATH = 'bench-floor-dedupe';
export const IDS = {
	trigger: 'benchTrigger0001',
	floor: 'benchFloor000001',
	floorDedupe: 'benchFloorDedup1',
	actions: 'benchActions0001',
} as const;
export const CRED = {
	id: 'benchSimCred0001',
	name: 'ModelsLab (simulator)',
	type: 'modelsLabApi',
} as const;
export const PEER_CRED = {
	id: 'benchPeerCred001',
	name: 'ModelsLab (simulator, no ETA)',
	type: 'modelsLabApi',
} as const;

export const PATHS = {
	resumeMl: 'bench-resume-ml',
	resumeWait: 'bench-resume-wait',
	cb: 'bench-cb',
	poll: 'bench-poll',
	peer: 'bench-peer',
} as const;
export type DetectMode = 'cb' | 'poll' | 'peer';
export const DONE = {
	resumeMl: 'Done ML',
	resumeWait: 'Done Wait',
	cb: 'Done cb',
	poll: 'Done poll',
	peer: 'Done peer',
} as const;
export const ML = {
	resume: 'ModelsLab Resume',
	cb: 'ModelsLab Callback',
	poll: 'ModelsLab Poll',
	peer: 'ModelsLab Peer 5s',
} as const;

interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}
type Connections = Record<
	string,
	{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
>;

export function node(
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	y: number,
	parameters: Record<string, unknown>,
): WfNode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, y], parameters };
}
const noOp = (name: string, x: number, y: number) => node(name, 'n8n-nodes-base.noOp', 1, x, y, {});
const to = (...names: string[]) =>
	names.map((name) => ({ node: name, type: 'main' as const, index: 0 }));
function webhook(name: string, path: string, y: number): WfNode {
	return {
		...node(name, 'n8n-nodes-base.webhook', 2, 0, y, {
			httpMethod: 'POST',
			path,
			responseMode: 'onReceived',
			options: {},
		}),
		webhookId: randomUUID(),
	};
}
function workflow(id: string, name: string, nodes: WfNode[], connections: Connections) {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** `historySize`: Remembered Job IDs; absent, the node's default (what a user who leaves it gets). */
export function triggerWorkflow(historySize?: number) {
	const options = historySize === undefined ? {} : { historySize };
	const trigger = {
		...node('ModelsLab Trigger', `${PKG}.modelsLabTrigger`, 1, 0, 0, {
			token: TOKEN,
			verifyWithModelsLab: false,
			options,
		}),
		webhookId: TRIGGER_WEBHOOK_ID,
	};
	return workflow(
		IDS.trigger,
		'bench: trigger',
		[trigger, noOp('On Success', 220, -100), noOp('On Failed', 220, 100)],
		{
			'ModelsLab Trigger': { main: [to('On Success'), to('On Failed')] },
		},
	);
}

export function floorWorkflow() {
	const ifNode = succeeded(220);
	return workflow(
		IDS.floor,
		'bench: floor',
		[
			webhook('Webhook', FLOOR_PATH, 0),
			ifNode,
			noOp('On Success', 440, -100),
			noOp('On Failed', 440, 100),
		],
		{
			Webhook: { main: [to('Succeeded?')] },
			'Succeeded?': { main: [to('On Success'), to('On Failed')] },
		},
	);
}

function succeeded(x: number): WfNode {
	return node('Succeeded?', 'n8n-nodes-base.if', 2.2, x, 0, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: randomUUID(),
					leftValue: '={{ $json.body.status }}',
					rightValue: 'success',
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
}

/** n8n's own "exactly once": Remove Duplicates on the id, in the same store our trigger uses. */
export function floorDedupeWorkflow() {
	const dedupe = node('Remove Duplicates', 'n8n-nodes-base.removeDuplicates', 2, 220, 0, {
		operation: 'removeItemsSeenInPreviousExecutions',
		logic: 'removeItemsWithAlreadySeenKeyValues',
		dedupeValue: '={{ $json.body.id }}',
		options: { scope: 'node', historySize: 10000 },
	});
	return workflow(
		IDS.floorDedupe,
		'bench: floor + dedupe',
		[
			webhook('Webhook', FLOOR_DEDUPE_PATH, 0),
			dedupe,
			succeeded(440),
			noOp('On Success', 660, -100),
			noOp('On Failed', 660, 100),
		],
		{
			Webhook: { main: [to('Remove Duplicates')] },
			'Remove Duplicates': { main: [to('Succeeded?')] },
			'Succeeded?': { main: [to('On Success'), to('On Failed')] },
		},
	);
}

/** n8n's Wait node resumed by a POST to the resume URL, with the same 60-minute limit the ModelsLab node puts on its wait by default. */
export const WAIT_ON_WEBHOOK = {
	resume: 'webhook',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	limitWaitTime: true,
	limitType: 'afterTimeInterval',
	resumeAmount: 60,
	resumeUnit: 'minutes',
	options: {},
};

function modelsLab(
	name: string,
	y: number,
	cred: { id: string; name: string },
	prompt: string,
	wait: Record<string, unknown>,
	options: Record<string, unknown>,
): WfNode {
	return {
		...node(name, `${PKG}.modelsLab`, 1, 440, y, {
			resource: 'image',
			operation: 'textToImage',
			apiVersion: 'v6',
			modelId: { __rl: true, mode: 'list', value: 'flux' },
			prompt,
			failedJobs: 'sameOutput',
			...wait,
			options: { downloadFiles: false, ...options },
		}),
		webhookId: randomUUID(),
		credentials: { modelsLabApi: { id: cred.id, name: cred.name } },
	};
}

export function actionsWorkflow() {
	const nodes: WfNode[] = [];
	const connections: Connections = {};
	const chain = (...list: WfNode[]) => {
		nodes.push(...list);
		for (let i = 0; i + 1 < list.length; i++)
			connections[list[i].name] = { main: [to(list[i + 1].name)] };
	};
	// 2. resume latency
	chain(
		webhook('Resume ML Webhook', PATHS.resumeMl, 0),
		modelsLab(
			ML.resume,
			0,
			CRED,
			'={{ "resume " + $json.body.tag + " [sim:lost]" }}',
			{ waitMode: 'callback' },
			{},
		),
		noOp(DONE.resumeMl, 660, 0),
	);
	const wait = node('Wait', 'n8n-nodes-base.wait', 1.1, 440, 200, WAIT_ON_WEBHOOK);
	chain(
		webhook('Resume Wait Webhook', PATHS.resumeWait, 200),
		{ ...wait, webhookId: randomUUID() },
		noOp(DONE.resumeWait, 660, 200),
	);
	// 3. API calls and detection delay
	const split = (name: string, y: number) =>
		node(name, 'n8n-nodes-base.splitOut', 1, 220, y, {
			fieldToSplitOut: 'body.prompts',
			include: 'noOtherFields',
			options: { destinationFieldName: 'prompt' },
		});
	const prompt = '={{ $json.prompt }}';
	chain(
		webhook('Callback Webhook', PATHS.cb, 400),
		split('Split cb', 400),
		modelsLab(ML.cb, 400, CRED, prompt, { waitMode: 'callback' }, {}),
		noOp(DONE.cb, 660, 400),
	);
	chain(
		webhook('Poll Webhook', PATHS.poll, 600),
		split('Split poll', 600),
		modelsLab(
			ML.poll,
			600,
			CRED,
			prompt,
			{ waitMode: 'poll' },
			{ pollInterval: 5, timeoutMinutes: 10 },
		),
		noOp(DONE.poll, 660, 600),
	);
	chain(
		webhook('Peer Webhook', PATHS.peer, 800),
		split('Split peer', 800),
		modelsLab(
			ML.peer,
			800,
			PEER_CRED,
			prompt,
			{ waitMode: 'poll' },
			{ pollInterval: 5, timeoutMinutes: 10 },
		),
		noOp(DONE.peer, 660, 800),
	);
	return workflow(IDS.actions, 'bench: actions', nodes, connections);
}
