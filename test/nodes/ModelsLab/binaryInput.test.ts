/**
 * Binary inputs: a file field given as a binary property of the input item is uploaded through
 * ModelsLab's base64-to-URL endpoint and its URL sent; a missing property, a wrong MIME type or a
 * file over ModelsLab's 5 MB upload limit stops the node before anything is uploaded or submitted.
 */
import nock from 'nock';
import type { IBinaryData, IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ModelsLab } from '../../../nodes/ModelsLab/ModelsLab.node';
import { CATALOGUE } from '../../../nodes/ModelsLab/catalogue';
import { API, PNG, runModelsLab, startN8n, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const file = (data: Buffer, mimeType: string, fileName: string): IBinaryData => ({
	data: data.toString('base64'),
	mimeType,
	fileName,
});
const withFiles = (binary: Record<string, IBinaryData>): INodeExecutionData => ({
	json: {},
	binary,
});

const imageToImage = (extra: IDataObject = {}): IDataObject => ({
	resource: 'image',
	operation: 'imageToImage',
	apiVersion: 'v6',
	modelId: { __rl: true, mode: 'id', value: 'flux' },
	prompt: 'make it winter',
	init_imageInputType: 'binary',
	init_imageBinaryProperty: 'photo',
	waitMode: 'none',
	...extra,
});

/** Records upload bodies; each answers a URL named after the upload's position. */
function acceptUploads(path = '/api/v6/image_editing/base64_to_url', times = 1) {
	const bodies: IDataObject[] = [];
	nock(API)
		.post(path, (body: IDataObject) => {
			bodies.push(body);
			return true;
		})
		.times(times)
		.reply(200, () => ({
			status: 'success',
			id: 1,
			output: [`https://cdn.test/uploads/${bodies.length}.png`],
		}));
	return bodies;
}

function acceptSubmit(path: string) {
	const submitted: IDataObject[] = [];
	const scope = nock(API)
		.post(path, (body: IDataObject) => {
			submitted.push(body);
			return true;
		})
		.reply(200, { status: 'processing', id: 5, eta: 10 });
	return { submitted, scope };
}

test('every file field of every entry offers a binary property (catalogue-driven)', () => {
	const properties = new ModelsLab().description.properties;
	const named = (name: string) =>
		properties.filter((property: INodeProperties) => property.name === name);
	for (const entry of CATALOGUE) {
		for (const field of entry.required.filter((f) => f.type === 'url' || f.type === 'urlList')) {
			const at = (property: INodeProperties) =>
				property.displayOptions?.show?.operation?.includes(entry.operation) &&
				property.displayOptions?.show?.resource?.includes(entry.resource);
			expect([
				entry.operation,
				field.name,
				named(`${field.name}InputType`).filter(at).length,
			]).toEqual([entry.operation, field.name, 1]);
			expect([
				entry.operation,
				field.name,
				named(`${field.name}BinaryProperty`).filter(at).length,
			]).toEqual([entry.operation, field.name, 1]);
		}
		const additional = properties.find(
			(property) =>
				property.name === 'additionalFields' &&
				property.displayOptions?.show?.operation?.includes(entry.operation) &&
				property.displayOptions?.show?.resource?.includes(entry.resource),
		);
		for (const field of entry.optional.filter((f) => f.type === 'url' || f.type === 'urlList')) {
			const names = (additional?.options as INodeProperties[]).map((option) => option.name);
			expect([entry.operation, names]).toEqual([
				entry.operation,
				expect.arrayContaining([field.name, `${field.name}BinaryProperty`]),
			]);
		}
	}
});

test('a photo from the input item is uploaded and its URL sent as init_image', async () => {
	const uploads = acceptUploads();
	const { submitted } = acceptSubmit('/api/v6/images/img2img');
	const handle = await runModelsLab(env.n8n, imageToImage(), [
		withFiles({ photo: file(PNG, 'image/png', 'cat.png') }),
	]);
	expect(handle.status).toBe('success');
	expect(uploads).toEqual([
		{ key: 'test-key', init_image: `data:image/png;base64,${PNG.toString('base64')}` },
	]);
	expect(submitted[0].init_image).toBe('https://cdn.test/uploads/1.png');
	expect(submitted[0].prompt).toBe('make it winter');
});

test('v7 sends the uploaded URL in the array it expects', async () => {
	acceptUploads();
	const { submitted } = acceptSubmit('/api/v7/images/image-to-image');
	await runModelsLab(env.n8n, imageToImage({ apiVersion: 'v7' }), [
		withFiles({ photo: file(PNG, 'image/png', 'cat.png') }),
	]);
	expect(submitted[0].init_image).toEqual(['https://cdn.test/uploads/1.png']);
});

test('a list field takes several properties, in order', async () => {
	const uploads = acceptUploads(undefined, 2);
	const { submitted } = acceptSubmit('/api/v6/image_editing/qwen_edit');
	const jpeg = Buffer.from('ffd8ffe0', 'hex');
	await runModelsLab(
		env.n8n,
		{
			resource: 'imageEditing',
			operation: 'qwenEdit',
			prompt: 'mix',
			init_imageInputType: 'binary',
			init_imageBinaryProperty: 'a, b',
			waitMode: 'none',
		},
		[withFiles({ a: file(PNG, 'image/png', 'a.png'), b: file(jpeg, 'image/jpeg', 'b.jpg') })],
	);
	expect(uploads.map((body) => String(body.init_image).slice(0, 23))).toEqual([
		'data:image/png;base64,i',
		'data:image/jpeg;base64,',
	]);
	expect(submitted[0].init_image).toEqual([
		'https://cdn.test/uploads/1.png',
		'https://cdn.test/uploads/2.png',
	]);
});

test('an optional audio field from a binary property goes through the general upload endpoint', async () => {
	const uploads = acceptUploads('/api/v6/base64_to_url');
	const { submitted } = acceptSubmit('/api/v6/voice/song_generator');
	const mp3 = Buffer.from('494433030000', 'hex');
	await runModelsLab(
		env.n8n,
		{
			resource: 'audio',
			operation: 'songGenerator',
			additionalFields: { caption: 'calm piano', init_audioBinaryProperty: 'song' },
			waitMode: 'none',
		},
		[withFiles({ song: file(mp3, 'audio/mpeg', 'song.mp3') })],
	);
	expect(uploads[0].base64_string).toBe(`data:audio/mpeg;base64,${mp3.toString('base64')}`);
	expect(submitted[0].init_audio).toBe('https://cdn.test/uploads/1.png');
});

describe('refused before anything is uploaded or submitted', () => {
	function nothingSent() {
		const upload = nock(API)
			.post('/api/v6/image_editing/base64_to_url')
			.reply(200, { status: 'success', output: ['https://x.test/u.png'] });
		const submit = nock(API)
			.post('/api/v6/images/img2img')
			.reply(200, { status: 'processing', id: 9 });
		return () => {
			expect(upload.isDone()).toBe(false);
			expect(submit.isDone()).toBe(false);
		};
	}

	test('a missing binary property names the ones the item has', async () => {
		const check = nothingSent();
		const handle = await runModelsLab(env.n8n, imageToImage(), [
			withFiles({ data: file(PNG, 'image/png', 'cat.png') }),
		]);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe('Init Image: the input item has no binary property "photo"');
		expect(handle.error?.description).toBe('Its binary properties: data.');
		check();
	});

	test('a file of the wrong type', async () => {
		const check = nothingSent();
		const handle = await runModelsLab(env.n8n, imageToImage(), [
			withFiles({ photo: file(Buffer.from('%PDF-1.4'), 'application/pdf', 'scan.pdf') }),
		]);
		expect(handle.error?.message).toBe(
			'Init Image: binary property "photo" is application/pdf (scan.pdf), not an image',
		);
		check();
	});

	test("a file over ModelsLab's 5 MB upload limit, even when an earlier item's file is fine", async () => {
		const check = nothingSent();
		const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1);
		const handle = await runModelsLab(env.n8n, imageToImage(), [
			withFiles({ photo: file(PNG, 'image/png', 'ok.png') }),
			withFiles({ photo: file(big, 'image/png', 'big.png') }),
		]);
		expect(handle.error?.message).toBe(
			`Init Image: binary property "photo" is 5.0 MB, over ModelsLab's 5.0 MB upload limit`,
		);
		check();
	});

	test('with Continue On Fail only the bad item fails; the others are uploaded and submitted', async () => {
		acceptUploads();
		const { submitted } = acceptSubmit('/api/v6/images/img2img');
		const handle = await runModelsLab(
			env.n8n,
			imageToImage(),
			[
				withFiles({ photo: file(PNG, 'image/png', 'ok.png') }),
				withFiles({ other: file(PNG, 'image/png', 'x.png') }),
			],
			{ continueOnFail: true },
		);
		const items = handle.outputOf('ModelsLab');
		expect(submitted).toHaveLength(1);
		expect(items[1].json).toMatchObject({
			status: 'failed',
			error: 'Init Image: the input item has no binary property "photo"',
		});
	});
});

