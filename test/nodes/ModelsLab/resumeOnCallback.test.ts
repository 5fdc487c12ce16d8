/**
 * Resume-on-callback mode inside real n8n machinery: submit with the execution's resume URL,
 * wait, and resume on ModelsLab's callback posted over real HTTP.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { forgetWaitsOf } from '../../../nodes/ModelsLab/modes/callback/waits';
import { readBinaryData } from '../../harness';
import {
	API,
	API_KEY,
	PNG,
	TEXT2IMG_SUBMIT,
	acceptSubmits,
	finished,
	itemOf,
	post,
	runModelsLab,
	startN8n,
	textToImage,
	useNock,
} from '../setup';
import type { TestN8n } from '../setup';

useNock();

const SUBMIT = TEXT2IMG_SUBMIT;

function success(id: number | string, file = 'a.png', extra: IDataObject = {}): IDataObject {
	return {
		status: 'success',
		id,
		output: [`https://cdn.test/out/${file}`],
		generationTime: 3.2,
		...extra,
	};
}

function serveFile(name: string, times = 1) {
	return nock('https://cdn.test')
		.get(`/out/${name}`)
		.times(times)
		.reply(200, PNG, { 'content-type': 'image/png' });
}

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

describe('submit', () => {
	test('sends the key, only the fields set, a track_id, and the resume URL with our secret and item index', async () => {
		const bodies = acceptSubmits(1);
		const handle = await runModelsLab(env.n8n, textToImage({ additionalFields: { seed: 42 } }));
		expect(handle.status).toBe('waiting');
		expect(bodies).toHaveLength(1);
		const submitted = bodies[0];
		expect(Object.keys(submitted).sort()).toEqual([
			'key',
			'model_id',
			'prompt',
			'seed',
			'track_id',
			'webhook',
		]);
		expect(submitted).toMatchObject({
			key: API_KEY,
			model_id: 'flux',
			prompt: 'a lighthouse at dusk',
			seed: 42,
		});
		expect(submitted.track_id).toBe(`n8n-${handle.executionId}-0`);

		const webhook = new URL(String(submitted.webhook));
		const resume = new URL(handle.resumeUrl);
		expect(webhook.origin + webhook.pathname).toBe(resume.origin + resume.pathname);
		expect(webhook.searchParams.get('signature')).toBe(resume.searchParams.get('signature'));
		expect(webhook.searchParams.get('mlToken')).toMatch(/^[0-9a-f]{40}$/);
		expect(webhook.searchParams.get('mlItem')).toBe('0');
		// The request id is kept with the execution (n8n shows custom data in its executions list).
		expect(handle.customData.modelslab_request_ids).toBe('imagesV6|100');
	});

	test('the secret differs between executions', async () => {
		const bodies = acceptSubmits(2);
		await runModelsLab(env.n8n, textToImage());
		await runModelsLab(env.n8n, textToImage());
		const tokens = bodies.map((body) => new URL(String(body.webhook)).searchParams.get('mlToken'));
		expect(tokens[0]).not.toBe(tokens[1]);
	});
});

describe('resume', () => {
	test('processing, then a success callback: the execution resumes with the image as binary data', async () => {
		const submits = acceptSubmits(1, 501);
		const handle = await runModelsLab(env.n8n, textToImage(), [{ json: { row: 1 } }]);
		const submitted = submits[0];
		const file = serveFile('a.png');

		const answer = await post(
			String(submitted.webhook),
			success(501, 'a.png', { track_id: submitted.track_id }),
		);
		expect(answer).toMatchObject({ status: 200, json: { received: true, resumed: true } });
		await finished(handle);

		expect(handle.status).toBe('success');
		const [item] = handle.outputOf('Success');
		expect(item.json).toMatchObject({
			status: 'success',
			id: '501',
			output: ['https://cdn.test/out/a.png'],
			generationTime: 3.2,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'a.png' });
		expect(await readBinaryData(item.binary!.data)).toEqual(PNG);
		expect(file.isDone()).toBe(true);
	});

	test('an output URL that fails is downloaded from proxy_links instead', async () => {
		const submits = acceptSubmits(1, 551);
		const handle = await runModelsLab(env.n8n, textToImage());
		nock('https://cdn.test').get('/out/gone.png').reply(404, 'not found');
		nock('https://proxy.test').get('/gone.png').reply(200, PNG, { 'content-type': 'image/png' });
		await post(
			String(submits[0].webhook),
			success(551, 'gone.png', { proxy_links: ['https://proxy.test/gone.png'] }),
		);
		await finished(handle);
		const [item] = handle.outputOf('Success');
		expect(item.json.downloadErrors).toBeUndefined();
		expect(await readBinaryData(item.binary!.data)).toEqual(PNG);
	});

	// Found with the simulator's fileErrorInOk in a real n8n: the JSON error was saved as the image.
	test('an output URL that answers 200 with a ModelsLab error instead of the file is not taken for the file', async () => {
		const submits = acceptSubmits(2, 561);
		const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }, { json: {} }]);
		const error = { status: 'error', message: 'File not ready' };
		nock('https://cdn.test')
			.get('/out/early.png')
			.reply(200, error, { 'content-type': 'application/json' });
		nock('https://proxy.test').get('/early.png').reply(200, PNG, { 'content-type': 'image/png' });
		nock('https://cdn.test')
			.get('/out/never.png')
			.reply(200, error, { 'content-type': 'application/json' });
		await post(
			String(submits[0].webhook),
			success(561, 'early.png', { proxy_links: ['https://proxy.test/early.png'] }),
		);
		await post(String(submits[1].webhook), success(562, 'never.png'));
		await finished(handle);
		const [fromProxy, failed] = handle.outputOf('Success');
		expect(fromProxy.json.downloadErrors).toBeUndefined();
		expect(fromProxy.binary?.data).toMatchObject({ mimeType: 'image/png' });
		expect(await readBinaryData(fromProxy.binary!.data)).toEqual(PNG);
		expect(failed.binary).toBeUndefined();
		expect(failed.json).toMatchObject({
			status: 'success',
			id: '562',
			output: ['https://cdn.test/out/never.png'],
		});
		expect(failed.json.downloadErrors).toEqual([
			expect.stringMatching(/never\.png: .*File not ready/),
		]);
	});

	test('a failed callback comes out as status failed on the single output', async () => {
		const submits = acceptSubmits(1, 601);
		const handle = await runModelsLab(env.n8n, textToImage());
		const submitted = submits[0];
		await post(String(submitted.webhook), {
			status: 'failed',
			id: 601,
			messege: 'Invalid input dimensions',
		});
		await finished(handle);
		expect(handle.outputOf('Success')[0].json).toMatchObject({
			status: 'failed',
			id: '601',
			message: 'Invalid input dimensions',
		});
		expect(handle.outputOf('Success')[0].binary).toBeUndefined();
		expect(handle.ran('Failed')).toBe(false);
	});

	test('with a separate Failed output, success and failure go apart (n8n ≥ 2.39)', async () => {
		const bodies = acceptSubmits(2, 700);
		const handle = await runModelsLab(env.n8n, textToImage({ failedJobs: 'separateOutput' }), [
			{ json: { n: 0 } },
			{ json: { n: 1 } },
		]);
		serveFile('ok.png');
		await post(String(bodies[0].webhook), { status: 'failed', id: 700, message: 'NSFW content' });
		await post(String(bodies[1].webhook), success(701, 'ok.png', { track_id: bodies[1].track_id }));
		await finished(handle);
		expect(handle.outputOf('ModelsLab', 0).map((item) => [item.json.id, item.json.status])).toEqual(
			[['701', 'success']],
		);
		expect(handle.outputOf('ModelsLab', 1).map((item) => [item.json.id, item.json.status])).toEqual(
			[['700', 'failed']],
		);
		// n8n (2.41) re-pairs a resumed node's items by their position in each output, so on the
		// separate outputs pairedItem no longer names the input item: track_id does.
		expect(handle.outputOf('ModelsLab', 0)[0].json.track_id).toBe(`n8n-${handle.executionId}-1`);
		expect(handle.outputOf('Failed')).toHaveLength(1);
	});

	test('an intermediate processing callback is acknowledged and the execution keeps waiting', async () => {
		const submits = acceptSubmits(1, 801);
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		const submitted = submits[0];
		const answer = await post(String(submitted.webhook), {
			status: 'processing',
			id: 801,
			eta: 10,
		});
		expect(answer).toMatchObject({ status: 200, json: { waiting: true } });
		expect(handle.status).toBe('waiting');
		await post(String(submitted.webhook), success(801));
		await finished(handle);
		expect(handle.status).toBe('success');
	});

	test('a batch of 3 whose callbacks arrive out of order resumes once, each result paired with its item', async () => {
		const bodies = acceptSubmits(3, 900);
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ prompt: '={{ $json.prompt }}', options: { downloadFiles: false } }),
			['cat', 'dog', 'owl'].map((prompt) => ({ json: { prompt } })),
		);
		expect(bodies.map((body) => body.prompt)).toEqual(['cat', 'dog', 'owl']);
		const byPrompt = new Map(bodies.map((body) => [body.prompt, body]));
		const idOf = (prompt: string) => 900 + bodies.indexOf(byPrompt.get(prompt)!);

		const first = await post(String(byPrompt.get('owl')!.webhook), success(idOf('owl'), 'owl.png'));
		expect(first.json).toMatchObject({ waitingFor: 2 });
		await post(String(byPrompt.get('cat')!.webhook), success(idOf('cat'), 'cat.png'));
		expect(handle.status).toBe('waiting');
		await post(String(byPrompt.get('dog')!.webhook), success(idOf('dog'), 'dog.png'));
		await finished(handle);

		expect(handle.runsOf('Success')).toHaveLength(1);
		const items = handle.outputOf('Success');
		expect(items.map((item) => [item.pairedItem, item.json.output])).toEqual([
			[{ item: 0 }, ['https://cdn.test/out/cat.png']],
			[{ item: 1 }, ['https://cdn.test/out/dog.png']],
			[{ item: 2 }, ['https://cdn.test/out/owl.png']],
		]);
	});

	test('a duplicate callback after the resume is harmless (409 from n8n, nothing runs twice)', async () => {
		const submits = acceptSubmits(1, 1001);
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		const submitted = submits[0];
		await post(String(submitted.webhook), success(1001));
		await finished(handle);
		const again = await post(String(submitted.webhook), success(1001));
		expect(again.status).toBe(409);
		expect(handle.runsOf('Success')).toHaveLength(1);
	});

	test('a timed-out wait forwards the input items unchanged: never taken for a success', async () => {
		acceptSubmits(1, 1101);
		const handle = await runModelsLab(env.n8n, textToImage(), [{ json: { row: 'r1' } }]);
		await env.n8n.expireWait(handle.executionId, { force: true });
		await finished(handle);
		const [item] = handle.outputOf('Success');
		expect(item.json).toEqual({ row: 'r1' });
		expect(item.json.status).toBeUndefined();
		expect(handle.customData.modelslab_request_ids).toBe('imagesV6|1101');
	});
});

describe('forged and malformed callbacks leave the execution waiting', () => {
	let submitted: IDataObject;
	let handle: Awaited<ReturnType<typeof runModelsLab>>;
	beforeEach(async () => {
		const submits = acceptSubmits(1, 1201);
		handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		submitted = submits[0];
	});

	const withToken = (token: string | null) => {
		const url = new URL(String(submitted.webhook));
		if (token === null) url.searchParams.delete('mlToken');
		else url.searchParams.set('mlToken', token);
		return url.toString();
	};

	test.each([
		['no secret', () => withToken(null), success(1201), 403],
		['a wrong secret', () => withToken('0'.repeat(40)), success(1201), 403],
		['an id this execution did not submit', () => String(submitted.webhook), success(999999), 403],
		[
			'another item index',
			() => String(submitted.webhook).replace('mlItem=0', 'mlItem=3'),
			success(1201),
			403,
		],
		['an empty body', () => String(submitted.webhook), '', 400],
		['a JSON array', () => String(submitted.webhook), [success(1201)], 400],
		['no status', () => String(submitted.webhook), { id: 1201 }, 422],
	])('%s → HTTP %d', async (_, url, body, code) => {
		const answer = await post(url(), body);
		expect(answer.status).toBe(code);
		expect(typeof answer.json?.error).toBe('string');
		expect(handle.status).toBe('waiting');
		// The genuine callback still resumes it.
		await post(String(submitted.webhook), success(1201));
		await finished(handle);
		expect(handle.outputOf('Success')[0].json).toMatchObject({ status: 'success', id: '1201' });
	});

	// The node writes mlItem as a plain decimal; anything else (an empty value read as 0, `0x0`,
	// `-0`, `00`, ` 0`…) is refused rather than coerced to an item (found in a real n8n).
	test.each(['', ' ', ' 0', '0x0', '-0', '00', '0.0', '0e0', '+0'])(
		'item index %j that is not a plain decimal → 400',
		async (index) => {
			const url = new URL(String(submitted.webhook));
			url.searchParams.set('mlItem', index);
			const answer = await post(url.toString(), success(1201));
			expect(answer.status).toBe(400);
			expect(answer.json?.error).toMatch(/mlItem/);
			expect(handle.status).toBe('waiting');
		},
	);

	test('a non-JSON body → 4xx', async () => {
		const answer = await post(String(submitted.webhook), 'status=success', 'text/plain');
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		expect(handle.status).toBe('waiting');
	});
});

describe('a process that did not submit (after a restart, or another webhook process)', () => {
	test('reads the request ids from custom data and asks ModelsLab about every item, the one called back too', async () => {
		const bodies = acceptSubmits(2, 1300);
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }), [
			{ json: {} },
			{ json: {} },
		]);
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		const fetchOther = nock(API)
			.post('/api/v6/images/fetch/1300', { key: API_KEY })
			.reply(200, success(1300, 'first.png'));
		// The callback's body proves nothing to a process that did not submit the job: its result is ModelsLab's.
		const fetchCalled = nock(API)
			.post('/api/v6/images/fetch/1301', { key: API_KEY })
			.reply(200, success(1301, 'second-from-modelslab.png'));
		await post(String(bodies[1].webhook), success(1301, 'second-from-the-body.png'));
		await finished(handle);
		expect(fetchOther.isDone()).toBe(true);
		expect(fetchCalled.isDone()).toBe(true);
		const output = handle.outputOf('Success');
		expect(output.map((item) => item.json.id)).toEqual(['1300', '1301']);
		expect(JSON.stringify(output[1].json)).toContain('second-from-modelslab.png');
		expect(JSON.stringify(output[1].json)).not.toContain('second-from-the-body.png');
	});

	test('keeps waiting while another item is still processing', async () => {
		const bodies = acceptSubmits(2, 1400);
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }), [
			{ json: {} },
			{ json: {} },
		]);
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		nock(API).post('/api/v6/images/fetch/1400').reply(200, { status: 'processing', id: 1400 });
		nock(API).post('/api/v6/images/fetch/1401').reply(200, success(1401));
		const answer = await post(String(bodies[1].webhook), success(1401));
		expect(answer.json).toMatchObject({ waitingFor: 1 });
		expect(handle.status).toBe('waiting');
		nock(API).post('/api/v6/images/fetch/1400').reply(200, success(1400));
		await post(String(bodies[0].webhook), success(1400));
		await finished(handle);
		expect(handle.outputOf('Success').map((item) => item.json.id)).toEqual(['1400', '1401']);
	});

	test('a success body for a job ModelsLab still runs is not taken as its result', async () => {
		const bodies = acceptSubmits(1, 1500);
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		nock(API).post('/api/v6/images/fetch/1500').reply(200, { status: 'processing', id: 1500 });
		const forged = await post(String(bodies[0].webhook), success(1500, 'made-up.png'));
		expect(forged.status).toBe(200);
		expect(handle.status).toBe('waiting');
		nock(API).post('/api/v6/images/fetch/1500').reply(200, success(1500, 'genuine.png'));
		await post(String(bodies[0].webhook), success(1500, 'genuine.png'));
		await finished(handle);
		expect(JSON.stringify(handle.outputOf('Success')[0].json)).toContain('genuine.png');
	});
});

describe('ModelsLab API calls per job', () => {
	test.each([1, 20])('%i item(s): one submit per item, no fetch, one resume', async (count) => {
		const calls: string[] = [];
		const bodies: IDataObject[] = [];
		nock(API)
			.post(SUBMIT, (body: IDataObject) => {
				bodies[itemOf(body)] = body;
				calls.push('submit');
				return true;
			})
			.times(count)
			.reply(200, (_uri, body) => ({
				status: 'processing',
				id: 5000 + itemOf(body as IDataObject),
			}));
		const fetches = nock(API)
			.post(/\/api\/v6\/images\/fetch\/.*/)
			.times(100)
			.reply(200, () => {
				calls.push('fetch');
				return { status: 'processing' };
			});
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ options: { downloadFiles: false, concurrency: 5 } }),
			Array.from({ length: count }, (_, n) => ({ json: { n } })),
		);
		expect(handle.status).toBe('waiting');
		// At most Max Queued Jobs (5) are submitted before the wait; each result lets the next in.
		expect(bodies.filter(Boolean)).toHaveLength(Math.min(count, 5));
		// Every callback delivered twice, in the order the jobs were submitted.
		for (let n = 0; n < count; n++) {
			for (let delivery = 0; delivery < 2; delivery++) {
				await post(String(bodies[n].webhook), success(5000 + n, `${n}.png`));
			}
		}
		await finished(handle);
		expect(calls.filter((call) => call === 'submit')).toHaveLength(count);
		expect(calls.filter((call) => call === 'fetch')).toHaveLength(0);
		expect(fetches.isDone()).toBe(false);
		expect(handle.runsOf('Success')).toHaveLength(1);
		expect(handle.outputOf('Success').map((item) => item.json.id)).toEqual(
			Array.from({ length: count }, (_, n) => String(5000 + n)),
		);
	});
});
