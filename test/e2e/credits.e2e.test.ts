/**
 * Issue 24, credits, in a real n8n against the simulator playing ModelsLab's wallet
 * (scripts/simulator/wallet.ts: a balance per key, each job taking a stated TEST RATE where
 * ModelsLab documents no price, a submit it cannot pay for answered with error-codes.mdx's 402).
 *   POST /webhook/e2e-balance         → ModelsLab Account › Get Balance
 *   POST /webhook/e2e-credits-wait    {prompts[]} → Split → ModelsLab (callback, Stop Below Balance 0.60, cap 5, On Error › Continue)
 *   POST /webhook/e2e-credits-poll    {prompts[]} → Split → ModelsLab (by polling, no limit, cap 5, On Error › Continue): meets a 402
 */
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { startStack, type Stack } from './support/stack';
import { PKG, credentials, modelsLab, node, split, to, webhook } from './support/workflows';
import type { Workflow } from './support/workflows';

type Json = Record<string, any>;

const WORKFLOW_ID = 'e2eMlCredits0001';
const PATHS = {
	balance: 'e2e-balance',
	wait: 'e2e-credits-wait',
	poll: 'e2e-credits-poll',
} as const;
const NODES = {
	balance: 'Get Balance',
	wait: 'ModelsLab Stop Below Balance',
	poll: 'ModelsLab Poll 402',
} as const;
const SUBMIT = '/api/v6/images/text2img';
const WALLET = '/api/wallet_balance';

function creditsWorkflow(): Workflow {
	const continuing = { onError: 'continueRegularOutput' };
	const balance = {
		...node(NODES.balance, `${PKG}.modelsLab`, 1.1, 220, 0, {
			resource: 'account',
			operation: 'getBalance',
		}),
		credentials,
	};
	const waiting = {
		...modelsLab(
			NODES.wait,
			200,
			{ waitMode: 'callback' },
			{ downloadFiles: false, concurrency: 5, stopBelowBalance: 0.6 },
		),
		...continuing,
	};
	const polling = {
		...modelsLab(
			NODES.poll,
			400,
			{ waitMode: 'poll' },
			{ downloadFiles: false, concurrency: 5, pollInterval: 1 },
		),
		...continuing,
	};
	return {
		id: WORKFLOW_ID,
		name: 'ModelsLab e2e: credits',
		nodes: [
			webhook('Balance Webhook', PATHS.balance, 0),
			balance,
			webhook('Wait Webhook', PATHS.wait, 200),
			split('Split Wait', 200),
			waiting,
			webhook('Poll Webhook', PATHS.poll, 400),
			split('Split Poll', 400),
			polling,
		],
		connections: {
			'Balance Webhook': { main: [to(NODES.balance)] },
			'Wait Webhook': { main: [to('Split Wait')] },
			'Split Wait': { main: [to(NODES.wait)] },
			'Poll Webhook': { main: [to('Split Poll')] },
			'Split Poll': { main: [to(NODES.poll)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function items(ex: Execution, name: string): Array<{ json: Json }> {
	return ex.runData[name]?.at(-1)?.data?.main?.[0] ?? [];
}

describe.each(E2E_VERSIONS)('Credits in real n8n %s', (version) => {
	let stack: Stack;

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: () => [creditsWorkflow()],
			waitForWebhooks: Object.values(PATHS),
		});
	}, 240000);

	afterAll(async () => {
		await stack?.dispose();
	});

	beforeEach(() => {
		stack.sim.reset();
		// The simulator's test rate (not a ModelsLab price): 0.10 USD per text-to-image job.
		stack.sim.setPricePerJob(0.1);
	});

	async function run(path: string, body: Json, node: string): Promise<Execution> {
		const afterId = await stack.n8n.lastExecutionId();
		expect((await stack.n8n.postWebhook(path, body)).status).toBe(200);
		return await stack.n8n.waitForExecution({
			workflowId: WORKFLOW_ID,
			afterId,
			// 1.x can write the status before the run data: wait for the node's output too.
			predicate: (ex) =>
				(ex.status === 'success' && items(ex, node).length > 0) ||
				(ex.status === 'error' && ex.error !== undefined),
			timeoutMs: 60000,
		});
	}

	const prompts = (label: string) => Array.from({ length: 7 }, (_, n) => `${label} ${n}`);
	const calls = (path: string) => stack.sim.requests.filter((request) => request.path === path);

	test('Account › Get Balance answers the wallet: balance (number), currency, raw answer', async () => {
		stack.sim.setBalance(7.25);
		const done = await run(PATHS.balance, {}, NODES.balance);
		expect(done.status).toBe('success');
		expect(items(done, NODES.balance).map((item) => item.json)).toEqual([
			{
				balance: 7.25,
				currency: 'USD',
				raw: { status: 'success', data: { balance: 7.25, currency: 'USD' } },
			},
		]);
		expect(calls(WALLET)).toHaveLength(1);
	});

	test('Stop Below Balance, waiting for callbacks: 7 items at cap 5, the 5 queued jobs finish and come back, the 2 others fail with the balance left', async () => {
		// 1.00 USD: the check before the first submit passes, 5 jobs take 0.50, the next check finds 0.50 < 0.60.
		stack.sim.setBalance(1);
		const done = await run(PATHS.wait, { prompts: prompts('wait') }, NODES.wait);
		expect(done.status).toBe('success');
		const out = items(done, NODES.wait);
		expect(out.map((item) => item.json.status)).toEqual([
			...Array(5).fill('success'),
			'failed',
			'failed',
		]);
		for (const item of out.slice(0, 5)) expect(item.json.output).toHaveLength(1);
		for (const item of out.slice(5))
			expect(item.json.error).toBe(
				'Stopped before submitting: balance 0.50 USD is below Stop Below Balance 0.60',
			);
		expect(calls(SUBMIT)).toHaveLength(5);
		expect(calls(WALLET)).toHaveLength(2);
		expect(stack.sim.balance()).toBe(0.5);
	});

	test('By Polling, a 402 (insufficient credits) mid-batch stops the batch: the queued jobs finish, no further submit', async () => {
		stack.sim.setBalance(0.55);
		const done = await run(PATHS.poll, { prompts: prompts('poll') }, NODES.poll);
		expect(done.status).toBe('success');
		const out = items(done, NODES.poll);
		expect(out.map((item) => item.json.status)).toEqual([
			...Array(5).fill('success'),
			'failed',
			'failed',
		]);
		expect(out[5].json).toMatchObject({
			error: 'ModelsLab: Insufficient credits. Please add more credits to continue.',
			httpCode: '402',
		});
		expect(out[6].json.error).toMatch(
			/^Stopped before submitting: ModelsLab refused item 5's submit for lack of credit \(HTTP 402/,
		);
		expect(calls(SUBMIT).map((request) => request.status)).toEqual([...Array(5).fill(200), 402]);
	});
});
