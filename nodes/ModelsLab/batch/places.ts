/**
 * Which item a free place may take when its own chain has none left (batch/scheduler.ts).
 *
 * Chains (slot s runs s, s + cap, s + 2·cap, …) are the rule every process can follow without
 * a shared counter: item k's one callback starts k + cap. But chains end at different times (job
 * lengths vary), and a place whose chain has ended would stay empty while other chains still
 * hold items. So the process that submitted the batch (and so knows every job of it) lends that
 * place the last item of another chain: "stealing" it.
 *
 * Why only the last item, and only one whose chain predecessor has no job yet: a process that
 * takes the batch over (after a restart, or another queue-mode process) follows the chain rule
 * at once on a callback, so it must never find the stolen item as the successor of a job whose
 * callback URL does not name the stolen item's id. With the predecessor not yet submitted, every
 * job that can lead to the stolen item is submitted after it, and its callback URL carries the
 * batch's ids then known (modes/callback/knownIds.ts), the stolen item's among them: the process
 * learns it is at ModelsLab before it acts, and the chain continues from the stolen item's own
 * callback instead. Where no item qualifies (near the end, when every remaining item's
 * predecessor is running), the place waits for the next end.
 */
import type { WaitRecord } from './state';
import { inFlight } from './state';

/** The item has a job, a result, an error, or is being submitted or parked: not free to take. */
export function taken(record: WaitRecord, index: number): boolean {
	const batch = record.batch!;
	return (
		Boolean(record.ids[index]) ||
		record.results.has(index) ||
		record.errors.has(index) ||
		batch.submitting.has(index) ||
		batch.parked.includes(index)
	);
}

/** Places of the cap that hold no job of this batch now (nor a submit on its way). */
export function freePlaces(record: WaitRecord): number {
	const batch = record.batch!;
	return batch.cap - inFlight(record).length - batch.submitting.size;
}

/**
 * The item a free place may take, or undefined: the highest-numbered item that is not taken and
 * whose chain predecessor is not taken either (so no job submitted before this moment names it
 * as its successor). The highest comes from the chain with the most items left to run.
 */
export function stealable(record: WaitRecord): number | undefined {
	const cap = record.batch!.cap;
	for (let index = record.ids.length - 1; index >= cap; index--) {
		if (!taken(record, index) && !taken(record, index - cap)) return index;
	}
	return undefined;
}
