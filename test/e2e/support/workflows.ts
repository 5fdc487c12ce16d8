/**
 * The two workflows the ModelsLab e2e suite imports into a real n8n (built here rather than kept as
 * JSON so the output folder, the callback URL and the credential can be filled in).
 *
 * "ModelsLab actions": four independent chains, one per webhook path (one workflow = one activation,
 * which costs a CLI boot of n8n):
 *   POST /webhook/e2e-image    {prompts[]} → Split → ModelsLab (resume on callback)          ┐
 *   POST /webhook/e2e-timeout  {prompts[]} → Split → ModelsLab Timeout (callback, 3 s limit) ├→ Succeeded? → Write PNG
 *   POST /webhook/e2e-poll     {prompts[]} → Split → ModelsLab Poll (by polling)             ┘            ↘ Not Written
 *   POST /webhook/e2e-fanout   {prompts[]} → Split → ModelsLab Don't Wait (Callback URL = the trigger)
 * "ModelsLab trigger": ModelsLab Trigger → Success → On Success → Write Trigger File; Failed → On Failed.
 */
import { randomUUID } from 'node:crypto';

export const CREDENTIAL = {
	id: 'e2eModelsLabCred',
	name: 'ModelsLab (simulator)',
	type: 'modelsLabApi',
} as const;
export const ACTIONS_WORKFLOW_ID = 'e2eMlActions0001';
export const TRIGGER_WORKFLOW_ID = 'e2eMlTrigger0001';
export const TRIGGER_WEBHOOK_ID = '5b7e2c1a-6d0f-4e8b-9a3c-0e2e0e2e0001';
export const TRIGGER_TOKEN = 'e2e-callback-token-3c9b1f0e6a7d';
/** Path of the trigger's production webhook, below `<webhookUrl>webhook/`. */
export const TRIGGER_PATH = `${TRIGGER_WEBHOOK_ID}/modelslab`;

export const PATHS = {
	image: 'e2e-image',
	timeout: 'e2e-timeout',
	poll: 'e2e-poll',
	fanout: 'e2e-fanout',
} as const;

/** Node names the tests look up in run data. */
export const N = {
	image: 'ModelsLab',
	timeout: 'ModelsLab Timeout',
	poll: 'ModelsLab Poll',
	fanout: "ModelsLab Don't Wait",
	succeeded: 'Succeeded?',
	write: 'Write PNG',
	notWritten: 'Not Written',
	trigger: 'ModelsLab Trigger',
	onSuccess: 'On Success',
	onFailed: 'On Failed',
	writeTrigger: 'Write Trigger File',
} as const;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	/** `main`, or an AI sub-node's connection type (`ai_languageModel`, `ai_tool`…). */
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings: Record<string, unknown>;
	active: boolean;
}

export const PKG = 'n8n-nodes-modelslab';
/** The `credentials` of a ModelsLab node using the suite's credential. */
export const credentials = { modelsLabApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };

export function node(
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	y: number,
	parameters: Record<string, unknown>,
): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, y], parameters };
}

export function webhook(name: string, path: string, y: number): WorkflowNode {
	const n = node(name, 'n8n-nodes-base.webhook', 2, 0, y, {
		httpMethod: 'POST',
		path,
		responseMode: 'onReceived',
		options: {},
	});
	return { ...n, webhookId: randomUUID() };
}

/** Split Out `body.prompts` into one item `{ prompt }` per entry. */
export function split(name: string, y: number): WorkflowNode {
	return node(name, 'n8n-nodes-base.splitOut', 1, 220, y, {
		fieldToSplitOut: 'body.prompts',
		include: 'noOtherFields',
		options: { destinationFieldName: 'prompt' },
	});
}

/** The ModelsLab node on Image › Text to Image (v6, flux) with the prompt from the item. */
export function modelsLab(
	name: string,
	y: number,
	wait: Record<string, unknown>,
	options: Record<string, unknown> = {},
): WorkflowNode {
	const n = node(name, `${PKG}.modelsLab`, 1, 440, y, {
		resource: 'image',
		operation: 'textToImage',
		apiVersion: 'v6',
		modelId: { __rl: true, mode: 'list', value: 'flux' },
		prompt: '={{ $json.prompt }}',
		failedJobs: 'sameOutput',
		...wait,
		options,
	});
	return { ...n, webhookId: randomUUID(), credentials };
}

