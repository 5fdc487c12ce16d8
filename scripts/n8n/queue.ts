/**
 * n8n in queue mode, the way it is deployed at scale, on one machine and without Docker: a throwaway
 * PostgreSQL and Redis, then n8n **main** (`n8n start`: editor, activation, wait timeouts), **workers**
 * (`n8n worker`: run every production execution) and **webhook processors** (`n8n webhook`: production
 * webhooks and `/webhook-waiting/` resumes), each with its own user folder and the community package
 * installed, all on 127.0.0.1 and free ports. `WEBHOOK_URL` (1.x) / `N8N_WEBHOOK_URL` (2.x) points at the
 * first webhook processor, so resume URLs and callbacks go through it as behind a real load balancer.
 *
 *   import { startQueueN8n } from './queue';
 *   const q = await startQueueN8n({ version: '1.123.81', packageTgz, credentials, workflows });
 *   await q.postWebhook('my-path', { hello: 1 });         // to the webhook processor
 *   const ex = await q.waitForExecution({ workflowId, status: 'waiting' });   // reads PostgreSQL
 *   await q.postWebhook(await q.resumeUrl(ex.id), body);  // resume through the webhook processor
 *   await q.dispose();                                    // stops everything, removes every temp folder
 *
 * Needs PostgreSQL (initdb, postgres) and Redis (redis-server): see queue/services.ts. The plain-Node
 * proof is queueSmoke.ts (`npm run n8n:queue-smoke -- 1.123.81`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startN8n, type N8nInstance } from './instance';
import { webhookPathsOf } from './instance/cli';
import { majorOf } from './paths';
import { forgetTempDir, removeOnProcessEnd } from './processGroups';
import { copyAside, eventsOf, keepLogs, workerJobs } from './queue/logs';
import { PG_DATABASE, PG_SUPERUSER, pgReader, startPostgres } from './queue/postgres';
import { startRedis } from './queue/redis';
import { ensureServices } from './queue/services';
import { freePort } from './waitFor';

export { ensureServices } from './queue/services';
export { startPostgres } from './queue/postgres';
export { startRedis } from './queue/redis';

export type QueueOptions = {
	/** pinned n8n version, installed with `npm run n8n:install -- <version>` */
	version: string;
	/** community package installed into every process's user folder */
	packageTgz?: string;
	/** imported before the workflows (see StartOptions) */
	credentials?: object[];
	/** imported and activated before main starts */
	workflows?: object[];
	/** more production webhooks every webhook-serving process must answer */
	waitForWebhooks?: string[];
	/** `n8n worker` processes (default 2) */
	workers?: number;
	/** jobs per worker (`--concurrency`, n8n's default 10) */
	workerConcurrency?: number;
	/** `n8n webhook` processes (default 1); the first is the webhook base URL */
	webhookProcessors?: number;
	/** port of the first webhook processor (default: a free one), for workflows that must name their own production URLs before the stack starts */
	webhookPort?: number;
	/** extra environment for every n8n process */
	env?: Record<string, string>;
	/** extra environment for the webhook processors only (e.g. N8N_LOG_LEVEL=debug to log each waiting-webhook request) */
	webhookEnv?: Record<string, string>;
	/** install missing PostgreSQL/Redis with apt-get when root (default true) */
	installServices?: boolean;
	/** per n8n process (default 180 s: they boot together on few cores) */
	readyTimeoutMs?: number;
	/** copy every n8n log to stderr */
	echo?: boolean;
	/**
	 * copy every log (n8n's, its event logs, PostgreSQL's, Redis's) into this folder when the stack is
	 * disposed (default: $N8N_QUEUE_KEEP_LOGS; for CI artifacts and post-mortems)
	 */
	keepLogsIn?: string;
};

export type QueueN8n = Awaited<ReturnType<typeof startQueueN8n>>;

/**
 * Starts PostgreSQL, Redis, n8n main (imports, activation, migrations), then the workers and webhook
 * processors together. On any failure everything started so far is stopped and removed.
 */
