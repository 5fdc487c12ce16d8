/** The simulator's fault scenarios (submit, fetch, files) and held callbacks. */
import { createReceiver, type Receiver } from '../../scripts/simulator/receiver';
import {
	createSimulator,
	parseScenario,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';

const KEY = 'sim-key';

async function call(
	method: string,
	url: string,
	body?: unknown,
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {}
	return { status: response.status, text, json };
}

/** `call`, but a connection closed without an answer is `'hang up'` and no answer within `ms` is `'stalled'`. */
async function outcome(
	method: string,
	url: string,
	body?: unknown,
	ms = 300,
): Promise<number | 'hang up' | 'stalled'> {
	try {
		const response = await fetch(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(ms),
		});
		await response.arrayBuffer();
		return response.status;
	} catch (error) {
		return (error as Error).name === 'TimeoutError' ? 'stalled' : 'hang up';
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator faults and held callbacks', () => {
	let sim: Simulator;
	let running: RunningSimulator;
	let receiver: Receiver | undefined;
	const api = (path: string) => running.baseUrl + path;
	const submit = (prompt: string, extra: Record<string, unknown> = {}) =>
		call('POST', api('/v6/images/text2img'), { key: KEY, model_id: 'flux', prompt, ...extra });

	beforeAll(async () => {
		sim = createSimulator({
			delayMs: 20,
			retryAfterSeconds: 1,
			delivery: 'retry',
			callbackRetry: { baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 },
		});
		running = await sim.start();
	});
	afterEach(async () => {
		sim.reset();
		await receiver?.close();
		receiver = undefined;
	});
	afterAll(async () => {
		await running.close();
	});

	test('the fault tokens parse; a count is required', () => {
		expect(parseScenario('hangUp:1,stall:2,fetchServerError:3,fileErrorInOk:1')).toMatchObject({
			hangUp: 1,
			stall: 2,
			fetchFaults: { serverError: 3 },
			fileFaults: { errorInOk: 1 },
		});
		expect(() => parseScenario('fetchStall')).toThrow(/needs a number/);
		expect(() => parseScenario('fetchTeapot:1')).toThrow(/Unknown simulator scenario/);
	});

	test('hangUp:1 and stall:1 on submit: no answer (closed, then left open), no job; then a normal answer', async () => {
		expect(
			await outcome(
				'POST',
				api('/v6/images/text2img'),
				{ key: KEY, prompt: 'x [sim:hangUp:1]' },
				5000,
			),
		).toBe('hang up');
		expect((await submit('x [sim:hangUp:1]')).status).toBe(200);
		expect(
			await outcome('POST', api('/v6/images/text2img'), { key: KEY, prompt: 'y [sim:stall:1]' }),
		).toBe('stalled');
		expect((await submit('y [sim:stall:1]')).status).toBe(200);
		expect(sim.jobs.size).toBe(2);
		expect(sim.requests.filter((r) => r.path === '/api/v6/images/text2img')).toHaveLength(4);
	});

	test('fetch faults come in order, each counted per job, then the real answer', async () => {
		const { json } = await submit(
			'z [sim:fetchServerError:1,fetchRateLimit:1,fetchHangUp:1,fetchStall:1,fetchErrorInOk:1]',
		);
		const other = await submit('other job, same faults [sim:fetchServerError:1]');
		const fetchUrl = json.fetch_result as string;
		await sleep(50);
		const first = await call('POST', fetchUrl, { key: KEY });
		expect(first).toMatchObject({
			status: 500,
			json: { status: 'error', message: 'Internal server error (simulated)' },
		});
		expect(await call('POST', fetchUrl, { key: KEY })).toMatchObject({
			status: 429,
			json: { status: 'error', retry_after: 1 },
		});
		expect(await outcome('POST', fetchUrl, { key: KEY }, 5000)).toBe('hang up');
		expect(await outcome('POST', fetchUrl, { key: KEY })).toBe('stalled');
		expect(await call('POST', fetchUrl, { key: KEY })).toMatchObject({
			status: 200,
			json: { status: 'error', message: expect.stringMatching(/Simulated error/) },
		});
		expect(await call('POST', fetchUrl, { key: KEY })).toMatchObject({
			status: 200,
			json: { status: 'success', id: json.id },
		});
		// The other job has its own count.
		expect((await call('POST', other.json.fetch_result as string, { key: KEY })).status).toBe(500);
		expect((await call('POST', other.json.fetch_result as string, { key: KEY })).json.status).toBe(
			'success',
		);
	});

	test("file faults apply to that job's files (output and proxy link alike), counted per job", async () => {
		const { json } = await submit('f [sim:fileServerError:2,fileErrorInOk:1,fileHangUp:1]');
		const plain = await submit('no faults');
		const [url] = json.future_links as string[];
		const first = await call('GET', url);
		expect(first).toMatchObject({ status: 503, text: 'Service unavailable (simulated)' });
		expect((await call('GET', `${url}?proxy=1`)).status).toBe(503);
		expect(await outcome('GET', url, undefined, 5000)).toBe('hang up');
		expect(await call('GET', url)).toMatchObject({ status: 200, json: { status: 'error' } });
		const good = await fetch(url);
		expect(good.headers.get('content-type')).toBe('image/png');
		const [plainUrl] = plain.json.future_links as string[];
		expect((await fetch(plainUrl)).status).toBe(200);
	});

	test('held callbacks wait (retries included) and go out on release', async () => {
		let down = true;
		receiver = await createReceiver(() => (down ? 503 : 200));
		await submit('first', { webhook: `${receiver.url}/a` });
		// The receiver answers 503: the first attempt fails, then the sender is told to hold.
		await waitUntil(() => sim.callbacksSent.length === 1);
		sim.holdCallbacks();
		await submit('second', { webhook: `${receiver.url}/b` });
		await waitUntil(() => sim.heldCallbacks === 2);
		await sleep(100);
		expect(sim.callbacksSent).toHaveLength(1);
		down = false;
		sim.releaseCallbacks();
		await receiver.waitFor(3);
		await waitUntil(() => sim.callbacksSent.length === 3);
		expect(sim.heldCallbacks).toBe(0);
		expect(sim.callbacksSent.map((a) => [a.url.slice(-2), a.attempt, a.responseCode])).toEqual(
			expect.arrayContaining([
				['/a', 1, 503],
				['/a', 2, 200],
				['/b', 1, 200],
			]),
		);
	});

	test('reset() lets held callbacks go (they are dropped, not sent)', async () => {
		receiver = await createReceiver();
		sim.holdCallbacks();
		await submit('held', { webhook: receiver.url });
		await waitUntil(() => sim.heldCallbacks === 1);
		sim.reset();
		await waitUntil(() => sim.heldCallbacks === 0);
		await sleep(100);
		expect(receiver.received).toHaveLength(0);
	});
});

async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await sleep(10);
	}
}
