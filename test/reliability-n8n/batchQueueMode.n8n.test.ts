/**
 * Issue 12 in n8n's queue mode (scripts/n8n/queue.js: PostgreSQL, Redis, main, 2 workers and a
 * webhook processor): a 30-item batch above ModelsLab's queue cap. A worker runs execute() and
 * submits the first job of each slot; the callbacks reach the webhook processor, a process that
 * has not seen the batch, and submit the rest from webhook(). The simulator plays ModelsLab's
 * limits (ModelsLab/docs-v2 rate-limits.mdx: 5 queued jobs per account, 429 above; webhooks.mdx:
 * generation callbacks sent once, best effort) and loses callbacks outright: two of jobs the
 * webhook processor submitted, then (a second batch) one of a job the worker submitted.
 * Checks: every item has its own job's result and PNG, no prompt is submitted twice (the
 * simulator's request log), the execution resumes once. One figures line per version.
 */
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { ACTIONS_WORKFLOW_ID, N, PATHS } from '../e2e/support/workflows';
import { startRun } from '../e2e/support/stack';
import { itemsOn, keepLog } from './support/executions';
import { startQueueStack, refusedResumes, RECORD, type QueueStack } from './support/queueStack';
import { batchFigures, batchPrompts, figuresLine, unpaired } from './support/batchRun';

describe.each(E2E_VERSIONS)('a batch above the queue cap in queue mode, real n8n %s', (version) => {
	let stack: QueueStack;

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startQueueStack(version, {
			delayMs: 3000,
			jitterMs: 1000,
			queueCap: 5,
			retryAfterSeconds: 2,
		});
	}, 300000);

	afterAll(async () => {
		keepLog(stack?.n8n, 'batchQueueMode');
		await stack?.dispose();
	});

	/** Runs one batch; undefined `done` when the execution has not finished within `timeoutMs`. */
	async function runBatch(label: string, lost: number[], timeoutMs: number) {
		const prompts = batchPrompts(label, 30, lost);
		const started = Date.now();
		const afterId = await startRun(stack, PATHS.image, prompts);
		const done = await stack.queue
			.waitForExecution({
				workflowId: ACTIONS_WORKFLOW_ID,
				afterId,
				status: ['success', 'error', 'crashed', 'canceled'],
				node: N.image,
				timeoutMs,
			})
			.catch(() => undefined);
		const f = batchFigures(stack.sim, prompts);
		const results = done ? itemsOn(done, N.image) : [];
		const wrong = unpaired(stack.sim, prompts, results);
		const written = stack.records(RECORD.written).filter((r) => r.execution === done?.id);
		console.log(
			figuresLine(
				`batchQueueMode, 30 items, callbacks lost of items ${lost.join(' ')}`,
				version,
				f,
				Date.now() - started,
				0,
				`status ${done?.status ?? `still waiting after ${timeoutMs / 1000} s`}, items without their result ${Object.keys(wrong).length}, ` +
					`Write PNG runs ${written.length}, resumes refused ${Object.values(refusedResumes(stack)).reduce((a, b) => a + b, 0)}`,
			),
		);
		return { done, f, results, wrong, written };
	}

	test('30 items at cap 5, 2 callbacks lost of jobs webhook() submitted: 30 results, each its own, nothing submitted twice, resumed once', async () => {
		const { done, f, results, wrong, written } = await runBatch('queue', [13, 29], 120000);
		expect(f.twice).toEqual([]);
		expect(done?.status).toBe('success');
		expect(wrong).toEqual({});
		// Downstream ran once per item: the execution resumed once.
		expect(written.map((r) => r.id).sort()).toEqual(
			results.map((item) => String(item.json.id)).sort(),
		);
	}, 300000);

	// A job the worker submitted (execute()) whose callback is lost: the webhook processor finds its
	// result by a fetch but did not submit it, so it holds the next item of that slot back until the
	// batch has settled (20 s at least after it took the batch over: long enough for any successor
	// another process started to call back), then starts it.
	test('30 items, the callback of a job the worker submitted lost: 30 results, each its own, nothing submitted twice', async () => {
		const { done, f, results, wrong, written } = await runBatch('queue first-window', [2], 150000);
		expect(f.twice).toEqual([]);
		expect(done?.status).toBe('success');
		expect(wrong).toEqual({});
		expect(written.map((r) => r.id).sort()).toEqual(
			results.map((item) => String(item.json.id)).sort(),
		);
	}, 300000);
});
