/**
 * Resume-on-callback mode, the webhook() half. n8n calls this for every POST to the waiting
 * execution's resume URL. A callback is accepted only with our secret and for a request id
 * this execution submitted for that item; intermediate callbacks are acknowledged and the
 * execution keeps waiting; when every job has ended, ModelsLab gets its 200 at once, the files
 * are downloaded, and the execution resumes with one result per input item.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { replyJson, takeCallback } from '../../../shared/callbackIntake';
import { CREDENTIAL_NAME } from '../../../shared/transport';
import { readOptions, separateFailedOutput } from '../../job/options';
import type { RequestPlan } from '../../job/plan';
import { planRequest } from '../../job/plan';
import { routeItems, toRoutedItems } from '../../job/outputs';
import { outcomesOf } from '../../batch/state';
import type { Submission } from '../../job/submit';
import { defaultTrackId } from '../../job/submit';
import { itemParameterContext } from '../../job/itemContext';
import type { SchedulerHost } from '../../batch/scheduler';
import { TICK, armKnock, tickToken } from './knock';
import { batchDone, finishItem, inFlight, reconcile } from '../../batch/scheduler';
import { fetchOverdue } from '../../batch/overdue';
import { fetchJob } from '../../../shared/fetchJob';
import { learnIds, loadRecord, resumeUrlOf } from './takeover';
import { KNOWN_PARAM, encodeKnown } from './knownIds';
import { getCustomData } from './customData';
import { secretsMatch } from '../../../shared/secrets';
import {
	ITEM_PARAM,
	TOKEN_PARAM,
	WAIT_PARAM,
	callbackSecret,
	FREE_PARAM,
	callbackUrl,
	itemToken,
} from './token';
import type { WaitRecord } from './waits';
import { recallWait, recordKey } from './waits';
import { BATCH_KEY, decodeWaitId } from './savedState';

type Reply = (code: number, body: IDataObject) => IWebhookResponseData;

function replier(ctx: IWebhookFunctions): Reply {
	return (code, body) => replyJson(ctx, code, body);
}

/** The scheduler, run from webhook(): the next item's parameters are evaluated for that item. */
function webhookHost(
	ctx: IWebhookFunctions,
	record: WaitRecord,
	executionId: string,
	secret: string,
): SchedulerHost {
	const resumeUrl = (record.resumeUrl ??= resumeUrlOf(ctx));
	const items = itemParameterContext(ctx);
	// The process that submitted the batch fills any free place (batch/places.ts); its jobs say so.
	const free = record.authoritative;
	return {
		ctx,
		freeOrder: free,
		stopBelowBalance: readOptions(ctx, 0).stopBelowBalance,
		plan: (itemIndex): RequestPlan | Submission => {
			if (!resumeUrl) {
				return {
					itemIndex,
					error: new Error(
						'n8n gave no resume URL to this execution, so no callback URL could be built for this item',
					),
				};
			}
			try {
				return planRequest(items, itemIndex);
			} catch (error) {
				return { itemIndex, error: error as Error };
			}
		},
		settings: {
			// Each job carries the batch's ids known now, so a process that did not see them learns them.
			webhookFor: (plan) =>
				callbackUrl(
					resumeUrl!,
					secret,
					plan.itemIndex,
					encodeKnown(record.ids, plan.itemIndex),
					record.waitId,
					free,
				),
			defaultTrackId: (plan) => defaultTrackId(executionId, plan),
		},
	};
}

