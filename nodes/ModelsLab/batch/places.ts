/**
 * Which item a free place takes (batch/scheduler.ts).
 *
 * Two rules, for two kinds of process:
 *
 * - Chains, for any process: slot s runs s, s + cap, s + 2·cap, …, so item k's one callback
 *   starts k + cap and nothing else does. No shared counter is needed, which is why a process
 *   that took the batch over (n8n after a restart, or another queue-mode process) follows them.
 *   But chains end at different times (job lengths vary) and a place whose chain has ended
 *   would sit empty while other chains still hold items: 1.13 × the ideal at cap 10 in bench 7.
 *
 * - Free order, for the process that submitted the batch and holds it in memory (it knows every
 *   job): a place that frees takes the lowest item left, whichever chain it is on, so every place
 *   stays busy until no item is left to start. The jobs it submits so say in their callback URL
 *   (FREE_PARAM, modes/callback/token.ts): a process that takes the batch over does not start
 *   their chain successors on their callbacks (that item may be running already), but waits until
 *   it has settled and learned every id the running jobs carry (`reconcile`).
 *
 * The two meet at execute(): its jobs carry no such mark (it cannot know whether their callbacks
 * will reach it or another queue-mode process), so another process follows their chains at once.
 * The free order therefore leaves alone every item on the chain of a running job that carries no
 * mark (`reserved`): only that job's callback may start them.
 */
import type { WaitRecord } from './state';
import { inFlight } from './state';

/** The item has a job, a result or an error, or is being submitted: a chain stops at it. */
export function settled(record: WaitRecord, index: number): boolean {
	return (
		Boolean(record.ids[index]) ||
		record.results.has(index) ||
		record.errors.has(index) ||
		record.batch!.submitting.has(index)
	);
}

/** Settled, or parked after a 429: not free to take. */
export function taken(record: WaitRecord, index: number): boolean {
	return settled(record, index) || record.batch!.parked.includes(index);
}

/** Places of the cap that hold no job of this batch now (nor a submit on its way). */
export function freePlaces(record: WaitRecord): number {
	const batch = record.batch!;
	return batch.cap - inFlight(record).length - batch.submitting.size;
}

/** A running (or being submitted) job whose URL carries no free-order mark: its chain is its own. */
function reserved(record: WaitRecord, index: number): boolean {
	const batch = record.batch!;
	const running =
		batch.submitting.has(index) ||
		(Boolean(record.ids[index]) && !record.results.has(index) && !record.errors.has(index));
	return running && !batch.free.has(index);
}

/** The lowest item no job holds and no reserved chain keeps for its running job, or undefined. */
export function nextFree(record: WaitRecord): number | undefined {
	const cap = record.batch!.cap;
	const kept = new Set<number>();
	for (let index = 0; index < record.ids.length; index++) {
		if (!reserved(record, index)) continue;
		for (let next = index + cap; next < record.ids.length; next += cap) kept.add(next);
	}
	for (let index = 0; index < record.ids.length; index++) {
		if (!taken(record, index) && !kept.has(index)) return index;
	}
	return undefined;
}
