import { fillTemplate } from './routeTable';
import type { SimJob } from './types';
import type { Channel, Fixture } from './corpus';
import { fixture, loadCorpus } from './corpus';
import { outputBytes } from './media';
import type { FetchCategory } from '../../nodes/shared/fetchCategories';

/**
 * The JSON bodies the simulator answers and posts. Every one is built from a documented shape in
 * the fixture corpus (scripts/simulator/corpus, each file naming its source): the shape of the
 * job's fetch category for that channel and state is copied, and only keys the shape already has
 * get the job's values (id, files, eta, track id, meta…). So the simulator cannot answer in a
 * shape ModelsLab does not document. Pure functions of a job and the clock.
 *
 * A scenario `shape:<name>` picks another documented variant of the same channel and state
 * (e.g. `shape:fetch-success-links`, `shape:callback-success-integer-id`).
 */

import { TRAINING_STAGES } from '../../nodes/shared/payload';

export { TRAINING_STAGES };

export const FAILURE_TEXT = 'Processing failed: simulated failure (sim scenario "failed")';
export const TRAINING_FAILURE_TEXT = 'Training failed: simulated failure (sim scenario "failed")';

type Body = Record<string, unknown>;

export function fetchUrl(job: SimJob): string {
	return job.baseUrl + fillTemplate(job.fetchPath, { ...job.params, id: job.fetchId });
}

/** The fetch category of the job's endpoint version: which folder of the corpus it answers from. */
export function categoryOf(job: SimJob): FetchCategory {
	return job.version.fetch;
}

/**
 * The documented shape for this job, channel and state: the scenario's `shape:<name>` when it is
 * one of the same channel and state, else `<channel>-<state>`, else the first of that channel and
 * state. Throws when the corpus has none (the docs show no such answer).
 */
export function shapeFor(
	job: SimJob,
	channel: Channel,
	state: Fixture['state'],
	preferred?: string,
): Fixture {
	const category = categoryOf(job);
	const of = loadCorpus().filter(
		(entry) => entry.category === category && entry.channel === channel && entry.state === state,
	);
	const wanted = [
		...job.scenario.tokens
			.filter((token) => token.startsWith('shape:'))
			.map((token) => token.slice('shape:'.length)),
		preferred,
		`${channel}-${state}`,
	];
	for (const name of wanted) {
		const found = of.find((entry) => entry.name === name);
		if (found) return found;
	}
	if (of.length) return of[0];
	throw new Error(
		`The corpus documents no ${channel} answer "${state}" for ${category}: the simulator will not invent one`,
	);
}

/** A copy of the shape's body where each key it has takes the job's value; no key is added. */
function fill(shape: Fixture, values: Body): Body {
	const body = structuredClone(shape.body);
	for (const [key, value] of Object.entries(values)) {
		if (key in body && value !== undefined) body[key] = value;
	}
	return body;
}

/** The id in the type the shape shows (openapi files type it as an integer, webhooks.mdx as a string). */
function idLike(shape: Fixture, job: SimJob, key = 'id'): unknown {
	const documented = shape.body[key];
	if (typeof documented === 'string') return String(job.id);
	return job.id;
}

/** The shape's own message field (`message` or `messege`) set to `text`; `messege` under that scenario. */
function withMessage(body: Body, job: SimJob, text: string): Body {
	if ('messege' in body && !('message' in body)) body.messege = text;
	else if (job.scenario.messege && 'message' in body) {
		delete body.message;
		body.messege = text;
	} else body.message = text;
	return body;
}

function etaSeconds(job: SimJob, now: number): number {
	return Math.max(1, Math.ceil((job.completesAt - now) / 1000));
}

function trackIdOf(job: SimJob): unknown {
	return job.entry.acceptsTrackId !== false ? job.trackId : undefined;
}

function generationValues(job: SimJob, now: number, shape: Fixture): Body {
	return {
		id: idLike(shape, job),
		eta: etaSeconds(job, now),
		fetch_result: fetchUrl(job),
		output:
			Array.isArray(shape.body.output) && shape.body.output.length === 0 ? [] : [...job.output],
		links: [...job.output],
		// Only shapes that have it (`shape:callback-success-output-url`, from the CLI's reader).
		output_url: job.output[0],
		future_links: [...job.output],
		proxy_links: shape.state === 'processing' ? [] : job.output.map((url) => `${url}?proxy=1`),
		meta: job.meta,
		generationTime: Math.round(job.completesAt - job.createdAt) / 1000,
		track_id: trackIdOf(job),
		webhook_status: job.webhook ? 'queued' : '',
	};
}