describe('Custom Endpoint: Binary Files', () => {
	const custom = (
		files: IDataObject[],
		body: IDataObject = { model_id: 'x', prompt: 'edit it' },
		path = '/v6/image_editing/custom_edit',
	): IDataObject => ({
		resource: 'job',
		operation: 'customEndpoint',
		method: 'POST',
		path,
		body: JSON.stringify(body),
		binaryFiles: { files },
		waitMode: 'none',
	});
	const mp3 = Buffer.from('494433030000', 'hex');

	test('an image row is uploaded and its URL sent under the Body Field; an audio row goes through the general upload', async () => {
		const images = acceptUploads();
		const audio = acceptUploads('/api/v6/base64_to_url');
		const { submitted } = acceptSubmit('/api/v6/image_editing/custom_edit');
		const handle = await runModelsLab(
			env.n8n,
			custom([
				{ field: 'init_image', property: 'photo', kind: 'image' },
				{ field: 'init_audio', property: 'voice', kind: 'audio' },
			]),
			[
				withFiles({
					photo: file(PNG, 'image/png', 'cat.png'),
					voice: file(mp3, 'audio/mpeg', 'voice.mp3'),
				}),
			],
		);
		expect(handle.status).toBe('success');
		expect(images).toEqual([
			{ key: 'test-key', init_image: `data:image/png;base64,${PNG.toString('base64')}` },
		]);
		expect(audio[0].base64_string).toBe(`data:audio/mpeg;base64,${mp3.toString('base64')}`);
		expect(submitted[0]).toMatchObject({
			prompt: 'edit it',
			init_image: 'https://cdn.test/uploads/1.png',
			init_audio: 'https://cdn.test/uploads/1.png',
		});
	});

	test('several properties in one row send a list of URLs, in order', async () => {
		acceptUploads(undefined, 2);
		const { submitted } = acceptSubmit('/api/v6/image_editing/custom_edit');
		await runModelsLab(env.n8n, custom([{ field: 'images', property: 'a, b', kind: 'image' }]), [
			withFiles({ a: file(PNG, 'image/png', 'a.png'), b: file(PNG, 'image/png', 'b.png') }),
		]);
		expect(submitted[0].images).toEqual([
			'https://cdn.test/uploads/1.png',
			'https://cdn.test/uploads/2.png',
		]);
	});

	test.each([
		[
			'a missing property',
			[{ field: 'init_image', property: 'photo', kind: 'image' }],
			{ other: file(PNG, 'image/png', 'x.png') },
			'Binary Files › init_image: the input item has no binary property "photo"',
		],
		[
			'a file of another kind than the row says',
			[{ field: 'init_audio', property: 'photo', kind: 'audio' }],
			{ photo: file(PNG, 'image/png', 'x.png') },
			'Binary Files › init_audio: binary property "photo" is image/png (x.png), not an audio',
		],
		[
			'an empty Body Field',
			[{ field: ' ', property: 'photo', kind: 'image' }],
			{ photo: file(PNG, 'image/png', 'x.png') },
			'Binary Files: every file needs a Body Field, e.g. init_image',
		],
		[
			'a field the node sets',
			[{ field: 'webhook', property: 'photo', kind: 'image' }],
			{ photo: file(PNG, 'image/png', 'x.png') },
			'Binary Files may not set "webhook"',
		],
		[
			'the same field in two rows',
			[
				{ field: 'init_image', property: 'photo', kind: 'image' },
				{ field: 'init_image', property: 'photo', kind: 'image' },
			],
			{ photo: file(PNG, 'image/png', 'x.png') },
			'Binary Files: "init_image" is in two rows; give each body field one row',
		],
		[
			'a field also in the Body',
			[{ field: 'prompt', property: 'photo', kind: 'image' }],
			{ photo: file(PNG, 'image/png', 'x.png') },
			'Body Field "prompt" is also in the Body: remove it from one of them',
		],
	])('%s stops the node before any request', async (_what, files, binary, message) => {
		const upload = nock(API)
			.post(/base64_to_url/)
			.reply(200, { status: 'success', output: ['https://x.test/u.png'] });
		const submit = nock(API)
			.post('/api/v6/image_editing/custom_edit')
			.reply(200, { status: 'processing', id: 9 });
		const handle = await runModelsLab(env.n8n, custom(files), [withFiles(binary)]);
		expect(handle.status).toBe('error');
		expect(handle.error?.message).toBe(message);
		expect(upload.isDone()).toBe(false);
		expect(submit.isDone()).toBe(false);
	});
});

test('Extra Body Fields cannot replace a field that comes from a binary file', async () => {
	const upload = nock(API)
		.post('/api/v6/image_editing/base64_to_url')
		.reply(200, { status: 'success', output: ['https://x.test/u.png'] });
	const handle = await runModelsLab(
		env.n8n,
		imageToImage({ options: { extraFields: '{"init_image": "https://elsewhere.test/a.png"}' } }),
		[withFiles({ photo: file(PNG, 'image/png', 'cat.png') })],
	);
	expect(handle.error?.message).toBe(
		'Extra Body Fields may not set "init_image": it comes from a binary file',
	);
	expect(upload.isDone()).toBe(false);
});
