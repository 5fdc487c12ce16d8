/**
 * Issue 21, item 7, scenario f in n8n's queue mode (support/queueStack.ts: PostgreSQL, Redis,
 * main, 2 workers, a webhook processor that serves the resume URLs): Loop Over Items in batches
 * of 6, above ModelsLab's cap of 5 (ModelsLab/docs-v2 rate-limits.mdx), so the ModelsLab node
 * waits twice in one execution. A worker runs each execute(); the callbacks reach the webhook
 * processor, a long-lived process that keeps what it learnt of the first wait (record key =
 * execution id + node name) when the second wait's callbacks come.
 * Asserts: 12 results each its own job's, none submitted twice, the execution over. One figures line.
 */
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { itemsOn, keepLog } from './support/executions';
import { startQueueStack, type QueueStack } from './support/queueStack';
import { unpaired } from './support/batchRun';
import {
	CHAINS,
	keyFigures,
	names,
	pathOf,
	promptsTwice,
	realWorkflow,
} from './support/realWorkflows';

const WORKFLOW_ID = 'rwRealWorkflowsQ';

describe.each(E2E_VERSIONS)('real workflows in queue mode, real n8n %s', (version) => {
	let stack: QueueStack;
	const chain = CHAINS.loop;
	const n = names(chain);

	beforeAll(async () => {
		assertInstalled(version);
		// Jobs of 3 to 6 s, cap 5 per key, callbacks once (ModelsLab's generation callbacks).
		stack = await startQueueStack(
			version,
			{ delayMs: 4500, jitterMs: 1500, queueCap: 5, retryAfterSeconds: 2 },
			[realWorkflow([chain], WORKFLOW_ID)],
		);
	}, 300000);

	afterAll(async () => {
		keepLog(stack?.n8n, 'realWorkflowsQueueMode');
		await stack?.dispose();
	});

	test('f. Loop Over Items in batches of 6 (above the cap 5) in queue mode: the node waits twice, 12 results each its own, none twice', async () => {
		const prompts = Array.from({ length: 12 }, (_, i) => `fq loop row ${i}`);
		const since = Date.now();
		const afterId = await stack.n8n.lastExecutionId();
		const res = await stack.n8n.postWebhook(pathOf(chain), { prompts });
		expect(res.status).toBe(200);
		const done = await stack.queue
			.waitForExecution({
				workflowId: WORKFLOW_ID,
				afterId,
				status: ['success', 'error', 'crashed', 'canceled'],
				node: n.done,
				timeoutMs: 90000,
			})
			.catch(() => undefined);
		const wallMs = Date.now() - since;
		// Given up: the execution as it is (waiting, most likely), with how far the node got.
		const row = done
			? undefined
			: (await stack.queue.getExecutions({ workflowId: WORKFLOW_ID, afterId }))[0];
		const now = done ?? (row ? await stack.queue.getExecution(row.id) : undefined);
		const results = done ? itemsOn(done, n.done) : [];
		const wrong = unpaired(stack.sim, prompts, results);
		const twice = promptsTwice(stack.sim, prompts);
		const f = keyFigures(stack.sim, chain.apiKey, since);
		const delivered = stack.sim.callbacksSent.filter((a) => a.phase === 'final' && a.time >= since);
		const codes = new Map<string, number>();
		for (const a of delivered)
			codes.set(
				String(a.responseCode ?? 'none'),
				(codes.get(String(a.responseCode ?? 'none')) ?? 0) + 1,
			);
		console.log(
			`realWorkflows f. Loop Over Items, 2 × 6, queue mode (${version}): submits ${f.accepted}, 429s ${f.refused}, fetches ${f.fetches}, ` +
				`submitted twice ${twice.length}, wall ${(wallMs / 1000).toFixed(1)} s, restarts 0, status ${now?.status ?? 'no execution'}${done ? '' : ' (given up)'}, ` +
				`callbacks answered ${[...codes].map(([code, count]) => `${code}×${count}`).join(' ')}, node runs ${now?.runData[n.modelsLab]?.length ?? 0}, ` +
				`done items ${results.length}, items without their result ${Object.keys(wrong).length}`,
		);
		expect(done?.status).toBe('success');
		expect(done?.runData[n.modelsLab]).toHaveLength(2);
		expect(wrong).toEqual({});
		expect(twice).toEqual([]);
		expect(f.accepted).toBe(12);
	}, 150000);
});
