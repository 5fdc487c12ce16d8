/**
 * Exactly once per job. n8n's deduplication helper (database-backed, shared by all processes,
 * kept across restarts) is the record; but it reads then writes without a lock, so two
 * deliveries arriving together could both pass. Within a process we queue the checks per
 * workflow and node (n8n stores all of a node's ids in one row, so checks of different ids race
 * too), which closes that race where a single n8n runs the executions, and batch what queues up.
 * A small memory of keys seen lets webhook() answer repeats without starting an execution at all.
 */
/** Asks n8n's store which of `keys` are new, recording them; returns the new ones. */
export type CheckKeys = (keys: string[]) => Promise<string[]>;

interface Waiter {
	key: string;
	check: CheckKeys;
	resolve: (fresh: boolean) => void;
	reject: (error: unknown) => void;
}

const queues = new Map<string, Waiter[]>();

/**
 * Whether `key` is seen for the first time in `scope`. Checks of one scope never overlap (n8n
 * rewrites the scope's single row without a lock), and the keys that queue up while a check runs
 * go to n8n together in the next one: one read and one write of the row for the whole batch,
 * instead of one per callback. A key twice in a batch is new at most once.
 */
export async function checkOnce(scope: string, key: string, check: CheckKeys): Promise<boolean> {
	return await new Promise<boolean>((resolve, reject) => {
		const queue = queues.get(scope);
		const waiter = { key, check, resolve, reject };
		if (queue) {
			queue.push(waiter);
			return;
		}
		queues.set(scope, [waiter]);
		void drain(scope);
	});
}

async function drain(scope: string): Promise<void> {
	for (;;) {
		const batch = queues.get(scope) ?? [];
		if (batch.length === 0) {
			queues.delete(scope);
			return;
		}
		queues.set(scope, []);
		const keys = [...new Set(batch.map((waiter) => waiter.key))];
		try {
			const fresh = new Set(await batch[0].check(keys));
			for (const waiter of batch) {
				// The first waiter of a new key takes it; any later one in the batch is a repeat.
				const first = fresh.delete(waiter.key);
				waiter.resolve(first);
			}
		} catch (error) {
			for (const waiter of batch) waiter.reject(error);
		}
	}
}

const MEMORY_LIMIT = 10_000;
const seen = new Map<string, Set<string>>();

export function rememberSeen(scope: string, key: string, limit = MEMORY_LIMIT): void {
	let keys = seen.get(scope);
	if (!keys) seen.set(scope, (keys = new Set()));
	keys.delete(key);
	keys.add(key);
	while (keys.size > Math.min(limit, MEMORY_LIMIT)) keys.delete(keys.values().next().value as string);
}

export function wasSeen(scope: string, key: string): boolean {
	return seen.get(scope)?.has(key) ?? false;
}

export function forgetSeen(scope?: string): void {
	if (scope === undefined) seen.clear();
	else seen.delete(scope);
}
