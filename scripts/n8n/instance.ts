/**
 * Boots a real, pinned n8n headless on 127.0.0.1 and inspects it read-only through its database.
 *
 *   import { startN8n, packPackage } from './instance';
 *   const n8n = await startN8n({ version: '1.123.81', packageTgz, workflows: [wf] });
 *   await n8n.postWebhook('my-path', { hello: 1 });
 *   const ex = await n8n.waitForExecution({ workflowId: wf.id, status: 'waiting' });
 *   await fetch(await n8n.resumeUrl(ex.id), { method: 'POST', ... });
 *   await n8n.stop();
 *
 * Install the version first: `npm run n8n:install -- <version>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { n8nCli, webhookPathsOf } from './instance/cli';
import { installCommunityPackage } from './instance/communityPackage';
import { n8nEnv } from './instance/env';
import { executionReader, sqliteQuery } from './instance/executions';
import { memoryMb } from './instance/memory';
import type { N8nCommand, StartOptions } from './instance/types';
import { postWebhook, waitForWebhook } from './instance/webhooks';
import { isInstalled, majorOf, n8nBin, n8nDir, nodeBinFor } from './paths';
import { startService, type Service } from './service';
import { freePort } from './waitFor';

export type {
	Execution,
	ExecutionFilter,
	ExecutionRow,
	N8nCommand,
	Query,
	StartOptions,
} from './instance/types';
export type { WebhookResponse } from './instance/webhooks';
export { newWorkflowId } from './instance/cli';
export { packPackage } from './pack';
export { groupMembers, onProcessEnd } from './processGroups';
export { freePort, waitFor } from './waitFor';

/** What each n8n command prints once it serves (start: the main process; queue mode's worker and webhook). */
const READY_LINES: Record<N8nCommand, string> = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests.',
};

export type N8nInstance = Awaited<ReturnType<typeof startN8n>>;

/**
 * Starts n8n (installing the package and importing credentials and workflows first) and resolves
 * once it is ready and the webhooks of the imported active workflows answer.
 */
