/**
 * Issue 21: every item of a batch handled the same, in the workflows users build, beyond the
 * cap. In-process n8n against the simulator playing ModelsLab's limits (cap 5 per account,
 * ModelsLab/docs-v2 rate-limits.mdx; each generation callback sent once, webhooks.mdx). "Memory
 * lost" is what a restart or another queue-mode process sees: the batch rebuilt from custom data
 * and the callbacks' URLs only. Each test names what failed before the fix.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { forgetWaitsOf } from '../../../nodes/ModelsLab/modes/callback/waits';
import type { Simulator } from '../../../scripts/simulator/server';
import { finalCallbackBody } from '../../../scripts/simulator/schedule';
import type { TestN8n } from '../setup';
import { holdPlaces, until, useSimulatedAccount } from '../simulatedAccount';
import { PNG, finished, runModelsLab, textToImage } from '../setup';

const TEXT2IMG = '/api/v6/images/text2img';
const REMOVE_BG = '/api/v6/image_editing/removebg_mask';
const UPLOAD = '/api/v6/image_editing/base64_to_url';

const account = useSimulatedAccount();
let sim: Simulator;
let env: TestN8n;
beforeAll(() => {
	({ sim, env } = account);
});

const accepted = (path = TEXT2IMG) =>
	sim.requests.filter(
		(request) => request.method === 'POST' && request.path === path && request.status === 200,
	);
const promptOf = (body: unknown) => String((body as IDataObject).prompt);
const jobOfPrompt = (prompt: string) =>
	[...sim.jobs.values()].find((job) => job.meta.prompt === prompt);

/** A small PNG that says which item it is (its last bytes), as Convert to File would hand it on. */
function photo(n: number): IBinaryData {
	return {
		data: Buffer.concat([PNG, Buffer.from(`item-${n}`)]).toString('base64'),
		mimeType: 'image/png',
		fileName: `photo-${n}.png`,
	};
}

test('7 photos from an earlier node at cap 5 (Remove Background, Binary File): 7 results, each from its own photo, each uploaded when its turn came', async () => {
	// Before: the 2 items planned in webhook() failed with 'the input item has no binary property "data"'.
	const items: INodeExecutionData[] = Array.from({ length: 7 }, (_, n) => ({
		json: { n },
		binary: { data: photo(n) },
	}));
	const handle = await runModelsLab(
		env.n8n,
		{
			resource: 'imageEditing',
			operation: 'removeBackground',
			imageInputType: 'binary',
			imageBinaryProperty: 'data',
			options: { downloadFiles: false },
		},
		items,
	);
	expect(handle.error?.message).toBeUndefined();
	expect(handle.status).toBe('waiting');
	// Only the items submitted now were uploaded: the rest upload when their turn comes.
	expect(accepted(UPLOAD)).toHaveLength(5);
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	expect(output.map((item) => item.json.error ?? item.json.status)).toEqual(
		Array(7).fill('success'),
	);
	expect(output.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: 7 }, (_, n) => ({ item: n })),
	);
	// Each result's job was given the URL of its own item's photo.
	for (const [n, item] of output.entries()) {
		const job = sim.jobs.get(String(item.json.id))!;
		const bytes = Buffer.from(await (await fetch(String(job.meta.image))).arrayBuffer());
		expect(bytes.subarray(PNG.length).toString()).toBe(`item-${n}`);
	}
	expect(accepted(UPLOAD)).toHaveLength(7);
	expect(accepted(REMOVE_BG)).toHaveLength(7);
}, 90_000);

test("items beyond the cap evaluate $('Start').item like the first ones", async () => {
	const items = Array.from({ length: 8 }, (_, n) => ({ json: { prompt: `paired ${n}` } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({
			prompt: "={{ $('Start').item.json.prompt }}",
			options: { downloadFiles: false },
		}),
		items,
	);
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	output.forEach((item, n) => expect(item.json.id).toBe(String(jobOfPrompt(`paired ${n}`)?.id)));
	expect(
		accepted()
			.map((request) => promptOf(request.body))
			.sort(),
	).toEqual(items.map((item) => item.json.prompt).sort());
}, 90_000);

test('Continue On Fail with one bad item, memory lost right after execute(): 11 results and 1 error, the execution ends', async () => {
	// Before: the rebuilt batch knew only request ids ('' for the bad item), never settled it, and stayed waiting.
	const prompt = (n: number) => (n === 3 ? '' : `cof ${n}`);
	const items = Array.from({ length: 12 }, (_, n) => ({ json: { prompt: prompt(n) } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ prompt: '={{ $json.prompt }}', options: { downloadFiles: false } }),
		items,
		{
			continueOnFail: true,
		},
	);
	expect(handle.status).toBe('waiting');
	forgetWaitsOf(handle.executionId, 'ModelsLab');
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	expect(output.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: 12 }, (_, n) => ({ item: n })),
	);
	output.forEach((item, n) => {
		if (n === 3) expect(item.json).toMatchObject({ status: 'failed', error: 'Prompt is required' });
		else
			expect(item.json).toMatchObject({
				status: 'success',
				id: String(jobOfPrompt(prompt(n))?.id),
			});
	});
	expect(accepted()).toHaveLength(11);
	expect(new Set(accepted().map((request) => promptOf(request.body))).size).toBe(11);
}, 90_000);

