/**
 * A callback wait as a process that did not start it finds it (n8n after a restart, or another
 * queue-mode process): the record rebuilt from custom data (savedState.ts), the ids a callback's
 * URL carries (knownIds.ts) taken in, and the resume URL read from n8n, never from the request.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { itemParameterContext } from '../../job/itemContext';
import { readOptions } from '../../job/options';
import { errorJson } from '../../job/outputs';
import { planRequest } from '../../job/plan';
import { newBatch } from '../../batch/state';
import { settleDelay } from '../../batch/timing';
import { getCustomData } from './customData';
import { OVERFLOW, decodeKnown } from './knownIds';
import {
	BATCH_KEY,
	FAILED_MARK,
	PARKED_MARK,
	customDataKeys,
	decodeBatchCap,
	decodeBatchEta,
	decodeIds,
} from './savedState';
import type { WaitRecord } from './waits';
import { recallWait, rememberWait } from './waits';

/**
 * The wait's record: this process's memory, or rebuilt from what survives a restart or reaches
 * another queue-mode process: custom data (ids execute() submitted, items that failed or were
 * parked before the wait, the cap, the ETA) and, with each callback, the ids its URL carries.
 */
export function loadRecord(
	ctx: IWebhookFunctions,
	key: string,
	secret: string,
	waitId: string,
): WaitRecord | undefined {
	const known = recallWait(key);
	if (known) return known;
	const decoded = decodeIds(customDataKeys().map((name) => getCustomData(ctx, name)));
	if (!decoded) return undefined;
	const batchData = getCustomData(ctx, BATCH_KEY);
	const batch = newBatch(decodeBatchCap(batchData) ?? readOptions(ctx, 0).concurrency);
	batch.etaSeconds = decodeBatchEta(batchData);
	batch.settleAt = Date.now() + settleDelay(batch.etaSeconds);
	const record: WaitRecord = {
		ids: decoded.ids.map((mark) => (mark.startsWith('?') ? '' : mark)),
		fetch: decoded.fetch,
		secret,
		authoritative: false,
		results: new Map(),
		errors: new Map(),
		createdAt: Date.now(),
		batch,
		resumeUrl: resumeUrlOf(ctx),
		waitId,
	};
	decoded.ids.forEach((mark, index) => {
		if (mark === PARKED_MARK) batch.parked.push(index);
		if (mark === FAILED_MARK) record.errors.set(index, failedBeforeWait(ctx, index));
	});
	rememberWait(key, record);
	return record;
}

/** The error of an item that failed before the wait, as a process that did not see it can tell it: planned again. */
function failedBeforeWait(ctx: IWebhookFunctions, index: number): IDataObject {
	try {
		planRequest(itemParameterContext(ctx), index);
	} catch (error) {
		return errorJson(error as Error);
	}
	return {
		status: 'failed',
		error:
			'This item failed before the execution waited (ModelsLab refused it, or its file could not be uploaded)',
		errorDescription:
			"The error was shown then, in the node's output of the first run; n8n restarted since.",
	};
}

/** The resume URL n8n gives this execution (never one rebuilt from the request's headers, which a caller controls). */
export function resumeUrlOf(ctx: IWebhookFunctions): string | undefined {
	try {
		const url = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
		return typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined;
	} catch {
		return undefined;
	}
}

/** Takes the ids a callback URL carries (its token checked them) for the items this process has none for. */
export function learnIds(
	ctx: IWebhookFunctions,
	record: WaitRecord,
	known: string | undefined,
): void {
	if (!known) return;
	if (known === OVERFLOW) {
		// The batch's ids did not fit in the URL: this process cannot learn them all, so it never
		// starts a successor of a job it only found ended by a fetch (that slot waits instead).
		if (!record.authoritative && record.batch) record.batch.settleAt = Number.POSITIVE_INFINITY;
		return;
	}
	const ids = decodeKnown(known);
	if (!ids) {
		ctx.logger.warn(
			'ModelsLab: a callback carried request ids this node cannot read; they are ignored',
		);
		return;
	}
	ids.forEach((id, index) => {
		if (!id || index >= record.ids.length || record.ids[index] || record.errors.has(index)) return;
		record.ids[index] = id;
		// Submitted by the process before this one: no longer parked here.
		const parked = record.batch?.parked.indexOf(index) ?? -1;
		if (parked >= 0) record.batch!.parked.splice(parked, 1);
	});
}
