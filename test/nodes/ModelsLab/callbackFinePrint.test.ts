/**
 * Issue 24, the fine print of callbacks, in-process n8n against the simulator:
 * - webhooks.mdx ("HTTPS Required": "Your webhook URL must use HTTPS for security."): with the
 *   simulator sending nothing to http:// URLs, a node whose resume URL is public http:// still
 *   finishes every item, by fetching, and says why;
 * - a success callback with the `base64` output option (community-models/openapi.json) larger
 *   than the old 1 MiB limit resumes the execution and reaches the trigger;
 * - a callback with its file only in `output_url` (modelslab-cli generate.go) gives the file.
 */
import type { IDataObject } from 'n8n-workflow';

import { unreachableReason } from '../../../nodes/ModelsLab/modes/callback/reachability';
import { forgetAllWaits } from '../../../nodes/ModelsLab/modes/callback/waits';
import { outputBytes } from '../../../scripts/simulator/media';
import type { RunningSimulator, Simulator } from '../../../scripts/simulator/server';
import { createSimulator } from '../../../scripts/simulator/server';
import type { TestN8n } from '../setup';
import { finished, runModelsLab, startN8n, textToImage } from '../setup';
import { until } from '../simulatedAccount';

let sim: Simulator;
let running: RunningSimulator;
let env: TestN8n;
const log: string[] = [];

beforeAll(async () => {
	sim = createSimulator({ delayMs: 300, httpsOnly: true, log: (line) => log.push(line) });
	running = await sim.start();
	env = await startN8n({
		credentials: { modelsLabApi: { apiKey: 'sim-key', baseUrl: running.baseUrl } },
	});
});
afterEach(() => {
	sim.reset();
	forgetAllWaits();
	log.length = 0;
});
afterAll(async () => {
	await env.server.close();
	await running.close();
});

describe('http:// resume URLs (webhooks.mdx: "Your webhook URL must use HTTPS")', () => {
	test('which resume URLs the node does not wait on', () => {
		const modelsLab = 'https://modelslab.com/api';
		const standIn = 'http://127.0.0.1:4010/api';
		expect(
			unreachableReason('https://n8n.example.com/webhook-waiting/1', modelsLab),
		).toBeUndefined();
		expect(unreachableReason('http://n8n.example.com/webhook-waiting/1', modelsLab)).toMatch(
			/must use HTTPS.*http:\/\/n8n\.example\.com.*Set WEBHOOK_URL to an https:\/\//,
		);
		// A proxy Base URL passes the webhook on to ModelsLab unchanged: still http, still polled.
		expect(unreachableReason('http://n8n.example.com/webhook-waiting/1', standIn)).toMatch(/HTTPS/);
		// A local stand-in calling a local n8n (the e2e suites): left alone.
		expect(unreachableReason('http://127.0.0.1:5678/webhook-waiting/1', standIn)).toBeUndefined();
		expect(unreachableReason('http://127.0.0.1:5678/webhook-waiting/1', modelsLab)).toMatch(
			/local or private address/,
		);
	});

	test('a public http:// n8n: every item finishes by fetching, with a notice that says why', async () => {
		const realBase = env.n8n.baseUrl;
		env.n8n.baseUrl = 'http://n8n.example.test';
		try {
			const handle = await runModelsLab(
				env.n8n,
				textToImage({ prompt: '={{ $json.prompt }}', options: { downloadFiles: false } }),
				[{ json: { prompt: 'one' } }, { json: { prompt: 'two' } }],
			);
			await finished(handle, 20_000);
			expect(handle.status).toBe('success');
			const output = handle.outputOf('Success');
			expect(output).toHaveLength(2);
			for (const item of output) {
				expect(item.json.status).toBe('success');
				expect(String(item.json.notice)).toMatch(
					/must use HTTPS.*resume URL is http:\/\/n8n\.example\.test.*WEBHOOK_URL to an https:\/\//,
				);
			}
			expect(sim.callbacksSent).toEqual([]);
			const fetched = sim.requests.filter((request) =>
				request.path.startsWith('/api/v6/images/fetch/'),
			);
			expect(fetched.length).toBeGreaterThanOrEqual(2);
		} finally {
			env.n8n.baseUrl = realBase;
		}
	}, 30_000);

	test('the simulator, set to HTTPS only, withholds a callback to an http:// URL and says so', async () => {
		const answer = await fetch(`${running.baseUrl}/v6/images/text2img`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				key: 'sim-key',
				model_id: 'flux',
				prompt: 'x',
				webhook: 'http://127.0.0.1:9/never',
			}),
		});
		const { id } = (await answer.json()) as IDataObject;
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(sim.callbacksSent).toEqual([]);
		expect(log.join('\n')).toMatch(
			new RegExp(`CALLBACK withheld id=${String(id)}: http://127.0.0.1:9/never is not HTTPS`),
		);
	});
});

