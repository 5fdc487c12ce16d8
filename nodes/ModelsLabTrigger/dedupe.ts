/**
 * Exactly once per job. n8n's deduplication helper (database-backed, shared by all processes,
 * kept across restarts) is the record; but it reads then writes without a lock, so two
 * deliveries arriving together could both pass. Within a process we queue the checks per
 * workflow and node (n8n stores all of a node's ids in one row, so checks of different ids race
 * too), which closes that race where a single n8n runs the executions, and batch what queues up.
 *
 * n8n gives webhook() no deduplication helpers (its WebhookContext has request and binary helpers
 * only, in 1.x and 2.x), so webhook() cannot ask the store. It answers repeats from what this
 * process knows instead: ids the store confirmed (rememberSeen) and copies "on their way"
 * (claimDelivery): a first copy whose answer is a 2xx holds its id for HOLD_MS or until its
 * execution records it; a first copy answered otherwise (n8n could not create the execution and
 * answers 5xx, so ModelsLab sends again) holds nothing, and copies that arrived meanwhile wait for
 * that answer and then go on themselves.
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

/**
 * How many confirmed ids webhook() remembers per trigger: 10,000 keys cost about 1 MB (bench 4),
 * far less than n8n's store row, so this memory does not follow *Remembered Job IDs*.
 */
export const MEMORY_LIMIT = 10_000;
const seen = new Map<string, Set<string>>();

/** Marks `key` as recorded in n8n's store; webhook() answers its repeats from now on. */
export function rememberSeen(scope: string, key: string, limit = MEMORY_LIMIT): void {
	let keys = seen.get(scope);
	if (!keys) seen.set(scope, (keys = new Set()));
	keys.delete(key);
	keys.add(key);
	while (keys.size > Math.min(limit, MEMORY_LIMIT))
		keys.delete(keys.values().next().value as string);
	claims.get(scope)?.delete(key);
}

export function wasSeen(scope: string, key: string): boolean {
	return seen.get(scope)?.has(key) ?? false;
}

export function forgetSeen(scope?: string): void {
	if (scope === undefined) {
		seen.clear();
		claims.clear();
	} else {
		seen.delete(scope);
		claims.delete(scope);
	}
}

/**
 * How long a copy answered 2xx holds its id when its execution does not record it in this
 * process. In one n8n the execution records it within a second or so and the hold ends then;
 * the hold only runs out where this process never sees the record: n8n 1.x answers before it
 * creates the execution, so a failed creation is only visible as an id that is never recorded;
 * an execution that waits behind n8n's concurrency limit or a backlog; a webhook processor in
 * queue mode, where a worker records the id. Copies that arrive together (what ModelsLab's
 * "may be sent multiple times" and a retry after a slow answer produce) come within seconds; a
 * minute covers them and a backlog of executions, and still lets a job whose execution was lost
 * be delivered again a minute later.
 */
export const HOLD_MS = 60_000;
/** Copies on their way remembered per trigger, at most (the oldest go first). */
const CLAIM_LIMIT = 10_000;

/** The parts of n8n's HTTP response (Express) that tell how a copy was answered. */
export interface DeliveryAnswer {
	statusCode: number;
	writableFinished?: boolean;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

interface Claim {
	/** the first copy was answered 2xx: its execution is on its way */
	answered: boolean;
	since: number;
	settled: Promise<void>;
	/** lets the copies waiting for it go on */
	settle: () => void;
}

const claims = new Map<string, Map<string, Claim>>();

function prune(held: Map<string, Claim>, now: number): void {
	for (const [key, claim] of held) {
		if (claim.since + HOLD_MS > now && held.size <= CLAIM_LIMIT) break;
		held.delete(key);
		claim.settle(); // (a first copy still unanswered after HOLD_MS: its waiters go on)
	}
}

/**
 * Whether this copy of `key` should start an execution. False when the id is recorded (this
 * process saw n8n's store confirm it) or another copy is on its way: it was answered 2xx less than
 * HOLD_MS ago and its execution has not recorded the id yet. A copy that finds the first copy
 * still unanswered waits for that answer (or for its connection to close): a 2xx makes it a repeat,
 * anything else (a 5xx, a dropped connection) hands the claim on, so no job is lost for a repeat.
 * `answer` is this copy's own HTTP response: the claim is kept only if it ends 2xx.
 */
export async function claimDelivery(
	scope: string,
	key: string,
	answer: DeliveryAnswer,
	now: () => number = Date.now,
): Promise<boolean> {
	for (;;) {
		if (wasSeen(scope, key)) return false;
		let held = claims.get(scope);
		if (!held) claims.set(scope, (held = new Map()));
		prune(held, now());
		const claim = held.get(key);
		if (!claim) {
			held.set(key, newClaim(held, key, answer, now));
			return true;
		}
		if (claim.answered) return false;
		// Until the first copy is answered or its connection closes (a sender that gives up closes it:
		// ModelsLab waits 30 s), so no timer is needed and none is left behind.
		await claim.settled;
	}
}

function newClaim(
	held: Map<string, Claim>,
	key: string,
	answer: DeliveryAnswer,
	now: () => number,
): Claim {
	let settle!: () => void;
	const settled = new Promise<void>((resolve) => (settle = resolve));
	const claim: Claim = { answered: false, since: now(), settled, settle };
	let done = false;
	const end = (ok: boolean) => {
		if (done) return;
		done = true;
		if (held.get(key) === claim) {
			held.delete(key);
			if (ok) {
				claim.answered = true;
				claim.since = now();
				held.set(key, claim); // last in the map: the map stays ordered by `since`
			}
		}
		settle();
	};
	const is2xx = () => answer.statusCode >= 200 && answer.statusCode < 300;
	answer.once('finish', () => end(is2xx()));
	answer.once('close', () => end(answer.writableFinished === true && is2xx()));
	return claim;
}

/**
 * Ends the hold on `key`: the copy starts nothing after all, or its execution failed before
 * n8n's store recorded the id. Copies waiting for it go on.
 */
export function releaseClaim(scope: string, key: string): void {
	const claim = claims.get(scope)?.get(key);
	claims.get(scope)?.delete(key);
	claim?.settle();
}
