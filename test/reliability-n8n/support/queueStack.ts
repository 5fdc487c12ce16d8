/**
 * The e2e suite's stack (simulator as ModelsLab, the packed package, the credential, the two e2e
 * workflows) on n8n's queue mode (scripts/n8n/queue.ts): PostgreSQL, Redis, main, 2 workers and a
 * webhook processor that serves production webhooks and resume URLs.
 *
 * The returned object is an e2e `Stack` whose `n8n` is the webhook processor: what a test posts goes
 * through it, and its database helpers read the shared PostgreSQL, so the e2e helpers (startRun,
 * waitForActions, jobFor, finalBody, settledCallbackCodes, readOut) work unchanged. Stop and start the
 * whole of n8n with `queue.restart()` (the `n8n` instance alone is only the webhook processor).
 *
 * One thing is added to the e2e workflows: "Record" HTTP Request nodes beside the outputs a user
 * acts on (Succeeded? → true, On Success, On Failed). Each run POSTs {execution, id, status} to a local
 * receiver, so a job whose downstream runs twice is counted even when n8n keeps only one copy of
 * the run data (two workers resuming the same execution write the same row).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../scripts/n8n/instance';
import { startQueueN8n, type QueueN8n } from '../../../scripts/n8n/queue';
import { createSimulator, type SimulatorOptions } from '../../../scripts/simulator/server';
import { createReceiver, type Receiver } from '../../../scripts/simulator/receiver';
import { SIM_KEY, packageTgz, type Stack } from '../../e2e/support/stack';
import {
	CREDENTIAL,
	N,
	TRIGGER_PATH,
	TRIGGER_TOKEN,
	actionsWorkflow,
	triggerWorkflow,
	type Workflow,
	type WorkflowNode,
} from '../../e2e/support/workflows';

/** Recorder paths, one per observed output. */
export const RECORD = {
	written: 'written',
	success: 'trigger-success',
	failed: 'trigger-failed',
	wait: 'wait',
} as const;

/** n8n's own Wait node under the same double delivery, for comparison: POST /webhook/<WAIT_PATH> → Wait (resume on webhook) → Record. */
export const WAIT_WORKFLOW_ID = 'qModeWaitCompare';
export const WAIT_PATH = 'q-wait-compare';
export const WAIT_NODE = 'Wait';

export interface Recorded {
	execution: string;
	id: string;
	status: string;
}

export interface QueueStack extends Stack {
	queue: QueueN8n;
	recorder: Receiver;
	/** Runs of the Record nodes so far for a recorder path. */
	records(path: string): Recorded[];
	/** The trigger's URL (with token) on the webhook processor, or on main. */
	triggerUrlVia(target: 'webhook' | 'main'): string;
}

function recordNode(name: string, url: string, x: number, y: number): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, y],
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ execution: $execution.id, id: String($json.id), status: $json.status }) }}',
			options: {},
		},
	};
}

/** Adds a Record node fed by output `output` of `from`. */
function addRecorder(wf: Workflow, from: string, output: number, name: string, url: string): void {
	const source = wf.nodes.find((n) => n.name === from);
	if (!source) throw new Error(`no node ${from} in ${wf.name}`);
	wf.nodes.push(
		recordNode(name, url, source.position[0] + 220, source.position[1] + 150 + output * 60),
	);
	const outputs = (wf.connections[from] ??= { main: [] }).main;
	while (outputs.length <= output) outputs.push([]);
	outputs[output].push({ node: name, type: 'main', index: 0 });
}

