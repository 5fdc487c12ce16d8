/**
 * webhook(): what happens when something POSTs to the trigger's URL. Only a genuine callback
 * (right token, a valid ModelsLab payload, known to ModelsLab when verification is on) starts
 * an execution; everything else gets a 4xx that says what is wrong, and runs nothing.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelsLabResult } from '../shared/callback';
import { InvalidPayloadError, dedupeKey, parsePayload, toItemJson } from '../shared/callback';
import { checkCallbackRequest } from '../shared/callbackRequest';
import type { FetchCategory } from '../shared/fetchCategories';
import { FETCH_CATEGORIES } from '../shared/fetchCategories';
import { fetchJob } from '../shared/fetchJob';
import { MIN_TOKEN_LENGTH, TOKEN_QUERY } from './properties';
import { claimDelivery, releaseClaim } from './dedupe';
import { secretsMatch } from '../shared/secrets';

const GENERATION_CATEGORIES = (Object.keys(FETCH_CATEGORIES) as FetchCategory[]).filter(
	(category) => category !== 'training' && category !== 'workflow',
);

function reply(ctx: IWebhookFunctions, code: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(code).json(body);
	return { noWebhookResponse: true };
}

export function scopeOf(ctx: { getWorkflow(): { id?: string }; getNode(): { name: string } }): string {
	return `${ctx.getWorkflow().id ?? ''}\n${ctx.getNode().name}`;
}

function verifyCategories(kind: ModelsLabResult['kind'], jobType: string): FetchCategory[] {
	if (jobType !== 'auto') return [jobType as FetchCategory];
	if (kind === 'training') return ['training'];
	if (kind === 'workflow') return ['workflow'];
	return GENERATION_CATEGORIES;
}

/** What ModelsLab itself says about the posted job, or undefined when it does not know it. */
async function verify(ctx: IWebhookFunctions, posted: ModelsLabResult, jobType: string): Promise<ModelsLabResult | undefined> {
	let id = posted.id;
	if (posted.kind === 'workflow') {
		const workflow = posted.raw.workflow as IDataObject | undefined;
		const workflowId = posted.raw.workflow_id ?? workflow?.id;
		if (workflowId === undefined) return undefined;
		id = `${String(workflowId)}/runs/${posted.id}`;
	}
	for (const category of verifyCategories(posted.kind, jobType)) {
		try {
			// A fetch's 200 `{status: "error"}` is a failed job (documented); an unknown id is a 404.
			const known = await fetchJob(ctx, category, id, { errorAsFailure: posted.outcome === 'failed' });
			if (posted.kind === 'workflow') known.id = posted.id;
			if (known.id !== posted.id) continue;
			if (known.trackId === undefined) known.trackId = posted.trackId;
			return known;
		} catch (error) {
			ctx.logger.debug(`ModelsLab Trigger: ${category} does not know ${id}: ${(error as Error).message}`);
		}
	}
	return undefined;
}

export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as IDataObject;
	const token = String(this.getNodeParameter('token', '') ?? '');
	if (token.length < MIN_TOKEN_LENGTH) {
		return reply(this, 500, {
			error: `The trigger's Callback Token is shorter than ${MIN_TOKEN_LENGTH} characters; set it in the node`,
		});
	}
	if (query[TOKEN_QUERY] === undefined || query[TOKEN_QUERY] === '') {
		return reply(this, 401, { error: `Unauthorized: the URL needs ?${TOKEN_QUERY}=<Callback Token>` });
	}
	if (!secretsMatch(token, query[TOKEN_QUERY])) return reply(this, 403, { error: 'Forbidden: wrong token' });

	let result: ModelsLabResult;
	try {
		checkCallbackRequest(this);
		result = parsePayload(this.getBodyData());
	} catch (error) {
		if (error instanceof InvalidPayloadError) return reply(this, error.httpCode, { error: error.message });
		throw new NodeOperationError(this.getNode(), error as Error);
	}

	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (result.outcome === 'processing' && options.emitProgress !== true) {
		return reply(this, 200, { received: true, ignored: 'progress' });
	}
	// A repeat of a job this process has seen recorded, or whose first copy is on its way, gets 200
	// and starts nothing. The claim lasts only if n8n answers this copy 2xx (see dedupe.ts).
	const scope = scopeOf(this);
	const key = dedupeKey(result);
	if (this.getMode() !== 'manual' && !(await claimDelivery(scope, key, this.getResponseObject()))) {
		return reply(this, 200, { received: true, duplicate: true });
	}
	if (this.getNodeParameter('verifyWithModelsLab', false) === true) {
		const known = await verify(this, result, String(this.getNodeParameter('verifyJobType', 'auto')));
		if (!known) return reply(this, 403, { error: `ModelsLab does not know job ${result.id}` });
		result = known;
		if (result.outcome === 'processing' && options.emitProgress !== true) {
			// ModelsLab says the job is still running: this copy starts nothing, so it holds nothing.
			releaseClaim(scope, key);
			return reply(this, 200, { received: true, ignored: 'progress' });
		}
	}
	// n8n answers this ('onReceived') as soon as the execution exists, before the workflow runs
	// (ModelsLab wants a 2xx within 30 s). Answering here instead would tell ModelsLab the job was
	// taken even when n8n then fails to start the execution (2.x answers 500 then, so it is resent).
	return { webhookResponse: { received: true }, workflowData: [[{ json: toItemJson(result) }]] };
}
