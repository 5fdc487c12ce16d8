/**
 * The simulator's account limits, each as ModelsLab documents it:
 * - ModelsLab/docs-v2 rate-limits.mdx: 5 / 10 / 15 queued requests per account across every
 *   endpoint, a 6th rejected until one completes, 429 `{status, message, retry_after: 30}`;
 * - ModelsLab/docs-v2 general-api/openapi.json: POST /v6/processing/request_count;
 * - ModelsLab/docs-v2 webhooks.mdx "Retry Policy": generation callbacks best effort (one
 *   attempt), workflow callbacks retried up to 3 times.
 */
import { createReceiver, type Receiver } from '../../scripts/simulator/receiver';
import {
	createSimulator,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';

const KEY = 'sim-key';
const OTHER = 'other-key';

async function call(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator account limits', () => {
	let sim: Simulator;
	let running: RunningSimulator;
	let receiver: Receiver | undefined;
	const api = (path: string) => running.baseUrl + path;
	const image = (key = KEY, extra: Record<string, unknown> = {}) =>
		call(api('/v6/images/text2img'), { key, model_id: 'flux', prompt: 'x', ...extra });
	const video = (key = KEY) =>
		call(api('/v6/video/text2video'), { key, model_id: 'wan', prompt: 'x' });
	const count = async (key = KEY) =>
		(await call(api('/v6/processing/request_count'), { key })).body;

	beforeAll(async () => {
		sim = createSimulator({ delayMs: 1500, validKeys: [KEY, OTHER] });
		running = await sim.start();
	});
	afterEach(async () => {
		sim.reset();
		sim.setQueueCap(5);
		sim.setDelivery('once');
		await receiver?.close();
		receiver = undefined;
	});
	afterAll(async () => {
		await running.close();
	});

	test('a 6th queued job is refused with the documented 429 body, across endpoints, until one completes', async () => {
		const accepted = [await image(), await image(), await video(), await image(), await video()];
		expect(accepted.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		const refused = await image();
		expect(refused).toEqual({
			status: 429,
			body: {
				status: 'error',
				message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
				retry_after: 30,
			},
		});
		// A refused submit creates no job and takes no place.
		expect(sim.jobs.size).toBe(5);
		await sleep(1600);
		expect((await image()).status).toBe(200);
	});

	test('the cap is per key: another account has its own queue', async () => {
		for (let i = 0; i < 5; i++) expect((await image()).status).toBe(200);
		expect((await image()).status).toBe(429);
		expect((await image(OTHER)).status).toBe(200);
	});

	test('setQueueCap(10) and (15) for the other plans; the message names the cap', async () => {
		sim.setQueueCap(10);
		for (let i = 0; i < 10; i++) expect((await image()).status).toBe(200);
		expect((await image()).body.message).toBe(
			'Rate limit exceeded. Maximum 10 queued requests allowed.',
		);
		sim.reset();
		sim.setQueueCap(15);
		for (let i = 0; i < 15; i++) expect((await image()).status).toBe(200);
		expect((await image()).status).toBe(429);
	});

	test('an answer given at once (immediate) takes no place in the queue', async () => {
		for (let i = 0; i < 7; i++)
			expect((await image(KEY, { sim_scenario: 'immediate' })).status).toBe(200);
		expect(sim.queued()).toHaveLength(0);
	});

	test("request_count answers the key's processing jobs in the documented shape", async () => {
		await image();
		await video();
		await image(OTHER);
		expect(await count()).toEqual({
			status: 'success',
			processing_count: 2,
			message: 'Current processing request count retrieved successfully',
		});
		await sleep(1600);
		expect((await count()).processing_count).toBe(0);
	});

	test('jitter:<ms> spreads durations around the delay; delay:<ms> sets it per request', async () => {
		for (let i = 0; i < 5; i++) await image(KEY, { sim_scenario: 'delay:1000,jitter:300' });
		const spans = [...sim.jobs.values()].map((job) => job.completesAt - job.createdAt);
		expect(spans.every((span) => span >= 700 && span <= 1300)).toBe(true);
		expect(new Set(spans).size).toBeGreaterThan(1);
	});

	test('never: the job completes (fetch says so) but no callback is sent', async () => {
		receiver = await createReceiver();
		const answer = await image(KEY, { webhook: receiver.url, sim_scenario: 'delay:50,never' });
		await sleep(200);
		expect(receiver.received).toHaveLength(0);
		const fetched = await call(answer.body.fetch_result as string, { key: KEY });
		expect(fetched.body.status).toBe('success');
	});

	test('setDelivery(retry): a refused callback is tried again, at most 3 more times', async () => {
		sim.setDelivery('retry');
		receiver = await createReceiver(() => 409);
		await image(KEY, { webhook: receiver.url, sim_scenario: 'delay:20' });
		await receiver.waitFor(4, 5000);
		await sleep(300);
		expect(sim.callbacksSent.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
	});

	test('lostFraction loses that share of callbacks, the same ones for the same seed', async () => {
		const lostIds = async () => {
			const lossy = createSimulator({
				delayMs: 10,
				queueCap: Infinity,
				lostFraction: 0.3,
				seed: 7,
			});
			const server = await lossy.start();
			for (let i = 0; i < 40; i++) {
				await call(`${server.baseUrl}/v6/images/text2img`, {
					key: KEY,
					model_id: 'flux',
					prompt: 'x',
					webhook: 'http://127.0.0.1:9/none',
				});
			}
			const lost = [...lossy.jobs.values()]
				.filter((job) => job.delivery === 'never')
				.map((job) => job.id);
			await server.close();
			return lost;
		};
		const first = await lostIds();
		expect(first.length).toBeGreaterThan(4);
		expect(first.length).toBeLessThan(24);
		expect(await lostIds()).toEqual(first);
	});
});
