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
 * at most a second at a time so a finished batch stops it at once, stops when a knock is not
 * answered 2xx (n8n gone, or the execution no longer waiting), and gives up after MAX_KNOCKS.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { WaitRecord } from '../resume/waitState';
import { recallWait } from '../resume/waitState';
import { ITEM_PARAM, TOKEN_PARAM, WAIT_PARAM, itemToken } from '../resume/secret';
import { batchDone, inFlight } from './scheduler';

export const TICK = 'tick';
const MAX_KNOCKS = 240;

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
export function armKnock(ctx: IExecuteFunctions | IWebhookFunctions, key: string, record: WaitRecord): void {
	const batch = record.batch;
	const url = knockUrl(record);
	if (!batch || !url || batch.knocking || (batch.knocks ?? 0) >= MAX_KNOCKS || !active(key, record)) return;
	const due = inFlight(record).map((index) => batch.dueAt.get(index) ?? Date.now());
	// Nothing of the batch queued but items refused with 429 (other executions fill the account's
	// queue): no callback will come, so knock after the refusal's retry_after to submit them again.
	if (!due.length && batch.parked.length) due.push(Date.now() + Math.min(Math.max(batch.retryAfterSeconds ?? 30, 1), 60) * 1000);
	// A process that took the batch over fills what its predecessor left once it has settled (scheduler.ts `reconcile`).
	if (batch.settleAt > Date.now()) due.push(batch.settleAt);
	if (!due.length) return;
	batch.knocking = true;
	const at = Math.min(...due);
	void (async () => {
		try {
			while (Date.now() < at) {
				if (!active(key, record)) return;
				await sleep(Math.min(1000, at - Date.now()));
			}
			if (!active(key, record)) return;
			batch.knocks = (batch.knocks ?? 0) + 1;
			batch.knocking = false;
			await ctx.helpers.httpRequest({ method: 'POST', url, body: {}, json: true, timeout: 60_000 });
		} catch (error) {
			// Not answered 2xx: n8n is gone or the execution is no longer waiting; stop knocking.
			batch.knocks = MAX_KNOCKS;
			ctx.logger.debug(`ModelsLab: knock for overdue jobs not answered: ${(error as Error).message}`);
		} finally {
			batch.knocking = false;
		}
	})();
}
