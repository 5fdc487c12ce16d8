import { fillTemplate } from './routeTable';
import type { SimJob } from './types';

/**
 * The JSON bodies the simulator answers and posts, shaped like ModelsLab's (see
 * /work/shared/reference/modelslab-api.md §2–3). Pure functions of a job and the clock.
 */

import { TRAINING_STAGES } from '../../nodes/shared/callback';

export { TRAINING_STAGES };

export const FAILURE_TEXT = 'Processing failed: simulated failure (sim scenario "failed")';
export const TRAINING_FAILURE_TEXT = 'Training failed: simulated failure (sim scenario "failed")';

type Body = Record<string, unknown>;

export function fetchUrl(job: SimJob): string {
	return job.baseUrl + fillTemplate(job.fetchPath, { ...job.params, id: job.fetchId });
}

function withTrackId(job: SimJob, body: Body): Body {
	if (job.trackId !== undefined && job.entry.acceptsTrackId !== false) body.track_id = job.trackId;
	return body;
}

function failureText(job: SimJob, text: string): Body {
	return job.scenario.messege ? { messege: text } : { message: text };
}

function etaSeconds(job: SimJob, now: number): number {
	return Math.max(1, Math.ceil((job.completesAt - now) / 1000));
}

function webhookStatus(job: SimJob): string {
	return job.webhook ? 'queued' : '';
}

// ---- generations ----

export function processingBody(job: SimJob, now: number): Body {
	const body: Body = {
		status: 'processing',
		tip: 'Your request is processing in the background; fetch it with the fetch_result URL.',
		eta: etaSeconds(job, now),
		message: 'Your request is being processed',
		fetch_result: fetchUrl(job),
		id: job.id,
		output: [],
		future_links: [...job.output],
		meta: job.meta,
		webhook_status: webhookStatus(job),
	};
	if (job.entry.output === 'model3d') body.extra_assets = [];
	return withTrackId(job, body);
}

export function successBody(job: SimJob): Body {
	const body: Body = {
		status: 'success',
		generationTime: Math.round(job.completesAt - job.createdAt) / 1000,
		id: job.id,
		output: [...job.output],
		proxy_links: job.output.map((url) => `${url}?proxy=1`),
		meta: job.meta,
		nsfw_content_detected: false,
		webhook_status: webhookStatus(job),
	};
	if (job.entry.output === 'audio') {
		body.links = [...job.output];
		body.audio_time = 0.72;
	}
	if (job.entry.output === 'model3d') body.extra_assets = [];
	return withTrackId(job, body);
}

export function failedBody(job: SimJob): Body {
	return withTrackId(job, {
		status: 'failed',
		id: job.id,
		...failureText(job, FAILURE_TEXT),
		output: [],
		meta: job.meta,
	});
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

/** The answer to the training submit. */
export function trainingSubmitBody(job: SimJob): Body {
	return { status: 'success', messege: 'deploying_gpu', data: 'it will take upto 30 minutes.', training_id: job.id };
}

/** The answer of `fine_tune_status/{id}`: `status` stays `success`, the stage is in `messege`. */
export function trainingStatusBody(job: SimJob, now: number): Body {
	if (job.scenario.outcome === 'failed' && now >= job.completesAt) {
		return {
			status: 'failed',
			...(job.scenario.messege ? {} : { messege: 'training_failed' }),
			...failureText(job, TRAINING_FAILURE_TEXT),
			training_id: job.id,
		};
	}
	const stage = trainingStageAt(job, now);
	return { status: 'success', messege: TRAINING_STAGES[stage], data: trainingLog(stage), training_id: job.id };
}

/** A training callback, at stage index `stage` (the last one is `model_ready`). */
export function trainingCallbackBody(job: SimJob, stage: number): Body {
	const name = TRAINING_STAGES[stage];
	return withTrackId(job, {
		status: 'success',
		training_status: name,
		messege: name,
		logs: trainingLog(stage),
		model_id: job.id,
		training_id: job.id,
	});
}

export function trainingFailedCallbackBody(job: SimJob): Body {
	return withTrackId(job, {
		status: 'failed',
		training_status: 'training_failed',
		...failureText(job, TRAINING_FAILURE_TEXT),
		model_id: job.id,
		training_id: job.id,
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

export function workflowRunBody(job: SimJob): Body {
	return {
		status: 'success',
		message: 'Workflow execution started.',
		execution_id: job.id,
		workflow_id: job.params.workflowId ?? '',
		status_url: fetchUrl(job),
		webhook_url: job.webhook ?? null,
	};
}

/** `GET /v1/workflows/<workflowId>/runs/<executionId>`: top-level `status` is always `success`. */
export function workflowStatusBody(job: SimJob, now: number): Body {
	const status = executionStatusAt(job, now);
	const finished = status === 'completed' || status === 'failed' || status === 'cancelled';
	const body: Body = {
		status: 'success',
		execution: {
			id: job.id,
			workflow_id: job.params.workflowId ?? '',
			status,
			started_at: iso(job.createdAt),
			completed_at: finished ? iso(Math.min(now, job.completesAt)) : null,
			execution_time: finished ? (Math.min(now, job.completesAt) - job.createdAt) / 1000 : null,
		},
		steps: [{ name: 'Simulated step', status, started_at: iso(job.createdAt), completed_at: finished ? iso(job.completesAt) : null }],
	};
	if (status === 'completed') body.output = { output: [...job.output], proxy_links: job.output.map((url) => `${url}?proxy=1`), status: 'success' };
	if (status === 'failed') body.error = FAILURE_TEXT;
	return body;
}

/** The workflow callback: the flat form by default, the `{workflow, execution}` envelope under `envelope`. */
export function workflowCallbackBody(job: SimJob, phase: 'progress' | 'final'): Body {
	const failed = job.scenario.outcome === 'failed';
	const status: ExecutionStatus = phase === 'progress' ? 'running' : failed ? 'failed' : 'completed';
	const event = phase === 'progress' ? 'workflow.running' : failed ? 'workflow.failed' : 'workflow.completed';
	const output = status === 'completed' ? { output: [...job.output], proxy_links: job.output.map((url) => `${url}?proxy=1`), status: 'success' } : undefined;
	const completedAt = phase === 'final' ? iso(job.completesAt) : null;
	if (job.scenario.envelope) {
		return {
			event,
			workflow: { id: job.params.workflowId ?? '', name: 'Simulated workflow', user_id: 1 },
			execution: {
				id: job.id,
				status,
				started_at: iso(job.createdAt),
				completed_at: completedAt,
				execution_time: phase === 'final' ? (job.completesAt - job.createdAt) / 1000 : null,
				input_data: job.meta,
				output_data: output ?? null,
				...(failed && phase === 'final' ? { error: FAILURE_TEXT } : {}),
			},
		};
	}
	return {
		event,
		execution_id: job.id,
		workflow_id: job.params.workflowId ?? '',
		status,
		...(output ? { output } : {}),
		...(failed && phase === 'final' ? { error: FAILURE_TEXT } : {}),
		completed_at: completedAt,
	};
}
