/**
 * Issue 24, credits: Account › Get Balance, Stop Below Balance and a submit refused for lack of
 * credit (HTTP 402, ModelsLab/docs-v2 error-codes.mdx), in-process n8n against the simulator
 * playing the wallet (scripts/simulator/wallet.ts): each job takes the simulator's stated test
 * rate (set per test here) from the key's balance; a submit the balance cannot pay for gets 402.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../scripts/simulator/server';
import type { TestN8n } from '../setup';
import { useSimulatedAccount } from '../simulatedAccount';
import { finished, runModelsLab, textToImage } from '../setup';

const TEXT2IMG = '/api/v6/images/text2img';
const WALLET = '/api/wallet_balance';

const account = useSimulatedAccount();
let sim: Simulator;
let env: TestN8n;
beforeAll(() => {
	({ sim, env } = account);
});
beforeEach(() => {
	// A test rate (the simulator's, not ModelsLab's): 0.10 USD per job.
	sim.setPricePerJob(0.1);
});
afterAll(() => sim.setPricePerJob(0.002));

const calls = (path: string) => sim.requests.filter((request) => request.path === path);
const accepted = () => calls(TEXT2IMG).filter((request) => request.status === 200);
const items7 = Array.from({ length: 7 }, (_, n) => ({ json: { prompt: `credit ${n}` } }));

function batch(extra: IDataObject = {}) {
	return textToImage({
		prompt: '={{ $json.prompt }}',
		...extra,
		options: { downloadFiles: false, concurrency: 5, ...(extra.options as IDataObject) },
	});
}

const statuses = (output: Array<{ json: IDataObject }>) =>
	output.map((item) => String(item.json.status));

describe('Account › Get Balance', () => {
	test("answers ModelsLab's balance and currency as numbers, with the raw answer, from the free wallet endpoint", async () => {
		sim.setBalance(12.345);
		const handle = await runModelsLab(env.n8n, { resource: 'account', operation: 'getBalance' }, [
			{ json: {} },
		]);
		expect(handle.error?.message).toBeUndefined();
		expect(handle.outputOf('Success').map((item) => item.json)).toEqual([
			{
				balance: 12.345,
				currency: 'USD',
				raw: { status: 'success', data: { balance: 12.345, currency: 'USD' } },
			},
		]);
		expect(calls(WALLET)).toHaveLength(1);
		expect(calls(TEXT2IMG)).toHaveLength(0);
	});
});

describe.each([
	['callback', {}],
	['poll', { waitMode: 'poll', options: { pollInterval: 0.2 } }],
])('Stop Below Balance, waiting %s', (_mode, extra) => {
	test('a batch of 7 at cap 5 whose balance runs out: the 5 queued jobs finish, the 2 others fail with the balance left, 2 wallet calls', async () => {
		// 1.00 USD, 0.10 per job, stop below 0.60: the first check passes, 5 jobs take 0.50, the
		// check before the 6th submit (one every Max Queued Jobs submits) finds 0.50.
		sim.setBalance(1);
		const parameters = batch(extra);
		(parameters.options as IDataObject).stopBelowBalance = 0.6;
		const handle = await runModelsLab(env.n8n, parameters, items7, { continueOnFail: true });
		await finished(handle, 60_000);
		expect(handle.error?.message).toBeUndefined();
		const output = handle.outputOf('Success');
		expect(statuses(output)).toEqual([...Array(5).fill('success'), 'failed', 'failed']);
		for (const item of output.slice(5)) {
			expect(item.json.error).toBe(
				'Stopped before submitting: balance 0.50 USD is below Stop Below Balance 0.60',
			);
			expect(String(item.json.errorDescription)).toMatch(/Nothing was submitted for this item/);
		}
		expect(output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 7 }, (_, n) => ({ item: n })),
		);
		expect(accepted()).toHaveLength(5);
		expect(calls(TEXT2IMG)).toHaveLength(5);
		expect(calls(WALLET)).toHaveLength(2);
		expect(sim.balance()).toBe(0.5);
	}, 90_000);

	test('a submit refused with 402 (insufficient credits) mid-batch stops the batch: no further submit, the rest fail with that reason', async () => {
		// 0.55 USD at 0.10 per job, no Stop Below Balance: 5 jobs, then ModelsLab's 402.
		sim.setBalance(0.55);
		const handle = await runModelsLab(env.n8n, batch(extra), items7, { continueOnFail: true });
		await finished(handle, 60_000);
		expect(handle.error?.message).toBeUndefined();
		const output = handle.outputOf('Success');
		expect(statuses(output)).toEqual([...Array(5).fill('success'), 'failed', 'failed']);
		expect(output[5].json).toMatchObject({
			error: 'ModelsLab: Insufficient credits. Please add more credits to continue.',
			httpCode: '402',
		});
		expect(output[6].json.error).toBe(
			"Stopped before submitting: ModelsLab refused item 5's submit for lack of credit (HTTP 402: Insufficient credits. Please add more credits to continue.)",
		);
		// One 402, and item 6 never sent.
		expect(calls(TEXT2IMG).map((request) => request.status)).toEqual([...Array(5).fill(200), 402]);
		expect(calls(WALLET)).toHaveLength(0);
	}, 90_000);
});

test('a balance already below the limit: nothing is submitted, and without Continue On Fail the node stops with the reason', async () => {
	sim.setBalance(0.42);
	const parameters = batch();
	(parameters.options as IDataObject).stopBelowBalance = 1;
	const handle = await runModelsLab(env.n8n, parameters, items7.slice(0, 3));
	await finished(handle, 20_000);
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe(
		'Stopped before submitting: balance 0.42 USD is below Stop Below Balance 1.00',
	);
	expect(calls(TEXT2IMG)).toHaveLength(0);
	expect(calls(WALLET)).toHaveLength(1);
});

test("Don't Wait: a 402 on the third submit fails it with ModelsLab's message and the 4 others without sending them", async () => {
	sim.setBalance(0.25);
	const handle = await runModelsLab(env.n8n, batch({ waitMode: 'none' }), items7, {
		continueOnFail: true,
	});
	await finished(handle, 30_000);
	const output = handle.outputOf('Success');
	expect(statuses(output)).toEqual([
		'processing',
		'processing',
		'failed',
		'failed',
		'failed',
		'failed',
		'failed',
	]);
	expect(output[2].json.httpCode).toBe('402');
	expect(output[3].json.error).toMatch(
		/^Stopped before submitting: ModelsLab refused item 2's submit/,
	);
	expect(calls(TEXT2IMG)).toHaveLength(3);
});

test('a documented price is shown as estimated_cost with its source; an undocumented one is not guessed', async () => {
	sim.setBalance(10);
	const ultra = await runModelsLab(
		env.n8n,
		{
			resource: 'video',
			operation: 'textToVideoUltra',
			modelId: { __rl: true, mode: 'id', value: 'wan2.2' },
			prompt: 'a wave',
			options: { downloadFiles: false },
		},
		[{ json: {} }],
		{ typeVersion: 1.1 },
	);
	await finished(ultra, 30_000);
	expect(ultra.error?.message).toBeUndefined();
	const [video] = ultra.outputOf('Success');
	expect(video.json.status).toBe('success');
	expect(video.json.estimated_cost).toEqual({
		amount: 0.2,
		currency: 'USD',
		per: 'API call',
		source: expect.stringContaining('video-api/openapi.json line 136'),
	});
	// The simulator charged the documented price, not its test rate.
	expect(sim.balance()).toBe(9.8);
	const image = await runModelsLab(env.n8n, batch(), [{ json: { prompt: 'no price' } }]);
	await finished(image, 30_000);
	expect(image.outputOf('Success')[0].json.estimated_cost).toBeUndefined();
});
