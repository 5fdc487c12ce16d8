/**
 * Faults of fetches and file downloads (`fetchServerError:<n>`, `fileStall:<n>`…, see README.md):
 * the first n requests of a job get the fault instead of their answer. Each kind has its own count
 * per job, and kinds are tried in FAULT_KINDS order, so `fetchServerError:1,fetchRateLimit:1`
 * answers 500, then 429, then the real answer.
 */
import type { Request, Response } from 'express';
import type { SimContext } from './context';
import { sendJson } from './context';
import { FAULT_KINDS, type FaultKind, type Faults } from './scenario';

export const FAULT_TEXT = {
	serverError: 'Internal server error (simulated)',
	rateLimit: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
	errorInOk: 'Simulated error: the request could not be processed (sim scenario "errorInOk")',
} as const;

/** The fault this request gets (and counts it), or undefined when none is left. */
export function nextFault(
	ctx: SimContext,
	counterKey: string,
	faults: Faults,
): FaultKind | undefined {
	for (const kind of FAULT_KINDS) {
		const limit = faults[kind];
		if (limit === undefined) continue;
		const key = `${counterKey}:${kind}`;
		const seen = ctx.counters.get(key) ?? 0;
		if (seen >= limit) continue;
		ctx.counters.set(key, seen + 1);
		return kind;
	}
	return undefined;
}

/**
 * Answers with the fault: 500 / 429 / 200 `{status:"error"}` as ModelsLab's API does (a file
 * server answers 503 in plain text instead of 500), or no answer at all: `hangUp` closes the
 * connection, `stall` leaves it open until the client gives up or the simulator closes.
 */
export function answerFault(
	ctx: SimContext,
	req: Request,
	res: Response,
	kind: FaultKind,
	where: 'api' | 'file',
): void {
	switch (kind) {
		case 'serverError':
			if (where === 'file')
				res.status(503).type('text/plain').send('Service unavailable (simulated)');
			else sendJson(res, 500, { status: 'error', message: FAULT_TEXT.serverError });
			return;
		case 'rateLimit':
			sendJson(res, 429, {
				status: 'error',
				message: FAULT_TEXT.rateLimit,
				retry_after: ctx.options.retryAfterSeconds,
			});
			return;
		case 'errorInOk':
			sendJson(res, 200, { status: 'error', message: FAULT_TEXT.errorInOk });
			return;
		case 'hangUp':
			req.socket.destroy();
			return;
		case 'stall':
			return;
	}
}
