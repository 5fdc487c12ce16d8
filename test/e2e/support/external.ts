/**
 * The e2e suite against an n8n it did not start (n8n 3.x's Docker image in CI, or any running n8n):
 *   N8N_E2E_EXTERNAL_URL=http://127.0.0.1:5678   the n8n (its webhooks must reach the simulator, and
 *                                                 the simulator's callbacks must reach it)
 *   N8N_E2E_EXTERNAL_API_KEY=…                   a public-API key (npm run n8n:api-key -- <url> makes one)
 *   N8N_E2E_EXTERNAL_FILES_DIR=/shared            optional: a folder both sides see at the same path,
 *                                                 for the tests that hand n8n files (Read/Write Files)
 * The package must already be installed there (a mounted ~/.n8n/nodes, or N8N_COMMUNITY_PACKAGES).
 * Credentials and workflows are created through n8n's public API (`/api/v1`, `X-N8N-API-KEY`), ids
 * mapped from the suite's fixed ones to those n8n gives; executions are read through the same API,
 * never from n8n's database (what needs it is skipped). A restart needs N8N_E2E_EXTERNAL_STOP_CMD and
 * N8N_E2E_EXTERNAL_START_CMD (e.g. `docker stop n8n` / `docker start n8n`); without them it is skipped.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Execution, ExecutionFilter, N8nInstance } from '../../../scripts/n8n/instance';
import { waitFor } from '../../../scripts/n8n/instance';
import { postWebhook as postWebhookTo } from '../../../scripts/n8n/instance/webhooks';

export const EXTERNAL_URL = process.env.N8N_E2E_EXTERNAL_URL?.replace(/\/+$/, '') || undefined;
export const EXTERNAL_FILES_DIR = process.env.N8N_E2E_EXTERNAL_FILES_DIR || undefined;
/** Whether the suite can stop and start the external n8n (N8N_E2E_EXTERNAL_STOP_CMD and _START_CMD). */
export const EXTERNAL_RESTARTABLE = Boolean(
	process.env.N8N_E2E_EXTERNAL_STOP_CMD && process.env.N8N_E2E_EXTERNAL_START_CMD,
);
/** The label the suite's describe blocks get in external mode (instead of an n8n version). */
export const EXTERNAL_LABEL = 'external';

type Json = Record<string, any>;

interface ConnectOptions {
	baseUrl: string;
	apiKey: string;
	credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	workflows: Json[];
	/** Production webhook paths to wait for after activation. */
	waitForWebhooks: string[];
}

/** `2026-12-06T03:00:00.000Z` → `2026-12-06 03:00:00.000`, as the database rows of a started n8n read. */
const sqlTime = (iso: string | null | undefined) =>
	iso ? iso.replace('T', ' ').replace(/Z$/, '') : null;

function flattedParse(text: string): unknown {
	// n8n's own dependency, resolved from the suite's node_modules (n8n-workflow depends on it).
	const flatted = require(
		require.resolve('flatted', {
			paths: [join(__dirname, '..', '..', '..', 'node_modules', 'n8n-workflow')],
		}),
	) as { parse(s: string): unknown };
	return flatted.parse(text);
}

/**
 * Connects to the external n8n, creates the credentials and workflows and activates them; answers
 * with the parts of N8nInstance the suite's stacks use.
 */
