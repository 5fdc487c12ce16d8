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
import { fetchJob } from '../../shared/fetchJob';
import type { ItemOutcome } from '../actions/results';
import { routeItems, toOutputItem } from '../actions/results';
import { getCustomData } from './customData';
import { secretsMatch } from '../../shared/secrets';
import { ITEM_PARAM, TOKEN_PARAM, callbackSecret } from './secret';
import type { WaitRecord } from './waitState';
import { customDataKeys, decodeIds, recallWait, recordKey, rememberWait } from './waitState';

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
	const record: WaitRecord = {
		...decoded,
		secret,
		authoritative: false,
		results: new Map(),
		errors: new Map(),
		createdAt: Date.now(),
	};
	rememberWait(key, record);
	return record;
}

function pendingItems(record: WaitRecord): number[] {
	return record.ids
		.map((id, index) => ({ id, index }))
		.filter(({ id, index }) => id !== '' && !record.results.has(index))
		.map(({ index }) => index);
}

/**
 * A process that did not submit the jobs has not seen every callback: ask ModelsLab about the
 * others, newest first (the likeliest to be still running), and stop at the first that is.
 */
async function catchUp(ctx: IWebhookFunctions, record: WaitRecord): Promise<void> {
	if (record.authoritative) return;
	for (const index of pendingItems(record).reverse()) {
		let result: ModelsLabResult;
		try {
			result = await fetchJob(ctx, record.fetch[index], record.ids[index]);
		} catch (error) {
			ctx.logger.warn(`ModelsLab: could not fetch ${record.ids[index]} while resuming: ${(error as Error).message}`);
			return;
		}
		if (result.outcome === 'processing') return;
		record.results.set(index, result);
	}
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
	if (!secretsMatch(secret, query[TOKEN_PARAM])) {
		return reply(403, { error: 'Forbidden: this URL only accepts ModelsLab callbacks for the jobs it submitted' });
	}
	// Only the plain decimal callbackUrl() writes: Number() would read '' or '0x0' as an item.
	const rawItem = query[ITEM_PARAM];
	const itemIndex = typeof rawItem === 'string' && /^(0|[1-9][0-9]{0,8})$/.test(rawItem) ? Number(rawItem) : -1;
	if (itemIndex < 0) {
		return reply(400, { error: `The "${ITEM_PARAM}" query parameter must be an item index` });
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
	const expected = record.ids[itemIndex];
	if (!expected) return reply(403, { error: `This execution submitted no job for item ${itemIndex}` });
	if (result.id !== expected) {
		return reply(403, { error: `Request ${result.id} was not submitted by this execution for item ${itemIndex}` });
	}
	if (result.outcome === 'processing') {
		return reply(200, { received: true, status: result.status, waiting: true });
	}
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	record.results.set(itemIndex, result);
	await catchUp(this, record);
	const pending = pendingItems(record);
	if (pending.length) return reply(200, { received: true, waitingFor: pending.length });
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	record.resuming = true;

	// ModelsLab wants its answer within 30 s: answer now, then download.
	this.getResponseObject().status(200).json({ received: true, resumed: true });
	const options = readOptions(this, 0);
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
	for (const outcome of outcomes) routed.push(await toOutputItem(this, outcome, options));
	// The record stays (marked resuming) so a late duplicate is answered, not resumed again.
	return { noWebhookResponse: true, workflowData: routeItems(routed, separateFailedOutput(this)) };
}
