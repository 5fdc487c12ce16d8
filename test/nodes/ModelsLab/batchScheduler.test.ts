/**
 * Batches above ModelsLab's queue cap, in-process n8n against the simulator playing ModelsLab's
 * limits: cap 5 per account (ModelsLab/docs-v2 rate-limits.mdx), each generation callback sent
 * once (webhooks.mdx: best effort), some never sent at all.
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetWaitsOf } from '../../../nodes/ModelsLab/modes/callback/waits';
import type { Simulator } from '../../../scripts/simulator/server';
import type { TestN8n } from '../setup';
import { holdPlaces, until, useSimulatedAccount } from '../simulatedAccount';
import { finished, post, runModelsLab, textToImage } from '../setup';
import { finalCallbackBody } from '../../../scripts/simulator/schedule';

const SUBMIT = '/api/v6/images/text2img';
const FETCH = /^\/api\/v6\/images\/fetch\//;

const account = useSimulatedAccount();
let sim: Simulator;
let env: TestN8n;
beforeAll(() => {
	({ sim, env } = account);
});

const submits = () =>
	sim.requests.filter((request) => request.method === 'POST' && request.path === SUBMIT);
const promptOf = (body: unknown) => String((body as IDataObject).prompt);

async function runBatch(count: number, lost: number[], cap = 5) {
	const items = Array.from({ length: count }, (_, n) => ({
		json: { n, prompt: `row ${n}${lost.includes(n) ? ' [sim:never]' : ''}` },
	}));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({
			prompt: '={{ $json.prompt }}',
			options: { downloadFiles: false, concurrency: cap },
		}),
		items,
	);
	return handle;
}

test('12 items at cap 5, callbacks once and 3 lost (one the very last): 12 results, each with its input, no 429, nothing twice', async () => {
	const lost = [3, 8, 11];
	const handle = await runBatch(12, lost);
	// execute() submitted one window and put the execution to wait at once.
	expect(handle.status).toBe('waiting');
	expect(submits()).toHaveLength(5);
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');

	const output = handle.outputOf('Success');
	expect(output).toHaveLength(12);
	const jobOfPrompt = new Map([...sim.jobs.values()].map((job) => [String(job.meta.prompt), job]));
	output.forEach((item, n) => {
		expect(item.pairedItem).toEqual({ item: n });
		const job = jobOfPrompt.get(`row ${n}${lost.includes(n) ? ' [sim:never]' : ''}`)!;
		expect(item.json).toMatchObject({ status: 'success', id: String(job.id) });
	});

	const sent = submits();
	expect(sent).toHaveLength(12);
	expect(sent.filter((request) => request.status === 429)).toHaveLength(0);
	expect(new Set(sent.map((request) => promptOf(request.body))).size).toBe(12);
	// Lost callbacks were recovered by fetching; jobs whose callback came were not fetched.
	const fetched = new Set(
		sim.requests
			.filter((request) => FETCH.test(request.path))
			.map((request) => request.path.split('/').pop()),
	);
	const lostIds = lost.map((n) => String(jobOfPrompt.get(`row ${n} [sim:never]`)!.id));
	for (const id of lostIds) expect(fetched.has(id)).toBe(true);
	expect([...fetched].filter((id) => !lostIds.includes(String(id))).length).toBeLessThanOrEqual(2);
	expect(sim.callbacksSent.every((attempt) => attempt.responseCode === 200)).toBe(true);
}, 90_000);

/** A batch of `count` while `places` of the account's places are held for `ms`: every item succeeds, with its input; the accepted submits. */
async function batchBesideOthers(places: number, ms: number, count: number) {
	await holdPlaces(account, places, ms);
	const handle = await runBatch(count, []);
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	expect(output.map((item) => item.json.status)).toEqual(Array(count).fill('success'));
	expect(output.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: count }, (_, n) => ({ item: n })),
	);
	return submits().filter(
		(request) => request.status === 200 && promptOf(request.body).startsWith('row'),
	);
}

test("another execution holding the account's queue: the batch waits for slots instead of failing items", async () => {
	// Three of the account's five places are taken by jobs outside this execution.
	const accepted = await batchBesideOthers(3, 1500, 6);
	expect(new Set(accepted.map((request) => promptOf(request.body))).size).toBe(6);
	expect(accepted).toHaveLength(6);
}, 90_000);

