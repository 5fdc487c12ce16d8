/** Split Into Items and Simplify, and node version 1 keeping the output it always had. */
import nock from 'nock';
import type { IPairedItemData } from 'n8n-workflow';

import { ModelsLab } from '../../../nodes/ModelsLab/ModelsLab.node';
import { readBinaryData } from '../../harness';
import { API, PNG, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const SUBMIT = '/api/v6/images/text2img';
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** Each input item's job succeeds at once with two images. */
function twoImagesPerJob(count: number) {
	let id = 900;
	nock(API)
		.post(SUBMIT)
		.times(count)
		.reply(200, () => {
			id++;
			return {
				status: 'success',
				id,
				track_id: `t-${id}`,
				output: [`https://cdn.test/${id}/a.png`, `https://cdn.test/${id}/b.jpg`],
				meta: { seed: 7, prompt: 'a lighthouse at dusk' },
				generationTime: 2.5,
			};
		});
	for (let n = 1; n <= count; n++) {
		nock('https://cdn.test')
			.get(`/${900 + n}/a.png`)
			.reply(200, PNG, { 'content-type': 'image/png' })
			.get(`/${900 + n}/b.jpg`)
			.reply(200, JPEG, { 'content-type': 'image/jpeg' });
	}
}

test('the node has versions 1 and 1.1, 1.1 being what a new node gets', () => {
	const { description } = new ModelsLab();
	expect(description.version).toEqual([1, 1.1]);
	expect(description.defaultVersion).toBe(1.1);
});

test('version 1 keeps the full payload and every file on one item, as before', async () => {
	twoImagesPerJob(1);
	const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }], { typeVersion: 1 });
	const items = handle.outputOf('ModelsLab');
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({
		id: '901',
		meta: { seed: 7 },
		generationTime: 2.5,
		raw: expect.any(Object),
	});
	expect(Object.keys(items[0].binary ?? {})).toEqual(['data', 'data_1']);
});

test('a new node (1.1) simplifies by default: status, id, track id, output URLs, message', async () => {
	nock(API)
		.post(SUBMIT)
		.reply(200, {
			status: 'success',
			id: 950,
			track_id: 'tr',
			output: ['https://cdn.test/s.png'],
			meta: { seed: 1 },
			message: 'done',
		});
	nock('https://cdn.test').get('/s.png').reply(200, PNG, { 'content-type': 'image/png' });
	const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }], { typeVersion: 1.1 });
	const [item] = handle.outputOf('ModelsLab');
	expect(item.json).toEqual({
		status: 'success',
		id: '950',
		track_id: 'tr',
		output: ['https://cdn.test/s.png'],
		message: 'done',
	});
	expect(await readBinaryData(item.binary!.data)).toEqual(PNG);
});

test('Simplify off on 1.1 gives the full payload', async () => {
	nock(API)
		.post(SUBMIT)
		.reply(200, {
			status: 'success',
			id: 951,
			output: ['https://cdn.test/full.png'],
			meta: { seed: 2 },
		});
	nock('https://cdn.test').get('/full.png').reply(200, PNG, { 'content-type': 'image/png' });
	const handle = await runModelsLab(env.n8n, textToImage({ simplify: false }), [{ json: {} }], {
		typeVersion: 1.1,
	});
	expect(handle.outputOf('ModelsLab')[0].json).toMatchObject({
		id: '951',
		meta: { seed: 2 },
		raw: { id: 951 },
		modelslab_status: 'success',
	});
});

test('a simplified item still says which files could not be downloaded', async () => {
	nock(API)
		.post(SUBMIT)
		.reply(200, { status: 'success', id: 952, output: ['https://cdn.test/gone.png'] });
	nock('https://cdn.test').get('/gone.png').reply(404, 'not found');
	const handle = await runModelsLab(env.n8n, textToImage(), [{ json: {} }], { typeVersion: 1.1 });
	const [item] = handle.outputOf('ModelsLab');
	expect(item.json.downloadErrors).toEqual([expect.stringMatching(/gone\.png: .*404/)]);
	expect(item.binary).toBeUndefined();
});

