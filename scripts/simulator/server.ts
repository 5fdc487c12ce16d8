import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CATALOGUE, FETCH_CATEGORIES } from '../../nodes/ModelsLab/catalogue';
import { CallbackSender } from './callbacks';
import type { ResolvedOptions, SimContext } from './context';
import { sendJson } from './context';
import { extraApiRoutes, filesRoute } from './extras';
import { UPLOAD_TTL_MS, uploadRoutes } from './uploads';
import { handleFetch } from './fetch';
import { loadSimFiles } from './media';
import { buildRoutes, matchRoute, type SimRoute } from './routeTable';
import { parseScenario } from './scenario';
import { handleSubmit } from './submit';
import { TimerBag } from './timers';
import { queuedJobs } from './queue';
import { balanceOf, setBalance } from './wallet';
import type {
	CallbackAttempt,
	DeliveryPolicy,
	RequestRecord,
	SimJob,
	SimulatorOptions,
} from './types';

export type {
	CallbackAttempt,
	DeliveryPolicy,
	RequestRecord,
	SimJob,
	SimulatorOptions,
} from './types';
export { SCENARIO_NAMES, parseScenario, type Scenario } from './scenario';

export interface RunningSimulator {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `url + '/api'`: what goes in the credential's Base URL. */
	baseUrl: string;
	port: number;
	/** Stops this listener, pending callbacks and timers. */
	close(): Promise<void>;
}

export interface Simulator {
	app: express.Express;
	/** Listens on 127.0.0.1 (`port` 0 or absent: a free port). */
	start(port?: number): Promise<RunningSimulator>;
	/** Every request received, oldest first. */
	requests: RequestRecord[];
	/** Jobs by String(id). */
	jobs: Map<string, SimJob>;
	/** Every callback POST attempt, oldest first. */
	callbacksSent: CallbackAttempt[];
	/** The simulated endpoints (from the catalogue). */
	routes: SimRoute[];
	/** Scenario for requests that name none; `undefined`/null restores the default. Throws on an unknown token. */
	setScenario(scenario?: string | null): void;
	/** Queued jobs allowed per key from now on (5, 10 or 15 by plan; `Infinity` for none). */
	setQueueCap(cap: number): void;
	/** Final-callback policy of generation and training jobs submitted from now on (`once`, `retry`, `never`). */
	setDelivery(policy: DeliveryPolicy): void;
	/** `retry_after` of 429 answers from now on (seconds). */
	setRetryAfter(seconds: number): void;
	/** Sets a key's wallet (USD; default key: the first valid one). `reset()` restores the `balance` option. */
	setBalance(amount: number, apiKey?: string): void;
	/** A key's wallet now, as `/api/wallet_balance` answers it. */
	balance(apiKey?: string): number;
	/** The test rate of a job whose endpoint has no documented price, from now on (USD). */
	setPricePerJob(amount: number): void;
	/** Jobs of this key queued or running now (what the cap and request_count count). */
	queued(apiKey?: string): SimJob[];
	/** Callback URL "configured on the workflow" for workflow runs whose body has no `webhook`. */
	setWorkflowWebhook(url?: string): void;
	/** Holds every callback attempt not yet sent (retries too) until releaseCallbacks(): ModelsLab waiting out a receiver that is down. */
	holdCallbacks(): void;
	/** Sends the held callback attempts, all at once. */
	releaseCallbacks(): void;
	/** How many callback attempts are held. */
	readonly heldCallbacks: number;
	/** Forgets requests, jobs, callbacks, counters and the run scenario; cancels pending callbacks. */
	reset(): void;
	/** Closes every listener started by `start`. */
	close(): Promise<void>;
}

// Workflow webhooks are "retried up to 3 times with exponential backoff" (ModelsLab/docs-v2
// webhooks.mdx, "Retry Policy"): 4 attempts. The delays are ours (the page gives none).
const DEFAULT_RETRY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000, timeoutMs: 10_000 };

