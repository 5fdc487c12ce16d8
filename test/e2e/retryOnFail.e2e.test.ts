/**
 * n8n's node setting Retry On Fail in a real n8n: n8n-core reruns a failed node with the same items
 * (up to Max Tries, Wait Between Tries apart), and the node cannot tell a retry from a first run, so
 * a retried submit could only create paid jobs again. With the setting on, the ModelsLab node
 * refuses before it sends anything, on every try; ModelsLab (the simulator) is set to fail every
 * submit with a 500, the answer after which a job may already exist.
 *   POST /webhook/e2e-retry-on   {prompts[]} → Split → ModelsLab (Retry On Fail, 3 tries 1 s apart)
 *   POST /webhook/e2e-retry-off  {prompts[]} → Split → ModelsLab (no retry): the control
 */
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { startStack, type Stack } from './support/stack';
import { modelsLab, split, to, webhook, type Workflow } from './support/workflows';

const WORKFLOW_ID = 'e2eMlRetryOnFail';
const PATHS = { on: 'e2e-retry-on', off: 'e2e-retry-off' } as const;
const NODES = { on: 'ModelsLab Retry On Fail', off: 'ModelsLab No Retry' } as const;
const SUBMIT = '/api/v6/images/text2img';
const TRIES = 3;
const WAIT_MS = 1000;

function retryWorkflow(): Workflow {
	const retrying = {
		...modelsLab(NODES.on, 0, { waitMode: 'callback' }),
		retryOnFail: true,
		maxTries: TRIES,
		waitBetweenTries: WAIT_MS,
	};
	return {
		id: WORKFLOW_ID,
		name: 'ModelsLab e2e: Retry On Fail',
		nodes: [
			webhook('Retry Webhook', PATHS.on, 0),
			split('Split Retry', 0),
			retrying,
			webhook('No Retry Webhook', PATHS.off, 200),
			split('Split No Retry', 200),
			modelsLab(NODES.off, 200, { waitMode: 'callback' }),
		],
		connections: {
			'Retry Webhook': { main: [to('Split Retry')] },
			'Split Retry': { main: [to(NODES.on)] },
			'No Retry Webhook': { main: [to('Split No Retry')] },
			'Split No Retry': { main: [to(NODES.off)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

describe.each(E2E_VERSIONS)("n8n's Retry On Fail in real n8n %s", (version) => {
	let stack: Stack;

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: () => [retryWorkflow()],
			waitForWebhooks: [PATHS.on, PATHS.off],
		});
	}, 240000);

	afterAll(async () => {
		await stack?.dispose();
	});

	beforeEach(() => {
		stack.sim.reset();
		// Every submit answers 500 {status:"error"}: ModelsLab may or may not have created the job.
		stack.sim.setScenario('serverError:100');
	});

	async function run(path: string, prompts: string[]): Promise<Execution> {
		const afterId = await stack.n8n.lastExecutionId();
		expect((await stack.n8n.postWebhook(path, { prompts })).status).toBe(200);
		return await stack.n8n.waitForExecution({
			workflowId: WORKFLOW_ID,
			afterId,
			// 1.x can set the status a moment before it writes the run data (and its error): wait for both.
			predicate: (ex) =>
				ex.status !== 'new' &&
				ex.status !== 'running' &&
				(ex.status !== 'error' || ex.error !== undefined),
			timeoutMs: 60000,
		});
	}

	const submits = () => stack.sim.requests.filter((r) => r.path === SUBMIT);

	test("with Retry On Fail on, a failing submit is never sent, let alone sent again: 0 submits over n8n's 3 tries", async () => {
		const done = await run(PATHS.on, ['retry me 1', 'retry me 2']);
		expect(done.status).toBe('error');
		expect(done.error?.message).toBe(
			"Turn off Retry On Fail in this node's Settings: n8n's retry would submit new paid ModelsLab jobs",
		);
		expect(done.error?.description).toMatch(/Nothing was sent\./);
		expect(submits()).toHaveLength(0);
		expect(stack.sim.jobs.size).toBe(0);
		// n8n did retry: its tries are Wait Between Tries apart, and each one refused again.
		const ms = Date.parse(`${done.stoppedAt}Z`) - Date.parse(`${done.startedAt}Z`);
		expect(ms).toBeGreaterThanOrEqual((TRIES - 1) * WAIT_MS);
		console.log(
			`[e2e] n8n ${version}: Retry On Fail on → refused on each of ${TRIES} tries in ${ms} ms, ${submits().length} submits`,
		);
	});

	test('the control: without Retry On Fail the failing submit is sent once and not repeated', async () => {
		const done = await run(PATHS.off, ['sent once']);
		expect(done.status).toBe('error');
		expect(done.error?.message).not.toMatch(/Retry On Fail/);
		expect(submits()).toHaveLength(1);
		expect(submits()[0].status).toBe(500);
	});
});
