/**
 * The ModelsLab Trigger in an active workflow, served over real HTTP: genuine callbacks only,
 * exactly once per job, routed by outcome.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { createRequire } from 'node:module';

import { HOLD_MS, forgetSeen } from '../../../nodes/ModelsLabTrigger/dedupe';
import { VERIFY_BUDGET_MS } from '../../../nodes/ModelsLabTrigger/receive';
import { Container } from '../../harness/n8nDeps';
import { HarnessDatabase, readBinaryData } from '../../harness';
import type { WorkflowDefinition } from '../../harness';
import { API, API_KEY, PNG, post, startN8n, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

/** The logger n8n-core hands nodes as `this.logger` (its own copy of @n8n/backend-common). */
const { Logger } = createRequire(require.resolve('n8n-core'))('@n8n/backend-common') as {
	Logger: abstract new (...args: never[]) => { warn: (message: string) => void };
};

const TOKEN = 'a-long-callback-token-1234';

function triggerWorkflow(id: string, parameters: IDataObject = {}): WorkflowDefinition {
	const emitProgress = (parameters.options as IDataObject | undefined)?.emitProgress === true;
	return {
		id,
		nodes: [
			{
				name: 'ModelsLab Trigger',
				type: 'modelsLabTrigger',
				webhookId: `hook-${id}`,
				parameters: { token: TOKEN, ...parameters },
			},
			{ name: 'Success', type: 'noOp' },
			{ name: 'Failed', type: 'noOp' },
			{ name: 'Progress', type: 'noOp' },
		],
		connections: {
			'ModelsLab Trigger': {
				main: [
					[{ node: 'Success', type: 'main', index: 0 }],
					[{ node: 'Failed', type: 'main', index: 0 }],
					...(emitProgress ? [[{ node: 'Progress', type: 'main' as const, index: 0 }]] : []),
				],
			},
		},
	};
}

async function activate(env: TestN8n, id: string, parameters: IDataObject = {}) {
	const { webhooks } = await env.n8n.activateWorkflow(triggerWorkflow(id, parameters));
	return { url: `${webhooks[0].url}?token=${TOKEN}`, bare: webhooks[0].url };
}

/** What ran downstream, over every finished execution: ids per branch. */
function emitted(env: TestN8n) {
	const of = (node: string) =>
		env.n8n.finishedExecutions.flatMap((execution) =>
			execution.ran(node) ? execution.outputOf(node).map((item) => item.json.id) : [],
		);
	return { success: of('Success'), failed: of('Failed'), progress: of('Progress') };
}

const settle = async (env: TestN8n) => {
	await new Promise((resolve) => setTimeout(resolve, 50));
	await Promise.all(env.n8n.finishedExecutions.map(async (execution) => await execution.settled()));
};

let env: TestN8n;
beforeEach(async () => {
	forgetSeen();
	env = await startN8n();
});

test('success → Success output, failed → Failed output, with the item fields users route on', async () => {
	const { url } = await activate(env, 'routes');
	expect(
		(
			await post(url, {
				status: 'success',
				id: 1,
				output: ['https://cdn.test/1.png'],
				track_id: 't1',
				generationTime: 2,
			})
		).status,
	).toBe(200);
	expect((await post(url, { status: 'failed', id: '2', messege: 'GPU error' })).status).toBe(200);
	await env.n8n.waitForExecutions(2);
	expect(emitted(env)).toEqual({ success: ['1'], failed: ['2'], progress: [] });
	const success = env.n8n.finishedExecutions.find((execution) => execution.ran('Success'))!;
	expect(success.outputOf('Success')[0].json).toMatchObject({
		status: 'success',
		id: '1',
		track_id: 't1',
		output: ['https://cdn.test/1.png'],
		generationTime: 2,
	});
	const failed = env.n8n.finishedExecutions.find((execution) => execution.ran('Failed'))!;
	expect(failed.outputOf('Failed')[0].json).toMatchObject({
		status: 'failed',
		message: 'GPU error',
	});
});