export async function startN8n(options: StartOptions) {
	const { version } = options;
	const command = options.command ?? 'start';
	const major = majorOf(version);
	if (!isInstalled(n8nDir(version))) {
		throw new Error(`n8n ${version} is not installed: run npm run n8n:install -- ${version}`);
	}
	const ownFolder = !options.userFolder;
	const userFolder =
		options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const dbFile = path.join(userFolder, '.n8n', 'database.sqlite');
	const logFile = path.join(userFolder, 'n8n.log');
	const port = options.port ?? (await freePort());
	const brokerPort = options.brokerPort ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	/** base of production webhooks (`<webhookUrl>webhook/<path>`) and resume URLs, ends with "/" */
	const webhookUrl = `${baseUrl}/`;
	const env = n8nEnv(options, { major, port, brokerPort, userFolder, webhookUrl });
	const nodeBin = nodeBinFor(version);
	const cli = n8nCli({ nodeBin, bin: n8nBin(version), env, userFolder, logFile, major });
	const reader = executionReader(
		version,
		options.query ?? sqliteQuery(version, dbFile),
		webhookUrl,
	);
	const timings: Record<string, number> = {};
	/** workflow ids imported and activated by this instance */
	const workflowIds: string[] = [];
	/** production webhooks ("METHOD path") to wait for at each start */
	const webhookPaths = webhookPathsOf([], options.waitForWebhooks);
	let service: Service | undefined;

	const timed = <T>(key: string, fn: () => T): T => {
		const t0 = Date.now();
		const out = fn();
		timings[key] = Date.now() - t0;
		return out;
	};
	const importWorkflowsStopped = (list: object[], activate: boolean): string[] =>
		timed('importMs', () => {
			const ids = cli.importWorkflows(list, activate);
			if (activate) webhookPaths.push(...webhookPathsOf(list));
			workflowIds.push(...ids);
			return ids;
		});

	/** Starts n8n (again) and waits for its ready line and its webhooks. */
	async function start(): Promise<{ readyMs: number; webhooksMs: number }> {
		const t0 = Date.now();
		if (service) await service.start();
		else {
			service = await startService({
				name: `n8n ${version} ${command} port ${port}`,
				command: nodeBin,
				args: [n8nBin(version), command, ...(options.args ?? [])],
				cwd: userFolder,
				env,
				logFile,
				pidFile: path.join(userFolder, 'n8n.pid'),
				ready: { line: READY_LINES[command] },
				readyTimeoutMs: options.readyTimeoutMs ?? 90000,
				stopSignal: 'SIGTERM',
				stopGraceMs: 20000,
				echo: options.echo,
			});
		}
		timings.readyMs = Date.now() - t0;
		for (const entry of webhookPaths) {
			const [method, p] = entry.split(' ');
			await waitForWebhook(webhookUrl, p, method);
		}
		timings.webhooksMs = Date.now() - t0;
		return { readyMs: timings.readyMs, webhooksMs: timings.webhooksMs };
	}

	/** Stops the n8n process group (SIGTERM, then SIGKILL after 20 s). */
	async function stop(): Promise<void> {
		if (!service?.running) return;
		timings.stopMs = (await service.stop()).stopMs;
	}

	/** Stops n8n if it runs, runs `fn` (CLI work), starts it again if it ran. */
	async function whileStopped<T>(fn: () => T): Promise<T> {
		const running = !!service?.running;
		if (running) await stop();
		const out = fn();
		if (running) await start();
		return out;
	}

	if (options.packageTgz)
		timed('packageInstallMs', () =>
			installCommunityPackage(options.packageTgz as string, userFolder),
		);
	if (options.credentials?.length)
		timed('credentialsImportMs', () => cli.importCredentials(options.credentials ?? []));
	importWorkflowsStopped(options.workflows ?? [], true);
	await start();

	return {
		version,
		port,
		brokerPort,
		baseUrl,
		webhookUrl,
		userFolder,
		dbFile,
		logFile,
		workflowIds,
		timings,
		get pid(): number | undefined {
			return service?.pid;
		},
		start,
		stop,
		/** stop() then start(); waiting executions survive it. */
		async restart(): Promise<{ stopMs: number; readyMs: number; webhooksMs: number }> {
			await stop();
			const stopMs = timings.stopMs;
			return { stopMs, ...(await start()) };
		},
		/** Stops n8n and removes the user folder if this module created it. */
		async dispose(): Promise<void> {
			await stop();
			if (ownFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		},
		/**
		 * Imports and activates more workflows (an `id` is generated when missing). If n8n is running
		 * it is stopped and started again (about 10 to 20 s). Prefer passing `workflows` to startN8n.
		 */
		importWorkflows: (
			wfs: object | object[],
			opts: { activate?: boolean } = {},
		): Promise<string[]> =>
			whileStopped(() => importWorkflowsStopped([wfs].flat(), opts.activate ?? true)),
		/** Imports more credentials (stops and starts n8n if it is running). */
		importCredentials: (creds: object | object[]): Promise<void> =>
			whileStopped(() => timed('credentialsImportMs', () => cli.importCredentials([creds].flat()))),
		waitForWebhook: (webhookPath: string, method?: string, timeoutMs?: number) =>
			waitForWebhook(webhookUrl, webhookPath, method, timeoutMs),
		postWebhook: (
			pathOrUrl: string,
			body?: unknown,
			opts?: { headers?: Record<string, string>; method?: string },
		) => postWebhook(webhookUrl, pathOrUrl, body, opts),
		...reader,
		/** Resident memory (MB) of every process in the n8n group (n8n, and the task runner on 2.x). */
		memoryMb: () => memoryMb(service?.pid, command),
		/** last lines n8n printed */
		logTail: (): string => service?.tail().join('\n') ?? '',
	};
}