function waitComparisonWorkflow(recordUrl: string): Workflow {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		parameters: Record<string, unknown>,
	): WorkflowNode => ({
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		webhookId: randomUUID(),
	});
	const wf: Workflow = {
		id: WAIT_WORKFLOW_ID,
		name: 'Queue mode: n8n Wait node, for comparison',
		nodes: [
			node('Start', 'n8n-nodes-base.webhook', 2, 0, {
				httpMethod: 'POST',
				path: WAIT_PATH,
				responseMode: 'onReceived',
				options: {},
			}),
			node(WAIT_NODE, 'n8n-nodes-base.wait', 1.1, 220, {
				resume: 'webhook',
				httpMethod: 'POST',
				options: {},
			}),
		],
		connections: { Start: { main: [[{ node: WAIT_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
	addRecorder(wf, WAIT_NODE, 0, 'Record Wait', recordUrl);
	return wf;
}

/** @param simulator the simulator's options; by default queue-mode duplicates, not the cap: no cap, 5 attempts per callback. */
export async function startQueueStack(
	version: string,
	simulator: SimulatorOptions = {
		delayMs: 300,
		queueCap: Infinity,
		delivery: 'retry',
		callbackRetry: { maxAttempts: 5 },
	},
	/** More workflows to import and activate beside the e2e ones (their webhooks with a literal path are waited for). */
	moreWorkflows: Workflow[] = [],
): Promise<QueueStack> {
	const sim = createSimulator(simulator);
	const simServer = await sim.start();
	const recorder = await createReceiver();
	const outDir = mkdtempSync(join(tmpdir(), `modelslab-queue-out-${version}-`));
	const webhookPort = await freePort();
	const triggerUrl = `http://127.0.0.1:${webhookPort}/webhook/${TRIGGER_PATH}?token=${TRIGGER_TOKEN}`;

	const actions = actionsWorkflow(outDir, triggerUrl);
	addRecorder(actions, N.succeeded, 0, 'Record Written', `${recorder.url}/${RECORD.written}`);
	const trigger = triggerWorkflow(outDir);
	addRecorder(trigger, N.onSuccess, 0, 'Record Success', `${recorder.url}/${RECORD.success}`);
	addRecorder(trigger, N.onFailed, 0, 'Record Failed', `${recorder.url}/${RECORD.failed}`);

	let queue: QueueN8n;
	try {
		queue = await startQueueN8n({
			version,
			webhookPort,
			packageTgz: packageTgz(),
			credentials: [{ ...CREDENTIAL, data: { apiKey: SIM_KEY, baseUrl: simServer.baseUrl } }],
			workflows: [
				actions,
				trigger,
				waitComparisonWorkflow(`${recorder.url}/${RECORD.wait}`),
				...moreWorkflows,
			],
			waitForWebhooks: [TRIGGER_PATH],
			// 2.x only lets file nodes touch ~/.n8n-files by default. Everything else is n8n's default
			// (e.g. 2 database connections per process: 10 did not save 2.41.1 from a 400-callback burst,
			// and the paced load passes with 2).
			env: { N8N_RESTRICT_FILE_ACCESS_TO: outDir },
		});
	} catch (error) {
		await simServer.close();
		await recorder.close();
		rmSync(outDir, { recursive: true, force: true });
		throw error;
	}
	const png = Buffer.from(
		await (await fetch(`${simServer.url}/files/reference.png`)).arrayBuffer(),
	);
	return {
		n8n: queue.webhooks[0],
		queue,
		sim,
		simServer,
		recorder,
		outDir,
		triggerUrl,
		png,
		records: (path) =>
			recorder.received
				.filter((r) => r.path === `/${path}`)
				.map((r) => r.body as unknown as Recorded),
		triggerUrlVia: (target) => (target === 'main' ? queue.via(triggerUrl, 'main') : triggerUrl),
		async dispose() {
			await queue.dispose();
			await simServer.close();
			await recorder.close();
			rmSync(outDir, { recursive: true, force: true });
		},
	};
}

/** Executions of a workflow after `afterId`, counted per status (one query, for hundreds of executions). */
export async function statusCounts(
	stack: QueueStack,
	workflowId: string,
	afterId: string,
): Promise<Record<string, number>> {
	const rows = await stack.queue.dbQuery(
		'SELECT status, COUNT(*) AS n FROM execution_entity WHERE "workflowId" = ? AND id > ? GROUP BY status',
		[workflowId, Number(afterId)],
	);
	return Object.fromEntries(
		rows.map((r: { status: string; n: string | number }) => [r.status, Number(r.n)]),
	);
}

/** True once nothing after `afterId` is new, running or waiting and every worker job has finished. */
export async function settled(
	stack: QueueStack,
	workflowId: string,
	afterId: string,
	expected: number,
): Promise<Record<string, number> | undefined> {
	const counts = await statusCounts(stack, workflowId, afterId);
	const total = Object.values(counts).reduce((a, b) => a + b, 0);
	if (total < expected || counts.new || counts.running || counts.waiting) return undefined;
	return stack.queue.workerJobs().every((job) => job.finished) ? counts : undefined;
}

/**
 * Resumes n8n refused per execution id because another process had just resumed it: 2.x logs
 * "Execution is already being resumed by another process (execution <id>)" (1.x has no such check).
 */
export function refusedResumes(stack: QueueStack): Record<string, number> {
	const refused: Record<string, number> = {};
	for (const inst of [stack.queue.main, ...stack.queue.webhooks]) {
		if (!existsSync(inst.logFile)) continue;
		for (const m of readFileSync(inst.logFile, 'utf8').matchAll(
			/already being resumed by another process \(execution (\d+)\)/g,
		)) {
			refused[m[1]] = (refused[m[1]] ?? 0) + 1;
		}
	}
	return refused;
}