test('processing callbacks are acknowledged and run nothing; with Emit Progress they go to Progress', async () => {
	const quiet = await activate(env, 'quiet');
	const answer = await post(quiet.url, { status: 'processing', id: 3, eta: 10 });
	expect(answer).toMatchObject({ status: 200, json: { received: true, ignored: 'progress' } });
	const loud = await activate(env, 'loud', { options: { emitProgress: true } });
	await post(loud.url, { status: 'success', training_status: 'deploying_gpu', model_id: 'T9' });
	await post(loud.url, { status: 'success', training_status: 'model_ready', model_id: 'T9' });
	await env.n8n.waitForExecutions(2);
	expect(emitted(env)).toEqual({ success: ['T9'], failed: [], progress: ['T9'] });
});

test('10 sequential and 10 concurrent duplicates of a job emit once each', async () => {
	const { url } = await activate(env, 'dupes');
	const sequential: number[] = [];
	for (let n = 0; n < 10; n++)
		sequential.push(
			(await post(url, { status: 'success', id: 'seq', output: ['https://x/a.png'] })).status,
		);
	const concurrent = await Promise.all(
		Array.from(
			{ length: 10 },
			async () =>
				(await post(url, { status: 'success', id: 77, output: ['https://x/b.png'] })).status,
		),
	);
	expect([...sequential, ...concurrent].every((status) => status === 200)).toBe(true);
	await settle(env);
	expect(emitted(env).success.sort()).toEqual(['77', 'seq']);
});

// Found in a real n8n 2.41.1 under load: SQLite's write lock timed out while n8n created the
// execution, after the trigger had already answered 200 itself, so ModelsLab would never send the
// job again. n8n (2.x) answers an 'onReceived' webhook only once the execution exists, and 500 when
// it cannot be started: the trigger must leave that answer to n8n.
test('a job let through is answered only once its execution exists; if n8n cannot start it: 5xx, and the retry emits it', async () => {
	const { url } = await activate(env, 'not-started');
	const run = jest
		.spyOn(env.n8n, 'runFromWebhook')
		.mockRejectedValueOnce(
			new Error('Timeout waiting for lock SqliteWriteConnectionMutex to become available'),
		);
	try {
		const first = await post(url, { status: 'success', id: 'lost-1', output: ['https://x/a.png'] });
		expect(first.status).toBeGreaterThanOrEqual(500);
		const retry = await post(url, { status: 'success', id: 'lost-1', output: ['https://x/a.png'] });
		expect(retry).toMatchObject({ status: 200, json: { received: true } });
		expect(run).toHaveBeenCalledTimes(2);
	} finally {
		run.mockRestore();
	}
	await settle(env);
	expect(emitted(env).success).toEqual(['lost-1']);
});

// Found in a real n8n (issue 16): the same callback 20 times at once started 17 executions on
// 1.123.81 and 20 on 2.41.1, all but one empty, because the dedupe ran only in execute(). Copies
// that arrive while the first is on its way are answered in webhook() and start nothing.
test('20 copies of a job at once start one execution, ask the database once, and the rest are answered "duplicate"', async () => {
	const { url } = await activate(env, 'one-query');
	const findOne = jest.spyOn(env.n8n.db.processedData, 'findOne');
	try {
		const answers = await Promise.all(
			Array.from(
				{ length: 20 },
				async () =>
					await post(url, { status: 'success', id: 'burst-1', output: ['https://x/a.png'] }),
			),
		);
		expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
		expect(answers.filter((answer) => answer.json?.duplicate === true)).toHaveLength(19);
		await settle(env);
		expect(env.n8n.finishedExecutions).toHaveLength(1);
		expect(findOne).toHaveBeenCalledTimes(1);
	} finally {
		findOne.mockRestore();
	}
	expect(emitted(env).success).toEqual(['burst-1']);
});