describe('results in base64 and in output_url (loopback callbacks: the e2e set-up)', () => {
	let loopback: Simulator;
	let loopbackRunning: RunningSimulator;
	let local: TestN8n;
	beforeAll(async () => {
		loopback = createSimulator({ delayMs: 300 });
		loopbackRunning = await loopback.start();
		local = await startN8n({
			credentials: { modelsLabApi: { apiKey: 'sim-key', baseUrl: loopbackRunning.baseUrl } },
		});
	});
	afterEach(() => loopback.reset());
	afterAll(async () => {
		await local.server.close();
		await loopbackRunning.close();
	});

	test('a 4 MB base64-output callback (over the old 1 MiB limit) resumes the execution with the result', async () => {
		const bytes = 3_000_000;
		const handle = await runModelsLab(
			local.n8n,
			textToImage({
				prompt: `a lighthouse [sim:shape:callback-success-base64,fileBytes:${bytes}]`,
				additionalFields: { base64: true },
			}),
		);
		expect(handle.status).toBe('waiting');
		await finished(handle, 20_000);
		// The simulator records the attempt once it has read the answer, which may come after the run ends.
		await until(() => loopback.callbacksSent.length > 0);
		expect(loopback.callbacksSent).toHaveLength(1);
		const [callback] = loopback.callbacksSent;
		expect(JSON.stringify(callback.body).length).toBeGreaterThan(4_000_000);
		expect(callback.responseCode).toBe(200);
		expect(handle.status).toBe('success');
		const [item] = handle.outputOf('Success');
		const output = item.json.output as string[];
		expect(output).toHaveLength(1);
		// The file's bytes, whole: the PNG the simulator serves, padded to 3,000,000 bytes.
		expect(Buffer.from(output[0], 'base64').equals(outputBytes('x.png', bytes))).toBe(true);
	}, 30_000);

	test('the trigger takes a 4 MB base64-output callback and emits it', async () => {
		const token = 'fine-print-Token-0123456789abcdef';
		const before = local.n8n.finishedExecutions.length;
		const { webhooks } = await local.n8n.activateWorkflow({
			id: 'fine-print-trigger',
			nodes: [
				{
					name: 'Trigger',
					type: 'modelsLabTrigger',
					webhookId: 'hook-fine-print',
					parameters: { token },
				},
				{ name: 'Success', type: 'noOp' },
				{ name: 'Failed', type: 'noOp' },
			],
			connections: {
				Trigger: {
					main: [
						[{ node: 'Success', type: 'main' as const, index: 0 }],
						[{ node: 'Failed', type: 'main' as const, index: 0 }],
					],
				},
			},
		});
		const answer = await fetch(`${loopbackRunning.baseUrl}/v6/images/text2img`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				key: 'sim-key',
				model_id: 'flux',
				prompt: 'x [sim:shape:callback-success-base64,fileBytes:3000000]',
				base64: true,
				webhook: `${webhooks[0].url}?token=${token}`,
			}),
		});
		const { id } = (await answer.json()) as IDataObject;
		const [emitted] = (await local.n8n.waitForExecutions(before + 1, 15_000)).slice(before);
		expect(loopback.callbacksSent.map((attempt) => attempt.responseCode)).toEqual([200]);
		const [item] = emitted.outputOf('Success');
		expect(item.json).toMatchObject({ status: 'success', id: String(id) });
		expect(Buffer.from((item.json.output as string[])[0], 'base64')).toHaveLength(3_000_000);
	}, 30_000);

	test('a v7 callback with its file only in output_url gives the file', async () => {
		const handle = await runModelsLab(
			local.n8n,
			textToImage({
				apiVersion: 'v7',
				modelId: { __rl: true, mode: 'id', value: 'nano-banana-pro' },
				prompt: 'a lighthouse [sim:shape:callback-success-output-url]',
			}),
		);
		await finished(handle, 20_000);
		await until(() => loopback.callbacksSent.length > 0);
		expect(loopback.callbacksSent).toHaveLength(1);
		const body = loopback.callbacksSent[0].body;
		expect(body).not.toHaveProperty('output');
		expect(typeof body.output_url).toBe('string');
		expect(handle.status).toBe('success');
		const [item] = handle.outputOf('Success');
		expect(item.json.output).toEqual([body.output_url]);
		expect(item.binary?.data?.mimeType).toBe('image/png');
	}, 30_000);
});
