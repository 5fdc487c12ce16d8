/**
 * The batch suites' set-up: an in-process n8n whose ModelsLab is the simulator playing the
 * account's limits (cap 5 per key, ModelsLab/docs-v2 rate-limits.mdx; each generation callback
 * sent once, webhooks.mdx), reset after every test, and the helpers both suites drive it with.
 */
import { forgetAllWaits } from '../../nodes/ModelsLab/modes/callback/waits';
import {
	createSimulator,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';
import type { TestN8n } from './setup';
import { startN8n } from './setup';

export interface SimulatedAccount {
	sim: Simulator;
	running: RunningSimulator;
	env: TestN8n;
}

/** Call at the top of a test file: the returned object is filled in beforeAll. */
export function useSimulatedAccount(): SimulatedAccount {
	const account = {} as SimulatedAccount;
	beforeAll(async () => {
		account.sim = createSimulator({
			delayMs: 400,
			jitterMs: 150,
			queueCap: 5,
			retryAfterSeconds: 1,
		});
		account.running = await account.sim.start();
		account.env = await startN8n({
			credentials: { modelsLabApi: { apiKey: 'sim-key', baseUrl: account.running.baseUrl } },
		});
	});
	afterEach(() => {
		account.sim.reset();
		forgetAllWaits();
	});
	afterAll(async () => {
		await account.env.server.close();
		await account.running.close();
	});
	return account;
}

/** Jobs outside the execution, on the same key, holding `count` of the account's places for `ms`. */
export async function holdPlaces(
	account: SimulatedAccount,
	count: number,
	ms: number,
): Promise<void> {
	for (let i = 0; i < count; i++) {
		await fetch(`${account.running.baseUrl}/v6/images/text2img`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ key: 'sim-key', prompt: 'elsewhere', sim_scenario: `delay:${ms}` }),
		});
	}
}

/** Waits until `check` holds, polling every 5 ms. */
export async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