/** mulberry32: a small seeded generator, so a run's jitter and lost callbacks can be replayed. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function checkCap(cap: number): number {
	if (!(cap >= 1)) throw new Error(`queueCap must be at least 1 (got ${cap})`);
	return cap;
}

function resolveOptions(options: SimulatorOptions): ResolvedOptions {
	const defaultScenario = options.defaultScenario ?? 'success';
	parseScenario(defaultScenario); // fail fast on a typo
	return {
		validKeys: options.validKeys ?? ['sim-key'],
		invalidKeyHttpStatus: options.invalidKeyHttpStatus ?? 401,
		notFoundHttpStatus: options.notFoundHttpStatus ?? 404,
		delayMs: options.delayMs ?? 50,
		defaultScenario,
		retryAfterSeconds: options.retryAfterSeconds ?? 30,
		queueCap: checkCap(options.queueCap ?? 5),
		jitterMs: options.jitterMs ?? 0,
		delivery: options.delivery ?? 'once',
		lostFraction: options.lostFraction ?? 0,
		httpsOnly: options.httpsOnly ?? false,
		callbackRetry: { ...DEFAULT_RETRY, ...options.callbackRetry },
		earlyWaitMs: options.earlyWaitMs ?? 2000,
		uploadTtlMs: options.uploadTtlMs ?? UPLOAD_TTL_MS,
		balance: options.balance ?? 43.6,
		pricePerJob: options.pricePerJob ?? 0.002,
		log: options.log ?? (() => {}),
	};
}

function describe(record: RequestRecord, jobId: unknown): string {
	const scenario =
		record.scenario && record.scenario.join(',') !== 'success'
			? ` [sim:${record.scenario.join(',')}]`
			: '';
	const job = typeof jobId === 'string' ? ` id=${jobId}` : '';
	return `${new Date(record.time).toISOString()} ${record.method} ${record.path} -> ${record.status}${scenario}${job}`;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
	const resolved = resolveOptions(options);
	const timers = new TimerBag();
	const callbacksSent: CallbackAttempt[] = [];
	const sender = new CallbackSender(timers, resolved.callbackRetry, (attempt) => {
		callbacksSent.push(attempt);
		const outcome = attempt.responseCode ?? attempt.error ?? 'no answer';
		resolved.log(
			`${new Date(attempt.time).toISOString()} CALLBACK ${attempt.phase} id=${attempt.jobId} #${attempt.delivery}.${attempt.attempt} ` +
				`status=${String(attempt.body.status ?? attempt.body.event)} -> ${attempt.url} : ${outcome}`,
		);
	});
	const ctx: SimContext = {
		options: resolved,
		routes: buildRoutes(
			options.catalogue ?? CATALOGUE,
			options.fetchCategories ?? FETCH_CATEGORIES,
		),
		files: loadSimFiles(),
		uploads: new Map(),
		jobs: new Map(),
		jobsByFetchId: new Map(),
		requests: [],
		callbacksSent,
		timers,
		sender,
		counters: new Map(),
		random: seededRandom(options.seed ?? 1),
		nextNumericId: 1_000_001,
		balances: new Map(),
	};

	const app = express();
	app.disable('x-powered-by');
	app.disable('etag');

	// Record every request; the status and scenario are filled in when the answer is sent.
	app.use((req: Request, res: Response, next: NextFunction) => {
		const record: RequestRecord = {
			method: req.method,
			path: req.path,
			query: { ...req.query },
			headers: { ...req.headers },
			body: undefined,
			time: Date.now(),
		};
		ctx.requests.push(record);
		res.locals.simRecord = record;
		res.on('close', () => {
			record.endTime = Date.now();
		});
		res.on('finish', () => {
			record.status = res.statusCode;
			if (Array.isArray(res.locals.simScenario))
				record.scenario = res.locals.simScenario as string[];
			resolved.log(describe(record, res.locals.simJobId));
		});
		next();
	});
	app.use(express.json({ limit: '50mb' }));
	app.use((req: Request, res: Response, next: NextFunction) => {
		(res.locals.simRecord as RequestRecord).body = req.body;
		next();
	});

	// The uploads first: one of them is also a catalogue entry (image-editing base64_to_url).
	app.use('/api', uploadRoutes(ctx));
	// Catalogue endpoints and fetch paths.
	app.use('/api', (req: Request, res: Response, next: NextFunction) => {
		const match = matchRoute(ctx.routes, req.method, req.path);
		if (!match) return next();
		const { route, params } = match;
		if (route.kind === 'submit') {
			handleSubmit(ctx, req, res, route, params).catch(next);
			return;
		}
		handleFetch(ctx, req, res, route, params);
	});
	app.use('/api', extraApiRoutes(ctx));
	app.use('/api', (req: Request, res: Response) => {
		sendJson(res, 404, {
			status: 'error',
			message: `Not a simulated endpoint: ${req.method} /api${req.path}`,
		});
	});
	app.get('/files/:name', filesRoute(ctx));
	app.get('/', (_req: Request, res: Response) => {
		sendJson(res, 200, {
			simulator: 'ModelsLab',
			baseUrl: '/api',
			keys: resolved.validKeys,
			endpoints: ctx.routes.length,
		});
	});
	app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
		if (res.headersSent) return next(err);
		// body-parser's errors carry `type` and a 4xx `status`.
		const { type, status } =
			typeof err === 'object' && err !== null ? (err as { type?: string; status?: number }) : {};
		if (type === 'entity.too.large') {
			sendJson(res, 413, {
				status: 'error',
				message: 'Request body too large for the simulator (50 MB)',
			});
			return;
		}
		// Other errors of reading the body (aborted, size not matching Content-Length) are the client's.
		if (
			type &&
			type !== 'entity.parse.failed' &&
			status !== undefined &&
			status >= 400 &&
			status < 500
		) {
			sendJson(res, status, {
				status: 'error',
				message: `Request body could not be read: ${(err as Error).message} (${type})`,
			});
			return;
		}
		const parseError = type === 'entity.parse.failed';
		sendJson(res, parseError ? 400 : 500, {
			status: 'error',
			message: parseError
				? 'Invalid JSON body'
				: `Simulator error: ${err instanceof Error ? err.message : String(err)}`,
		});
	});

	const servers = new Set<Server>();

	const stopServer = (server: Server) =>
		new Promise<void>((resolve) => {
			if (!servers.delete(server)) return resolve();
			if (servers.size === 0) {
				timers.clearAll();
				sender.close();
			}
			server.close(() => resolve());
			server.closeAllConnections();
		});

	const start = (port = 0) =>
		new Promise<RunningSimulator>((resolve, reject) => {
			sender.reopen();
			const server = app.listen(port, '127.0.0.1');
			server.once('error', reject);
			server.once('listening', () => {
				servers.add(server);
				const { port: bound } = server.address() as AddressInfo;
				const url = `http://127.0.0.1:${bound}`;
				resolve({ url, baseUrl: `${url}/api`, port: bound, close: () => stopServer(server) });
			});
		});

	return {
		app,
		start,
		requests: ctx.requests,
		jobs: ctx.jobs,
		callbacksSent,
		routes: ctx.routes,
		setScenario(scenario) {
			if (scenario) parseScenario(scenario);
			ctx.runScenario = scenario ?? undefined;
		},
		setQueueCap(cap) {
			resolved.queueCap = checkCap(cap);
		},
		setDelivery(policy) {
			resolved.delivery = policy;
		},
		setRetryAfter(seconds) {
			resolved.retryAfterSeconds = seconds;
		},
		queued: (apiKey = resolved.validKeys[0]) => queuedJobs(ctx, apiKey),
		setBalance: (amount, apiKey = resolved.validKeys[0]) => setBalance(ctx, apiKey, amount),
		balance: (apiKey = resolved.validKeys[0]) => balanceOf(ctx, apiKey),
		setPricePerJob(amount) {
			resolved.pricePerJob = amount;
		},
		setWorkflowWebhook(url) {
			resolved.workflowWebhookUrl = url;
		},
		holdCallbacks: () => sender.hold(),
		releaseCallbacks: () => sender.release(),
		get heldCallbacks() {
			return sender.held;
		},
		reset() {
			timers.clearAll();
			sender.close();
			sender.reopen();
			ctx.requests.length = 0;
			callbacksSent.length = 0;
			ctx.jobs.clear();
			ctx.jobsByFetchId.clear();
			ctx.uploads.clear();
			ctx.counters.clear();
			ctx.balances.clear();
			ctx.runScenario = undefined;
		},
		close: async () => {
			await Promise.all([...servers].map(stopServer));
		},
	};
}