test("a job still running (Don't Wait) keeps its ETA when simplified", async () => {
	nock(API)
		.post(SUBMIT)
		.reply(200, {
			status: 'processing',
			id: 953,
			eta: 12,
			future_links: ['https://cdn.test/f.png'],
		});
	const handle = await runModelsLab(env.n8n, textToImage({ waitMode: 'none' }), [{ json: {} }], {
		typeVersion: 1.1,
	});
	expect(handle.outputOf('ModelsLab')[0].json).toEqual({
		status: 'processing',
		id: '953',
		output: [],
		eta: 12,
		track_id: expect.any(String),
	});
});

test('Split Into Items: one item per file, each with its file as `data`, the job fields, paired to its input', async () => {
	twoImagesPerJob(2);
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ options: { splitIntoItems: true } }),
		[{ json: { row: 'a' } }, { json: { row: 'b' } }],
		{
			typeVersion: 1.1,
		},
	);
	const items = handle.outputOf('ModelsLab');
	expect(items).toHaveLength(4);
	const byJob = new Map<string, typeof items>();
	for (const item of items)
		byJob.set(String(item.json.id), [...(byJob.get(String(item.json.id)) ?? []), item]);
	expect([...byJob.keys()].sort()).toEqual(['901', '902']);
	for (const [id, files] of byJob) {
		expect(files.map((file) => file.json.file_index)).toEqual([0, 1]);
		expect(files.map((file) => file.json.file_url)).toEqual([
			`https://cdn.test/${id}/a.png`,
			`https://cdn.test/${id}/b.jpg`,
		]);
		for (const file of files) {
			expect(file.json).toMatchObject({
				status: 'success',
				id,
				track_id: `t-${id}`,
				output: [`https://cdn.test/${id}/a.png`, `https://cdn.test/${id}/b.jpg`],
			});
			expect(Object.keys(file.binary ?? {})).toEqual(['data']);
		}
		expect(await readBinaryData(files[0].binary!.data)).toEqual(PNG);
		expect(files[1].binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileName: 'b.jpg' });
		expect(await readBinaryData(files[1].binary!.data)).toEqual(JPEG);
	}
	// Items are submitted concurrently, so job ids are not in input order; pairing says whose they are.
	const pairs = items.map((item) => (item.pairedItem as IPairedItemData).item);
	expect(pairs).toEqual([0, 0, 1, 1]);
});

test('Split Into Items honours Binary Property and keeps full fields on version 1', async () => {
	twoImagesPerJob(1);
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ options: { splitIntoItems: true, binaryProperty: 'image' } }),
		[{ json: {} }],
		{
			typeVersion: 1,
		},
	);
	const items = handle.outputOf('ModelsLab');
	expect(items).toHaveLength(2);
	expect(items.map((item) => Object.keys(item.binary ?? {}))).toEqual([['image'], ['image']]);
	expect(items[0].json).toMatchObject({
		meta: { seed: 7 },
		raw: expect.any(Object),
		file_index: 0,
	});
});

test('Split Into Items without downloads: one item per output URL; a failed job stays one item', async () => {
	nock(API)
		.post(SUBMIT)
		.reply(200, {
			status: 'success',
			id: 960,
			output: ['https://cdn.test/1.png', 'https://cdn.test/2.png'],
		})
		.post(SUBMIT)
		.reply(200, { status: 'failed', id: 961, message: 'NSFW content' });
	const handle = await runModelsLab(
		env.n8n,
		textToImage({ options: { splitIntoItems: true, downloadFiles: false, concurrency: 1 } }),
		[{ json: {} }, { json: {} }],
		{ typeVersion: 1.1, continueOnFail: true },
	);
	const items = handle.outputOf('ModelsLab');
	expect(items.map((item) => [item.json.file_url, item.binary])).toEqual([
		['https://cdn.test/1.png', undefined],
		['https://cdn.test/2.png', undefined],
		[undefined, undefined],
	]);
	expect(items[2].json).toMatchObject({ status: 'failed' });
});
