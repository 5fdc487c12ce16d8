/**
 * One "stack" per n8n version for the ModelsLab e2e suite: the simulator (as ModelsLab), a real n8n
 * with the packed package, the credential and the two workflows, and helpers that wait on n8n's
 * database and the simulator's records (never on sleeps).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	freePort,
	packPackage,
	startN8n,
	waitFor,
	type Execution,
	type N8nInstance,
} from '../../../scripts/n8n/instance';
import { REPO_ROOT } from '../../../scripts/n8n/install';
import { finalCallbackBody } from '../../../scripts/simulator/schedule';
import {
	createSimulator,
	type RunningSimulator,
	type SimJob,
	type Simulator,
	type SimulatorOptions,
} from '../../../scripts/simulator/server';
import { EXTERNAL_FILES_DIR, EXTERNAL_URL, connectExternal, externalApiKey } from './external';
import {
	ACTIONS_WORKFLOW_ID,
	CREDENTIAL,
	TRIGGER_PATH,
	TRIGGER_TOKEN,
	actionsWorkflow,
	triggerWorkflow,
	type Workflow,
} from './workflows';

export const SIM_KEY = 'sim-key';

let packed: string | undefined;
/** The package tarball: globalSetup's, or built and packed here once (a file run on its own). */
export function packageTgz(): string {
	if (process.env.E2E_PACKAGE_TGZ) return process.env.E2E_PACKAGE_TGZ;
	if (!packed) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
		packed = packPackage(REPO_ROOT);
	}
	return packed;
}

export interface Stack {
	n8n: N8nInstance;
	sim: Simulator;
	simServer: RunningSimulator;
	outDir: string;
	/** The trigger's production URL with `?token=`. */
	triggerUrl: string;
	/** The PNG every simulated image job produces. */
	png: Buffer;
	dispose(): Promise<void>;
}

export type ExtraCredential = {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
};

export interface StackOptions {
	/** Simulator options (default `{ delayMs: 300 }`). */
	simulator?: SimulatorOptions;
	/** More workflows, built with the stack's output folder and the trigger URL. */
	workflows?: (outDir: string, triggerUrl: string) => Workflow[];
	/** More production webhooks to wait for at start (triggers have no literal `path`). */
	waitForWebhooks?: string[];
	/** Import the e2e suite's two workflows (default true; the trigger URL then points nowhere). */
	e2eWorkflows?: boolean;
	/** More n8n environment. */
	env?: Record<string, string>;
	/**
	 * More credentials to import (`{ id, name, type, data }`, data in plain text), or a function of
	 * the simulator's Base URL giving them (a credential per API key, each on the simulator).
	 */
	credentials?: ExtraCredential[] | ((simBaseUrl: string) => ExtraCredential[]);
}