export async function connectExternal(options: ConnectOptions): Promise<N8nInstance> {
	const { baseUrl, apiKey } = options;
	const webhookUrl = `${baseUrl}/`;

	async function api<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${baseUrl}/api/v1${path}`, {
			method,
			headers: {
				'X-N8N-API-KEY': apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`${method} /api/v1${path} answered ${response.status}: ${text.slice(0, 500)}`,
			);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/** the suite's fixed ids → n8n's */
	const credentialIds = new Map<string, string>();
	const workflowIds = new Map<string, string>();
	const suiteWorkflowId = (n8nId: string) =>
		[...workflowIds].find(([, id]) => id === n8nId)?.[0] ?? n8nId;

	for (const credential of options.credentials) {
		const created = await api('POST', '/credentials', {
			name: credential.name,
			type: credential.type,
			data: credential.data,
		});
		credentialIds.set(credential.id, String(created.id));
	}
	for (const workflow of options.workflows) {
		const nodes = (workflow.nodes as Json[]).map((node) => {
			if (!node.credentials) return node;
			const credentials: Json = {};
			for (const [type, ref] of Object.entries(node.credentials as Record<string, Json>)) {
				credentials[type] = { ...ref, id: credentialIds.get(ref.id) ?? ref.id };
			}
			return { ...node, credentials };
		});
		// the public API takes name, nodes, connections and settings only (ids and `active` are n8n's)
		const created = await api('POST', '/workflows', {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? {},
		});
		workflowIds.set(workflow.id, String(created.id));
		await api('POST', `/workflows/${created.id}/activate`);
	}

	async function waitForWebhook(
		webhookPath: string,
		method = 'POST',
		timeoutMs = 30000,
	): Promise<void> {
		const url = `${webhookUrl}webhook/${webhookPath.replace(/^\//, '')}`;
		await waitFor(
			async () => {
				const text = await (await fetch(url)).text();
				return text.includes('Did you mean to make a') && text.includes(method);
			},
			timeoutMs,
			{ what: `webhook ${method} ${webhookPath}`, intervalMs: 200 },
		);
	}
	// as startN8n does: the production webhooks of nodes with a webhookId and a literal path, and those named
	const literal = options.workflows.flatMap((workflow) =>
		(workflow.nodes as Json[])
			.filter(
				(node) =>
					node.webhookId &&
					typeof node.parameters?.path === 'string' &&
					!node.parameters.path.startsWith('='),
			)
			.map((node) => String(node.parameters.path)),
	);
	const webhookPaths = [...new Set([...literal, ...options.waitForWebhooks])];
	for (const path of webhookPaths)
		await waitForWebhook(
			path.replace(/^(GET|POST) /, ''),
			path.startsWith('GET ') ? 'GET' : 'POST',
		);

	// The same request the suite's own n8n gets (scripts/n8n/instance/webhooks.ts).
	const postWebhook = async (
		pathOrUrl: string,
		body: unknown = {},
		opts: { headers?: Record<string, string>; method?: string } = {},
	) => await postWebhookTo(webhookUrl, pathOrUrl, body, opts);

	function toExecution(row: Json): Execution {
		const data = (typeof row.data === 'string' ? flattedParse(row.data) : row.data) as
			| Json
			| undefined;
		const resultData = data?.resultData ?? {};
		const runData: Record<string, any[]> = resultData.runData ?? {};
		return {
			id: String(row.id),
			workflowId: suiteWorkflowId(String(row.workflowId)),
			status: row.status,
			mode: row.mode,
			finished: row.finished ? 1 : 0,
			waitTill: sqlTime(row.waitTill),
			startedAt: sqlTime(row.startedAt),
			stoppedAt: sqlTime(row.stoppedAt),
			createdAt: sqlTime(row.createdAt ?? row.startedAt) ?? '',
			data,
			workflowData: row.workflowData,
			runData,
			lastNodeExecuted: resultData.lastNodeExecuted,
			error: resultData.error,
			resumeToken: data?.resumeToken,
			output(node: string, output = 0, run = -1) {
				const r = (runData[node] ?? []).at(run);
				return (r?.data?.main?.[output] ?? []).map((it: Json) => it.json);
			},
		};
	}

	/** Executions of a workflow (or all), newest first, with their data. */
	async function listExecutions(workflowId?: string, status?: string): Promise<Json[]> {
		const query = new URLSearchParams({ includeData: 'true', limit: '50' });
		if (workflowId) query.set('workflowId', workflowIds.get(workflowId) ?? workflowId);
		// the public API leaves running executions out unless asked for them
		if (status) query.set('status', status);
		return (await api<{ data: Json[] }>('GET', `/executions?${query}`)).data;
	}

	async function waitForExecution(filter: ExecutionFilter = {}): Promise<Execution> {
		const { predicate, node, timeoutMs, workflowId, afterId, status, id } = filter;
		const statuses = status ? [status].flat() : [];
		return await waitFor(
			async () => {
				const rows =
					statuses.length === 1
						? await listExecutions(workflowId, statuses[0])
						: await listExecutions(workflowId);
				for (const row of rows.sort((a, b) => Number(b.id) - Number(a.id))) {
					if (afterId !== undefined && Number(row.id) <= Number(afterId)) continue;
					if (id !== undefined && String(row.id) !== String(id)) continue;
					if (statuses.length && !statuses.includes(row.status)) continue;
					const ex = toExecution(row);
					if (node && !ex.runData[node]) continue;
					if (predicate && !predicate(ex)) continue;
					return ex;
				}
				return undefined;
			},
			timeoutMs ?? 30000,
			{
				what: `execution ${JSON.stringify({ ...filter, predicate: !!predicate })}`,
				intervalMs: 250,
			},
		);
	}

	/** Executions without their data, newest first (as the rows of a started n8n's database). */
	async function getExecutions(
		filter: string | Omit<ExecutionFilter, 'predicate' | 'node' | 'timeoutMs'> = {},
	) {
		const { workflowId, afterId, status, id } =
			typeof filter === 'string' ? { workflowId: filter } : filter;
		const statuses = status ? [status].flat() : [];
		const rows = [
			...(await listExecutions(workflowId)),
			...(statuses.includes('running') ? await listExecutions(workflowId, 'running') : []),
		];
		return rows
			.filter((row) => afterId === undefined || Number(row.id) > Number(afterId))
			.filter((row) => id === undefined || String(row.id) === String(id))
			.filter((row) => !statuses.length || statuses.includes(row.status))
			.sort((a, b) => Number(b.id) - Number(a.id))
			.map((row) => {
				const {
					data: _data,
					workflowData: _workflowData,
					output: _output,
					runData: _runData,
					...entity
				} = toExecution(row);
				return entity;
			});
	}

	async function lastExecutionId(): Promise<string> {
		const [finished] = await listExecutions();
		const [running] = await listExecutions(undefined, 'running');
		return String(Math.max(Number(finished?.id ?? 0), Number(running?.id ?? 0)));
	}

	async function getExecution(executionId: string | number): Promise<Execution | undefined> {
		try {
			return toExecution(await api('GET', `/executions/${executionId}?includeData=true`));
		} catch {
			return undefined;
		}
	}

	async function resumeUrl(executionId: string | number, suffix?: string): Promise<string> {
		const url = new URL(`${webhookUrl}webhook-waiting/${executionId}`);
		if (suffix) url.pathname += `/${suffix.replace(/^\//, '')}`;
		const token = (await getExecution(executionId))?.resumeToken;
		if (token) url.searchParams.set('signature', token);
		return url.toString();
	}

	async function dispose(): Promise<void> {
		for (const id of workflowIds.values()) {
			await api('POST', `/workflows/${id}/deactivate`).catch(() => undefined);
			await api('DELETE', `/workflows/${id}`).catch(() => undefined);
		}
		for (const id of credentialIds.values())
			await api('DELETE', `/credentials/${id}`).catch(() => undefined);
	}

	const unavailable = (what: string) => () => {
		throw new Error(`${what} needs the n8n process, which the suite did not start (external mode)`);
	};
	/** N8N_E2E_EXTERNAL_STOP_CMD / _START_CMD (e.g. `docker stop n8n`): how to stop and start that n8n. */
	const command = (name: 'STOP' | 'START') => process.env[`N8N_E2E_EXTERNAL_${name}_CMD`];
	async function stop(): Promise<void> {
		const cmd = command('STOP');
		if (!cmd) return unavailable('stop()')();
		execSync(cmd, { stdio: 'inherit', timeout: 120000 });
		await waitFor(
			async () =>
				!(await fetch(`${baseUrl}/healthz`).then(
					(r) => r.ok,
					() => false,
				)),
			60000,
			{ what: 'the external n8n to stop', intervalMs: 200 },
		);
	}
	async function start(): Promise<void> {
		const cmd = command('START');
		if (!cmd) return unavailable('start()')();
		execSync(cmd, { stdio: 'inherit', timeout: 120000 });
		await waitFor(
			async () =>
				await fetch(`${baseUrl}/healthz`).then(
					(r) => r.ok,
					() => false,
				),
			120000,
			{ what: 'the external n8n to start', intervalMs: 250 },
		);
		for (const path of webhookPaths)
			await waitForWebhook(
				path.replace(/^(GET|POST) /, ''),
				path.startsWith('GET ') ? 'GET' : 'POST',
				120000,
			);
	}
	return {
		version: EXTERNAL_LABEL,
		baseUrl,
		webhookUrl,
		workflowIds,
		timings: {} as Record<string, number>,
		postWebhook,
		waitForWebhook,
		waitForExecution,
		getExecutions,
		lastExecutionId,
		getExecution,
		resumeToken: async (executionId: string | number) =>
			(await getExecution(executionId))?.resumeToken,
		resumeUrl,
		dispose,
		stop,
		start,
		restart: async () => {
			await stop();
			await start();
		},
		/** n8n's id of a credential the suite names by its fixed id */
		credentialId: (suiteId: string) => credentialIds.get(suiteId) ?? suiteId,
		dbQuery: unavailable("reading n8n's database"),
		memoryMb: () => undefined,
		logTail: () => '(external n8n: no log here)',
	} as unknown as N8nInstance;
}

/** The API key: N8N_E2E_EXTERNAL_API_KEY, or the file N8N_E2E_EXTERNAL_API_KEY_FILE names. */
export function externalApiKey(): string {
	const key =
		process.env.N8N_E2E_EXTERNAL_API_KEY ||
		(process.env.N8N_E2E_EXTERNAL_API_KEY_FILE
			? readFileSync(process.env.N8N_E2E_EXTERNAL_API_KEY_FILE, 'utf8').trim()
			: '');
	if (!key)
		throw new Error(
			'N8N_E2E_EXTERNAL_URL is set but N8N_E2E_EXTERNAL_API_KEY (or _FILE) is not: make one with npm run n8n:api-key -- <url>',
		);
	return key;
}
