import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import {
	bodyOf,
	checkKey,
	keyOf,
	noteScenario,
	originOf,
	sendJson,
	type SimContext,
} from './context';
import { extensionFor } from './media';
import {
	processingBody,
	submitErrorBody,
	successBody,
	trainingSubmitBody,
	workflowRunBody,
} from './payloads';
import type { SimRoute } from './routeTable';
import { ScenarioError, parseScenario, scenarioTextOf, type Scenario } from './scenario';
import { jobDuration, queueFullBody, queueIsFull } from './queue';
import { scheduleCallbacks, startFinalCallbacks } from './schedule';
import { charge, insufficientBody, jobPrice } from './wallet';
import type { DeliveryPolicy, JobKind, SimJob } from './types';

type SubmitRoute = Extract<SimRoute, { kind: 'submit' }>;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function trainingId(): string {
	return [...randomBytes(10)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

function stringId(): string {
	const hex = randomBytes(10).toString('hex');
	return `sim-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12)}`;
}

function kindOf(route: SubmitRoute): JobKind {
	if (route.entry.output === 'training') return 'training';
	if (route.entry.output === 'workflow') return 'workflow';
	return 'generation';
}

/** Counts a submit against `rateLimit:<n>` / `serverError:<n>`; true while the first n are refused. */
function countedRefusal(ctx: SimContext, token: string, limit: number | undefined): boolean {
	if (limit === undefined) return false;
	const seen = ctx.counters.get(token) ?? 0;
	ctx.counters.set(token, seen + 1);
	return seen < limit;
}

function resolveScenario(ctx: SimContext, req: Request): Scenario {
	const text =
		scenarioTextOf(req.headers, req.body) ?? ctx.runScenario ?? ctx.options.defaultScenario;
	return parseScenario(text);
}

function outputCount(kind: JobKind, route: SubmitRoute, body: Record<string, unknown>): number {
	if (kind === 'training') return 0;
	if (route.entry.output !== 'image') return 1;
	const samples = Number(body.samples ?? 1);
	return Number.isFinite(samples) ? Math.min(4, Math.max(1, Math.floor(samples))) : 1;
}

/** Handles a POST to a catalogue endpoint: refusals first, then a new job and its answer. */
export async function handleSubmit(
	ctx: SimContext,
	req: Request,
	res: Response,
	route: SubmitRoute,
	params: Record<string, string>,
): Promise<void> {
	if (!checkKey(ctx, req, res, route.keyIn)) return;
	let scenario: Scenario;
	try {
		scenario = resolveScenario(ctx, req);
	} catch (error) {
		if (!(error instanceof ScenarioError)) throw error;
		sendJson(res, 400, { status: 'error', message: error.message });
		return;
	}
	// Endpoints that take no webhook (base64_to_url) answer at once at ModelsLab.
	if (route.entry.acceptsWebhook === false && kindOf(route) === 'generation')
		scenario.immediate = true;
	noteScenario(res, scenario.tokens);
	const token = (name: string) => scenario.tokens.find((t) => t.startsWith(`${name}:`)) ?? name;
	if (countedRefusal(ctx, token('serverError'), scenario.serverError)) {
		sendJson(res, 500, { status: 'error', message: 'Internal server error (simulated)' });
		return;
	}
	if (countedRefusal(ctx, token('rateLimit'), scenario.rateLimit)) {
		sendJson(res, 429, queueFullBody(ctx));
		return;
	}
	if (countedRefusal(ctx, token('hangUp'), scenario.hangUp)) {
		req.socket.destroy();
		return;
	}
	// No answer at all: the client times out (the connection closes with the simulator).
	if (countedRefusal(ctx, token('stall'), scenario.stall)) return;
	const apiKey = String(keyOf(req, route.keyIn));
	// The account's queue (ModelsLab/docs-v2 rate-limits.mdx): full means 429, no job. An answer
	// given at once (base64_to_url, `immediate`) is not queued.
	if (!scenario.immediate && queueIsFull(ctx, apiKey)) {
		sendJson(res, 429, queueFullBody(ctx));
		return;
	}
	if (scenario.errorInOk) {
		const text = 'Simulated error: the request could not be processed (sim scenario "errorInOk")';
		sendJson(
			res,
			200,
			scenario.messege ? { status: 'error', messege: text } : { status: 'error', message: text },
		);
		return;
	}
	// The wallet pays for the job now, or the submit is refused with the documented 402 (wallet.ts).
	if (!charge(ctx, apiKey, jobPrice(ctx, route))) {
		sendJson(res, 402, insufficientBody());
		return;
	}

	const job = createJob(ctx, req, route, params, scenario, apiKey);
	ctx.jobs.set(String(job.id), job);
	ctx.jobsByFetchId.set(job.fetchId, job);
	res.locals.simJobId = String(job.id);

	if (scenario.early && job.webhook) {
		// The callback goes out before this answer; wait for its first attempt (bounded).
		await Promise.race([startFinalCallbacks(ctx, job), ctx.timers.sleep(ctx.options.earlyWaitMs)]);
	} else {
		scheduleCallbacks(ctx, job);
	}
	answerSubmit(res, job);
}

function answerSubmit(res: Response, job: SimJob): void {
	if (job.kind === 'workflow') return sendJson(res, 202, workflowRunBody(job));
	if (job.kind === 'training') return sendJson(res, 200, trainingSubmitBody(job));
	if (job.scenario.immediate) {
		return sendJson(
			res,
			200,
			job.scenario.outcome === 'failed' ? submitErrorBody(job) : successBody(job, 'submit'),
		);
	}
	sendJson(res, 200, processingBody(job, job.createdAt));
}

/**
 * The final callback's policy (ModelsLab/docs-v2 webhooks.mdx, "Retry Policy"): the request's
 * token, else `retry` for workflow runs ("Retried up to 3 times with exponential backoff"), else
 * the run's (default `once`: "Best-effort delivery"), lost at random for `lostFraction` of jobs.
 */
function deliveryOf(ctx: SimContext, kind: JobKind, scenario: Scenario): DeliveryPolicy {
	if (scenario.delivery) return scenario.delivery;
	if (kind === 'workflow') return 'retry';
	if (ctx.options.lostFraction > 0 && ctx.random() < ctx.options.lostFraction) return 'never';
	return ctx.options.delivery;
}

function createJob(
	ctx: SimContext,
	req: Request,
	route: SubmitRoute,
	params: Record<string, string>,
	scenario: Scenario,
	apiKey: string,
): SimJob {
	const body = bodyOf(req);
	const kind = kindOf(route);
	const wantsString =
		scenario.idKind === 'string' || (kind === 'training' && scenario.idKind !== 'numeric');
	const id: number | string = wantsString
		? kind === 'training'
			? trainingId()
			: stringId()
		: ctx.nextNumericId++;
	const jobParams = { ...params };
	let fetchId = String(id);
	if (kind === 'workflow') {
		jobParams.workflowId ??= Object.values(params)[0] ?? '';
		fetchId = `${jobParams.workflowId}/runs/${id}`;
	}
	const meta: Record<string, unknown> = { ...body };
	delete meta.key;
	delete meta.sim_scenario;
	const webhookField = typeof body.webhook === 'string' && body.webhook ? body.webhook : undefined;
	const webhook =
		webhookField ?? (kind === 'workflow' ? ctx.options.workflowWebhookUrl : undefined);
	const now = Date.now();
	const instant = scenario.immediate || scenario.early;
	const delay = instant ? 0 : jobDuration(ctx, scenario.delayMs, scenario.jitterMs);
	const origin = originOf(req);
	const extension = extensionFor(route.entry.output, body);
	const output = Array.from(
		{ length: outputCount(kind, route, body) },
		(_, i) => `${origin}/files/${encodeURIComponent(String(id))}-${i}.${extension}`,
	);
	return {
		id,
		kind,
		fetchId,
		entry: route.entry,
		version: route.version,
		fetchPath: route.fetchPath,
		params: jobParams,
		meta,
		trackId: body.track_id,
		webhook,
		scenario,
		createdAt: now,
		completesAt: now + delay,
		output,
		baseUrl: `${origin}/api`,
		cancelled: false,
		apiKey,
		delivery: deliveryOf(ctx, kind, scenario),
	};
}