export async function startStack(version: string, options: StackOptions = {}): Promise<Stack> {
	// ModelsLab's limits (cap 5, one callback attempt) with a short retry_after, so a refused submit costs seconds.
	const sim = createSimulator(options.simulator ?? { delayMs: 300, retryAfterSeconds: 2 });
	const e2eWorkflows = options.e2eWorkflows ?? true;
	const simServer = await sim.start();
	// external mode (support/external.ts): files n8n reads or writes go where both sides see them
	const outDir = mkdtempSync(
		join(
			EXTERNAL_URL ? (EXTERNAL_FILES_DIR ?? tmpdir()) : tmpdir(),
			`modelslab-e2e-out-${version}-`,
		),
	);
	const port = EXTERNAL_URL ? Number(new URL(EXTERNAL_URL).port || 80) : await freePort();
	const n8nBase = EXTERNAL_URL ?? `http://127.0.0.1:${port}`;
	const triggerUrl = `${n8nBase}/webhook/${TRIGGER_PATH}?token=${TRIGGER_TOKEN}`;
	const extraCredentials =
		typeof options.credentials === 'function'
			? options.credentials(simServer.baseUrl)
			: (options.credentials ?? []);
	const credentials = [
		{ ...CREDENTIAL, data: { apiKey: SIM_KEY, baseUrl: simServer.baseUrl } },
		...extraCredentials,
	];
	const workflows = [
		...(e2eWorkflows ? [actionsWorkflow(outDir, triggerUrl), triggerWorkflow(outDir)] : []),
		...(options.workflows?.(outDir, triggerUrl) ?? []),
	];
	const waitForWebhooks = [
		...(e2eWorkflows ? [TRIGGER_PATH] : []),
		...(options.waitForWebhooks ?? []),
	];
	let n8n: N8nInstance;
	try {
		n8n = EXTERNAL_URL
			? // n8n's own settings (options.env) are the external instance's: they cannot be set from here
				await connectExternal({
					baseUrl: EXTERNAL_URL,
					apiKey: externalApiKey(),
					credentials,
					workflows,
					waitForWebhooks,
				})
			: await startN8n({
					version,
					port,
					packageTgz: packageTgz(),
					credentials,
					workflows,
					waitForWebhooks,
					// 2.x only lets file nodes touch ~/.n8n-files by default.
					env: { N8N_RESTRICT_FILE_ACCESS_TO: outDir, ...options.env },
				});
	} catch (error) {
		await simServer.close();
		throw error;
	}
	const png = Buffer.from(
		await (await fetch(`${simServer.url}/files/reference.png`)).arrayBuffer(),
	);
	return {
		n8n,
		sim,
		simServer,
		outDir,
		triggerUrl,
		png,
		async dispose() {
			await n8n.dispose();
			await simServer.close();
			rmSync(outDir, { recursive: true, force: true });
		},
	};
}

/** POSTs `{prompts}` to an actions webhook; returns the id to wait after. */
export async function startRun(stack: Stack, path: string, prompts: string[]): Promise<string> {
	const afterId = await stack.n8n.lastExecutionId();
	const res = await stack.n8n.postWebhook(path, { prompts });
	if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
	return afterId;
}

export function waitForActions(
	stack: Stack,
	afterId: string,
	status: string,
	node: string,
	timeoutMs = 30000,
): Promise<Execution> {
	return stack.n8n.waitForExecution({
		workflowId: ACTIONS_WORKFLOW_ID,
		afterId,
		status,
		node,
		timeoutMs,
	});
}

/** The simulator's job for a prompt (waits for the submit to arrive). */
export function jobFor(stack: Stack, prompt: string, timeoutMs = 15000): Promise<SimJob> {
	return waitFor(
		() => [...stack.sim.jobs.values()].find((job) => job.meta.prompt === prompt),
		timeoutMs,
		{ what: `a job for "${prompt}"` },
	);
}

/** The final callback of a job, as the simulator would post it once the job is done. */
export function finalBody(job: SimJob): Record<string, unknown> {
	// The body ModelsLab posts when the job ends (a documented callback shape), not a fetch answer:
	// fetch answers have no track_id.
	return finalCallbackBody(job);
}

/** Codes of every callback attempt of a job, once its last delivery (of `deliveries`) has settled. */
export async function settledCallbackCodes(
	stack: Stack,
	jobId: string,
	deliveries: number,
	timeoutMs = 30000,
): Promise<Array<number | null>> {
	const retryable = (code: number | null) =>
		code === null || code === 408 || code === 409 || code === 425 || code === 429 || code >= 500;
	await waitFor(
		() => {
			const last = stack.sim.callbacksSent
				.filter((a) => a.jobId === jobId && a.phase === 'final' && a.delivery === deliveries)
				.at(-1);
			// `once` (generation callbacks, best effort): the first attempt is the last.
			const attempts = stack.sim.jobs.get(jobId)?.delivery === 'retry' ? 4 : 1;
			return last && (!retryable(last.responseCode) || last.attempt >= attempts);
		},
		timeoutMs,
		{ what: `delivery ${deliveries} of job ${jobId} to settle` },
	);
	return stack.sim.callbacksSent.filter((a) => a.jobId === jobId).map((a) => a.responseCode);
}

export function readOut(stack: Stack, file: string): Buffer {
	return readFileSync(join(stack.outDir, file));
}