/** An IF node (v2.2) that is true when `{{ expr }}` is true. */
export function ifTrue(name: string, x: number, y: number, expr: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.if', 2.2, x, y, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [
				{
					id: randomUUID(),
					leftValue: `={{ ${expr} }}`,
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	});
}

/** Write File to Disk, binary property `data`, to `<dir>/<name expression>`. */
export function writeFile(
	name: string,
	x: number,
	y: number,
	dir: string,
	fileNameExpr: string,
): WorkflowNode {
	return node(name, 'n8n-nodes-base.readWriteFile', 1, x, y, {
		operation: 'write',
		fileName: `=${dir}/{{ ${fileNameExpr} }}`,
		dataPropertyName: 'data',
		options: {},
	});
}

export function noOp(name: string, x: number, y: number): WorkflowNode {
	return node(name, 'n8n-nodes-base.noOp', 1, x, y, {});
}

export const to = (...targets: string[]) =>
	targets.map((name) => ({ node: name, type: 'main' as const, index: 0 }));

/** @param outDir where Write PNG puts `<track_id>.png` @param triggerUrl the trigger's production URL with `?token=` */
export function actionsWorkflow(outDir: string, triggerUrl: string): Workflow {
	const nodes = [
		webhook('Image Webhook', PATHS.image, 0),
		split('Split Image', 0),
		modelsLab(N.image, 0, { waitMode: 'callback' }),
		webhook('Timeout Webhook', PATHS.timeout, 200),
		split('Split Timeout', 200),
		modelsLab(N.timeout, 200, { waitMode: 'callback' }, { timeoutMinutes: 0.05 }),
		webhook('Poll Webhook', PATHS.poll, 400),
		split('Split Poll', 400),
		modelsLab(N.poll, 400, { waitMode: 'poll' }, { pollInterval: 1, timeoutMinutes: 1 }),
		ifTrue(N.succeeded, 660, 200, '$json.status === "success"'),
		writeFile(N.write, 880, 100, outDir, '$json.track_id + ".png"'),
		noOp(N.notWritten, 880, 300),
		webhook('Fan-out Webhook', PATHS.fanout, 600),
		split('Split Fan-out', 600),
		modelsLab(
			N.fanout,
			600,
			{ waitMode: 'none', callbackUrl: triggerUrl },
			{ downloadFiles: false },
		),
	];
	return {
		id: ACTIONS_WORKFLOW_ID,
		name: 'ModelsLab e2e: actions',
		nodes,
		connections: {
			'Image Webhook': { main: [to('Split Image')] },
			'Split Image': { main: [to(N.image)] },
			[N.image]: { main: [to(N.succeeded)] },
			'Timeout Webhook': { main: [to('Split Timeout')] },
			'Split Timeout': { main: [to(N.timeout)] },
			[N.timeout]: { main: [to(N.succeeded)] },
			'Poll Webhook': { main: [to('Split Poll')] },
			'Split Poll': { main: [to(N.poll)] },
			[N.poll]: { main: [to(N.succeeded)] },
			[N.succeeded]: { main: [to(N.write), to(N.notWritten)] },
			'Fan-out Webhook': { main: [to('Split Fan-out')] },
			'Split Fan-out': { main: [to(N.fanout)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** @param outDir where Write Trigger File puts `trigger-<id>.<ext>` */
export function triggerWorkflow(outDir: string): Workflow {
	const trigger: WorkflowNode = {
		...node(N.trigger, `${PKG}.modelsLabTrigger`, 1, 0, 0, {
			token: TRIGGER_TOKEN,
			verifyWithModelsLab: false,
			options: { downloadFiles: true },
		}),
		webhookId: TRIGGER_WEBHOOK_ID,
	};
	return {
		id: TRIGGER_WORKFLOW_ID,
		name: 'ModelsLab e2e: trigger',
		nodes: [
			trigger,
			noOp(N.onSuccess, 220, -100),
			writeFile(
				N.writeTrigger,
				440,
				-100,
				outDir,
				'"trigger-" + $json.id + "." + $binary.data.fileExtension',
			),
			noOp(N.onFailed, 220, 100),
		],
		connections: {
			[N.trigger]: { main: [to(N.onSuccess), to(N.onFailed)] },
			[N.onSuccess]: { main: [to(N.writeTrigger)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