test('copies waiting on a first copy that n8n answers 5xx go on: one of them starts the execution, emitted once', async () => {
	const { url } = await activate(env, 'first-fails');
	const run = jest.spyOn(env.n8n, 'runFromWebhook').mockImplementationOnce(async () => {
		await new Promise((resolve) => setTimeout(resolve, 100)); // the others arrive meanwhile
		throw new Error('Timeout waiting for lock SqliteWriteConnectionMutex to become available');
	});
	try {
		const answers = await Promise.all(
			Array.from(
				{ length: 5 },
				async () =>
					await post(url, { status: 'success', id: 'lost-2', output: ['https://x/a.png'] }),
			),
		);
		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 500]);
		expect(
			answers.filter((answer) => answer.status === 200 && answer.json?.duplicate !== true),
		).toHaveLength(1);
		expect(run).toHaveBeenCalledTimes(2);
	} finally {
		run.mockRestore();
	}
	await settle(env);
	expect(emitted(env).success).toEqual(['lost-2']);
});

test(`a copy answered 200 whose execution never records the id holds later copies for ${HOLD_MS / 1000} s, then one is emitted`, async () => {
	const { url } = await activate(env, 'held');
	// n8n 1.x answers 'onReceived' before it creates the execution; here creating it fails afterwards.
	const run = jest.spyOn(env.n8n, 'runFromWebhook').mockResolvedValueOnce('never-created');
	const realNow = Date.now;
	let shift = 0;
	const now = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift);
	try {
		const body = { status: 'success', id: 'held-1', output: ['https://x/a.png'] };
		expect(await post(url, body)).toMatchObject({ status: 200, json: { received: true } });
		shift = HOLD_MS - 1000;
		expect(await post(url, body)).toMatchObject({
			status: 200,
			json: { received: true, duplicate: true },
		});
		shift = HOLD_MS + 1;
		const after = await post(url, body);
		expect(after.status).toBe(200);
		expect(after.json?.duplicate).toBeUndefined();
		expect(run).toHaveBeenCalledTimes(2);
	} finally {
		run.mockRestore();
		now.mockRestore();
	}
	await settle(env);
	expect(env.n8n.finishedExecutions).toHaveLength(1);
	expect(emitted(env).success).toEqual(['held-1']);
});

test('numeric and string forms of one id are the same job', async () => {
	const { url } = await activate(env, 'forms');
	await post(url, { status: 'success', id: 5, output: ['https://x/a.png'] });
	await post(url, { status: 'success', id: '5', output: ['https://x/a.png'] });
	await settle(env);
	expect(emitted(env).success).toEqual(['5']);
});

test('a duplicate after a restart with the same database is still suppressed', async () => {
	const { url } = await activate(env, 'restart');
	await post(url, { status: 'success', id: 'r1', output: ['https://x/a.png'] });
	await env.n8n.waitForExecutions(1);
	forgetSeen(); // a new process starts with an empty memory
	const restarted = await startN8n({ database: HarnessDatabase.restore(env.n8n.db.save()) });
	const again = await activate(restarted, 'restart');
	expect(
		(await post(again.url, { status: 'success', id: 'r1', output: ['https://x/a.png'] })).status,
	).toBe(200);
	await post(again.url, { status: 'success', id: 'r2', output: ['https://x/b.png'] });
	await settle(restarted);
	expect(emitted(restarted).success).toEqual(['r2']);
});

test('no token → 401, wrong token → 403; nothing runs', async () => {
	const { bare } = await activate(env, 'auth');
	const none = await post(bare, { status: 'success', id: 9, output: ['https://x/a.png'] });
	expect(none.status).toBe(401);
	expect(none.json?.error).toMatch(/needs \?token=/);
	const wrong = await post(`${bare}?token=${'x'.repeat(TOKEN.length)}`, {
		status: 'success',
		id: 9,
		output: ['https://x/a.png'],
	});
	expect(wrong.status).toBe(403);
	await settle(env);
	expect(env.n8n.finishedExecutions).toHaveLength(0);
});

