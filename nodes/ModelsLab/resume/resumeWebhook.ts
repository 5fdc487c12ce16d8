/**
 * Resume-on-callback mode, the webhook() half. n8n calls this for every POST to the waiting
 * execution's resume URL. A callback is accepted only with our secret and for a request id
 * this execution submitted for that item; intermediate callbacks are acknowledged and the
 * execution keeps waiting; when every job has ended, ModelsLab gets its 200 at once, the files
 * are downloaded, and the execution resumes with one result per input item.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelsLabResult } from '../../shared/callback';
import { InvalidPayloadError, parsePayload } from '../../shared/callback';
import { checkCallbackRequest } from '../../shared/callbackRequest';
import { CREDENTIAL_NAME } from '../../shared/transport';
import { readOptions, separateFailedOutput } from '../actions/options';
import type { RequestPlan } from '../actions/requests';
import { planRequest } from '../actions/requests';
import type { ItemOutcome } from '../actions/results';
import { routeItems, toOutputItem } from '../actions/results';
import type { Submission } from '../actions/submit';
import { defaultTrackId } from '../actions/waitForCallback';
import { itemParameterContext } from '../batch/itemParameters';
import type { SchedulerHost } from '../batch/scheduler';
import { TICK, armKnock, tickToken } from '../batch/knock';
import { advancePending, batchDone, fetchOverdue, finishItem, inFlight, newBatch, retryParked, settleDelay } from '../batch/scheduler';
import { KNOWN_PARAM, OVERFLOW, decodeKnown, encodeKnown } from './baton';
import { getCustomData } from './customData';
import { secretsMatch } from '../../shared/secrets';
import { ITEM_PARAM, TOKEN_PARAM, callbackSecret, callbackUrl, itemToken } from './secret';
import type { WaitRecord } from './waitState';
import { BATCH_KEY, customDataKeys, decodeBatchCap, decodeBatchEta, decodeIds, recallWait, recordKey, rememberWait } from './waitState';

type Reply = (code: number, body: IDataObject) => IWebhookResponseData;

function replier(ctx: IWebhookFunctions): Reply {
	return (code, body) => {
		ctx.getResponseObject().status(code).json(body);
		return { noWebhookResponse: true };
	};
}

function loadRecord(ctx: IWebhookFunctions, key: string, secret: string): WaitRecord | undefined {
	const known = recallWait(key);
	if (known) return known;
	const decoded = decodeIds(customDataKeys().map((name) => getCustomData(ctx, name)));
	if (!decoded) return undefined;
	// A process that did not submit (after a restart, or another queue-mode process): the ids
	// execute() submitted come from custom data, those submitted later from the callbacks' URLs
	// (resume/baton.ts); each is fetched (bounded) on the next runs.
	const batchData = getCustomData(ctx, BATCH_KEY);
	const batch = newBatch(decodeBatchCap(batchData) ?? readOptions(ctx, 0).concurrency);
	batch.etaSeconds = decodeBatchEta(batchData);
	batch.settleAt = Date.now() + settleDelay(batch.etaSeconds);
	const record: WaitRecord = {
		...decoded,
		secret,
		authoritative: false,
		results: new Map(),
		errors: new Map(),
		createdAt: Date.now(),
		batch,
	};
	rememberWait(key, record);
	return record;
}

/** Takes the ids a callback URL carries (its token checked them) for the items this process has none for. */
function learnIds(ctx: IWebhookFunctions, record: WaitRecord, known: string | undefined): void {
	if (!known) return;
	if (known === OVERFLOW) {
		// The batch's ids did not fit in the URL: this process cannot learn them all, so it never
		// starts a successor of a job it only found ended by a fetch (that slot waits instead).
		if (!record.authoritative && record.batch) record.batch.settleAt = Number.POSITIVE_INFINITY;
		return;
	}
	const ids = decodeKnown(known);
	if (!ids) {
		ctx.logger.warn('ModelsLab: a callback carried request ids this node cannot read; they are ignored');
		return;
	}
	ids.forEach((id, index) => {
		if (id && index < record.ids.length && !record.ids[index] && !record.errors.has(index)) record.ids[index] = id;
	});
}

/** The resume URL as this request reached n8n, without our parameters (a record rebuilt after a restart has none stored). */
function requestResumeUrl(ctx: IWebhookFunctions): string {
	const request = ctx.getRequestObject();
	const header = (name: string) => {
		const value = request.headers[name];
		return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();
	};
	const origin = `${header('x-forwarded-proto') ?? request.protocol}://${header('x-forwarded-host') ?? header('host') ?? 'localhost'}`;
	const url = new URL(request.originalUrl ?? request.url, origin);
	url.searchParams.delete(TOKEN_PARAM);
	url.searchParams.delete(ITEM_PARAM);
	url.searchParams.delete(KNOWN_PARAM);
	return url.toString();
}

/** The scheduler, run from webhook(): the next item's parameters are evaluated for that item. */
function webhookHost(ctx: IWebhookFunctions, record: WaitRecord, executionId: string, secret: string): SchedulerHost {
	const resumeUrl = record.resumeUrl ?? (record.resumeUrl = requestResumeUrl(ctx));
	const items = itemParameterContext(ctx);
	return {
		ctx,
		plan: (itemIndex): RequestPlan | Submission => {
			try {
				return planRequest(items, itemIndex);
			} catch (error) {
				return { itemIndex, error: error as Error };
			}
		},
		settings: {
			// Each job carries the batch's ids known now, so a process that did not see them learns them.
			webhookFor: (plan) => callbackUrl(resumeUrl, secret, plan.itemIndex, encodeKnown(record.ids, plan.itemIndex)),
			defaultTrackId: (plan) => defaultTrackId(executionId, plan),
		},
	};
}

