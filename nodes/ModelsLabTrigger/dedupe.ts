/**
 * Exactly once per job. n8n's deduplication helper (database-backed, shared by all processes,
 * kept across restarts) is the record; but it reads then writes without a lock, so two
 * deliveries arriving together could both pass. Within a process we serialise checks per key,
 * which closes that race where a single n8n runs the execution. The queue is per workflow and
 * node, because n8n stores all of a node's ids in one row: checks of different ids race too. A small memory of keys seen
 * lets webhook() answer repeats without starting an execution at all.
 */
const chains = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier call with the same key has finished. */
export async function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = chains.get(key) ?? Promise.resolve();
	const run = previous.then(work, work);
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	chains.set(key, tail);
	try {
		return await run;
	} finally {
		if (chains.get(key) === tail) chains.delete(key);
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
