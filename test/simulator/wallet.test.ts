/**
 * The simulator's wallet (scripts/simulator/wallet.ts): a balance per key in ModelsLab's documented
 * wallet shape (general-api/wallet-balance.mdx), drained per job by the documented price or the
 * stated test rate, and error-codes.mdx's 402 for a submit it cannot pay for.
 */
import { createSimulator, type RunningSimulator } from '../../scripts/simulator/server';

const sim = createSimulator({ delayMs: 20, validKeys: ['sim-key', 'other-key'] });
let running: RunningSimulator;
beforeAll(async () => {
	running = await sim.start();
});
afterEach(() => sim.reset());
afterAll(async () => await running.close());

async function post(path: string, body: Record<string, unknown>) {
	const response = await fetch(`${running.baseUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('each job takes the test rate from its own key; the wallet answers the documented shape', async () => {
	sim.setPricePerJob(0.25);
	sim.setBalance(1);
	for (let i = 0; i < 2; i++)
		expect((await post('/v6/images/text2img', { key: 'sim-key', prompt: `p${i}` })).status).toBe(
			200,
		);
	expect(await post('/wallet_balance', { key: 'sim-key' })).toEqual({
		status: 200,
		body: { status: 'success', data: { balance: 0.5, currency: 'USD' } },
	});
	expect((await post('/wallet_balance', { key: 'other-key' })).body.data).toEqual({
		balance: 43.6,
		currency: 'USD',
	});
	sim.reset();
	expect(sim.balance()).toBe(43.6);
	sim.setPricePerJob(0.002);
});

test('a documented price is charged where ModelsLab documents one ($0.2 per text2video_ultra call)', async () => {
	sim.setBalance(1);
	const answer = await post('/v6/video/text2video_ultra', {
		key: 'sim-key',
		model_id: 'wan2.2',
		prompt: 'a wave',
	});
	expect(answer.status).toBe(200);
	expect(sim.balance()).toBe(0.8);
});

test('a submit the wallet cannot pay for gets the documented 402 and creates no job', async () => {
	sim.setBalance(0.001);
	const answer = await post('/v6/images/text2img', { key: 'sim-key', prompt: 'too dear' });
	expect(answer).toEqual({
		status: 402,
		body: {
			status: 'error',
			message: 'Insufficient credits. Please add more credits to continue.',
		},
	});
	expect(sim.jobs.size).toBe(0);
	expect(sim.balance()).toBe(0.001);
});
