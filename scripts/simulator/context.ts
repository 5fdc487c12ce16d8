import type { Request, Response } from 'express';
import type { CallbackSender } from './callbacks';
import type { SimFile } from './media';
import type { SimUpload } from './uploads';
import type { SimRoute } from './routeTable';
import type { TimerBag } from './timers';
import type {
	CallbackAttempt,
	CallbackRetryOptions,
	DeliveryPolicy,
	RequestRecord,
	SimJob,
} from './types';

/** Options with every default filled in. */
export interface ResolvedOptions {
	validKeys: string[];
	invalidKeyHttpStatus: number;
	notFoundHttpStatus: number;
	delayMs: number;
	defaultScenario: string;
	retryAfterSeconds: number;
	queueCap: number;
	jitterMs: number;
	delivery: DeliveryPolicy;
	lostFraction: number;
	httpsOnly: boolean;
	callbackRetry: CallbackRetryOptions;
	earlyWaitMs: number;
	uploadTtlMs: number;
	balance: number;
	pricePerJob: number;
	workflowWebhookUrl?: string;
	log: (line: string) => void;
}

/** The simulator's state, shared by the route handlers. */
export interface SimContext {
	options: ResolvedOptions;
	routes: SimRoute[];
	files: Map<string, SimFile>;
	/** Files uploaded through the base64-to-URL endpoints, by upload id. */
	uploads: Map<string, SimUpload>;
	/** Jobs by String(id). */
	jobs: Map<string, SimJob>;
	/** Jobs by the value that stands for `{id}` in their fetch path. */
	jobsByFetchId: Map<string, SimJob>;
	requests: RequestRecord[];
	callbacksSent: CallbackAttempt[];
	timers: TimerBag;
	sender: CallbackSender;
	/** How many submits each counted scenario token (`rateLimit:2`, `serverError:1`) has seen. */
	counters: Map<string, number>;
	/** Uniform in [0, 1): seeded by `options.seed`, so a run's jitter and losses can be replayed. */
	random: () => number;
	/** Set by setScenario(); undefined means options.defaultScenario. */
	runScenario?: string;
	nextNumericId: number;
	/** Each key's wallet, once it differs from `options.balance` (wallet.ts). */
	balances: Map<string, number>;
}

export type Body = Record<string, unknown>;

/** The JSON body as an object ({} when absent or not an object). */
export function bodyOf(req: Request): Body {
	const body: unknown = req.body;
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {};
}

/** `<protocol>://<host>` as the client addressed the simulator. */
export function originOf(req: Request): string {
	return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

export function sendJson(res: Response, status: number, body: unknown): void {
	res.status(status).json(body);
}

/** The key as this endpoint takes it: JSON body `key`, a `key` header, or the `key` query parameter. */
export function keyOf(req: Request, keyIn: 'body' | 'header' | 'query'): unknown {
	if (keyIn === 'header') return req.headers.key;
	if (keyIn === 'query') return req.query.key;
	return bodyOf(req).key;
}

/** Answers "Invalid API key" and returns false when the key is missing or unknown. */
export function checkKey(
	ctx: SimContext,
	req: Request,
	res: Response,
	keyIn: 'body' | 'header' | 'query',
): boolean {
	const key = keyOf(req, keyIn);
	if (typeof key === 'string' && ctx.options.validKeys.includes(key)) return true;
	sendJson(res, ctx.options.invalidKeyHttpStatus, { status: 'error', message: 'Invalid API key' });
	return false;
}

/** Attaches scenario tokens to the request's record (for `requests` and the log line). */
export function noteScenario(res: Response, tokens: string[]): void {
	res.locals.simScenario = tokens;
}
