/**
 * The Model field: searching ModelsLab's models from the editor (the resource locator's list
 * mode, run through n8n-core's real LoadOptionsContext with nock as ModelsLab), and what the node
 * sends for each way of choosing a model.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { listSearch } from '../../harness';
import { CATALOGUE, modelFeatureOf } from '../../../nodes/ModelsLab/catalogue';
import {
	API,
	API_KEY,
	TEXT2IMG_SUBMIT,
	acceptSubmits,
	runModelsLab,
	startN8n,
	textToImage,
	useNock,
} from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const FLUX = {
	model_id: 'flux',
	model_name: 'Flux Dev',
	provider: 'Black Forest Labs',
	description: 'Fast, high-quality general images',
};
const SDXL = { model_id: 'sdxl', model_name: 'Stable Diffusion XL', provider: 'Stability AI' };

async function search(parameters: IDataObject, filter?: string, paginationToken?: string) {
	return await listSearch(env.n8n, {
		nodeType: 'modelsLab',
		parameters: parameters as never,
		method: 'searchModels',
		filter,
		paginationToken,
	});
}

/** Nocks one search answer and records the query and key header it was asked with. */
function answerSearch(status: number, body: unknown) {
	const asked: { query?: IDataObject; keyHeader?: string } = {};
	nock(API)
		.get('/api/v7/models')
		.query((query) => {
			asked.query = query as IDataObject;
			return true;
		})
		.reply(function () {
			asked.keyHeader = String(this.req.headers.key);
			return [status, body];
		});
	return asked;
}

describe('searching models from the editor', () => {
	test('lists image models for Text to Image, by name with the id, with the key and the typed text', async () => {
		const asked = answerSearch(200, { status: 'success', data: [FLUX, SDXL], meta: { total: 2 } });
		const found = await search({ resource: 'image', operation: 'textToImage' }, ' flux ');
		expect(asked.query).toEqual({
			key: API_KEY,
			search: 'flux',
			feature: 'imagen',
			page: '1',
			per_page: '50',
		});
		expect(asked.keyHeader).toBe(API_KEY);
		expect(found.results).toEqual([
			{
				name: 'Flux Dev (flux)',
				value: 'flux',
				description: 'Black Forest Labs · Fast, high-quality general images',
			},
			{ name: 'Stable Diffusion XL (sdxl)', value: 'sdxl', description: 'Stability AI' },
		]);
		expect(found.paginationToken).toBeUndefined();
	});

	test.each([
		['video', 'textToVideo', 'video_fusion'],
		['audio', 'speechToText', 'audio_gen'],
		['imageEditing', 'fluxKontext', 'imagen'],
	])('filters %s › %s to %s models', async (resource, operation, feature) => {
		const asked = answerSearch(200, { status: 'success', data: [] });
		await search({ resource, operation });
		expect(asked.query?.feature).toBe(feature);
		expect(asked.query?.search).toBeUndefined();
	});

	test('every operation with a Model field searches a feature of its resource', () => {
		const withModel = CATALOGUE.filter((entry) => entry.modelId);
		expect(withModel.length).toBeGreaterThan(15);
		for (const entry of withModel)
			expect([entry.resource, modelFeatureOf(entry)]).toEqual([
				entry.resource,
				expect.stringMatching(/^(imagen|video_fusion|audio_gen)$/),
			]);
	});

	test('pages through long lists: a token while more remain, none on the last page', async () => {
		let asked = answerSearch(200, { status: 'success', data: [FLUX], meta: { total: 120 } });
		expect((await search({ resource: 'image', operation: 'textToImage' })).paginationToken).toBe(
			'2',
		);
		asked = answerSearch(200, { status: 'success', data: [SDXL], meta: { total: 120 } });
		const last = await search({ resource: 'image', operation: 'textToImage' }, undefined, '3');
		expect(asked.query?.page).toBe('3');
		expect(last.paginationToken).toBeUndefined();
	});

	test('reads the paginated answer shape (data.items) and skips rows without a model_id', async () => {
		answerSearch(200, {
			status: 'success',
			data: {
				items: [{ name: 'No id' }, 'junk', { model_id: 42, name: 'Numbered' }, FLUX],
				total: 3,
			},
		});
		const found = await search({ resource: 'image', operation: 'textToImage' });
		expect(found.results.map((result) => result.value)).toEqual(['42', 'flux']);
		expect(found.paginationToken).toBeUndefined();
	});

	test('an answer that is not a model list gives an empty list, not a crash', async () => {
		answerSearch(200, { status: 'success', data: 'maintenance' });
		expect((await search({ resource: 'image', operation: 'textToImage' })).results).toEqual([]);
	});

	test("a rejected key shows ModelsLab's message and what to do instead", async () => {
		answerSearch(401, { status: 'error', message: 'Invalid API key' });
		const failure = search({ resource: 'image', operation: 'textToImage' });
		await expect(failure).rejects.toThrow("Could not search ModelsLab's models: Invalid API key");
		await expect(failure).rejects.toMatchObject({ description: expect.stringMatching(/"By ID"/) });
	});

	test('a rate-limited search fails at once instead of keeping the dropdown waiting', async () => {
		answerSearch(429, { status: 'error', message: 'Rate limit exceeded.', retry_after: 30 });
		const started = Date.now();
		await expect(search({ resource: 'image', operation: 'textToImage' })).rejects.toThrow(
			/Rate limit exceeded/,
		);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('what the node sends as model_id', () => {
	test.each([
		['a model picked from the list', { __rl: true, mode: 'list', value: 'sdxl' }, 'sdxl'],
		[
			'an id typed By ID, trimmed',
			{ __rl: true, mode: 'id', value: '  my-trained-lora ' },
			'my-trained-lora',
		],
		['a plain string (workflows made before the search)', 'flux', 'flux'],
	])('%s', async (_, modelId, sent) => {
		const bodies = acceptSubmits(1);
		const handle = await runModelsLab(env.n8n, textToImage({ modelId }));
		expect(handle.status).toBe('waiting');
		expect(bodies[0].model_id).toBe(sent);
	});

	test('an expression By ID is resolved per item', async () => {
		const bodies = acceptSubmits(2);
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ modelId: { __rl: true, mode: 'id', value: '={{ $json.model }}' } }),
			[{ json: { model: 'flux' } }, { json: { model: 'imagen-4' } }],
		);
		expect(handle.status).toBe('waiting');
		expect(bodies.map((body) => body.model_id)).toEqual(['flux', 'imagen-4']);
	});

	test('no model chosen: a clear error before anything is submitted', async () => {
		const submits = nock(API).post(TEXT2IMG_SUBMIT).reply(200, { status: 'processing', id: 1 });
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ modelId: { __rl: true, mode: 'list', value: '' } }),
		);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toMatch(/Parameter "Model" is required/);
		expect(submits.isDone()).toBe(false);
	});
});