describe('a process that did not submit (n8n restarted, or another queue-mode process)', () => {
	test('memory lost in the middle of a batch: the rest is submitted once each and every result arrives', async () => {
		const handle = await runBatch(10, [], 3);
		expect(handle.status).toBe('waiting');
		// The first window's ids and the cap are with the execution (custom data).
		expect(handle.customData.modelslab_batch).toMatch(
			/^cap=3;n=10;done=0;failed=0;eta=1;w=[0-9a-f]{12}$/,
		);
		// Forget everything this process knew once items submitted from webhook() are at ModelsLab.
		await until(() => submits().length >= 5);
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		await finished(handle, 60_000);
		expect(handle.status).toBe('success');
		const output = handle.outputOf('Success');
		expect(output.map((item) => item.json.status)).toEqual(Array(10).fill('success'));
		const jobOfPrompt = new Map(
			[...sim.jobs.values()].map((job) => [String(job.meta.prompt), job]),
		);
		output.forEach((item, n) => expect(item.json.id).toBe(String(jobOfPrompt.get(`row ${n}`)!.id)));
		const sent = submits();
		expect(sent).toHaveLength(10);
		expect(new Set(sent.map((request) => promptOf(request.body))).size).toBe(10);
		expect(sent.filter((request) => request.status === 429)).toHaveLength(0);
	}, 90_000);
	test("memory lost once jobs submitted from webhook() have ended: their ids come back in the next callbacks' URLs, every result arrives, nothing twice", async () => {
		const handle = await runBatch(12, [], 3);
		// Items 3 to 5 (submitted from webhook(), their ids nowhere but in memory) have ended.
		const jobOfPrompt = () =>
			new Map([...sim.jobs.values()].map((job) => [String(job.meta.prompt), job]));
		const calledBack = (n: number) =>
			sim.callbacksSent.some(
				(a) => a.responseCode === 200 && a.jobId === String(jobOfPrompt().get(`row ${n}`)?.id),
			);
		await until(() => [3, 4, 5].every(calledBack) && submits().length >= 9);
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		// The ids a callback URL carries are signed with its item's token: a changed list is refused.
		const carrier = [...sim.jobs.values()].find((job) => job.webhook?.includes('mlKnown='))!;
		const forged = new URL(carrier.webhook!);
		forged.searchParams.set('mlKnown', `${forged.searchParams.get('mlKnown')}.1`);
		expect((await post(forged.toString(), finalCallbackBody(carrier))).status).toBe(403);
		await finished(handle, 60_000);
		expect(handle.status).toBe('success');
		const output = handle.outputOf('Success');
		output.forEach((item, n) =>
			expect(item.json).toMatchObject({
				status: 'success',
				id: String(jobOfPrompt().get(`row ${n}`)!.id),
			}),
		);
		const accepted = submits().filter((request) => request.status === 200);
		expect(accepted.map((request) => promptOf(request.body)).sort()).toEqual(
			Array.from({ length: 12 }, (_, n) => `row ${n}`).sort(),
		);
	}, 90_000);

	test('a job submitted before the memory was lost, its callback lost: its result is fetched and, once the batch has settled, its slot goes on', async () => {
		// Item 1's callback never comes and this process forgets the batch at once (as a restarted
		// n8n, or a webhook processor in queue mode whose worker submitted it): a fetch finds it
		// ended, and item 4 follows it once no callback has told of item 4 within the settle time.
		const prompt = (n: number) => (n === 1 ? 'row 1 [sim:never]' : `row ${n}`);
		const items = Array.from({ length: 6 }, (_, n) => ({ json: { prompt: prompt(n) } }));
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				prompt: '={{ $json.prompt }}',
				options: { downloadFiles: false, concurrency: 3 },
			}),
			items,
		);
		expect(handle.status).toBe('waiting');
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		await finished(handle, 60_000);
		expect(handle.status).toBe('success');
		const jobOf = (n: number) =>
			[...sim.jobs.values()].find((job) => job.meta.prompt === prompt(n))!;
		handle
			.outputOf('Success')
			.forEach((item, n) =>
				expect(item.json).toMatchObject({ status: 'success', id: String(jobOf(n).id) }),
			);
		const accepted = submits().filter((request) => request.status === 200);
		expect(accepted.map((request) => promptOf(request.body)).sort()).toEqual(
			items.map((item) => item.json.prompt).sort(),
		);
		// Item 4 was held back until the settle time (20 s at least) after the process took the batch over.
		const item4 = accepted.find((request) => promptOf(request.body) === 'row 4')!;
		const first = accepted[0];
		expect(item4.time - first.time).toBeGreaterThanOrEqual(19_000);
	}, 90_000);

	test('a fetch takes a result before its callback: the callback still submits the next item of the slot, once', async () => {
		// Items 1 and 2 end before item 0, whose callback then reaches a process that has only custom
		// data: it fetches 1 and 2 (not submitted here, so it may not start their successors). Their
		// callbacks come after that (posted by the test); each must start its successor.
		const prompt = (n: number) =>
			n === 0 ? 'row 0 [sim:delay:1500]' : n < 3 ? `row ${n} [sim:never]` : `row ${n}`;
		const items = Array.from({ length: 6 }, (_, n) => ({ json: { prompt: prompt(n) } }));
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				prompt: '={{ $json.prompt }}',
				options: { downloadFiles: false, concurrency: 3 },
			}),
			items,
		);
		expect(handle.status).toBe('waiting');
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		const jobOf = (n: number) =>
			[...sim.jobs.values()].find((job) => job.meta.prompt === prompt(n))!;
		// Item 0's callback came and the fresh process fetched items 1 and 2.
		await until(() =>
			[1, 2].every((n) =>
				sim.requests.some((r) => FETCH.test(r.path) && r.path.endsWith(`/${jobOf(n).id}`)),
			),
		);
		for (const n of [1, 2])
			expect((await post(jobOf(n).webhook!, finalCallbackBody(jobOf(n)))).status).toBe(200);
		await finished(handle, 20_000);
		expect(handle.status).toBe('success');
		const output = handle.outputOf('Success');
		output.forEach((item, n) =>
			expect(item.json).toMatchObject({ status: 'success', id: String(jobOf(n).id) }),
		);
		const accepted = submits().filter((request) => request.status === 200);
		expect(accepted.map((request) => promptOf(request.body)).sort()).toEqual(
			items.map((item) => item.json.prompt).sort(),
		);
	}, 60_000);
});

