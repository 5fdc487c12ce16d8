import nock from 'nock';

import { testCredentials } from './credentialTest';
import { HarnessDatabase } from './database';
import { readBinaryData } from './environment';
import { ApiCall } from './fixtures/ApiCall.node';
import { DedupeTrigger } from './fixtures/DedupeTrigger.node';
import { Fail } from './fixtures/Fail.node';
import { HarnessTestApi } from './fixtures/HarnessTestApi.credentials';
import { HarnessTokenApi } from './fixtures/HarnessTokenApi.credentials';
import { ManualStart } from './fixtures/ManualStart.node';
import { NoOp } from './fixtures/NoOp.node';
import { WaitForWebhook } from './fixtures/WaitForWebhook.node';
import type { HarnessHttpServer } from './httpServer';
import { startHttpServer } from './httpServer';
import type { N8nInstanceOptions } from './instance';
import { expireWait, resumeExecution } from './waitingWebhooks';
import type { ExecutionHandle, N8nInstance } from './workflow';
import { chain, createInstance, runWorkflow } from './workflow';

const nodeTypes = [ManualStart, NoOp, WaitForWebhook, DedupeTrigger, ApiCall, Fail];
const credentials = { harnessTestApi: { apiKey: 'k', baseUrl: 'https://api.harness.test' } };

const servers: HarnessHttpServer[] = [];

async function startN8n(options: N8nInstanceOptions = {}) {
	const n8n = await createInstance({
		nodeTypes,
		credentialTypes: [HarnessTestApi, HarnessTokenApi],
		credentials,
		...options,
	});
	const server = await startHttpServer(n8n);
	servers.push(server);
	return { n8n, server };
}

afterAll(async () => {
	await Promise.all(servers.map(async (server) => await server.close()));
});

