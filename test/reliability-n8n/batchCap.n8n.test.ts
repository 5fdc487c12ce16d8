/**
 * Issue 12 in a real n8n: a batch above ModelsLab's queue cap. The simulator plays ModelsLab's
 * limits (ModelsLab/docs-v2 rate-limits.mdx: 5 queued jobs per account, 429 above; webhooks.mdx:
 * generation callbacks are best effort, sent once), and loses some callbacks outright.
 *   12 items, cap 5, jobs 3 s ± 0.5 s, callbacks once, 3 never sent (one of them the last item):
 *   every item gets its own result and file, no submit is refused with 429, none is sent twice.
 */
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { startRun, startStack, waitForActions, type Stack } from '../e2e/support/stack';
import { N, PATHS } from '../e2e/support/workflows';

type Json = Record<string, any>;

const SUBMIT_PATH = '/api/v6/images/text2img';

function items(ex: Execution, node: string): Array<{ json: Json; binary?: Json }> {
	return ex.runData[node]?.at(-1)?.data?.main?.[0] ?? [];
}

describe.each(E2E_VERSIONS)('a batch above the queue cap in real n8n %s', (version) => {
	let stack: Stack;

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startStack(version, { simulator: { delayMs: 3000, jitterMs: 500, queueCap: 5, retryAfterSeconds: 2 } });
	}, 240000);

	afterAll(async () => {
		await stack?.dispose();
	});

	test('12 items at cap 5 with 3 callbacks lost: 12 results, 0 refused with 429, nothing submitted twice', async () => {
		const lost = new Set([2, 7, 11]);
		const prompts = Array.from({ length: 12 }, (_, n) => `batch row ${n}${lost.has(n) ? ' [sim:never]' : ''}`);
		const started = Date.now();
		const afterId = await startRun(stack, PATHS.image, prompts);
		const waiting = await waitForActions(stack, afterId, 'waiting', N.image, 60000);
		const atWait = stack.sim.requests.filter((r) => r.method === 'POST' && r.path === SUBMIT_PATH).length;
		const done = await waitForActions(stack, afterId, 'success', N.write, 180000);
		const seconds = (Date.now() - started) / 1000;
		expect(done.id).toBe(waiting.id);

		const results = items(done, N.image);
		expect(results).toHaveLength(12);
		const jobOfPrompt = new Map([...stack.sim.jobs.values()].map((job) => [String(job.meta.prompt), job]));
		results.forEach((item, n) => {
			expect(item.json).toMatchObject({ status: 'success', id: String(jobOfPrompt.get(prompts[n])!.id), meta: { prompt: prompts[n] } });
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/png' });
		});
		expect(items(done, N.write)).toHaveLength(12);

		const submits = stack.sim.requests.filter((r) => r.method === 'POST' && r.path === SUBMIT_PATH);
		expect(submits).toHaveLength(12);
		expect(submits.filter((r) => r.status === 429)).toHaveLength(0);
		expect(new Set(submits.map((r) => (r.body as Json).prompt)).size).toBe(12);
		const fetches = stack.sim.requests.filter((r) => r.path.startsWith('/api/v6/images/fetch')).length;
		const callbacks = stack.sim.callbacksSent.map((a) => a.responseCode);
		console.log(
			`n8n ${version}: 12 items, cap 5, 3 s jobs, 3 callbacks lost: ${seconds.toFixed(1)} s; ` +
				`submits before the wait ${atWait}, submits ${submits.length} (429: 0), fetches ${fetches}, ` +
				`callbacks ${callbacks.length} answered ${[...new Set(callbacks)].join('/')}`,
		);
	}, 240000);
});
