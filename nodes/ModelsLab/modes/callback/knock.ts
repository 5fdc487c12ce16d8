/**
 * The tail of a batch: when the last jobs' callbacks are lost, no later callback runs webhook()
 * to fetch them, and n8n itself only ends the wait at its timeout (it then passes the input on:
 * the waiting node is disabled, execute() is not called again). So the process holding the
 * batch knocks on the execution's own resume URL once the earliest job is overdue, with a tick
 * token: webhook() runs, fetches the overdue jobs, and resumes if they were the last.
 *
 * It also knocks after a 429's retry_after when the batch has nothing queued and items refused
 * (the account's queue full with other executions' jobs), so they are submitted again; and,
 * in a process that took a batch over, when it may start the successors it held back.
 *
 * The knock lives in this process's memory (a restart loses it until the next callback), naps
 * at most a second at a time so a finished batch stops it at once, and gives up after MAX_KNOCKS.
 * A knock not answered, or answered 429 or 5xx (n8n restarting or busy; a second concurrent resume
 * of one execution is a 500 since n8n 2.8), is sent again after 2 s, 4 s, 8 s … at most 60 s. It
 * stops when n8n says the execution is no longer waiting (its waiting-webhook server answers 404
 * for an unknown execution, 409 for one running or finished; 410 Gone likewise) or refuses the
 * knock itself (any other 4xx: the same URL would be refused again).
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { WaitRecord } from './waits';
import { recallWait } from './waits';
import { ITEM_PARAM, TOKEN_PARAM, WAIT_PARAM, itemToken } from './token';
import { batchDone, inFlight } from '../../batch/scheduler';

export const TICK = 'tick';
const MAX_KNOCKS = 240;
/** Wait before a failed knock is sent again, doubled after each failure in a row, at most the cap. */
const KNOCK_BACKOFF_MS = 2_000;
const KNOCK_BACKOFF_CAP_MS = 60_000;
/** n8n's waiting-webhook answers for an execution that is no longer waiting. */
const NOT_WAITING = [404, 409, 410];

/** How long to wait after the `failures`-th failed knock in a row. */
export function knockBackoffMs(failures: number): number {
	return Math.min(KNOCK_BACKOFF_MS * 2 ** Math.max(0, failures - 1), KNOCK_BACKOFF_CAP_MS);
}

/** The knock loop that holds `batch.knocking`, so a loop never clears a flag a later one set. */
const holders = new WeakMap<object, object>();

/** The token of the knock URL: an HMAC under the execution's secret, like each item's. */
export function tickToken(secret: string): string {
	return itemToken(secret, -1);
}

function knockUrl(record: WaitRecord): string | undefined {
	if (!record.resumeUrl || !record.secret) return undefined;
	const url = new URL(record.resumeUrl);
	url.searchParams.set(TOKEN_PARAM, tickToken(record.secret));
	url.searchParams.set(ITEM_PARAM, TICK);
	if (record.waitId) url.searchParams.set(WAIT_PARAM, record.waitId);
	return url.toString();
}

function active(key: string, record: WaitRecord): boolean {
	return recallWait(key) === record && !record.resuming && !batchDone(record);
}

/** Arms one knock for the record at its earliest due time, unless one is armed already. */
export function armKnock(
	ctx: IExecuteFunctions | IWebhookFunctions,
	key: string,
	record: WaitRecord,
): void {
	const batch = record.batch;
	const url = knockUrl(record);
	if (!batch || !url || batch.knocking || (batch.knocks ?? 0) >= MAX_KNOCKS || !active(key, record))
		return;
	const due = inFlight(record).map((index) => batch.dueAt.get(index) ?? Date.now());
	// Nothing of the batch queued but items refused with 429 (other executions fill the account's
	// queue): no callback will come, so knock after the refusal's retry_after to submit them again.
	if (!due.length && batch.parked.length)
		due.push(Date.now() + Math.min(Math.max(batch.retryAfterSeconds ?? 30, 1), 60) * 1000);
	// A process that took the batch over fills what its predecessor left once it has settled (scheduler.ts `reconcile`).
	if (batch.settleAt > Date.now()) due.push(batch.settleAt);
	if (!due.length) return;
	batch.knocking = true;
	const loop = {};
	holders.set(batch, loop);
	let at = Math.min(...due);
	void (async () => {
		let failures = 0;
		try {
			for (;;) {
				while (Date.now() < at) {
					if (!active(key, record)) return;
					await sleep(Math.min(1000, at - Date.now()));
				}
				if (!active(key, record)) return;
				if ((batch.knocks ?? 0) >= MAX_KNOCKS) {
					ctx.logger.warn(
						`ModelsLab: stopped knocking for overdue jobs after ${MAX_KNOCKS} knocks; their results now need a callback or the wait's timeout`,
					);
					return;
				}
				batch.knocks = (batch.knocks ?? 0) + 1;
				// The run this knock starts may arm the next knock itself (modes/callback/webhook.ts).
				batch.knocking = false;
				const status = await knock(ctx, url);
				if (status !== undefined && status >= 200 && status < 300) return;
				if (status !== undefined && status !== 429 && status < 500) {
					batch.knocks = MAX_KNOCKS;
					const why = NOT_WAITING.includes(status)
						? 'the execution is no longer waiting'
						: 'the knock was refused';
					const log = NOT_WAITING.includes(status) ? ctx.logger.debug : ctx.logger.warn;
					log.call(
						ctx.logger,
						`ModelsLab: knock for overdue jobs answered HTTP ${status} (${why}); knocking stops`,
					);
					return;
				}
				// A run during this knock armed the next one: that one knocks.
				if (batch.knocking) return;
				batch.knocking = true;
				holders.set(batch, loop);
				failures++;
				at = Date.now() + knockBackoffMs(failures);
				ctx.logger.warn(
					`ModelsLab: knock for overdue jobs ${status === undefined ? 'not answered' : `answered HTTP ${status}`}; knocking again in ${knockBackoffMs(failures) / 1000} s`,
				);
			}
		} finally {
			if (holders.get(batch) === loop) batch.knocking = false;
		}
	})();
}

/** Sends one knock; its HTTP status, or undefined when it was not answered. */
async function knock(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
): Promise<number | undefined> {
	try {
		const response = (await ctx.helpers.httpRequest({
			method: 'POST',
			url,
			body: {},
			json: true,
			timeout: 60_000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode?: unknown } | undefined;
		const status = Number(response?.statusCode);
		return Number.isInteger(status) ? status : 200;
	} catch (error) {
		// An HTTP error thrown anyway (older helpers) still carries its status.
		const failure = error as {
			httpCode?: unknown;
			statusCode?: unknown;
			response?: { status?: unknown };
		};
		const status = Number(failure.httpCode ?? failure.statusCode ?? failure.response?.status);
		ctx.logger.debug(`ModelsLab: knock for overdue jobs failed: ${(error as Error).message}`);
		return Number.isInteger(status) && status > 0 ? status : undefined;
	}
}
