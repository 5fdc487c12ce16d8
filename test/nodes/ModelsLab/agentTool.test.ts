/**
 * The node as an AI agent's tool. n8n loads a `usableAsTool` node for an agent under its type name
 * plus `Tool` and calls its execute(); a tool call cannot pause the execution, and n8n drops a
 * tool's binary data. Here the node runs under that type name inside real n8n machinery.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { ModelsLab } from '../../../nodes/ModelsLab/ModelsLab.node';
import { API, PNG, TEXT2IMG_SUBMIT, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

const TOOL_TYPE = 'modelsLabTool';

/**
 * The node as n8n loads it for an agent: n8n's `convertNodeToAiTool` (n8n
 * `dist/tool-generation/ai-tools.js`) appends `Tool` to the description's name, which is what
 * the `@tool` display option reads (n8n-workflow `node-helpers`), so the tool's Output is shown.
 */
class ModelsLabAsTool extends ModelsLab {
	constructor() {
		super();
		this.description = { ...this.description, name: TOOL_TYPE };
	}
}

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
	env.n8n.nodeTypes.add(ModelsLabAsTool, TOOL_TYPE);
});

/** Accepts one Text to Image submit with `answer`; returns the body the node sent. */
function acceptSubmit(answer: IDataObject): () => IDataObject {
	let body: IDataObject = {};
	nock(API)
		.post(TEXT2IMG_SUBMIT, (b: IDataObject) => {
			body = b;
			return true;
		})
		.reply(200, answer);
	return () => body;
}

/** A job ModelsLab reports as processing `running` times, then done. */
function jobThatFinishes(
	id: number,
	running = 0,
): { submitted: () => IDataObject; fetches: nock.Scope } {
	const submitted = acceptSubmit({ status: 'processing', id, eta: 0.05 });
	const fetches = nock(API);
	if (running)
		fetches
			.post(`/api/v6/images/fetch/${id}`)
			.times(running)
			.reply(200, { status: 'processing', id });
	fetches
		.post(`/api/v6/images/fetch/${id}`)
		.reply(200, { status: 'success', id, output: [`https://cdn.test/${id}.png`] });
	return { submitted, fetches };
}

test('"Until ModelsLab Calls Back" polls instead of pausing: the tool call ends with the result', async () => {
	// (Poll Interval is shown only for By Polling, so n8n hands the node its default, 5 s)
	const job = jobThatFinishes(61, 1);
	const download = nock('https://cdn.test')
		.get('/61.png')
		.reply(200, PNG, { 'content-type': 'image/png' });

	const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }], { type: TOOL_TYPE });

	expect(handle.status).toBe('success');
	expect(job.submitted().webhook).toBeUndefined();
	expect(job.fetches.isDone()).toBe(true);
	const [item] = handle.outputOf('ModelsLab');
	// the short result a model reads, not ModelsLab's payload (job/toolOutput.ts)
	expect(item.json).toEqual({
		status: 'success',
		id: '61',
		output: ['https://cdn.test/61.png'],
		summary: 'ModelsLab job 61 succeeded with 1 file: https://cdn.test/61.png.',
	});
	// n8n would drop the binary data of a tool's answer: the file is not fetched for nothing
	expect(item.binary).toBeUndefined();
	expect(download.isDone()).toBe(false);
});

test('Download Files set explicitly still downloads as a tool', async () => {
	jobThatFinishes(62);
	nock('https://cdn.test').get('/62.png').reply(200, PNG, { 'content-type': 'image/png' });

	const handle = await runModelsLab(
		env.n8n,
		textToImage({ options: { downloadFiles: true } }),
		[{ json: {} }],
		{ type: TOOL_TYPE },
	);

	expect(handle.status).toBe('success');
	expect(handle.outputOf('ModelsLab')[0].binary?.data.mimeType).toBe('image/png');
});

test("Don't Wait is left as it is: the tool answers with the request id at once", async () => {
	acceptSubmit({ status: 'processing', id: 63, eta: 30 });

	const handle = await runModelsLab(env.n8n, textToImage({ waitMode: 'none' }), [{ json: {} }], {
		type: TOOL_TYPE,
	});

	expect(handle.status).toBe('success');
	expect(handle.outputOf('ModelsLab')[0].json).toEqual({
		status: 'processing',
		id: '63',
		eta: 30,
		summary:
			'ModelsLab job 63 is still being generated (ModelsLab estimates 30 s); fetch it later with Job › Get Result and ID 63.',
	});
});

test('Output › Raw gives the agent the whole payload ModelsLab sent', async () => {
	jobThatFinishes(65);

	const handle = await runModelsLab(env.n8n, textToImage({ toolOutput: 'raw' }), [{ json: {} }], {
		type: TOOL_TYPE,
	});

	const json = handle.outputOf('ModelsLab')[0].json;
	expect(json).toMatchObject({ status: 'success', id: '65', modelslab_status: 'success' });
	expect(json.raw).toEqual({ status: 'success', id: 65, output: ['https://cdn.test/65.png'] });
	expect(json.summary).toBeUndefined();
});

test('Output › Selected Fields gives the chosen fields and the ID', async () => {
	jobThatFinishes(67);

	const handle = await runModelsLab(
		env.n8n,
		textToImage({ toolOutput: 'selected', toolFields: ['output', 'modelslab_status'] }),
		[{ json: {} }],
		{ type: TOOL_TYPE },
	);

	expect(handle.outputOf('ModelsLab')[0].json).toEqual({
		id: '67',
		output: ['https://cdn.test/67.png'],
		modelslab_status: 'success',
	});
});

test('a failed job tells the agent why, in the short result', async () => {
	acceptSubmit({ status: 'processing', id: 66, eta: 0.05 });
	nock(API)
		.post('/api/v6/images/fetch/66')
		.reply(200, { status: 'failed', id: 66, message: 'NSFW content detected' });

	const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }], { type: TOOL_TYPE });

	expect(handle.outputOf('ModelsLab')[0].json).toEqual({
		status: 'failed',
		id: '66',
		message: 'NSFW content detected',
		summary: 'ModelsLab job 66 failed: NSFW content detected',
	});
});

test('the same settings under the plain node type still pause the execution for the callback', async () => {
	const submitted = acceptSubmit({ status: 'processing', id: 64, eta: 30 });

	const handle = await runModelsLab(env.n8n, textToImage());

	expect(handle.status).toBe('waiting');
	expect(String(submitted().webhook)).toContain('/webhook-waiting/');
});
