/**
 * webhook(): what happens when something POSTs to the trigger's URL. Only a genuine callback
 * (right token, a valid ModelsLab payload, known to ModelsLab when verification is on) starts
 * an execution; everything else gets a 4xx that says what is wrong, and runs nothing. When
 * verification cannot get an answer from ModelsLab in time, the callback is emitted marked
 * `verified: false` rather than refused (see receiveCallback).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ModelsLabResult } from '../shared/payload';
import { dedupeKey, toItemJson } from '../shared/resultItem';
import { replyJson, takeCallback } from '../shared/callbackIntake';
import type { FetchCategory } from '../shared/fetchCategories';
import { FETCH_CATEGORIES } from '../shared/fetchCategories';
import { fetchJob } from '../shared/fetchJob';
import { isTransientFailure } from '../shared/transport';
import { MIN_TOKEN_LENGTH, TOKEN_QUERY } from './properties';
import { claimDelivery, releaseClaim } from './dedupe';
import { secretsMatch } from '../shared/secrets';

const GENERATION_CATEGORIES = (Object.keys(FETCH_CATEGORIES) as FetchCategory[]).filter(
	(category) => category !== 'training' && category !== 'workflow',
);

const reply = replyJson;

export function scopeOf(ctx: {
	getWorkflow(): { id?: string };
	getNode(): { name: string };
}): string {
	return `${ctx.getWorkflow().id ?? ''}\n${ctx.getNode().name}`;
}

function verifyCategories(kind: ModelsLabResult['kind'], jobType: string): FetchCategory[] {
	if (jobType !== 'auto') return [jobType as FetchCategory];
	if (kind === 'training') return ['training'];
	if (kind === 'workflow') return ['workflow'];
	return GENERATION_CATEGORIES;
}

/**
 * ModelsLab wants a callback answered 2xx within 30 s (modelslab-api.md §3, "Receiver
 * requirements", from DOCS webhooks.mdx). Verifying may take at most this much of it, the rest is
 * for n8n to start the execution ('onReceived' answers once it exists).
 */
export const VERIFY_BUDGET_MS = 20_000;
/** First wait before a verification fetch that failed transiently is asked again; doubled each time. */
const VERIFY_FIRST_RETRY_MS = 1_000;
/** Longest wait for one verification answer. */
const VERIFY_REQUEST_TIMEOUT_MS = 10_000;
/** The deadline is ours: the transport must not wait out a 429's retry_after (30 s) on its own. */
const NO_TRANSPORT_RETRIES = { maxRateLimitRetries: 0, maxTransientRetries: 0 };

/** What ModelsLab said: the job as it knows it, that it does not know it, or no answer (why). */
type Verification = { known: ModelsLabResult } | { unknown: true } | { unverified: string };

/**
 * Asks ModelsLab about the posted job. A fetch that fails transiently (ModelsLab unreached, 429,
 * 5xx: what the transport itself retries) is asked again after 1, 2, 4 … s while VERIFY_BUDGET_MS
 * lasts; `unknown` only when every endpoint asked gave a definite answer.
 */
async function verify(
	ctx: IWebhookFunctions,
	posted: ModelsLabResult,
	jobType: string,
): Promise<Verification> {
	let id = posted.id;
	if (posted.kind === 'workflow') {
		const workflow = posted.raw.workflow as IDataObject | undefined;
		const workflowId = posted.raw.workflow_id ?? workflow?.id;
		if (workflowId === undefined) return { unknown: true };
		id = `${String(workflowId)}/runs/${posted.id}`;
	}
	const deadline = Date.now() + VERIFY_BUDGET_MS;
	let unanswered: string | undefined;
	for (const category of verifyCategories(posted.kind, jobType)) {
		for (let wait = VERIFY_FIRST_RETRY_MS; ; wait *= 2) {
			const left = deadline - Date.now();
			if (left < 1000) {
				unanswered ??= `no time left to ask ${category} within ${VERIFY_BUDGET_MS / 1000} s`;
				break;
			}
			try {
				// A fetch's 200 `{status: "error"}` is a failed job (documented); an unknown id is a 404.
				const known = await fetchJob(ctx, category, id, {
					errorAsFailure: posted.outcome === 'failed',
					timeoutMs: Math.min(VERIFY_REQUEST_TIMEOUT_MS, left),
					retries: NO_TRANSPORT_RETRIES,
				});
				if (posted.kind === 'workflow') known.id = posted.id;
				if (known.id !== posted.id) break;
				if (known.trackId === undefined) known.trackId = posted.trackId;
				return { known };
			} catch (error) {
				const message = (error as Error).message;
				if (!isTransientFailure(error)) {
					ctx.logger.debug(`ModelsLab Trigger: ${category} does not know ${id}: ${message}`);
					break;
				}
				if (Date.now() + wait >= deadline) {
					unanswered = `${category}: ${message}`;
					break;
				}
				ctx.logger.warn(
					`ModelsLab Trigger: verifying job ${id} with ${category} failed (${message}); asking again in ${wait / 1000} s`,
				);
				await sleep(wait);
			}
		}
	}
	return unanswered === undefined ? { unknown: true } : { unverified: unanswered };
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
		return reply(this, 401, {
			error: `Unauthorized: the URL needs ?${TOKEN_QUERY}=<Callback Token>`,
		});
	}
	if (!secretsMatch(token, query[TOKEN_QUERY]))
		return reply(this, 403, { error: 'Forbidden: wrong token' });

	const taken = takeCallback(this);
	if ('answered' in taken) return taken.answered;
	let { result } = taken;

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
	let verified: IDataObject = {};
	if (this.getNodeParameter('verifyWithModelsLab', false) === true) {
		const verification = await verify(
			this,
			result,
			String(this.getNodeParameter('verifyJobType', 'auto')),
		);
		if ('unknown' in verification)
			return reply(this, 403, { error: `ModelsLab does not know job ${result.id}` });
		if ('unverified' in verification) {
			// ModelsLab did not answer in time. Not a 403 (that would drop a genuine result), and not
			// a 5xx either: ModelsLab sends a generation's callback once ("best-effort delivery, use
			// fetch endpoint as fallback"; only workflow webhooks are retried, up to 3 times:
			// modelslab-api.md §3), so a refusal loses it. The callback carried the Callback Token;
			// it is emitted as posted, marked, for the workflow to check or fetch later.
			this.logger.warn(
				`ModelsLab Trigger: could not verify job ${result.id} with ModelsLab within ${VERIFY_BUDGET_MS / 1000} s (${verification.unverified}); emitting it as posted with verified: false`,
			);
			verified = {
				verified: false,
				verifyError: `ModelsLab did not answer the verification: ${verification.unverified}`,
			};
		} else {
			result = verification.known;
			verified = { verified: true };
			if (result.outcome === 'processing' && options.emitProgress !== true) {
				// ModelsLab says the job is still running: this copy starts nothing, so it holds nothing.
				releaseClaim(scope, key);
				return reply(this, 200, { received: true, ignored: 'progress' });
			}
		}
	}
	// n8n answers this ('onReceived') as soon as the execution exists, before the workflow runs
	// (ModelsLab wants a 2xx within 30 s). Answering here instead would tell ModelsLab the job was
	// taken even when n8n then fails to start the execution (2.x answers 500 then, so it is resent).
	return {
		webhookResponse: {
			received: true,
			...(verified.verified === false ? { verified: false } : {}),
		},
		workflowData: [[{ json: { ...toItemJson(result), ...verified } }]],
	};
}