describe('bad input → 4xx that says what is wrong, never an emission', () => {
	test.each([
		['an empty body', '', 'application/json', /empty/],
		['a JSON array', '[{"status":"success","id":1}]', 'application/json', /not an array/],
		['no status', '{"id": 1}', 'application/json', /no "status"/],
		['no id', '{"status": "success", "output": ["u"]}', 'application/json', /no "id"/],
		[
			'a wrong type',
			'{"status": "success", "id": {"x": 1}, "output": ["u"]}',
			'application/json',
			/"id" must be/,
		],
		['invalid JSON', '{"status": ', 'application/json', /parse/],
		['plain text', 'status=success', 'text/plain', /must be JSON/],
		['a form', 'status=success&id=1&output=u', 'application/x-www-form-urlencoded', /must be JSON/],
	])('%s', async (_, body, contentType, message) => {
		const { url } = await activate(env, `bad-${contentType}-${body.length}`);
		const answer = await post(url, body, contentType);
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		expect(String(answer.json?.error ?? answer.json?.message ?? answer.text)).toMatch(message);
		await settle(env);
		expect(env.n8n.finishedExecutions).toHaveLength(0);
	});
});

// Issue 24: the 1 MiB limit refused base64-output results, which ModelsLab sends once. n8n's own
// N8N_PAYLOAD_SIZE_MAX (16 MiB by default) is the only limit now (hostileInput.test.ts checks it).
test('a valid callback over 1 MiB (a base64-output result) is emitted', async () => {
	const { url } = await activate(env, 'big');
	const answer = await post(url, {
		status: 'success',
		id: 1,
		output: ['u'.repeat(1_100_000)],
	});
	expect(answer.status).toBe(200);
	await settle(env);
	expect(emitted(env).success).toEqual(['1']);
});

