import type { Request, Response } from 'express';
import { bodyOf, checkKey, sendJson, type SimContext } from './context';
import { answerFault, nextFault } from './faults';
import {
	failedBody,
	processingBody,
	successBody,
	trainingStatusBody,
	workflowStatusBody,
} from './payloads';
import type { SimRoute } from './routeTable';
import type { SimJob } from './types';

type FetchRoute = Extract<SimRoute, { kind: 'fetch' | 'fetchByBody' }>;

/** What a fetch answers for this job now: `processing` until completion, then the category's documented final fetch answer. */
export function fetchBody(job: SimJob, now: number): Record<string, unknown> {
	if (job.kind === 'training') return trainingStatusBody(job, now);
	if (job.kind === 'workflow') return workflowStatusBody(job, now);
	if (now < job.completesAt) return processingBody(job, now, 'fetch');
	return job.scenario.outcome === 'failed' ? failedBody(job, 'fetch') : successBody(job, 'fetch');
}

/**
 * Handles a fetch: the id from the path (or `request_id` in the body); a job is found only at the
 * fetch path of its own endpoint (fetching a video id at the images fetch path is "not found").
 */
export function handleFetch(
	ctx: SimContext,
	req: Request,
	res: Response,
	route: FetchRoute,
	params: Record<string, string>,
): void {
	if (!checkKey(ctx, req, res, route.keyIn)) return;
	const requestId = route.kind === 'fetch' ? params.id : bodyOf(req).request_id;
	if (requestId === undefined || requestId === null || requestId === '') {
		sendJson(res, 400, { status: 'error', message: 'request_id is required' });
		return;
	}
	const job = ctx.jobsByFetchId.get(String(requestId));
	if (!job || job.fetchPath !== route.fetchPath) {
		sendJson(res, ctx.options.notFoundHttpStatus, {
			status: 'error',
			message: 'Request not found',
		});
		return;
	}
	res.locals.simJobId = String(job.id);
	const fault = nextFault(ctx, `fetch:${String(job.id)}`, job.scenario.fetchFaults);
	if (fault) return answerFault(ctx, req, res, fault, 'api');
	sendJson(res, 200, fetchBody(job, Date.now()));
}
