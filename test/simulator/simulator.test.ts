import { CATALOGUE, FETCH_CATEGORIES } from '../../nodes/ModelsLab/catalogue';
import { createReceiver, type Receiver } from '../../scripts/simulator/receiver';
import {
	createSimulator,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';
import { UPLOAD_ROUTES } from '../../scripts/simulator/uploads';

const isUpload = (path: string) => UPLOAD_ROUTES.some((route) => route.path === path);

const KEY = 'sim-key';

interface Answer {
	status: number;
	body: Record<string, unknown>;
	headers: Headers;
	/** Epoch ms when the answer arrived. */
	time: number;
}

async function call(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Answer> {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
		headers: response.headers,
		time: Date.now(),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true (or fails after `timeoutMs`). */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await sleep(10);
	}
}

describe('ModelsLab simulator', () => {
	let sim: Simulator;
	let running: RunningSimulator;
	let receiver: Receiver | undefined;
	const api = (path: string) => running.baseUrl + path;
	const submit = (
		body: Record<string, unknown>,
		headers: Record<string, string> = {},
		path = '/v6/images/text2img',
	) =>
		call('POST', api(path), { key: KEY, model_id: 'flux', prompt: 'a red fox', ...body }, headers);
	const newReceiver = async (respond?: (n: number) => number) => {
		receiver = await createReceiver(respond);
		return receiver;
	};

	beforeAll(async () => {
		sim = createSimulator({
			delayMs: 50,
			retryAfterSeconds: 1,
			callbackRetry: { baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 2000 },
		});
		running = await sim.start();
	});
	afterEach(async () => {
		sim.reset();
		sim.setQueueCap(5);
		await receiver?.close();
		receiver = undefined;
	});
	afterAll(async () => {
		await running.close();
	});

	test('submit answers processing with fetch_result; the callback echoes track_id', async () => {
		const hook = await newReceiver();
		const answer = await submit({
			webhook: `${hook.url}/hook/abc`,
			track_id: 'track-1',
			width: 512,
		});
		expect(answer.status).toBe(200);
		// The documented processing answer (community-models openapi) carries no track_id.
		expect(answer.body).toMatchObject({
			status: 'processing',
			output: [],
			webhook_status: 'queued',
		});
		expect(answer.body).not.toHaveProperty('track_id');
		expect(typeof answer.body.id).toBe('number');
		expect(answer.body.eta).toBeGreaterThanOrEqual(1);
		expect(answer.body.fetch_result).toBe(api(`/v6/images/fetch/${answer.body.id}`));
		expect(answer.body.meta).toEqual({
			model_id: 'flux',
			prompt: 'a red fox',
			width: 512,
			webhook: `${hook.url}/hook/abc`,
			track_id: 'track-1',
		});
		expect((answer.body.future_links as string[])[0]).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/files\/\d+-0\.png$/,
		);

		const [callback] = await hook.waitFor(1);
		expect(callback.path).toBe('/hook/abc');
		expect(callback.headers['content-type']).toBe('application/json');
		// webhooks.mdx shows the callback's id as a string.
		expect(callback.body).toMatchObject({
			status: 'success',
			id: String(answer.body.id),
			track_id: 'track-1',
			output: answer.body.future_links,
		});
		expect(Object.keys(callback.body).sort()).toEqual([
			'generationTime',
			'id',
			'meta',
			'output',
			'status',
			'track_id',
		]);
		expect(typeof callback.body.generationTime).toBe('number');
		expect(callback.body.meta).toEqual(answer.body.meta);
		await until(() => sim.callbacksSent.length === 1);
		expect(sim.callbacksSent).toEqual([
			expect.objectContaining({
				responseCode: 200,
				attempt: 1,
				delivery: 1,
				phase: 'final',
				url: `${hook.url}/hook/abc`,
			}),
		]);

		const file = await fetch((callback.body.output as string[])[0]);
		expect(file.headers.get('content-type')).toBe('image/png');
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(
			'POST /api/v6/images/text2img 200',
		);
	});

	test('immediate: success with output in the submit answer, no callback', async () => {
		const hook = await newReceiver();
		const answer = await submit({ webhook: hook.url, prompt: 'a fox [sim:immediate]', samples: 2 });
		expect(answer.body).toMatchObject({ status: 'success', nsfw_content_detected: false });
		expect(answer.body.output).toHaveLength(2);
		await sleep(150);
		expect(hook.received).toHaveLength(0);
		const fetched = await call('POST', api(`/v6/images/fetch/${answer.body.id}`), { key: KEY });
		expect(fetched.body).toMatchObject({ status: 'success', output: answer.body.output });
	});

	test('failed: the callback says failed; the v6 fetch answers the documented error shape in a 200', async () => {
		const hook = await newReceiver();
		const answer = await submit({ webhook: hook.url, track_id: 7 }, { 'x-sim-scenario': 'failed' });
		expect(answer.body.status).toBe('processing');
		const [callback] = await hook.waitFor(1);
		expect(callback.body).toEqual({
			status: 'failed',
			id: String(answer.body.id),
			track_id: 7,
			message: expect.stringMatching(/failed/),
		});
		const fetched = await call('POST', answer.body.fetch_result as string, { key: KEY });
		expect(fetched).toMatchObject({
			status: 200,
			body: { status: 'error', message: callback.body.message },
		});
	});

	test('messege: the failure text in the misspelt field', async () => {
		const hook = await newReceiver();
		await submit({ webhook: hook.url, sim_scenario: 'messege' });
		const [callback] = await hook.waitFor(1);
		expect(callback.body.status).toBe('failed');
		expect(callback.body.messege).toMatch(/failed/);
		expect(callback.body).not.toHaveProperty('message');
	});

	test('duplicate:3 delivers the same callback three times, one after the other', async () => {
		const hook = await newReceiver();
		await submit({ webhook: hook.url, sim_scenario: 'duplicate:3' });
		const received = await hook.waitFor(3);
		await sleep(100);
		expect(hook.received).toHaveLength(3);
		expect(received[1].body).toEqual(received[0].body);
		expect(received[2].body).toEqual(received[0].body);
		expect(sim.callbacksSent.map((a) => a.delivery)).toEqual([1, 2, 3]);
	});

	test('duplicateConcurrent:3 delivers three copies at once', async () => {
		const hook = await newReceiver();
		await submit({ webhook: hook.url, sim_scenario: 'duplicateConcurrent:3' });
		await hook.waitFor(3);
		await until(() => sim.callbacksSent.length === 3);
		expect(new Set(sim.callbacksSent.map((a) => a.delivery))).toEqual(new Set([1, 2, 3]));
	});

	test('early,retry: the callback arrives before the submit answer; a 409 is retried', async () => {
		const hook = await newReceiver((n) => (n === 1 ? 409 : 200));
		const answer = await submit({
			webhook: hook.url,
			track_id: 'early-1',
			sim_scenario: 'early,retry',
		});
		expect(hook.received[0].time).toBeLessThanOrEqual(answer.time);
		expect(hook.received[0].body).toMatchObject({
			status: 'success',
			track_id: 'early-1',
			id: String(answer.body.id),
		});
		expect(answer.body.status).toBe('processing');
		await hook.waitFor(2);
		await until(() => sim.callbacksSent.length === 2);
		expect(sim.callbacksSent.map((a) => [a.attempt, a.responseCode])).toEqual([
			[1, 409],
			[2, 200],
		]);
		const fetched = await call('POST', answer.body.fetch_result as string, { key: KEY });
		expect(fetched.body.status).toBe('success');
	});

	// ModelsLab/docs-v2 webhooks.mdx, "Retry Policy": workflow webhooks are retried up to 3 times.
	test('retry: up to 3 retries (4 attempts), also for refused connections', async () => {
		const hook = await newReceiver(() => 503);
		await submit({ webhook: hook.url, sim_scenario: 'retry' });
		await until(() => sim.callbacksSent.length === 4);
		expect(sim.callbacksSent.map((a) => a.responseCode)).toEqual([503, 503, 503, 503]);

		const closedUrl = hook.url;
		await hook.close();
		receiver = undefined;
		await submit({ webhook: `${closedUrl}/gone`, sim_scenario: 'retry' });
		await until(() => sim.callbacksSent.length === 8);
		expect(sim.callbacksSent.slice(4).every((a) => a.responseCode === null && a.error)).toBe(true);
		await sleep(100);
		expect(sim.callbacksSent).toHaveLength(8);
	});

	// Same page: generation webhooks are "best-effort delivery": one attempt, a 409 or 503 is not retried.
	test('once (the default for generations): one attempt, whatever the receiver answers', async () => {
		const hook = await newReceiver(() => 409);
		await submit({ webhook: hook.url });
		await hook.waitFor(1);
		await sleep(200);
		expect(sim.callbacksSent.map((a) => [a.attempt, a.responseCode])).toEqual([[1, 409]]);
	});

	test('a 4xx other than 408/409/425/429 is not retried', async () => {
		const hook = await newReceiver(() => 404);
		await submit({ webhook: hook.url, sim_scenario: 'retry' });
		await hook.waitFor(1);
		await sleep(150);
		expect(sim.callbacksSent).toHaveLength(1);
	});

	test('rateLimit:2 refuses the first two submits with 429, then accepts', async () => {
		const first = await submit({ prompt: 'x [sim:rateLimit:2]' });
		const second = await submit({ prompt: 'x [sim:rateLimit:2]' });
		const third = await submit({ prompt: 'x [sim:rateLimit:2]' });
		expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
		expect(first.body).toEqual({
			status: 'error',
			message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
			retry_after: 1,
		});
		expect(third.body.status).toBe('processing');
	});

	test('serverError:1 answers 500 once', async () => {
		sim.setScenario('serverError:1');
		expect((await submit({})).status).toBe(500);
		expect((await submit({})).status).toBe(200);
	});

	test('errorInOk answers HTTP 200 with status error (message or messege)', async () => {
		const plain = await submit({ sim_scenario: 'errorInOk' });
		expect(plain.status).toBe(200);
		expect(plain.body).toMatchObject({ status: 'error', message: expect.any(String) });
		const misspelt = await submit({ sim_scenario: 'errorInOk,messege' });
		expect(misspelt.body).toMatchObject({ status: 'error', messege: expect.any(String) });
		expect(sim.jobs.size).toBe(0);
	});

	test('stringId and numericId', async () => {
		const text = await submit({ sim_scenario: 'stringId' });
		expect(typeof text.body.id).toBe('string');
		const fetched = await call('POST', api(`/v6/images/fetch/${text.body.id}`), { key: KEY });
		expect(fetched.body.id).toBe(text.body.id);
		const number = await submit({ sim_scenario: 'numericId' });
		expect(typeof number.body.id).toBe('number');
	});

	test('fetch: processing before completion, final shape after, errors for unknown ids', async () => {
		const answer = await submit({ sim_scenario: 'delay:500', track_id: 'f1' });
		const early = await call('POST', answer.body.fetch_result as string, { key: KEY });
		expect(early.body).toMatchObject({ status: 'processing', id: answer.body.id, output: [] });
		await sleep(550);
		const late = await call('POST', answer.body.fetch_result as string, { key: KEY });
		expect(late.body).toMatchObject({
			status: 'success',
			id: answer.body.id,
			output: answer.body.future_links,
		});
		// Fetch answers are the documented fetch shapes: no track_id, no webhook_status.
		expect(late.body).not.toHaveProperty('track_id');
		expect(late.body).not.toHaveProperty('webhook_status');
		const byBody = await call('POST', api('/v6/images/fetch'), {
			key: KEY,
			request_id: answer.body.id,
		});
		expect(byBody.body).toEqual(late.body);

		const unknown = await call('POST', api('/v6/images/fetch/999'), { key: KEY });
		expect(unknown).toMatchObject({
			status: 404,
			body: { status: 'error', message: 'Request not found' },
		});
		const wrongCategory = await call('POST', api(`/v6/video/fetch/${answer.body.id}`), {
			key: KEY,
		});
		expect(wrongCategory.status).toBe(404);
	});

	test('lost: no callback, fetch still completes', async () => {
		const hook = await newReceiver();
		const answer = await submit({ webhook: hook.url, sim_scenario: 'lost' });
		await sleep(150);
		expect(hook.received).toHaveLength(0);
		const fetched = await call('POST', answer.body.fetch_result as string, { key: KEY });
		expect(fetched.body.status).toBe('success');
	});

	test('progress: a generation still gets only its final callback (the docs show no processing callbacks)', async () => {
		const hook = await newReceiver();
		await submit({ webhook: hook.url, track_id: 'p', sim_scenario: 'progress,delay:150' });
		const received = await hook.waitFor(1);
		await sleep(200);
		expect(hook.received.map((r) => r.body.status)).toEqual(['success']);
		expect(received[0].body.track_id).toBe('p');
	});

	test('delay:<ms> postpones the callback', async () => {
		const hook = await newReceiver();
		const start = Date.now();
		await submit({ webhook: hook.url, sim_scenario: 'delay:250' });
		await hook.waitFor(1);
		expect(hook.received[0].time - start).toBeGreaterThanOrEqual(240);
	});

	test('scenario precedence: header over body over prompt over setScenario; unknown tokens are refused', async () => {
		sim.setScenario('errorInOk');
		expect((await submit({})).body.status).toBe('error');
		expect((await submit({ prompt: 'x [sim:success]' })).body.status).toBe('processing');
		expect(
			(await submit({ prompt: 'x [sim:errorInOk]', sim_scenario: 'success' })).body.status,
		).toBe('processing');
		expect(
			(await submit({ sim_scenario: 'errorInOk' }, { 'x-sim-scenario': 'success' })).body.status,
		).toBe('processing');
		const bad = await submit({ sim_scenario: 'explode' });
		expect(bad).toMatchObject({
			status: 400,
			body: { status: 'error', message: 'Unknown simulator scenario "explode"' },
		});
		expect(() => sim.setScenario('nope')).toThrow('Unknown simulator scenario');
	});

	test('wrong or missing key: 401 Invalid API key', async () => {
		const wrong = await call('POST', api('/v6/images/text2img'), { key: 'nope', prompt: 'x' });
		expect(wrong).toMatchObject({
			status: 401,
			body: { status: 'error', message: 'Invalid API key' },
		});
		const missing = await call('POST', api('/v7/images/text-to-image'), { prompt: 'x' });
		expect(missing.status).toBe(401);
		const fetchWrong = await call('POST', api('/v6/images/fetch/1'), { key: 'nope' });
		expect(fetchWrong.status).toBe(401);
		const inHeaderOnly = await call(
			'POST',
			api('/v6/images/text2img'),
			{ prompt: 'x' },
			{ key: KEY },
		);
		expect(inHeaderOnly.status).toBe(401);
	});

	test('invalidKeyHttpStatus: 200 answers like ModelsLab sometimes does', async () => {
		const lenient = createSimulator({ invalidKeyHttpStatus: 200, validKeys: ['k1', 'k2'] });
		const started = await lenient.start();
		try {
			const answer = await call('POST', `${started.baseUrl}/v6/images/text2img`, {
				key: 'sim-key',
			});
			expect(answer).toMatchObject({
				status: 200,
				body: { status: 'error', message: 'Invalid API key' },
			});
			const ok = await call('POST', `${started.baseUrl}/v6/images/text2img`, { key: 'k2' });
			expect(ok.body.status).toBe('processing');
		} finally {
			await started.close();
		}
	});

	test('wallet balance and model search', async () => {
		const wallet = await call('POST', api('/wallet_balance'), { key: KEY });
		expect(wallet.body).toEqual({ status: 'success', data: { balance: 43.6, currency: 'USD' } });
		expect((await call('POST', api('/wallet_balance'), { key: 'x' })).status).toBe(401);

		const models = await call('GET', api(`/v7/models?search=flux&key=${KEY}`));
		expect(models.body.status).toBe('success');
		expect(models.body.data).toEqual([
			expect.objectContaining({
				model_id: 'flux',
				name: 'Flux Dev',
				category: 'image',
				feature: 'imagen',
			}),
		]);
		const videos = await call('GET', api(`/v7/models?feature=video_fusion&key=${KEY}`));
		expect((videos.body.data as unknown[]).length).toBeGreaterThan(2);
		expect((await call('GET', api('/v7/models?search=flux'))).status).toBe(401);
	});

	test('files are real and typed', async () => {
		const get = async (name: string) => {
			const response = await fetch(`${running.url}/files/${name}`);
			return {
				status: response.status,
				type: response.headers.get('content-type'),
				bytes: Buffer.from(await response.arrayBuffer()),
			};
		};
		const png = await get('x-0.png');
		expect(png.type).toBe('image/png');
		expect(png.bytes.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(png.bytes.length).toBeLessThan(1000);
		const mp3 = await get('a.mp3');
		expect(mp3.type).toBe('audio/mpeg');
		expect(mp3.bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
		expect(mp3.bytes.subarray(10, 12)).toEqual(Buffer.from([0xff, 0xfb]));
		const mp4 = await get('v.mp4');
		expect(mp4.type).toBe('video/mp4');
		expect(mp4.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		const glb = await get('m.glb');
		expect(glb.type).toBe('model/gltf-binary');
		expect(glb.bytes.subarray(0, 4).toString('latin1')).toBe('glTF');
		expect(glb.bytes.readUInt32LE(4)).toBe(2);
		expect(glb.bytes.readUInt32LE(8)).toBe(glb.bytes.length);
		const jsonLength = glb.bytes.readUInt32LE(12);
		expect(glb.bytes.readUInt32LE(16)).toBe(0x4e4f534a);
		expect(JSON.parse(glb.bytes.subarray(20, 20 + jsonLength).toString('utf8')).asset.version).toBe(
			'2.0',
		);
		const wav = await get('s.wav');
		expect(wav.type).toBe('audio/wav');
		expect(wav.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
		expect(wav.bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
		expect((await get('x.exe')).status).toBe(404);
	});

	test('output file kind follows the entry: video → mp4, audio → mp3, 3D → glb', async () => {
		const kinds: Record<string, string> = {
			image: 'png',
			video: 'mp4',
			audio: 'mp3',
			model3d: 'glb',
			text: 'txt',
		};
		// Uploads answer with the URL of the file sent (uploads.test.ts), not a generated one.
		for (const entry of CATALOGUE.filter((e) => kinds[e.output] && !isUpload(e.versions[0].path))) {
			const version = entry.versions[0];
			const answer = await call('POST', api(version.path), { key: KEY, sim_scenario: 'immediate' });
			expect((answer.body.output as string[])[0]).toMatch(new RegExp(`\\.${kinds[entry.output]}$`));
		}
	});

	test('every catalogue endpoint version answers, and its job is fetchable', async () => {
		expect(CATALOGUE.length).toBeGreaterThan(10);
		// One submit per endpoint, faster than jobs end: this test is not about the queue cap.
		sim.setQueueCap(Infinity);
		for (const entry of CATALOGUE) {
			for (const version of entry.versions) {
				// An upload is no job (nothing to fetch); uploads.test.ts covers it.
				if (isUpload(version.path)) continue;
				const path = version.path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => `sim-${name}`);
				const keyInHeader = entry.keyIn === 'header';
				const answer = await call(
					entry.method,
					api(path),
					keyInHeader ? { prompt: 'x' } : { key: KEY, prompt: 'x' },
					keyInHeader ? { key: KEY } : {},
				);
				const label = `${entry.resource}.${entry.operation} ${version.version} ${path}`;
				expect({ label, status: answer.status }).toEqual({
					label,
					status: entry.output === 'workflow' ? 202 : 200,
				});
				const answersAtOnce =
					entry.output === 'training' ||
					entry.output === 'workflow' ||
					entry.acceptsWebhook === false;
				expect({ label, status: answer.body.status }).toEqual({
					label,
					status: answersAtOnce ? 'success' : 'processing',
				});
				const fetchDefinition = FETCH_CATEGORIES[version.fetch];
				const fetchUrl = (answer.body.fetch_result ?? answer.body.status_url) as string | undefined;
				const id = String(answer.body.id ?? answer.body.training_id ?? answer.body.execution_id);
				const url = fetchUrl ?? api(fetchDefinition.path.replace('{id}', id));
				const fetched =
					fetchDefinition.keyIn === 'header'
						? await call(fetchDefinition.method, url, undefined, { key: KEY })
						: await call(fetchDefinition.method, url, { key: KEY });
				expect({ label, status: fetched.status }).toEqual({ label, status: 200 });
			}
		}
	});

	test('every fetch category answers Request not found for an unknown id', async () => {
		for (const [name, definition] of Object.entries(FETCH_CATEGORIES)) {
			const url = api(
				definition.path.replace('{id}', name === 'workflow' ? 'wf/runs/1' : '424242'),
			);
			const answer =
				definition.keyIn === 'header'
					? await call(definition.method, url, undefined, { key: KEY })
					: await call(definition.method, url, { key: KEY });
			expect({ name, status: answer.status, body: answer.body }).toEqual({
				name,
				status: 404,
				body: { status: 'error', message: 'Request not found' },
			});
		}
	});

	const trainingEntry = CATALOGUE.find(
		(entry) => entry.output === 'training' && entry.versions[0].fetch === 'training',
	);
	const trainingTest = trainingEntry ? test : test.skip;
	trainingTest(
		'training: string id, stage callbacks with messege/training_status, status endpoint',
		async () => {
			const entry = trainingEntry!;
			const hook = await newReceiver();
			const answer = await call('POST', api(entry.versions[0].path), {
				key: KEY,
				instance_prompt: 'photo of sks man [sim:progress,delay:200]',
				webhook: hook.url,
			});
			expect(answer.body).toMatchObject({
				status: 'success',
				messege: 'deploying_gpu',
				training_id: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
			});
			const received = await hook.waitFor(8);
			expect(received.map((r) => r.body.training_status)).toEqual([
				'deploying_gpu',
				'training_started',
				'training_success',
				'trained_model_compressing',
				'trained_model_uploading',
				'trained_model_uploaded',
				'deploying_model',
				'model_ready',
			]);
			expect(received[7].body).toMatchObject({
				status: 'success',
				training_status: 'model_ready',
				model_id: answer.body.training_id,
			});
			expect(Object.keys(received[7].body).sort()).toEqual([
				'logs',
				'model_id',
				'status',
				'training_status',
			]);
			const status = await call(
				'POST',
				api(FETCH_CATEGORIES.training.path.replace('{id}', String(answer.body.training_id))),
				{ key: KEY },
			);
			// TrainingStatusResponse: status, messege, data, and no id.
			expect(status.body).toEqual({
				status: 'success',
				messege: 'model_ready',
				data: expect.any(String),
			});
		},
	);

	trainingTest('training failure: failed callback and failed status', async () => {
		const entry = trainingEntry!;
		const hook = await newReceiver();
		const answer = await call(
			'POST',
			api(entry.versions[0].path),
			{ key: KEY, instance_prompt: 'x', webhook: hook.url, track_id: 'ignored' },
			{ 'x-sim-scenario': 'failed' },
		);
		const [callback] = await hook.waitFor(1);
		expect(callback.body).toMatchObject({
			status: 'failed',
			training_status: 'failed',
			model_id: answer.body.training_id,
		});
		expect(callback.body).not.toHaveProperty('track_id');
		const status = await call(
			'POST',
			api(FETCH_CATEGORIES.training.path.replace('{id}', String(answer.body.training_id))),
			{ key: KEY },
		);
		// The training Error schema: status "error", messege, code.
		expect(status.body).toMatchObject({
			status: 'error',
			messege: expect.stringMatching(/failed/),
			code: expect.any(Number),
		});
	});

	const workflowEntry = CATALOGUE.find((entry) => entry.output === 'workflow');
	const workflowTest = workflowEntry ? test : test.skip;
	workflowTest(
		'workflow: 202 run, status polling with a key header, callback to the workflow webhook',
		async () => {
			const entry = workflowEntry!;
			const hook = await newReceiver();
			sim.setWorkflowWebhook(`${hook.url}/wf`);
			const path = entry.versions[0].path.replace(/\{[A-Za-z_]+\}/, 'wf-uuid');
			const answer = await call(
				'POST',
				api(path),
				{ prompt: 'x', sim_scenario: 'delay:200' },
				{ key: KEY },
			);
			expect(answer.status).toBe(202);
			expect(answer.body).toMatchObject({
				status: 'success',
				workflow_id: 'wf-uuid',
				webhook_url: `${hook.url}/wf`,
			});
			expect(answer.body.status_url).toBe(
				api(`/v1/workflows/wf-uuid/runs/${answer.body.execution_id}`),
			);
			const running = await call('GET', answer.body.status_url as string, undefined, { key: KEY });
			expect(running.body).toMatchObject({
				status: 'success',
				execution: { status: expect.stringMatching(/pending|running/) },
			});
			const [callback] = await hook.waitFor(1);
			expect(callback.body).toMatchObject({
				event: 'workflow.completed',
				execution_id: answer.body.execution_id,
				workflow_id: 'wf-uuid',
				status: 'completed',
			});
			const done = await call('GET', answer.body.status_url as string, undefined, { key: KEY });
			expect(done.body).toMatchObject({
				status: 'success',
				execution: { status: 'completed' },
				output: { output: expect.any(Array) },
			});
			expect((await call('GET', answer.body.status_url as string)).status).toBe(401);
			sim.setWorkflowWebhook(undefined);
		},
	);

	workflowTest(
		'workflow: a failed run calls back in the flat form even under envelope (only a completed envelope is documented); cancel',
		async () => {
			const entry = workflowEntry!;
			const hook = await newReceiver();
			sim.setWorkflowWebhook(hook.url);
			const path = entry.versions[0].path.replace(/\{[A-Za-z_]+\}/, 'wf-2');
			const failed = await call(
				'POST',
				api(path),
				{ sim_scenario: 'failed,envelope' },
				{ key: KEY },
			);
			const [callback] = await hook.waitFor(1);
			expect(callback.body).toMatchObject({
				event: 'workflow.failed',
				execution_id: failed.body.execution_id,
				status: 'failed',
				error: expect.any(String),
			});
			const status = await call('GET', failed.body.status_url as string, undefined, { key: KEY });
			expect(status.body).toMatchObject({
				status: 'success',
				execution: { status: 'failed' },
				error: expect.any(String),
			});

			const slow = await call('POST', api(path), { sim_scenario: 'delay:300' }, { key: KEY });
			const cancel = await call('POST', `${slow.body.status_url as string}/cancel`, undefined, {
				key: KEY,
			});
			expect(cancel.body).toMatchObject({ status: 'success', message: 'Execution cancelled.' });
			await sleep(350);
			expect(hook.received).toHaveLength(1);
			const cancelled = await call('GET', slow.body.status_url as string, undefined, { key: KEY });
			expect(cancelled.body).toMatchObject({ execution: { status: 'cancelled' } });
			sim.setWorkflowWebhook(undefined);
		},
	);

	test('reset() cancels pending callbacks and forgets state', async () => {
		const hook = await newReceiver();
		await submit({ webhook: hook.url, sim_scenario: 'delay:150' });
		expect(sim.jobs.size).toBe(1);
		sim.reset();
		expect(sim.jobs.size).toBe(0);
		expect(sim.requests).toHaveLength(0);
		await sleep(250);
		expect(hook.received).toHaveLength(0);
	});
});