describe('Verify With ModelsLab', () => {
	test('a forged id is rejected; a real one is emitted with what ModelsLab says', async () => {
		const { url } = await activate(env, 'verify', {
			verifyWithModelsLab: true,
			verifyJobType: 'imagesV6',
		});
		nock(API)
			.post('/api/v6/images/fetch/forged', { key: API_KEY })
			.reply(404, { status: 'error', message: 'Request not found' });
		const forged = await post(url, {
			status: 'success',
			id: 'forged',
			output: ['https://evil.example/x.png'],
		});
		expect(forged.status).toBe(403);
		expect(forged.json?.error).toMatch(/does not know job forged/);

		nock(API)
			.post('/api/v6/images/fetch/real', { key: API_KEY })
			.reply(200, {
				status: 'success',
				id: 'real',
				output: ['https://cdn.modelslab.test/real.png'],
			});
		const genuine = await post(url, {
			status: 'success',
			id: 'real',
			output: ['https://evil.example/swapped.png'],
			track_id: 'tr',
		});
		expect(genuine.status).toBe(200);
		await env.n8n.waitForExecutions(1);
		const [execution] = env.n8n.finishedExecutions;
		expect(execution.outputOf('Success')[0].json).toMatchObject({
			id: 'real',
			output: ['https://cdn.modelslab.test/real.png'],
			track_id: 'tr',
		});
	});

	test('a genuine failed job is emitted on Failed: the v6 fetch documents it as {status: "error"} in a 200', async () => {
		const { url } = await activate(env, 'verify-failed', {
			verifyWithModelsLab: true,
			verifyJobType: 'imagesV6',
		});
		nock(API)
			.post('/api/v6/images/fetch/801', { key: API_KEY })
			.reply(200, { status: 'error', message: 'Failed to generate image' });
		const genuine = await post(url, {
			status: 'failed',
			id: '801',
			message: 'Processing failed',
			track_id: 'row-3',
		});
		expect(genuine.status).toBe(200);
		await env.n8n.waitForExecutions(1);
		const [execution] = env.n8n.finishedExecutions;
		expect(execution.outputOf('Failed')[0].json).toMatchObject({
			status: 'failed',
			id: '801',
			message: 'Failed to generate image',
			track_id: 'row-3',
		});

		// A training: its documented status answer has no id (train-model/openapi.json, TrainingStatusResponse).
		const training = await activate(env, 'verify-training', {
			verifyWithModelsLab: true,
			verifyJobType: 'auto',
		});
		nock(API)
			.post('/api/v3/fine_tune_status/F5jvdzGnYi', { key: API_KEY })
			.reply(200, { status: 'success', messege: 'model_ready', data: 'Step:8 model_ready' });
		expect(
			(
				await post(training.url, {
					status: 'success',
					training_status: 'model_ready',
					logs: 'done',
					model_id: 'F5jvdzGnYi',
				})
			).status,
		).toBe(200);
		await env.n8n.waitForExecutions(2);
		const trained = env.n8n.finishedExecutions.find((run) => run.ran('Success'))!;
		expect(trained.outputOf('Success')[0].json).toMatchObject({
			status: 'success',
			id: 'F5jvdzGnYi',
			kind: 'training',
			stage: 'model_ready',
		});

		// A success ModelsLab says failed is not taken as a success.
		nock(API)
			.post('/api/v6/images/fetch/802', { key: API_KEY })
			.reply(200, { status: 'error', message: 'Failed to generate image' });
		expect(
			(await post(url, { status: 'success', id: '802', output: ['https://evil.example/x.png'] }))
				.status,
		).toBe(403);
	});

	// ModelsLab sends a generation's callback once (best-effort delivery): a verification fetch that
	// meets a busy ModelsLab must not turn the only delivery into a 403.
	test('a verification fetch refused with 429 (retry_after 30) twice is asked again within the 30 s window: emitted, verified', async () => {
		const { url } = await activate(env, 'verify-429', {
			verifyWithModelsLab: true,
			verifyJobType: 'imagesV6',
		});
		nock(API)
			.post('/api/v6/images/fetch/busy-1', { key: API_KEY })
			.times(2)
			.reply(429, {
				status: 'error',
				message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
				retry_after: 30,
			})
			.post('/api/v6/images/fetch/busy-1', { key: API_KEY })
			.reply(200, {
				status: 'success',
				id: 'busy-1',
				output: ['https://cdn.modelslab.test/busy-1.png'],
			});
		const started = Date.now();
		const answer = await post(url, {
			status: 'success',
			id: 'busy-1',
			output: ['https://cdn.modelslab.test/busy-1.png'],
		});
		expect(answer.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(VERIFY_BUDGET_MS);
		await env.n8n.waitForExecutions(1);
		expect(env.n8n.finishedExecutions[0].outputOf('Success')[0].json).toMatchObject({
			id: 'busy-1',
			verified: true,
		});
	});

	test('ModelsLab unreachable, then 5xx, for the whole verification budget: emitted as posted with verified: false and the reason, within 30 s, logged as a warning', async () => {
		const { url } = await activate(env, 'verify-down', {
			verifyWithModelsLab: true,
			verifyJobType: 'imagesV6',
		});
		let asked = 0;
		nock(API)
			.post('/api/v6/images/fetch/down-1', { key: API_KEY })
			.replyWithError('socket hang up')
			.post('/api/v6/images/fetch/down-1', { key: API_KEY })
			.times(20)
			.reply(() => {
				asked++;
				return [503, { status: 'error', message: 'Service Unavailable' }];
			});
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		try {
			const started = Date.now();
			const answer = await post(url, {
				status: 'success',
				id: 'down-1',
				output: ['https://cdn.modelslab.test/down-1.png'],
				track_id: 'row-1',
			});
			const took = Date.now() - started;
			expect(answer).toMatchObject({ status: 200, json: { received: true, verified: false } });
			expect(took).toBeLessThan(VERIFY_BUDGET_MS + 2000);
			// Asked again and again, a few times at most (1, 2, 4, 8 s apart): the first try met no answer.
			expect(asked).toBeGreaterThanOrEqual(3);
			expect(asked).toBeLessThanOrEqual(5);
			await env.n8n.waitForExecutions(1);
			const item = env.n8n.finishedExecutions[0].outputOf('Success')[0].json;
			expect(item).toMatchObject({
				id: 'down-1',
				output: ['https://cdn.modelslab.test/down-1.png'],
				track_id: 'row-1',
				verified: false,
			});
			expect(item.verifyError).toMatch(/imagesV6: ModelsLab: Service Unavailable/);
			expect(
				warn.mock.calls
					.map(([message]) => String(message))
					.some((message) => /could not verify job down-1 .*verified: false/.test(message)),
			).toBe(true);
		} finally {
			warn.mockRestore();
		}
	}, 40_000);

	test('a forged id is still refused when ModelsLab answers only after a 5xx', async () => {
		const { url } = await activate(env, 'verify-forged-5xx', {
			verifyWithModelsLab: true,
			verifyJobType: 'imagesV6',
		});
		nock(API)
			.post('/api/v6/images/fetch/forged-2', { key: API_KEY })
			.reply(502, { status: 'error', message: 'Bad Gateway' })
			.post('/api/v6/images/fetch/forged-2', { key: API_KEY })
			.reply(404, { status: 'error', message: 'Request not found' });
		const forged = await post(url, {
			status: 'success',
			id: 'forged-2',
			output: ['https://evil.example/x.png'],
		});
		expect(forged.status).toBe(403);
		expect(forged.json?.error).toMatch(/does not know job forged-2/);
		// An answer for another id is refused too.
		nock(API)
			.post('/api/v6/images/fetch/forged-3', { key: API_KEY })
			.reply(200, { status: 'success', id: 'other', output: ['https://cdn.modelslab.test/o.png'] });
		expect(
			(
				await post(url, {
					status: 'success',
					id: 'forged-3',
					output: ['https://evil.example/x.png'],
				})
			).status,
		).toBe(403);
		await settle(env);
		expect(env.n8n.finishedExecutions).toHaveLength(0);
	});
});

describe('Download Files', () => {
	test('a success carries its file as binary data; a file over the size limit keeps its URL and says why', async () => {
		const { url } = await activate(env, 'files', {
			options: { downloadFiles: true, maxFileSizeMb: 0.0001 },
		});
		nock('https://cdn.test')
			.get('/small.png')
			.reply(200, PNG.subarray(0, 50), { 'content-type': 'image/png' });
		nock('https://cdn.test')
			.get('/big.png')
			.reply(200, Buffer.alloc(500), { 'content-type': 'image/png' });
		await post(url, { status: 'success', id: 'f1', output: ['https://cdn.test/small.png'] });
		await post(url, { status: 'success', id: 'f2', output: ['https://cdn.test/big.png'] });
		await env.n8n.waitForExecutions(2);
		const byId = new Map(
			env.n8n.finishedExecutions.map((execution) => [
				execution.outputOf('Success')[0].json.id,
				execution.outputOf('Success')[0],
			]),
		);
		const small = byId.get('f1')!;
		expect(small.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'small.png' });
		expect(await readBinaryData(small.binary!.data)).toEqual(PNG.subarray(0, 50));
		const big = byId.get('f2')!;
		expect(big.binary).toBeUndefined();
		expect(String((big.json.downloadErrors as string[])[0])).toMatch(/over the 0.0 MB limit/);
		expect(big.json.output).toEqual(['https://cdn.test/big.png']);
	});
});