export async function startQueueN8n(options: QueueOptions) {
	const { version } = options;
	const major = majorOf(version);
	const t0 = Date.now();
	const timings: Record<string, number> = {};
	const services = ensureServices({ install: options.installServices });
	timings.servicesInstallMs = services.installMs;
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-queue-${version}-`));
	removeOnProcessEnd(root);
	const keepLogsIn = options.keepLogsIn ?? process.env.N8N_QUEUE_KEEP_LOGS;
	/** log files of PostgreSQL and Redis (they live outside `root`) */
	const serviceLogs: string[] = [];
	/** undo steps, run last first */
	const undo: Array<() => Promise<void>> = [
		async () => {
			if (keepLogsIn) keepLogs(root, serviceLogs, path.join(keepLogsIn, path.basename(root)));
			fs.rmSync(root, { recursive: true, force: true });
			forgetTempDir(root);
		},
	];
	const unwind = async (): Promise<void> => {
		for (const step of undo.splice(0).reverse()) await step().catch(() => {});
	};
	let main: N8nInstance | undefined;
	const workers: N8nInstance[] = [];
	const webhooks: N8nInstance[] = [];
	try {
		const [pg, redis] = await Promise.all([
			startPostgres(version, services.pgBin),
			startRedis(services.redisServer),
		]);
		// (undone last first: the logs are copied once n8n has stopped, before the services' folders go)
		undo.push(
			pg.stop,
			redis.stop,
			async () => void serviceLogs.push(...copyAside([pg.logFile, redis.logFile], root)),
		);
		timings.postgresMs = pg.timings.readyMs;
		timings.redisMs = redis.timings.readyMs;
		const reader = pgReader(version, pg.port);
		undo.push(reader.end);

		const mainPort = await freePort();
		const webhookPorts = await Promise.all(
			Array.from(
				{ length: options.webhookProcessors ?? 1 },
				(_, i) => (i === 0 && options.webhookPort) || freePort(),
			),
		);
		const webhookUrl = `http://127.0.0.1:${webhookPorts[0]}/`;
		const env: Record<string, string> = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_SUPERUSER,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			// resume URLs and production webhook URLs: the (first) webhook processor, as behind a load balancer
			...(major < 2 ? { WEBHOOK_URL: webhookUrl } : { N8N_WEBHOOK_URL: webhookUrl }),
			...(options.env ?? {}),
		};
		const common = {
			version,
			packageTgz: options.packageTgz,
			query: reader.query,
			echo: options.echo,
			readyTimeoutMs: options.readyTimeoutMs ?? 180000,
		};

		const tMain = Date.now();
		const mainInstance = await startN8n({
			...common,
			port: mainPort,
			userFolder: path.join(root, 'main'),
			credentials: options.credentials,
			workflows: options.workflows,
			waitForWebhooks: options.waitForWebhooks,
			env,
		});
		main = mainInstance;
		undo.push(mainInstance.stop);
		timings.mainMs = Date.now() - tMain;

		const tRest = Date.now();
		const paths = webhookPathsOf(options.workflows ?? [], options.waitForWebhooks ?? []);
		const starts = [
			...Array.from({ length: options.workers ?? 2 }, (_, i) =>
				startN8n({
					...common,
					command: 'worker',
					args: [`--concurrency=${options.workerConcurrency ?? 10}`],
					userFolder: path.join(root, `worker-${i + 1}`),
					env,
				}).then((w) => (workers[i] = w)),
			),
			...webhookPorts.map((port, i) =>
				startN8n({
					...common,
					command: 'webhook',
					port,
					userFolder: path.join(root, `webhook-${i + 1}`),
					waitForWebhooks: paths,
					env: { ...env, ...(options.webhookEnv ?? {}) },
				}).then((w) => (webhooks[i] = w)),
			),
		];
		const settled = await Promise.allSettled(starts);
		for (const inst of [...workers, ...webhooks]) if (inst) undo.push(inst.stop);
		const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
		if (failed) throw failed.reason;
		timings.workersAndWebhooksMs = Date.now() - tRest;
		timings.totalMs = Date.now() - t0;

		const first = webhooks[0];
		const all = (): N8nInstance[] => [mainInstance, ...workers, ...webhooks];
		const roleOf = (i: number, sep: string): string =>
			i === 0
				? 'main'
				: i <= workers.length
					? `worker${sep}${i}`
					: `webhook${sep}${i - workers.length}`;

		/** Stops every n8n process (webhook processors and workers first, main last); PostgreSQL and Redis stay. */
		async function stopN8n(): Promise<void> {
			await Promise.all([...webhooks, ...workers].map((i) => i.stop()));
			await mainInstance.stop();
		}
		/** Starts main, then the workers and webhook processors. */
		async function startAll(): Promise<void> {
			await mainInstance.start();
			await Promise.all([...workers, ...webhooks].map((i) => i.start()));
		}

		return {
			version,
			main: mainInstance,
			workers,
			webhooks,
			/** Base of production webhook and resume URLs (= the first webhook processor), ends with "/". */
			webhookUrl,
			/** Main's own base for webhooks (main also serves production webhooks unless told not to), ends with "/". */
			mainWebhookUrl: mainInstance.webhookUrl,
			postgres: { port: pg.port, runAs: pg.runAs, logFile: pg.logFile },
			redis: { port: redis.port, logFile: redis.logFile },
			root,
			timings,
			/** The same URL (a resume URL, a production webhook URL) on another process: `main` or the i-th webhook processor. */
			via(url: string, target: 'main' | number): string {
				const to = target === 'main' ? mainInstance.webhookUrl : webhooks[target].webhookUrl;
				if (!url.startsWith(webhookUrl)) throw new Error(`${url} is not under ${webhookUrl}`);
				return to + url.slice(webhookUrl.length);
			},
			/** POST to the webhook processor (a path below /webhook/, or a full URL). */
			postWebhook: first.postWebhook,
			waitForWebhook: first.waitForWebhook,
			dbQuery: first.dbQuery,
			getExecutions: first.getExecutions,
			getExecution: first.getExecution,
			waitForExecution: first.waitForExecution,
			lastExecutionId: first.lastExecutionId,
			resumeToken: first.resumeToken,
			/** What n8n puts in `$execution.resumeUrl`: on the webhook processor. */
			resumeUrl: first.resumeUrl,
			/** Which worker (1-based) ran which execution, from the workers' log lines. */
			workerJobs: () => workerJobs(workers.map((w) => w.logFile)),
			/** The events an n8n process wrote to its own event log (e.g. `n8n.queue.job.enqueued`). */
			events: (inst: N8nInstance) => eventsOf(inst.userFolder),
			/** Resident memory (MB) per process of every n8n process. */
			memoryMb(): Record<string, number> {
				const out: Record<string, number> = {};
				for (const [i, inst] of all().entries()) {
					for (const [name, mb] of Object.entries(inst.memoryMb() ?? {}))
						out[`${roleOf(i, '-')}: ${name}`] = mb;
				}
				return out;
			},
			/** The last lines each n8n process printed, labelled. */
			logTails(): string {
				return all()
					.map(
						(inst, i) =>
							`--- ${roleOf(i, ' ')} (${inst.logFile})\n${inst.logTail().split('\n').slice(-25).join('\n')}`,
					)
					.join('\n');
			},
			stopN8n,
			start: startAll,
			/** stopN8n() then start(): waiting executions, PostgreSQL and Redis survive it. */
			async restart(): Promise<{ stopMs: number; startMs: number }> {
				const t = Date.now();
				await stopN8n();
				const stopMs = Date.now() - t;
				await startAll();
				return { stopMs, startMs: Date.now() - t - stopMs };
			},
			/** Stops every process this started and removes every temp folder. */
			dispose: unwind,
		};
	} catch (err) {
		const tails = [main, ...workers, ...webhooks]
			.filter((i): i is N8nInstance => !!i)
			.map((i) => `--- ${i.logFile}\n${i.logTail().split('\n').slice(-20).join('\n')}`)
			.join('\n');
		await unwind();
		if (tails && err instanceof Error) err.message += `\n${tails}`;
		throw err;
	}
}