test("the account's queue full with other jobs for longer than 4 × retry_after: the batch waits for places, all results, no item failed", async () => {
	// Five places (all of them) held by jobs outside this execution for 6 s; retry_after is 1 s.
	const accepted = await batchBesideOthers(5, 6000, 4);
	expect(accepted.map((request) => promptOf(request.body)).sort()).toEqual([
		'row 0',
		'row 1',
		'row 2',
		'row 3',
	]);
	// It asked ModelsLab for a free place instead of submitting into a full queue again and again.
	expect(sim.requests.some((request) => request.path === '/api/v6/processing/request_count')).toBe(
		true,
	);
	expect(
		submits().filter(
			(request) => request.status === 429 && promptOf(request.body).startsWith('row'),
		).length,
	).toBeLessThanOrEqual(8);
}, 90_000);

describe('the same scheduler in the other wait modes', () => {
	test('By Polling: 12 items at cap 5, never more than 5 queued, no 429, each fetched from its ETA on', async () => {
		const items = Array.from({ length: 12 }, (_, n) => ({ json: { prompt: `row ${n}` } }));
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				prompt: '={{ $json.prompt }}',
				waitMode: 'poll',
				options: { downloadFiles: false, pollInterval: 0.2 },
			}),
			items,
		);
		expect(handle.status).toBe('success');
		const output = handle.outputOf('Success');
		expect(output.map((item) => item.json.status)).toEqual(Array(12).fill('success'));
		const jobOfPrompt = new Map(
			[...sim.jobs.values()].map((job) => [String(job.meta.prompt), job]),
		);
		output.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			expect(item.json.id).toBe(String(jobOfPrompt.get(`row ${n}`)!.id));
		});
		const sent = submits();
		expect(sent).toHaveLength(12);
		expect(sent.filter((request) => request.status === 429)).toHaveLength(0);
		// First fetch at the ETA (1 s for these jobs), then every 0.2 s: a few fetches per job, not dozens.
		const fetches = sim.requests.filter((request) => FETCH.test(request.path)).length;
		expect(fetches).toBeGreaterThanOrEqual(12);
		expect(fetches).toBeLessThanOrEqual(12 * 4);
	}, 90_000);

	test("Don't Wait: 8 items at cap 5 are all queued, each once, as places free; the ids come back", async () => {
		sim.setRetryAfter(1);
		const items = Array.from({ length: 8 }, (_, n) => ({ json: { prompt: `row ${n}` } }));
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				prompt: '={{ $json.prompt }}',
				waitMode: 'none',
				options: { downloadFiles: false },
			}),
			items,
		);
		expect(handle.status).toBe('success');
		const output = handle.outputOf('Success');
		expect(output.map((item) => item.json.status)).toEqual(Array(8).fill('processing'));
		const accepted = submits().filter((request) => request.status === 200);
		expect(accepted).toHaveLength(8);
		expect(new Set(accepted.map((request) => promptOf(request.body))).size).toBe(8);
		const jobOfPrompt = new Map(
			[...sim.jobs.values()].map((job) => [String(job.meta.prompt), job]),
		);
		output.forEach((item, n) => expect(item.json.id).toBe(String(jobOfPrompt.get(`row ${n}`)!.id)));
		// It asked ModelsLab when a place was free rather than hammering the submit endpoint.
		expect(
			sim.requests.some((request) => request.path === '/api/v6/processing/request_count'),
		).toBe(true);
		expect(submits().filter((request) => request.status === 429).length).toBeLessThanOrEqual(3);
	}, 90_000);
});