test('an account shared with another execution (first submits refused with 429), memory lost right after execute(): all 12 results, nothing twice', async () => {
	// Before: the parked items were '' in custom data, no slot chain reached them, and the execution stayed waiting.
	await holdPlaces(account, 2, 1500);
	const items = Array.from({ length: 12 }, (_, n) => ({ json: { prompt: `shared ${n}` } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ prompt: '={{ $json.prompt }}', options: { downloadFiles: false } }),
		items,
	);
	expect(handle.status).toBe('waiting');
	expect(
		sim.requests.filter((request) => request.path === TEXT2IMG && request.status === 429).length,
	).toBeGreaterThan(0);
	expect(String(handle.customData.modelslab_request_ids)).toContain('?p');
	forgetWaitsOf(handle.executionId, 'ModelsLab');
	await finished(handle, 80_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	output.forEach((item, n) =>
		expect(item.json).toMatchObject({
			status: 'success',
			id: String(jobOfPrompt(`shared ${n}`)?.id),
		}),
	);
	const mine = accepted().filter((request) => promptOf(request.body).startsWith('shared'));
	expect(mine).toHaveLength(12);
	expect(new Set(mine.map((request) => promptOf(request.body))).size).toBe(12);
}, 120_000);

test('a forged X-Forwarded-Host on a genuine callback after memory loss: later jobs still call back this n8n, and every result arrives', async () => {
	// Before: a process without the resume URL rebuilt it from X-Forwarded-Host, so the next jobs' callbacks went there.
	const prompt = (n: number) => (n === 0 ? 'host 0 [sim:never]' : `host ${n}`);
	const items = Array.from({ length: 8 }, (_, n) => ({ json: { prompt: prompt(n) } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({
			prompt: '={{ $json.prompt }}',
			options: { downloadFiles: false, concurrency: 2 },
		}),
		items,
	);
	forgetWaitsOf(handle.executionId, 'ModelsLab');
	const first = jobOfPrompt(prompt(0))!;
	await until(() => Date.now() >= first.completesAt + 50);
	const answer = await fetch(first.webhook!, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-forwarded-host': 'attacker.invalid',
			'x-forwarded-proto': 'https',
		},
		body: JSON.stringify(finalCallbackBody(first)),
	});
	expect(answer.status).toBe(200);
	await finished(handle, 60_000);
	expect(handle.status).toBe('success');
	handle.outputOf('Success').forEach((item, n) =>
		expect(item.json).toMatchObject({
			status: 'success',
			id: String(jobOfPrompt(prompt(n))?.id),
		}),
	);
	const webhooks = [...sim.jobs.values()].map((job) => String(job.webhook));
	expect(webhooks.filter((url) => url.includes('attacker.invalid'))).toEqual([]);
	expect(webhooks.every((url) => url.startsWith(new URL(first.webhook!).origin))).toBe(true);
}, 90_000);

test("a 'processing' callback with a made-up id does not lock out the job's genuine callback", async () => {
	// Before: after a takeover, the made-up id was recorded for the item, and the genuine callback got 403.
	const prompt = (n: number) => (n === 1 ? 'lock 1 [sim:delay:2500]' : `lock ${n}`);
	const items = Array.from({ length: 2 }, (_, n) => ({ json: { prompt: prompt(n) } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({
			prompt: '={{ $json.prompt }}',
			options: { downloadFiles: false, concurrency: 1 },
		}),
		items,
	);
	// Item 1 is submitted from webhook() when item 0 calls back; then this process forgets the batch.
	await until(() => Boolean(jobOfPrompt(prompt(1))));
	forgetWaitsOf(handle.executionId, 'ModelsLab');
	const second = jobOfPrompt(prompt(1))!;
	const forged = await fetch(second.webhook!, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ status: 'processing', id: 987654, eta: 30 }),
	});
	expect(forged.status).toBe(200);
	await finished(handle, 30_000);
	expect(handle.status).toBe('success');
	expect(handle.outputOf('Success').map((item) => item.json.id)).toEqual([
		String(jobOfPrompt(prompt(0))!.id),
		String(second.id),
	]);
	const attempts = () => sim.callbacksSent.filter((attempt) => attempt.jobId === String(second.id));
	await until(() => attempts().length > 0);
	expect(attempts().map((attempt) => [attempt.phase, attempt.responseCode])).toEqual([
		['final', 200],
	]);
}, 60_000);

test('Timeout is per job: a job still running after it fails its item with its id, and its place goes to the next item', async () => {
	// Before: Timeout bounded the whole batch, so one stuck job held its place until every result was dropped.
	const prompt = (n: number) => (n === 0 ? 'slow 0 [sim:delay:60000]' : `slow ${n}`);
	const items = Array.from({ length: 6 }, (_, n) => ({ json: { prompt: prompt(n) } }));
	const handle = await runModelsLab(
		env.n8n,
		textToImage({
			prompt: '={{ $json.prompt }}',
			options: { downloadFiles: false, timeoutMinutes: 0.05 },
		}),
		items,
	);
	expect(handle.status).toBe('waiting');
	await finished(handle, 30_000);
	expect(handle.status).toBe('success');
	const output = handle.outputOf('Success');
	expect(output[0].json).toMatchObject({
		status: 'failed',
		timedOut: true,
		id: String(jobOfPrompt(prompt(0))!.id),
	});
	expect(String(output[0].json.error)).toMatch(/had not finished after 3 seconds/);
	output.slice(1).forEach((item, n) =>
		expect(item.json).toMatchObject({
			status: 'success',
			id: String(jobOfPrompt(prompt(n + 1))?.id),
		}),
	);
	// Item 5 (the slot of item 0) was submitted once item 0 had run past its Timeout.
	const submitOf = (n: number) =>
		accepted().find((request) => promptOf(request.body) === prompt(n))!;
	expect(submitOf(5).time - submitOf(0).time).toBeGreaterThanOrEqual(2_900);
}, 60_000);
