/** Poll, Don't Wait and Get Result, and the credential test, inside real n8n machinery. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { testCredentials } from '../../harness';
import {
	API,
	API_KEY,
	BASE_URL,
	PNG,
	runModelsLab,
	startN8n,
	textToImage,
	useNock,
} from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const SUBMIT = '/api/v6/images/text2img';

describe('By Polling', () => {
	test('first checks after the ETA, then every interval, until success; downloads the file', async () => {
		let submitted: IDataObject = {};
		nock(API)
			.post(SUBMIT, (body: IDataObject) => {
				submitted = body;
				return true;
			})
			.reply(200, { status: 'processing', id: 31, eta: 0.05 });
		const fetches = nock(API)
			.post('/api/v6/images/fetch/31', { key: API_KEY })
			.times(2)
			.reply(200, { status: 'processing', id: 31 })
			.post('/api/v6/images/fetch/31', { key: API_KEY })
			.reply(200, { status: 'success', id: 31, output: ['https://cdn.test/p.png'] });
		nock('https://cdn.test').get('/p.png').reply(200, PNG, { 'content-type': 'image/png' });

		const handle = await runModelsLab(
			env.n8n,
			textToImage({ waitMode: 'poll', options: { pollInterval: 0.05 } }),
		);
		expect(handle.status).toBe('success');
		expect(submitted.webhook).toBeUndefined();
		expect(fetches.isDone()).toBe(true);
		const [item] = handle.outputOf('ModelsLab');
		expect(item.json).toMatchObject({ status: 'success', id: '31', fetch_category: 'imagesV6' });
		expect(item.binary?.data.mimeType).toBe('image/png');
	});

	test('a job still running at the timeout fails the node with its request id', async () => {
		nock(API).post(SUBMIT).reply(200, { status: 'processing', id: 32, eta: 0.01 });
		nock(API)
			.post('/api/v6/images/fetch/32')
			.times(100)
			.reply(200, { status: 'processing', id: 32 });
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ waitMode: 'poll', options: { pollInterval: 0.05, timeoutMinutes: 0.005 } }),
		);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toMatch(/had not finished after 0.3 seconds/);
		expect(handle.error?.description).toMatch(/Still running: 32/);
	});

	test('with Continue On Fail the timed-out job comes out as failed, with what is needed to fetch it later', async () => {
		nock(API).post(SUBMIT).reply(200, { status: 'processing', id: 33, eta: 0.01 });
		nock(API)
			.post('/api/v6/images/fetch/33')
			.times(100)
			.reply(200, { status: 'processing', id: 33 });
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ waitMode: 'poll', options: { pollInterval: 0.05, timeoutMinutes: 0.005 } }),
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(handle.status).toBe('success');
		expect(handle.outputOf('ModelsLab')[0].json).toMatchObject({
			status: 'failed',
			id: '33',
			fetch_category: 'imagesV6',
			timedOut: true,
		});
	});

	test("a status fetch that fails (429, then 5xx, each after the transport's own retries) is asked again next round: the result arrives", async () => {
		nock(API).post(SUBMIT).reply(200, { status: 'processing', id: 34, eta: 0.01 });
		const fetches = nock(API)
			// One fetch: the first try and the transport's 3 retries, all 429 (retry_after 0: no wait).
			.post('/api/v6/images/fetch/34')
			.times(4)
			.reply(429, { status: 'error', message: 'Rate limit exceeded', retry_after: 0 })
			// The next round's fetch: the first try and the transport's 2 retries, all 503.
			.post('/api/v6/images/fetch/34')
			.times(3)
			.reply(503, { status: 'error', message: 'Service Unavailable' })
			.post('/api/v6/images/fetch/34')
			.reply(200, { status: 'success', id: 34, output: ['https://cdn.test/34.png'] });
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ waitMode: 'poll', options: { pollInterval: 0.05, downloadFiles: false } }),
		);
		expect(handle.status).toBe('success');
		expect(fetches.isDone()).toBe(true);
		expect(handle.outputOf('ModelsLab')[0].json).toMatchObject({
			status: 'success',
			id: '34',
			output: ['https://cdn.test/34.png'],
		});
	});

	test('3 failed fetch rounds in a row fail that item alone, naming its id and Get Result; its slot moves on to the next item', async () => {
		// Max Queued Jobs 2: slot 0 runs items 0 then 2, slot 1 runs item 1.
		const submitted: string[] = [];
		nock(API)
			.post(SUBMIT)
			.times(3)
			.reply(200, (_uri, body) => {
				const prompt = String((body as IDataObject).prompt);
				submitted.push(prompt);
				return { status: 'processing', id: `job-${prompt}`, eta: 0.01 };
			});
		// Item 0's job: every fetch is refused (429, retry_after 0), 3 rounds of 4 requests each.
		const refused = nock(API)
			.post('/api/v6/images/fetch/job-a')
			.times(12)
			.reply(429, { status: 'error', message: 'Rate limit exceeded', retry_after: 0 });
		nock(API)
			.post('/api/v6/images/fetch/job-b')
			.reply(200, { status: 'success', id: 'job-b', output: ['https://cdn.test/b.png'] });
		nock(API)
			.post('/api/v6/images/fetch/job-c')
			.reply(200, { status: 'success', id: 'job-c', output: ['https://cdn.test/c.png'] });
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				prompt: '={{ $json.prompt }}',
				waitMode: 'poll',
				options: { pollInterval: 0.05, concurrency: 2, timeoutMinutes: 0.5, downloadFiles: false },
			}),
			[{ json: { prompt: 'a' } }, { json: { prompt: 'b' } }, { json: { prompt: 'c' } }],
			{ continueOnFail: true },
		);
		expect(handle.status).toBe('success');
		expect(refused.isDone()).toBe(true);
		expect(submitted.sort()).toEqual(['a', 'b', 'c']);
		const [first, second, third] = handle.outputOf('ModelsLab').map((item) => item.json);
		expect(first).toMatchObject({
			status: 'failed',
			id: 'job-a',
			fetch_category: 'imagesV6',
			httpCode: '429',
		});
		expect(first.error).toMatch(/job-a.*3 times in a row/);
		expect(first.errorDescription).toMatch(/Get Result.*job-a/);
		expect(first.timedOut).toBeUndefined();
		expect(second).toMatchObject({ status: 'success', id: 'job-b' });
		expect(third).toMatchObject({ status: 'success', id: 'job-c' });
	});
});

test('an endpoint that cannot call back is polled in callback mode, and a failed fetch fails the node', async () => {
	nock(API)
		.post('/api/v1/workflows/wf-9/run')
		.reply(202, { status: 'success', execution_id: 7, workflow_id: 'wf-9' });
	nock(API)
		.get('/api/v1/workflows/wf-9/runs/7')
		.reply(404, { status: 'error', message: 'Execution not found' });
	const handle = await runModelsLab(env.n8n, {
		resource: 'workflow',
		operation: 'run',
		workflowId: 'wf-9',
		inputs: '{"prompt": "x"}',
		options: { pollInterval: 0.05 },
	});
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('ModelsLab: Execution not found');
});

describe("Don't Wait", () => {
	test('returns the request id, eta, fetch_result and future links at once, with the callback URL given', async () => {
		let submitted: IDataObject = {};
		nock(API)
			.post(SUBMIT, (body: IDataObject) => {
				submitted = body;
				return true;
			})
			.reply(200, {
				status: 'processing',
				id: 41,
				eta: 30,
				fetch_result: `${BASE_URL}/v6/images/fetch/41`,
				future_links: ['https://cdn.test/future.png'],
			});
		const handle = await runModelsLab(
			env.n8n,
			textToImage({
				waitMode: 'none',
				callbackUrl: 'https://n8n.example.com/webhook/abc/modelslab?token=t',
			}),
		);
		expect(handle.status).toBe('success');
		expect(submitted.webhook).toBe('https://n8n.example.com/webhook/abc/modelslab?token=t');
		expect(handle.outputOf('ModelsLab')[0].json).toMatchObject({
			status: 'processing',
			id: '41',
			eta: 30,
			fetch_result: `${BASE_URL}/v6/images/fetch/41`,
			future_links: ['https://cdn.test/future.png'],
			fetch_category: 'imagesV6',
		});
	});

	test('an immediate success is returned with its file, no wait', async () => {
		nock(API)
			.post(SUBMIT)
			.reply(200, { status: 'success', id: 42, output: ['https://cdn.test/now.png'] });
		nock('https://cdn.test').get('/now.png').reply(200, PNG, { 'content-type': 'image/png' });
		const handle = await runModelsLab(env.n8n, textToImage());
		expect(handle.status).toBe('success');
		expect(handle.outputOf('ModelsLab')[0].binary?.data.fileName).toBe('now.png');
	});
});

describe('Get Result', () => {
	test('fetches a job by id from the chosen fetch endpoint', async () => {
		nock(API)
			.post('/api/v7/video-fusion/fetch/abc-1', { key: API_KEY })
			.reply(200, { status: 'success', id: 'abc-1', output: ['https://cdn.test/v.mp4'] });
		nock('https://cdn.test')
			.get('/v.mp4')
			.reply(200, Buffer.from('mp4'), { 'content-type': 'video/mp4' });
		const handle = await runModelsLab(env.n8n, {
			resource: 'job',
			operation: 'getResult',
			requestId: 'abc-1',
			fetchCategory: 'videoV7',
		});
		expect(handle.status).toBe('success');
		const [item] = handle.outputOf('ModelsLab');
		expect(item.json).toMatchObject({ status: 'success', id: 'abc-1' });
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: 'v.mp4' });
	});

	test('an id ModelsLab does not know is an error carrying its message', async () => {
		nock(API)
			.post('/api/v6/images/fetch/nope')
			.reply(404, { status: 'error', message: 'Request not found' });
		const handle = await runModelsLab(env.n8n, {
			resource: 'job',
			operation: 'getResult',
			requestId: 'nope',
			fetchCategory: 'imagesV6',
		});
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe('ModelsLab: Request not found');
	});
});

describe('Custom Endpoint', () => {
	test('sends the JSON body to the path under the Base URL, with the key and a webhook', async () => {
		let submitted: IDataObject = {};
		nock(API)
			.post('/api/v6/images/upscale_ultra', (body: IDataObject) => {
				submitted = body;
				return true;
			})
			.reply(200, { status: 'processing', id: 51 });
		const handle = await runModelsLab(env.n8n, {
			resource: 'job',
			operation: 'customEndpoint',
			path: 'v6/images/upscale_ultra',
			body: '{"init_image": "https://example.com/x.png", "scale": 4}',
		});
		expect(handle.status).toBe('waiting');
		expect(submitted).toMatchObject({
			key: API_KEY,
			init_image: 'https://example.com/x.png',
			scale: 4,
		});
		expect(String(submitted.webhook)).toContain('mlToken=');
	});

	test('refuses an absolute URL, so the key is only ever sent to the Base URL', async () => {
		const handle = await runModelsLab(env.n8n, {
			resource: 'job',
			operation: 'customEndpoint',
			path: 'https://evil.example/x',
			body: '{}',
		});
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toMatch(/relative to the Base URL/);
	});
});

describe('credential test (what the credential dialog shows)', () => {
	test('a good key passes: wallet_balance costs nothing', async () => {
		nock(API)
			.post('/api/wallet_balance', { key: API_KEY })
			.reply(200, { status: 'success', data: { balance: 43.6, currency: 'USD' } });
		expect(await testCredentials(env.n8n, 'modelsLabApi')).toMatchObject({ status: 'OK' });
	});

	test('a bad key fails with a message that says what to do', async () => {
		nock(API)
			.post('/api/wallet_balance')
			.times(2)
			.reply(401, { status: 'error', message: 'Invalid API key' });
		const result = await testCredentials(env.n8n, 'modelsLabApi', {
			apiKey: 'wrong',
			baseUrl: BASE_URL,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Invalid API key/);
	});

	test('a Base URL with a trailing slash still works', async () => {
		nock(API)
			.post('/api/wallet_balance')
			.reply(200, { status: 'success', data: { balance: 1 } });
		expect(
			await testCredentials(env.n8n, 'modelsLabApi', { apiKey: API_KEY, baseUrl: `${BASE_URL}/` }),
		).toMatchObject({ status: 'OK' });
	});
});
