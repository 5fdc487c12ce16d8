/** What a user sees when ModelsLab or the node's settings go wrong; nothing is lost or doubled. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { API, finished, post, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const SUBMIT = '/api/v6/images/text2img';

test('429 waits retry_after and submits again', async () => {
	const scope = nock(API)
		.post(SUBMIT)
		.reply(429, {
			status: 'error',
			message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
			retry_after: 0.05,
		})
		.post(SUBMIT)
		.reply(200, { status: 'processing', id: 61 });
	const handle = await runModelsLab(env.n8n, textToImage());
	expect(scope.isDone()).toBe(true);
	expect(handle.status).toBe('waiting');
	expect(handle.customData.modelslab_request_ids).toBe('imagesV6|61');
});

test("429 that does not clear gives up after 3 retries with ModelsLab's message", async () => {
	const scope = nock(API)
		.post(SUBMIT)
		.times(4)
		.reply(429, { status: 'error', message: 'Rate limit exceeded.', retry_after: 0.01 });
	const handle = await runModelsLab(env.n8n, textToImage());
	expect(scope.isDone()).toBe(true);
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('ModelsLab: Rate limit exceeded.');
});

test('status "error" inside a 200 is an error with the message, the code and the request id', async () => {
	nock(API).post(SUBMIT).reply(200, { status: 'error', messege: 'Model not found', id: 777 });
	const handle = await runModelsLab(env.n8n, textToImage());
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('ModelsLab: Model not found');
	expect(handle.error?.description).toMatch(/Request id: 777/);
	expect((handle.error as { httpCode?: string }).httpCode).toBe('200');
});

test('a 500 on submit is not retried: a second submit could be a second paid job', async () => {
	const scope = nock(API).post(SUBMIT).reply(500, { status: 'error', message: 'Internal error' });
	const handle = await runModelsLab(env.n8n, textToImage());
	expect(scope.isDone()).toBe(true);
	expect(nock.pendingMocks()).toEqual([]);
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('ModelsLab: Internal error');
});

test('a bad parameter on any item stops the node before anything is submitted', async () => {
	const scope = nock(API).post(SUBMIT).reply(200, { status: 'processing', id: 1 });
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ additionalFields: { width: '={{ $json.width }}' } }),
		[{ json: { width: 512 } }, { json: { width: 99999 } }],
	);
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toMatch(/Width is 99999, outside ModelsLab's range/);
	expect(scope.isDone()).toBe(false);
});

test('when one item is refused after others were submitted, the error lists their request ids', async () => {
	nock(API)
		.post(SUBMIT, (body: IDataObject) => body.prompt === 'ok')
		.reply(200, { status: 'processing', id: 81 })
		.post(SUBMIT, (body: IDataObject) => body.prompt === 'bad')
		.reply(400, { status: 'error', message: 'prompt rejected' });
	// Max Queued Jobs 2: both are submitted before the wait (with 1, item 1 would follow item 0's result).
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ prompt: '={{ $json.p }}', options: { concurrency: 2 } }),
		[{ json: { p: 'ok' } }, { json: { p: 'bad' } }],
	);
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('ModelsLab: prompt rejected');
	expect(handle.error?.description).toMatch(/item 0 → 81/);
});

test('with Continue On Fail, a refused item comes out failed and the others still wait and resume', async () => {
	let okBody: IDataObject = {};
	nock(API)
		.post(SUBMIT, (body: IDataObject) => {
			if (body.prompt === 'ok') okBody = body;
			return body.prompt === 'ok';
		})
		.reply(200, { status: 'processing', id: 91 })
		.post(SUBMIT, (body: IDataObject) => body.prompt === 'bad')
		.reply(402, { status: 'error', message: 'Insufficient credits' });
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ prompt: '={{ $json.p }}', options: { downloadFiles: false } }),
		[{ json: { p: 'bad' } }, { json: { p: 'ok' } }],
		{ continueOnFail: true },
	);
	expect(handle.status).toBe('waiting');
	expect(handle.customData.modelslab_request_ids).toBe('imagesV6|?x,91');
	const answer = await post(String(okBody.webhook), {
		status: 'success',
		id: 91,
		output: ['https://cdn.test/ok.png'],
	});
	expect(answer.status).toBe(200);
	await finished(handle);
	expect(
		handle
			.outputOf('ModelsLab')
			.map((item) => [item.pairedItem, item.json.status, item.json.error ?? item.json.id]),
	).toEqual([
		[{ item: 0 }, 'failed', 'ModelsLab: Insufficient credits'],
		[{ item: 1 }, 'success', '91'],
	]);
	expect(handle.outputOf('ModelsLab')[0].json.httpCode).toBe('402');
});

test("a required field left empty is refused with the field's name", async () => {
	// n8n checks a literally empty required field itself; the node checks what expressions give.
	const empty = await runModelsLab(env.n8n, textToImage({ prompt: '' }));
	expect(empty.error?.message).toMatch(/Parameter "Prompt" is required/);
	const handle = await runModelsLab(env.n8n, textToImage({ prompt: '={{ $json.missing }}' }));
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('Prompt is required');
});

test('invalid JSON in Extra Body Fields is refused before submitting', async () => {
	const handle = await runModelsLab(env.n8n, textToImage({ options: { extraFields: '{oops' } }));
	expect(handle.status).toBe('error');
	expect(handle.error?.message).toBe('Extra Body Fields is not valid JSON');
});