export async function resumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const reply = replier(this);
	const query = this.getQueryData() as IDataObject;
	const executionId = this.getExecutionId();
	const nodeName = this.getNode().name;

	const key = recordKey(String(executionId), nodeName);
	let secret = recallWait(key)?.secret;
	if (secret === undefined) {
		const { apiKey } = await this.getCredentials<{ apiKey: string }>(CREDENTIAL_NAME);
		secret = callbackSecret(String(apiKey), String(executionId), nodeName);
	}
	if (query[ITEM_PARAM] === TICK) {
		// This process's own knock (batch/knock.ts): fetch the overdue jobs, resume if they were the last.
		if (!secretsMatch(tickToken(secret), query[TOKEN_PARAM])) return reply(403, { error: 'Forbidden' });
		// In queue mode the knock may reach another process: it works from custom data, like a callback would.
		const record = loadRecord(this, key, secret);
		if (!record?.batch || record.resuming) return reply(200, { received: true, idle: true });
		const host = webhookHost(this, record, String(executionId), secret);
		await retryParked(host, record);
		await fetchOverdue(host, record);
		await advancePending(host, record);
		if (record.resuming) return reply(200, { received: true, duplicate: true });
		if (!batchDone(record)) {
			armKnock(this, key, record);
			return reply(200, { received: true, waitingFor: record.ids.length - record.results.size - record.errors.size });
		}
		record.resuming = true;
		return await resumeWith(this, record);
	}
	// Only the plain decimal callbackUrl() writes: Number() would read '' or '0x0' as an item.
	const rawItem = query[ITEM_PARAM];
	const itemIndex = typeof rawItem === 'string' && /^(0|[1-9][0-9]{0,8})$/.test(rawItem) ? Number(rawItem) : -1;
	if (itemIndex < 0) {
		return reply(400, { error: `The "${ITEM_PARAM}" query parameter must be an item index` });
	}
	const known = query[KNOWN_PARAM];
	if ((known !== undefined && typeof known !== 'string') || !secretsMatch(itemToken(secret, itemIndex, known), query[TOKEN_PARAM])) {
		return reply(403, { error: 'Forbidden: this URL only accepts ModelsLab callbacks for the jobs it submitted' });
	}
	let result: ModelsLabResult;
	try {
		checkCallbackRequest(this);
		result = parsePayload(this.getBodyData());
	} catch (error) {
		if (error instanceof InvalidPayloadError) return reply(error.httpCode, { error: error.message });
		throw new NodeOperationError(this.getNode(), error as Error);
	}

	const record = loadRecord(this, key, secret);
	if (!record) return reply(409, { error: 'This execution is not waiting for ModelsLab results' });
	if (itemIndex >= record.ids.length) return reply(403, { error: `This execution has no item ${itemIndex}` });
	learnIds(this, record, known);
	const expected = record.ids[itemIndex];
	// No id known for the item: submitted by another process, or the callback came before the
	// submit answer. The item's token proves which item it is; take the id it reports.
	if (expected && result.id !== expected) {
		return reply(403, { error: `Request ${result.id} was not submitted by this execution for item ${itemIndex}` });
	}
	if (!expected && record.errors.has(itemIndex)) return reply(403, { error: `This execution submitted no job for item ${itemIndex}` });
	if (!expected) record.ids[itemIndex] = result.id;
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	const host = webhookHost(this, record, String(executionId), secret);
	if (result.outcome !== 'processing') await finishItem(host, record, itemIndex, result, true);
	// Every run also fetches the overdue jobs: a lost callback is recovered here.
	await fetchOverdue(host, record);
	await advancePending(host, record);
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	if (!batchDone(record)) {
		armKnock(this, key, record);
		if (result.outcome === 'processing') return reply(200, { received: true, status: result.status, waiting: true });
		return reply(200, { received: true, waitingFor: record.ids.length - record.results.size - record.errors.size, inFlight: inFlight(record).length });
	}
	record.resuming = true;

	return await resumeWith(this, record);
}

/** Answers ModelsLab at once, then downloads and resumes with one result per input item. */
async function resumeWith(ctx: IWebhookFunctions, record: WaitRecord): Promise<IWebhookResponseData> {
	// ModelsLab wants its answer within 30 s: answer now, then download.
	ctx.getResponseObject().status(200).json({ received: true, resumed: true });
	const options = readOptions(ctx, 0);
	const outcomes: ItemOutcome[] = record.ids.map((id, index) => {
		const found = record.results.get(index);
		if (found) return { itemIndex: index, result: found, fetchCategory: record.fetch[index] };
		return {
			itemIndex: index,
			error: record.errors.get(index) ?? {
				status: 'failed',
				error: id ? 'No result' : 'The job was not submitted (see the error before the wait)',
			},
		};
	});
	const routed = [];
	for (const outcome of outcomes) routed.push(await toOutputItem(ctx, outcome, options));
	// The record stays (marked resuming) so a late duplicate is answered, not resumed again.
	return { noWebhookResponse: true, workflowData: routeItems(routed, separateFailedOutput(ctx)) };
}
