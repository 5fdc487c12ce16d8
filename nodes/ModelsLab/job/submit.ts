/** Submitting every item's job, a bounded number at a time, and reading ModelsLab's answers. */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/payload';
import { InvalidPayloadError, parseSubmitAnswer } from '../../shared/payload';
import { readUpload, uploadFile } from './uploads';
import { modelsLabRequest } from '../../shared/transport';
import type { RequestPlan } from './plan';

export interface Submission {
	itemIndex: number;
	plan?: RequestPlan;
	/** ModelsLab's answer, normalised: `processing` (a callback will come) or `success`. */
	result?: ModelsLabResult;
	/** Why this item has no job: a bad parameter or ModelsLab refusing the submit. */
	error?: Error;
	/** The submit got 429 (the account's queue was full) and was not retried: no job was created. */
	rateLimited?: boolean;
}

/** Runs `work` over `inputs` with at most `limit` running at once, keeping the order. */
export async function mapLimited<T, R>(
	inputs: T[],
	limit: number,
	work: (input: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await work(inputs[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
	return results;
}

/** The answer of a submit, as a job result. Throws NodeApiError when ModelsLab refused the job. */
export function readSubmitAnswer(
	ctx: IExecuteFunctions | IWebhookFunctions,
	plan: RequestPlan,
	body: IDataObject,
): ModelsLabResult {
	let result: ModelsLabResult;
	try {
		result = parseSubmitAnswer(body, plan.fetch);
	} catch (error) {
		const reason = error instanceof InvalidPayloadError ? error.message : String(error);
		throw new NodeApiError(ctx.getNode(), body as JsonObject, {
			message: `ModelsLab's answer to ${plan.label} could not be read: ${reason}`,
			description: 'The job may have been created. The raw answer is in the error details.',
			itemIndex: plan.itemIndex,
		});
	}
	if (result.outcome === 'failed') {
		throw new NodeApiError(ctx.getNode(), body as JsonObject, {
			message: `ModelsLab: ${result.message ?? 'the job failed'}`,
			description: `${plan.label} answered status "${result.status}". Request id: ${result.id}.`,
			httpCode: '200',
			itemIndex: plan.itemIndex,
		});
	}
	return result;
}

export interface SubmitSettings {
	concurrency: number;
	/** The `webhook` for an item, or undefined for none. */
	webhookFor: (plan: RequestPlan) => string | undefined;
	/** The track_id used when the user gave none. */
	defaultTrackId: (plan: RequestPlan) => string | undefined;
}

/**
 * Submits one item's job. `maxRateLimitRetries` 0 hands a 429 back as `rateLimited` at once:
 * the scheduler waits for a slot to free instead of sleeping on `retry_after`.
 */
export async function submitPlan(
	ctx: IExecuteFunctions | IWebhookFunctions,
	plan: RequestPlan,
	settings: Omit<SubmitSettings, 'concurrency'>,
	maxRateLimitRetries?: number,
): Promise<Submission> {
	try {
		await uploadFiles(ctx, plan);
	} catch (error) {
		return { itemIndex: plan.itemIndex, plan, error: error as Error };
	}
	const body: IDataObject = { ...(plan.request.body ?? {}) };
	const webhook = plan.acceptsWebhook ? settings.webhookFor(plan) : undefined;
	if (webhook) body.webhook = webhook;
	const trackId = plan.acceptsTrackId ? (plan.trackId ?? settings.defaultTrackId(plan)) : undefined;
	if (trackId) body.track_id = trackId;
	try {
		const answer = await modelsLabRequest(
			ctx,
			{ ...plan.request, body },
			{ itemIndex: plan.itemIndex, maxRateLimitRetries },
		);
		const result = readSubmitAnswer(ctx, plan, answer);
		if (trackId && result.trackId === undefined) result.trackId = trackId;
		return { itemIndex: plan.itemIndex, plan, result };
	} catch (error) {
		const rateLimited = error instanceof NodeApiError && error.httpCode === '429';
		return {
			itemIndex: plan.itemIndex,
			plan,
			error: error as Error,
			...(rateLimited ? { rateLimited } : {}),
		};
	}
}

/**
 * The item's binary files, uploaded through ModelsLab just before its job is submitted (in
 * execute() or webhook(), wherever the item's turn comes): ModelsLab's upload URLs last 24 hours,
 * which a long batch can outlive, and an item that never runs uploads nothing. Their URLs go into
 * the body; a plan submitted again after a 429 keeps them.
 */
async function uploadFiles(
	ctx: IExecuteFunctions | IWebhookFunctions,
	plan: RequestPlan,
): Promise<void> {
	if (!plan.uploads?.length || plan.uploaded) return;
	const body = plan.request.body as IDataObject;
	for (const upload of plan.uploads) {
		const url = await uploadFile(
			ctx,
			upload,
			await readUpload(ctx, upload, plan.itemIndex),
			plan.itemIndex,
		);
		if (upload.position === undefined) body[upload.key] = url;
		else (body[upload.key] as string[])[upload.position] = url;
	}
	plan.uploaded = true;
}

/** The track_id an item's job gets when the user gave none: the execution and the item, so a result can be found again. */
export function defaultTrackId(executionId: string, plan: RequestPlan): string {
	return `n8n-${executionId}-${plan.itemIndex}`;
}