export async function resumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const reply = replier(this);
	const query = this.getQueryData() as IDataObject;
	const executionId = String(this.getExecutionId());
	const nodeName = this.getNode().name;

	// The wait this execution is in now (custom data, written by execute()); a callback URL of an
	// earlier wait of this node (a loop) names another.
	const waitId = decodeWaitId(getCustomData(this, BATCH_KEY));
	const urlWait = typeof query[WAIT_PARAM] === 'string' ? (query[WAIT_PARAM] as string) : '';
	const key = recordKey(executionId, nodeName, waitId);
	let secret = recallWait(key)?.secret;
	if (secret === undefined) {
		const { apiKey } = await this.getCredentials<{ apiKey: string }>(CREDENTIAL_NAME);
		secret = callbackSecret(String(apiKey), executionId, nodeName, waitId);
	}
	if (query[ITEM_PARAM] === TICK) {
		// This process's own knock (modes/callback/knock.ts): fetch the overdue jobs, resume if they were the last.
		if (urlWait !== waitId || !secretsMatch(tickToken(secret), query[TOKEN_PARAM]))
			return reply(403, { error: 'Forbidden' });
		// In queue mode the knock may reach another process: it works from custom data, like a callback would.
		const record = loadRecord(this, key, secret, waitId);
		if (!record?.batch || record.resuming) return reply(200, { received: true, idle: true });
		const host = webhookHost(this, record, executionId, secret);
		await fetchOverdue(host, record);
		await reconcile(host, record);
		return await afterRun(this, key, record, reply, {});
	}
	// Only the plain decimal callbackUrl() writes: Number() would read '' or '0x0' as an item.
	const rawItem = query[ITEM_PARAM];
	const itemIndex =
		typeof rawItem === 'string' && /^(0|[1-9][0-9]{0,8})$/.test(rawItem) ? Number(rawItem) : -1;
	if (itemIndex < 0) {
		return reply(400, { error: `The "${ITEM_PARAM}" query parameter must be an item index` });
	}
	if (urlWait !== waitId) {
		// Its token was made under another wait's secret: a late or replayed callback of an earlier
		// wait of this node (Loop Over Items), never a result of this one.
		return reply(409, {
			error: 'This callback belongs to an earlier wait of this node, which has ended',
		});
	}
	const known = query[KNOWN_PARAM];
	const free = query[FREE_PARAM] === '1';
	if (
		(known !== undefined && typeof known !== 'string') ||
		!secretsMatch(itemToken(secret, itemIndex, known, free), query[TOKEN_PARAM])
	) {
		return reply(403, {
			error: 'Forbidden: this URL only accepts ModelsLab callbacks for the jobs it submitted',
		});
	}
	const taken = takeCallback(this);
	if ('answered' in taken) return taken.answered;
	const reported = taken.result;

	const record = loadRecord(this, key, secret, waitId);
	if (!record) return reply(409, { error: 'This execution is not waiting for ModelsLab results' });
	if (itemIndex >= record.ids.length)
		return reply(403, { error: `This execution has no item ${itemIndex}` });
	learnIds(this, record, known);
	const expected = record.ids[itemIndex];
	if (expected && reported.id !== expected) {
		return reply(403, {
			error: `Request ${reported.id} was not submitted by this execution for item ${itemIndex}`,
		});
	}
	if (!expected && record.errors.has(itemIndex))
		return reply(403, { error: `This execution submitted no job for item ${itemIndex}` });
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	// The token proves the URL, not the body. A job this process submitted answers for itself
	// (its id matched); for any other (submitted before a restart, by another queue-mode process,
	// or an id this process has not seen) the result is taken from ModelsLab's fetch, and an id
	// is recorded only once ModelsLab has shown it ended.
	const owned = Boolean(expected) && record.batch!.owned.has(itemIndex);
	if (reported.outcome === 'processing') {
		return reply(200, { received: true, status: reported.status, waiting: true });
	}
	// A result already taken (by a fetch) stands; the item's one callback may still start its successor.
	let result = record.results.get(itemIndex) ?? reported;
	if (!owned && !record.results.has(itemIndex)) {
		try {
			result = await fetchJob(this, record.fetch[itemIndex], expected || reported.id, {
				errorAsFailure: true,
			});
		} catch (error) {
			const code = Number((error as { httpCode?: unknown }).httpCode);
			if (!expected && code >= 400 && code < 500 && code !== 429) {
				return reply(403, {
					error: `ModelsLab does not know request ${reported.id} on this account`,
				});
			}
			this.logger.warn(
				`ModelsLab: a callback for item ${itemIndex} could not be checked with ModelsLab (${(error as Error).message}); its job is fetched again later`,
			);
			if (!expected)
				return reply(503, { error: 'The callback could not be checked with ModelsLab; try again' });
			result = { ...reported, outcome: 'processing' };
		}
		if (result.outcome === 'processing') {
			// Not ended at ModelsLab: the body was not the job's result. A known job is fetched again when overdue.
			if (expected)
				record.batch!.dueAt.set(
					itemIndex,
					Math.min(record.batch!.dueAt.get(itemIndex) ?? Date.now(), Date.now()),
				);
			return reply(200, { received: true, waiting: true });
		}
		if (!expected) record.ids[itemIndex] = result.id;
		// A result of ModelsLab's fetch carries no track_id; the callback's own does, once checked.
		if (result.trackId === undefined && reported.trackId !== undefined)
			result.trackId = reported.trackId;
	}
	const host = webhookHost(this, record, executionId, secret);
	// A job whose URL says its end starts no fixed item (FREE_PARAM) starts nothing here on its
	// own in a process that took the batch over: that one fills places once it has settled.
	await finishItem(host, record, itemIndex, result, !free);
	// Every run also fetches the overdue jobs and fills what a restart left empty.
	await fetchOverdue(host, record);
	await reconcile(host, record);
	return await afterRun(this, key, record, reply, { inFlight: inFlight(record).length });
}

/** After a run: resume when every item is in, else keep the knock armed and answer. */
async function afterRun(
	ctx: IWebhookFunctions,
	key: string,
	record: WaitRecord,
	reply: Reply,
	extra: IDataObject,
): Promise<IWebhookResponseData> {
	if (record.resuming) return reply(200, { received: true, duplicate: true });
	if (!batchDone(record)) {
		armKnock(ctx, key, record);
		return reply(200, {
			received: true,
			waitingFor: record.ids.length - record.results.size - record.errors.size,
			...extra,
		});
	}
	record.resuming = true;
	return await resumeWith(ctx, record);
}

/** Answers ModelsLab at once, then downloads and resumes with one result per input item. */
async function resumeWith(
	ctx: IWebhookFunctions,
	record: WaitRecord,
): Promise<IWebhookResponseData> {
	// ModelsLab wants its answer within 30 s: answer now, then download.
	ctx.getResponseObject().status(200).json({ received: true, resumed: true });
	const options = readOptions(ctx, 0);
	const routed = await toRoutedItems(ctx, outcomesOf(record), () => options);
	// The record stays (marked resuming) so a late duplicate is answered, not resumed again.
	return { noWebhookResponse: true, workflowData: routeItems(routed, separateFailedOutput(ctx)) };
}