// ---- generations ----

/** `processing`: the submit answer (default) or a fetch answer before the job ends. */
export function processingBody(
	job: SimJob,
	now: number,
	channel: 'submit' | 'fetch' = 'submit',
): Body {
	const shape = shapeFor(job, channel, 'processing');
	return fill(shape, generationValues(job, now, shape));
}

/** The job's result: the final callback (default), a fetch after it ended, or an immediate submit answer. */
export function successBody(job: SimJob, channel: Channel = 'callback'): Body {
	const shape = shapeFor(job, channel, 'success');
	const body = fill(shape, generationValues(job, job.completesAt, shape));
	if (channel === 'callback' && body.track_id === undefined) delete body.track_id;
	// The `base64` output option (`shape:callback-success-base64`; community-models/openapi.json:
	// "If true, response output is base64 string"): each output is its file's bytes in base64.
	if (shape.name.endsWith('-base64') && Array.isArray(body.output))
		body.output = job.output.map((url) =>
			outputBytes(url, job.scenario.fileBytes).toString('base64'),
		);
	return body;
}

/**
 * A failed job: the failure callback (default) or a fetch after it failed. Where the corpus has
 * no failed fetch answer for a category (v6 documents a `{status: "error", message}` in the fetch's
 * 200 answer instead), that error shape is used.
 */
export function failedBody(job: SimJob, channel: 'callback' | 'fetch' = 'callback'): Body {
	// `<channel>-failed` where the category has one, else its other failed shape (v6: fetch-error-200).
	const shape = shapeFor(job, channel, 'failed');
	const body = fill(shape, { id: idLike(shape, job), track_id: trackIdOf(job), meta: job.meta });
	if (channel === 'callback' && body.track_id === undefined) delete body.track_id;
	return withMessage(body, job, FAILURE_TEXT);
}

/** The answer to a submit ModelsLab refuses at once: `{status: "error", message}` in a 200 (error-codes.mdx). */
export function submitErrorBody(job: SimJob): Body {
	const body = structuredClone(shapeFor(job, 'submit', 'error', 'submit-error-200').body);
	return withMessage(body, job, FAILURE_TEXT);
}

// ---- trainings ----

export function trainingStageAt(job: SimJob, now: number): number {
	if (now >= job.completesAt) return TRAINING_STAGES.length - 1;
	const span = Math.max(1, job.completesAt - job.createdAt);
	const fraction = Math.max(0, now - job.createdAt) / span;
	return Math.min(TRAINING_STAGES.length - 2, Math.floor(fraction * (TRAINING_STAGES.length - 1)));
}

function trainingLog(stage: number): string {
	return TRAINING_STAGES.slice(0, stage + 1)
		.map((name, i) => `Step:${i + 1} ${name}, ${TRAINING_STAGES.length - i - 1} steps to go`)
		.join('\n');
}

/** The answer to the training submit (TrainingResponse: the stage in `messege`, the `training_id`). */
export function trainingSubmitBody(job: SimJob): Body {
	return fill(fixture('training', 'submit-processing'), {
		messege: TRAINING_STAGES[0],
		training_id: String(job.id),
	});
}

/**
 * The answer of `fine_tune_status/{id}` (TrainingStatusResponse: `status`, `messege`, `data`, no
 * id). A failed training answers the documented error shape (`{status: "error", messege, code}`).
 */
export function trainingStatusBody(job: SimJob, now: number): Body {
	if (job.scenario.outcome === 'failed' && now >= job.completesAt) {
		return fill(fixture('training', 'fetch-error'), { messege: TRAINING_FAILURE_TEXT });
	}
	const stage = trainingStageAt(job, now);
	const name = stage === TRAINING_STAGES.length - 1 ? 'fetch-model-ready' : 'fetch-deploying_gpu';
	return fill(fixture('training', name), {
		messege: TRAINING_STAGES[stage],
		data: trainingLog(stage),
	});
}