beforeEach(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

async function post(url: string, body: unknown, contentType = 'application/json') {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

const waitingWorkflow = (n8n: N8nInstance, waitSeconds = 3600, id = 7) =>
	runWorkflow({
		instance: n8n,
		nodes: [
			{ name: 'Start', type: 'manualStart' },
			{ name: 'Wait', type: 'waitForWebhook', parameters: { waitSeconds } },
			{ name: 'After', type: 'noOp' },
		],
		connections: chain('Start', 'Wait', 'After'),
		inputItems: [{ json: { id } }],
	});

describe('waiting executions', () => {
	let n8n: N8nInstance;
	let server: HarnessHttpServer;

	beforeAll(async () => {
		({ n8n, server } = await startN8n());
	});

	test('a run stops waiting, with execution id, waitTill, custom data and $execution.resumeUrl', async () => {
		const before = Date.now();
		const handle = await waitingWorkflow(n8n);

		expect(handle.status).toBe('waiting');
		expect(handle.executionId).toMatch(/^\d+$/);
		expect(handle.waitTill!.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
		expect(handle.ran('After')).toBe(false);
		expect(handle.customData.jobId).toBe('job-7');
		// n8n 2.14+: `<webhookWaitingBaseUrl>/<executionId>?signature=<resumeToken>`.
		expect(handle.resumeToken).toMatch(/^[0-9a-f]{64}$/);
		expect(handle.resumeUrl).toBe(
			`${server.webhookWaitingBaseUrl}/${handle.executionId}?signature=${handle.resumeToken}`,
		);
		expect(handle.customData.resumeUrl).toBe(handle.resumeUrl);
	});

	test('resume over real HTTP runs the posted data downstream; custom data reaches webhook(); a second call gets 409', async () => {
		const handle = await waitingWorkflow(n8n);

		const answer = await post(handle.resumeUrl, { status: 'done', result: 'ok' });
		// No `responseData` in the webhook description: n8n answers the literal default.
		expect(answer).toMatchObject({ status: 200, text: 'firstEntryJson' });

		await handle.settled();
		expect(handle.status).toBe('success');
		expect(handle.outputOf('After').map((item) => item.json)).toEqual([
			{
				body: { status: 'done', result: 'ok' },
				jobId: 'job-7',
				inputId: 7,
				executionId: handle.executionId,
			},
		]);
		// The waiting node ran once more (its wait run was popped), not twice.
		expect(handle.runsOf('Wait')).toHaveLength(1);

		const again = await post(handle.resumeUrl, { status: 'done' });
		expect(again.status).toBe(409);
		expect(again.json).toEqual({
			code: 409,
			message: `The execution "${handle.executionId} has finished already.`,
		});
	});

	test('a call whose webhook() returns no workflowData is answered and leaves the execution waiting', async () => {
		const handle = await waitingWorkflow(n8n);
		const waitTill = handle.waitTill;

		const ignored = await post(handle.resumeUrl, { status: 'ignored' });
		expect(ignored).toMatchObject({ status: 200, text: 'ignored' });
		expect(handle.status).toBe('waiting');
		expect(handle.waitTill).toEqual(waitTill);
		expect(handle.runsOf('Wait')).toHaveLength(1);

		const resumed = await post(handle.resumeUrl, { status: 'done' });
		expect(resumed.status).toBe(200);
		await handle.settled();
		expect(handle.status).toBe('success');
		expect(handle.outputOf('After')[0].json.body).toEqual({ status: 'done' });
	});

	test('the waiting-webhook server answers 404, 401 and suffix routes like n8n', async () => {
		const handle = await waitingWorkflow(n8n);

		const unknown = await post(`${server.webhookWaitingBaseUrl}/999999`, {});
		expect(unknown.status).toBe(404);
		expect(unknown.json).toEqual({ code: 404, message: 'The execution "999999" does not exist.' });

		const noToken = await post(`${server.webhookWaitingBaseUrl}/${handle.executionId}`, {});
		expect(noToken).toMatchObject({ status: 401, json: { error: 'Invalid token' } });
		const wrongToken = await post(
			`${server.webhookWaitingBaseUrl}/${handle.executionId}?signature=nope`,
			{},
		);
		expect(wrongToken.status).toBe(401);

		const noSuchSuffix = await post(handle.resumeUrlWithSuffix('other'), {});
		expect(noSuchSuffix.status).toBe(404);
		expect(handle.status).toBe('waiting');

		// The restart webhook with path 'done' and responseData 'noData' answers an empty body.
		const viaSuffix = await post(handle.resumeUrlWithSuffix('done'), { status: 'done' });
		expect(viaSuffix).toMatchObject({ status: 200, text: '' });
		await handle.settled();
		expect(handle.status).toBe('success');
	});

	test('concurrent resumes: exactly one continues the execution', async () => {
		const handle = await waitingWorkflow(n8n);
		const answers = await Promise.all(
			[1, 2, 3].map(async (n) => await post(handle.resumeUrl, { n })),
		);
		await handle.settled();
		expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
		// Later callers see 'running' (409) or lose the atomic claim (500, ExecutionAlreadyResumingError).
		for (const answer of answers.filter((a) => a.status !== 200))
			expect([409, 500]).toContain(answer.status);
		expect(handle.status).toBe('success');
		expect(handle.runsOf('After')).toHaveLength(1);
	});

	test('two resumes racing past the status check: the second loses the claim and gets 500 (n8n ≥ ~2.8)', async () => {
		const handle = await waitingWorkflow(n8n);
		// Both requests load the execution while it is still 'waiting' and both run webhook();
		// only the first atomic "status = waiting" update wins.
		const [first, second] = await Promise.all([
			resumeExecution(handle, { body: { n: 1 } }),
			resumeExecution(handle, { body: { n: 2 } }),
		]);
		expect(first).toMatchObject({ statusCode: 200, resumed: true });
		expect(second).toMatchObject({
			statusCode: 500,
			resumed: false,
			body: { code: 0, message: 'There was a problem executing the workflow' },
		});
		expect(handle.outputOf('After').map((item) => item.json.body)).toEqual([{ n: 1 }]);
	});

	test('webhook() output on a second output runs that branch (n8n ≥ 2.39 forwards every output)', async () => {
		const handle = await runWorkflow({
			instance: n8n,
			nodes: [
				{ name: 'Start', type: 'manualStart' },
				{ name: 'Wait', type: 'waitForWebhook' },
				{ name: 'After', type: 'noOp' },
				{ name: 'Failed', type: 'noOp' },
			],
			connections: {
				...chain('Start', 'Wait'),
				Wait: {
					main: [
						[{ node: 'After', type: 'main', index: 0 }],
						[{ node: 'Failed', type: 'main', index: 0 }],
					],
				},
			},
			inputItems: [{ json: { id: 9 } }],
		});
		await resumeExecution(handle, { body: { status: 'failed' } });
		expect(handle.status).toBe('success');
		expect(handle.ran('After')).toBe(false);
		expect(handle.outputOf('Failed')[0].json).toMatchObject({
			body: { status: 'failed' },
			inputId: 9,
		});
	});

	test('a continuation that fails ends the execution in error; a later call gets 409', async () => {
		const handle = await runWorkflow({
			instance: n8n,
			nodes: [
				{ name: 'Start', type: 'manualStart' },
				{ name: 'Wait', type: 'waitForWebhook' },
				{ name: 'Fail', type: 'fail' },
			],
			connections: chain('Start', 'Wait', 'Fail'),
		});
		await resumeExecution(handle, { body: { status: 'done' } });
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe('This node always fails');
		expect(handle.nodeError('Fail')?.message).toBe('This node always fails');

		const again = await resumeExecution(handle, { body: {} });
		expect(again).toMatchObject({
			statusCode: 409,
			body: {
				code: 409,
				message: `The execution "${handle.executionId}" has finished with error.`,
			},
		});
	});

	test('a waiting execution survives a restart on the same database', async () => {
		const handle = await waitingWorkflow(n8n, 3600, 8);
		const restarted = await startN8n({ database: HarnessDatabase.restore(n8n.db.save()) });
		const same = restarted.n8n.handle(handle.executionId);
		expect(same.status).toBe('waiting');
		const answer = await post(same.resumeUrl, { status: 'done' });
		expect(answer.status).toBe(200);
		await same.settled();
		expect(same.status).toBe('success');
		expect(same.outputOf('After')[0].json).toMatchObject({ jobId: 'job-8', inputId: 8 });
		// The old instance's database is a separate copy: still waiting there.
		expect(handle.status).toBe('waiting');
	});

	test('resume in-process, with binary data prepared in webhook() readable downstream', async () => {
		const handle = await waitingWorkflow(n8n);
		const result = await resumeExecution(handle, {
			body: { status: 'done', fileBase64: Buffer.from('hello binary').toString('base64') },
		});
		expect(result).toMatchObject({ statusCode: 200, text: 'firstEntryJson', resumed: true });
		expect(handle.status).toBe('success');
		const [item] = handle.outputOf('After');
		expect(item.binary?.data).toMatchObject({ fileName: 'result.txt', mimeType: 'text/plain' });
		// Filesystem mode (n8n 2.x default): the item carries an id, the bytes are on disk.
		expect(item.binary?.data.id).toMatch(/^filesystem-v2:/);
		expect((await readBinaryData(item.binary!.data)).toString()).toBe('hello binary');
	});

	test('an expired wait forwards the node input on output 0 without running execute() or webhook()', async () => {
		const handle = await waitingWorkflow(n8n, 0, 3);
		expect(handle.status).toBe('waiting');
		const calls = { ...WaitForWebhook.calls };

		await expireWait(handle);
		expect(WaitForWebhook.calls).toEqual(calls);
		expect(handle.status).toBe('success');
		expect(handle.outputOf('Wait').map((item) => item.json)).toEqual([{ id: 3 }]);
		expect(handle.outputOf('After').map((item) => item.json)).toEqual([{ id: 3 }]);
		expect(handle.runsOf('Wait')).toHaveLength(1);
	});

	test('expireWait refuses a wait that has not passed unless forced', async () => {
		const handle = await waitingWorkflow(n8n, 3600, 4);
		await expect(expireWait(handle)).rejects.toThrow(/pass \{ force: true \}/);
		await expireWait(handle, { force: true });
		expect(handle.outputOf('After').map((item) => item.json)).toEqual([{ id: 4 }]);
	});
});

describe('wait tracker and n8n 1.x-style executions', () => {
	test('autoExpireWaits resumes a wait when its limit passes', async () => {
		const { n8n } = await startN8n({ autoExpireWaits: true });
		const handle = await waitingWorkflow(n8n, 0.2, 5);
		expect(handle.status).toBe('waiting');
		const [finished] = await n8n.waitForExecutions(1, 3000);
		expect(finished.executionId).toBe(handle.executionId);
		expect(handle.outputOf('After').map((item) => item.json)).toEqual([{ id: 5 }]);
	});

	test('without resume tokens (1.x) the resume URL has no signature and needs none', async () => {
		const { n8n, server } = await startN8n({ resumeTokens: false });
		const handle = await waitingWorkflow(n8n);
		expect(handle.resumeUrl).toBe(`${server.webhookWaitingBaseUrl}/${handle.executionId}`);
		expect(handle.customData.resumeUrl).toBe(handle.resumeUrl);
		const answer = await post(handle.resumeUrl, { status: 'done' });
		expect(answer.status).toBe(200);
		await handle.settled();
		expect(handle.status).toBe('success');
	});
});

describe('webhook triggers', () => {
	const dedupeWorkflow = {
		id: 'dedupe-workflow',
		nodes: [
			{
				name: 'Trigger',
				type: 'dedupeTrigger',
				webhookId: 'dedupe-hook',
				parameters: { maxEntries: 2 },
			},
			{ name: 'New', type: 'noOp' },
			{ name: 'Duplicate', type: 'noOp' },
		],
		connections: {
			Trigger: {
				main: [
					[{ node: 'New', type: 'main' as const, index: 0 }],
					[{ node: 'Duplicate', type: 'main' as const, index: 0 }],
				],
			},
		},
	};

	/** Posts an event and waits for its execution, so dedupe checks do not overlap. */
	async function sendEvent(n8n: N8nInstance, url: string, body: unknown) {
		const before = n8n.finishedExecutions.length;
		const answer = await post(url, body);
		const executions = await n8n.waitForExecutions(before + 1);
		return { answer, execution: executions[before] };
	}

	const routeOf = (execution: ExecutionHandle) =>
		execution.ran('New') ? 'new' : execution.ran('Duplicate') ? 'duplicate' : 'none';

	test('execute() runs on webhook() output and dedupes; the store survives a restart; maxEntries trims', async () => {
		const first = await startN8n();
		const { webhooks } = await first.n8n.activateWorkflow(dedupeWorkflow);
		expect(webhooks).toEqual([
			expect.objectContaining({
				httpMethod: 'POST',
				path: 'dedupe-hook/events',
				url: `${first.server.webhookBaseUrl}/dedupe-hook/events`,
			}),
		]);
		const url = webhooks[0].url;

		const one = await sendEvent(first.n8n, url, { id: 'a' });
		expect(one.answer).toMatchObject({ status: 200, text: '' });
		const two = await sendEvent(first.n8n, url, { id: 'a' });
		const executions = [one.execution, two.execution];
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(executions.map(routeOf)).toEqual(['new', 'duplicate']);
		expect(executions.map((execution) => execution.record.mode)).toEqual(['webhook', 'webhook']);
		expect(first.n8n.db.processedData.allRows()).toEqual([
			{
				workflowId: 'dedupe-workflow',
				context: 'n:Trigger',
				value: { mode: 'entries', data: [expect.any(String)] },
			},
		]);

		// "Restart": a new instance and server on the saved database.
		const second = await startN8n({ database: HarnessDatabase.restore(first.n8n.db.save()) });
		const { webhooks: again } = await second.n8n.activateWorkflow(dedupeWorkflow);
		const afterRestart: ExecutionHandle[] = [];
		for (const id of ['a', 'b', 'c', 'a'])
			afterRestart.push((await sendEvent(second.n8n, again[0].url, { id })).execution);
		expect(afterRestart.map(routeOf)).toEqual(['duplicate', 'new', 'new', 'new']);
		expect(afterRestart.map((execution) => execution.outputOf('New')[0]?.json.id ?? null)).toEqual([
			null,
			'b',
			'c',
			'a',
		]);
	});

	test('bodies: non-JSON reaches the node raw (it answers 400), invalid JSON gets n8n 422, unknown path 404', async () => {
		const { n8n } = await startN8n();
		const { webhooks } = await n8n.activateWorkflow({ ...dedupeWorkflow, id: 'bodies' });
		const url = webhooks[0].url;

		const raw = await post(url, 'just text', 'application/octet-stream');
		expect(raw).toMatchObject({ status: 400, json: { error: 'expected a JSON object' } });

		const invalid = await post(url, '{"id": ', 'application/json');
		expect(invalid.status).toBe(422);
		expect(invalid.json).toMatchObject({ code: 422, message: 'Failed to parse request body' });

		const missing = await post(`${url}-nope`, { id: 'x' });
		expect(missing.status).toBe(404);
		expect(n8n.finishedExecutions).toHaveLength(0);
	});

	test("responseMode 'lastNode' (an expression in the description) answers the last node's first item", async () => {
		const { n8n } = await startN8n();
		const { webhooks } = await n8n.activateWorkflow({
			...dedupeWorkflow,
			id: 'last-node',
			nodes: dedupeWorkflow.nodes.map((node) =>
				node.name === 'Trigger' ? { ...node, parameters: { responseMode: 'lastNode' } } : node,
			),
		});
		const answer = await post(webhooks[0].url, { id: 'z', extra: 1 });
		expect(answer).toMatchObject({ status: 200, json: { id: 'z', extra: 1 } });
	});

	test('a body over the payload limit is refused before the node runs (500, as n8n)', async () => {
		const n8n = await createInstance({ nodeTypes });
		const server = await startHttpServer(n8n, { payloadSizeMaxMb: 0.001 });
		servers.push(server);
		const { webhooks } = await n8n.activateWorkflow({ ...dedupeWorkflow, id: 'limit' });
		const answer = await post(webhooks[0].url, { id: 'big', padding: 'x'.repeat(5000) });
		expect(answer).toMatchObject({
			status: 500,
			json: { code: 0, message: 'There was a problem executing the workflow' },
		});
		expect((await post(webhooks[0].url, { id: 'small' })).status).toBe(200);
		expect(await server.waitForExecutions(1)).toHaveLength(1);
	});

	test('checkProcessedAndRecord is read-modify-write: concurrent first sightings of one id race, as in n8n', async () => {
		const { n8n } = await startN8n();
		const runs = await Promise.all(
			Array.from(
				{ length: 5 },
				async () =>
					await runWorkflow({
						instance: n8n,
						workflowId: 'race',
						mode: 'webhook',
						nodes: dedupeWorkflow.nodes,
						connections: dedupeWorkflow.connections,
						startNode: 'Trigger',
						inputItems: [{ json: { id: 'same' } }],
					}),
			),
		);
		// Every run read "no row" before the first insert; the table's primary key
		// (workflowId, context) then rejects the other inserts, failing those executions.
		expect(runs.map(routeOf).filter((route) => route === 'duplicate')).toHaveLength(0);
		expect(runs.filter((run) => run.status === 'success')).toHaveLength(1);
		for (const run of runs.filter((r) => r.status === 'error')) {
			expect(run.error?.message).toMatch(/duplicate key/);
		}
	});

	test('concurrent events are all executed and collected', async () => {
		const { n8n } = await startN8n();
		const { webhooks } = await n8n.activateWorkflow({ ...dedupeWorkflow, id: 'burst' });
		const answers = await Promise.all(
			Array.from({ length: 10 }, async (_, i) => await post(webhooks[0].url, { id: `e${i}` })),
		);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		const executions = await n8n.waitForExecutions(10);
		expect(executions.map(routeOf).filter((route) => route === 'new')).toHaveLength(10);
	});
});

describe('credentials', () => {
	test('httpRequestWithAuthentication applies generic auth to body, header and query', async () => {
		const { n8n } = await startN8n();
		const scope = nock('https://api.harness.test', { reqheaders: { 'x-api-key': 'k' } })
			.post('/generate', { prompt: 'a cat', key: 'k' })
			.query({ api_key: 'k' })
			.reply(200, { status: 'success', id: 42 });

		const handle = await runWorkflow({
			instance: n8n,
			nodes: [
				{ name: 'Start', type: 'manualStart' },
				{ name: 'Call', type: 'apiCall' },
			],
			connections: chain('Start', 'Call'),
			inputItems: [{ json: { prompt: 'a cat' } }],
		});
		expect(handle.error).toBeUndefined();
		expect(handle.outputOf('Call').map((item) => item.json)).toEqual([
			{ status: 'success', id: 42 },
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('preAuthentication fetches an expirable token, stores it and the request uses it', async () => {
		const { n8n } = await startN8n({
			credentials: {
				harnessTokenApi: { apiKey: 'k2', baseUrl: 'https://api.harness.test', sessionToken: '' },
			},
		});
		const tokenScope = nock('https://api.harness.test')
			.post('/token', { key: 'k2' })
			.reply(200, { token: 't-1' });
		const apiScope = nock('https://api.harness.test', {
			reqheaders: { authorization: 'Bearer t-1' },
		})
			.post('/generate', { prompt: 'x' })
			.reply(200, { ok: true });
		const handle = await runWorkflow({
			instance: n8n,
			nodes: [
				{ name: 'Start', type: 'manualStart' },
				{ name: 'Call', type: 'apiCall', parameters: { authentication: 'harnessTokenApi' } },
			],
			connections: chain('Start', 'Call'),
			inputItems: [{ json: { prompt: 'x' } }],
		});
		expect(handle.error).toBeUndefined();
		expect(handle.outputOf('Call')[0].json).toEqual({ ok: true });
		expect(tokenScope.isDone() && apiScope.isDone()).toBe(true);
		expect(n8n.credentials.storedData('harnessTokenApi')?.sessionToken).toBe('t-1');
	});

	test("a credential's test request runs through RoutingNode with its rules", async () => {
		const { n8n } = await startN8n();
		nock('https://api.harness.test')
			.post('/balance', { key: 'k' })
			.query({ api_key: 'k' })
			.reply(200, { status: 'success' });
		expect(await testCredentials(n8n, 'harnessTestApi')).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});

		// n8n-core's httpRequestWithAuthentication re-sends a request answered 401 once (after
		// `preAuthentication`, even for a credential without one), so a 401 costs two requests.
		const unauthorized = nock('https://api.harness.test')
			.post('/balance')
			.query({ api_key: 'bad' })
			.times(2)
			.reply(401, { message: 'bad key' });
		expect(await testCredentials(n8n, 'harnessTestApi', { apiKey: 'bad' })).toEqual({
			status: 'Error',
			message: 'Invalid API key',
		});
		expect(unauthorized.isDone()).toBe(true);

		nock('https://api.harness.test').post('/balance').query(true).reply(200, { status: 'error' });
		expect(await testCredentials(n8n, 'harnessTestApi')).toEqual({
			status: 'Error',
			message: 'The API said error',
		});
	});
});
