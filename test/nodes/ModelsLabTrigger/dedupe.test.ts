/** The trigger's queue in front of n8n's dedupe store: never two checks of a node at once, batches. */
import { EventEmitter } from 'node:events';

import { checkOnce, claimDelivery, forgetSeen } from '../../../nodes/ModelsLabTrigger/dedupe';

/** A fake store: remembers keys, answers after `ms`, records the calls and the overlap. */
function fakeStore(ms = 20) {
	const known = new Set<string>();
	const calls: string[][] = [];
	let running = 0;
	let maxRunning = 0;
	const check = async (keys: string[]) => {
		calls.push(keys);
		running++;
		maxRunning = Math.max(maxRunning, running);
		await new Promise((resolve) => setTimeout(resolve, ms));
		running--;
		const fresh = keys.filter((key) => !known.has(key));
		for (const key of fresh) known.add(key);
		return fresh;
	};
	return { check, calls, maxRunning: () => maxRunning };
}

test('callbacks that queue up during a check go to the store together, never overlapping', async () => {
	const store = fakeStore();
	const keys = Array.from({ length: 10 }, (_, i) => `job-${i}`);
	const results = await Promise.all(keys.map((key) => checkOnce('wf/node-a', key, store.check)));
	expect(results).toEqual(keys.map(() => true));
	expect(store.calls).toEqual([['job-0'], keys.slice(1)]);
	expect(store.maxRunning()).toBe(1);
});

test('a job delivered several times at once is new exactly once, in the batch and after it', async () => {
	const store = fakeStore();
	const deliveries = ['a', 'b', 'a', 'a', 'b', 'c'];
	const first = await Promise.all(
		deliveries.map((key) => checkOnce('wf/node-b', key, store.check)),
	);
	expect(first).toEqual([true, true, false, false, false, true]);
	const again = await Promise.all(
		['a', 'c', 'd'].map((key) => checkOnce('wf/node-b', key, store.check)),
	);
	expect(again).toEqual([false, false, true]);
});

test("a failing store call fails that batch's callbacks only; the next batch is checked", async () => {
	const store = fakeStore();
	let fail = true;
	const flaky = async (keys: string[]) => {
		if (fail) {
			fail = false;
			await new Promise((resolve) => setTimeout(resolve, 10));
			throw new Error('SQLITE_BUSY');
		}
		return await store.check(keys);
	};
	const failed = checkOnce('wf/node-c', 'x', flaky);
	await expect(failed).rejects.toThrow('SQLITE_BUSY');
	await expect(checkOnce('wf/node-c', 'x', flaky)).resolves.toBe(true);
});

test('two trigger nodes do not wait for each other', async () => {
	const slow = fakeStore(200);
	const fast = fakeStore(1);
	const slowCheck = checkOnce('wf/slow', 'k', slow.check);
	const started = Date.now();
	await expect(checkOnce('wf/fast', 'k', fast.check)).resolves.toBe(true);
	expect(Date.now() - started).toBeLessThan(150);
	await expect(slowCheck).resolves.toBe(true);
});

describe('claimDelivery: copies on their way', () => {
	/** An HTTP answer as n8n's Express response reports it. */
	const answer = () =>
		Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false });
	const answered = (res: ReturnType<typeof answer>, code: number) => {
		res.statusCode = code;
		res.writableFinished = true;
		res.emit('finish');
		res.emit('close');
	};
	beforeEach(() => forgetSeen());

	test('a copy that arrives while the first is unanswered waits: 2xx makes it a repeat', async () => {
		const first = answer();
		expect(await claimDelivery('s', 'k', first)).toBe(true);
		const second = claimDelivery('s', 'k', answer());
		answered(first, 200);
		expect(await second).toBe(false);
		expect(await claimDelivery('s', 'k', answer())).toBe(false);
	});

	test('a first copy whose connection drops before its answer holds nothing: the next copy goes on', async () => {
		const first = answer();
		expect(await claimDelivery('s', 'k', first)).toBe(true);
		const second = claimDelivery('s', 'k', answer());
		first.emit('close'); // never finished
		expect(await second).toBe(true);
	});
});