/** A training callback at stage index `stage` (lora-finetune.mdx: `training_status`, `logs`, `model_id`). */
export function trainingCallbackBody(job: SimJob, stage: number): Body {
	const name = stage === TRAINING_STAGES.length - 1 ? 'callback-model-ready' : 'callback-stage';
	return fill(fixture('training', name), {
		training_status: TRAINING_STAGES[stage],
		logs: trainingLog(stage),
		model_id: String(job.id),
	});
}

/** A failed training's callback (inferred in the corpus: the docs show none; see its notes). */
export function trainingFailedCallbackBody(job: SimJob): Body {
	return fill(fixture('training', 'callback-failed'), {
		logs: TRAINING_FAILURE_TEXT,
		model_id: String(job.id),
	});
}

// ---- workflows ----

function iso(time: number): string {
	return new Date(time).toISOString();
}

export type ExecutionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export function executionStatusAt(job: SimJob, now: number): ExecutionStatus {
	if (job.cancelled) return 'cancelled';
	if (now >= job.completesAt) return job.scenario.outcome === 'failed' ? 'failed' : 'completed';
	return now - job.createdAt < (job.completesAt - job.createdAt) / 3 ? 'pending' : 'running';
}

/** The run's 202 answer (workflows-api/run-workflow.mdx). */
export function workflowRunBody(job: SimJob): Body {
	return fill(fixture('workflow', 'submit-processing'), {
		execution_id: job.id,
		workflow_id: job.params.workflowId ?? '',
		status_url: fetchUrl(job),
		webhook_url: job.webhook ?? null,
	});
}

/** `GET /v1/workflows/<workflowId>/runs/<executionId>` (get-execution-status.mdx): top-level `status` is always `success`. */
export function workflowStatusBody(job: SimJob, now: number): Body {
	const status = executionStatusAt(job, now);
	const name = {
		pending: 'fetch-pending',
		running: 'fetch-running',
		completed: 'fetch-completed',
		failed: 'fetch-failed',
		cancelled: 'fetch-cancelled',
	}[status];
	const shape = fixture('workflow', name);
	const finished = status === 'completed' || status === 'failed' || status === 'cancelled';
	const end = Math.min(now, job.completesAt);
	const body = fill(shape, { error: FAILURE_TEXT });
	body.execution = fill(
		{ ...shape, body: shape.body.execution as Body },
		{
			id: job.id,
			workflow_id: job.params.workflowId ?? '',
			started_at: iso(job.createdAt),
			completed_at: finished ? iso(end) : null,
			execution_time: finished ? (end - job.createdAt) / 1000 : null,
		},
	);
	if (body.output && typeof body.output === 'object') {
		body.output = {
			...(body.output as Body),
			output: [...job.output],
			proxy_links: job.output.map((url) => `${url}?proxy=1`),
		};
	}
	return body;
}

/**
 * The workflow callback, sent when the run completes or fails (workflows-api/overview.mdx): the
 * flat form by default, the `{workflow, execution}` envelope of webhooks.mdx under `envelope`
 * (completed runs only: that is the only envelope documented).
 */
export function workflowCallbackBody(job: SimJob): Body {
	const failed = job.scenario.outcome === 'failed';
	// Only a completed run's envelope is documented; a failed run always comes in the flat form.
	if (job.scenario.envelope && !failed) {
		const shape = fixture('workflow', 'callback-envelope');
		const body = structuredClone(shape.body);
		body.workflow = { ...(body.workflow as Body), id: job.params.workflowId ?? '' };
		const execution = { ...(body.execution as Body) };
		execution.id = job.id;
		execution.status = 'completed';
		execution.started_at = iso(job.createdAt);
		execution.completed_at = iso(job.completesAt);
		execution.execution_time = (job.completesAt - job.createdAt) / 1000;
		execution.input_data = job.meta;
		execution.output_data = { images: [...job.output] };
		body.execution = execution;
		return body;
	}
	const shape = fixture('workflow', failed ? 'callback-flat-failed' : 'callback-flat');
	const body = fill(shape, {
		execution_id: job.id,
		workflow_id: job.params.workflowId ?? '',
		completed_at: iso(job.completesAt),
		error: FAILURE_TEXT,
	});
	if (body.output && typeof body.output === 'object') body.output = { output: [...job.output] };
	return body;
}
