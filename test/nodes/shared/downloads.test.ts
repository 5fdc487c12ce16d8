/**
 * Downloads in bounded memory (filesystem binary mode, n8n 2.x's default): files are streamed into
 * n8n's binary store, a file over Max File Size is refused from its Content-Length before its body
 * is read, and a body without one is stopped once it passes the limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import nock from 'nock';

import { readBinaryData } from '../../harness';
import { API, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

const MB = 1024 * 1024;
const SUBMIT = '/api/v6/images/text2img';

/** A job that answers success at once with these outputs (Don't Wait), so the node downloads them. */
function succeedWith(outputs: string[], extra: Record<string, unknown> = {}) {
	nock(API)
		.post(SUBMIT)
		.reply(200, { status: 'success', id: 77, output: outputs, ...extra });
}

/** A body of `total` bytes produced 64 KB at a time, counting what was asked of it. */
function producer(total: number, fill = 0x61) {
	const counter = { produced: 0 };
	const stream = new Readable({
		read() {
			if (counter.produced >= total) return void this.push(null);
			const size = Math.min(64 * 1024, total - counter.produced);
			counter.produced += size;
			this.push(Buffer.alloc(size, fill));
		},
	});
	return { stream, counter };
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('a file without Content-Length arrives intact, stored on disk rather than in the item', async () => {
	const bytes = randomBytes(3 * MB + 12345);
	succeedWith(['https://cdn.test/out/clip.mp4']);
	// A stream reply: nock sends it chunked, with no Content-Length.
	nock('https://cdn.test')
		.get('/out/clip.mp4')
		.reply(
			200,
			() =>
				Readable.from([bytes.subarray(0, MB), bytes.subarray(MB, 2 * MB), bytes.subarray(2 * MB)]),
			{
				'content-type': 'video/mp4',
			},
		);
	const handle = await runModelsLab(env.n8n, textToImage({ options: { maxFileSizeMb: 4 } }));
	expect(handle.status).toBe('success');
	const [item] = handle.outputOf('ModelsLab');
	expect(item.json.downloadErrors).toBeUndefined();
	const binary = item.binary!.data;
	expect(binary).toMatchObject({
		mimeType: 'video/mp4',
		fileName: 'clip.mp4',
		fileExtension: 'mp4',
	});
	expect(binary.id).toMatch(/^filesystem/); // a reference to the file n8n wrote, not base64 in the item
	expect(sha(await readBinaryData(binary))).toBe(sha(bytes));
});

test('a file exactly at the limit is kept; one byte over it is refused', async () => {
	succeedWith(['https://cdn.test/out/at.png', 'https://cdn.test/out/over.png']);
	nock('https://cdn.test')
		.get('/out/at.png')
		.reply(200, () => producer(MB).stream, { 'content-type': 'image/png' })
		.get('/out/over.png')
		.reply(200, () => producer(MB + 1).stream, { 'content-type': 'image/png' });
	const handle = await runModelsLab(env.n8n, textToImage({ options: { maxFileSizeMb: 1 } }));
	const [item] = handle.outputOf('ModelsLab');
	expect((await readBinaryData(item.binary!.data)).length).toBe(MB);
	expect(item.binary!.data_1).toBeUndefined();
	expect(item.json.downloadErrors).toEqual([
		expect.stringMatching(
			/^Output 1 could not be downloaded \(https:\/\/cdn\.test\/out\/over\.png: the file passed 1\.0 MB before it ended, over the 1\.0 MB limit \(raise "Max File Size"/,
		),
	]);
	expect(item.json.output).toEqual([
		'https://cdn.test/out/at.png',
		'https://cdn.test/out/over.png',
	]);
});

test('a file whose Content-Length is over the limit is refused from the headers, and its proxy link tried', async () => {
	succeedWith(['https://cdn.test/out/huge.mp4'], { proxy_links: ['https://proxy.test/huge.mp4'] });
	nock('https://cdn.test')
		.get('/out/huge.mp4')
		.reply(200, () => producer(3 * MB).stream, {
			'content-type': 'video/mp4',
			'content-length': String(3 * MB),
		});
	nock('https://proxy.test')
		.get('/huge.mp4')
		.reply(200, () => producer(3 * MB).stream, {
			'content-type': 'video/mp4',
			'content-length': String(3 * MB),
		});
	const handle = await runModelsLab(env.n8n, textToImage({ options: { maxFileSizeMb: 2 } }));
	const [item] = handle.outputOf('ModelsLab');
	expect(item.binary).toBeUndefined();
	const [message] = item.json.downloadErrors as string[];
	expect(message).toMatch(
		/huge\.mp4: the file is 3\.0 MB, over the 2\.0 MB limit.*proxy\.test\/huge\.mp4: the file is 3\.0 MB, over the 2\.0 MB limit/,
	);
});

test('a large JSON file (a glTF scene) is a file, not an error body', async () => {
	const scene = Buffer.from(
		JSON.stringify({ asset: { version: '2.0' }, extras: 'x'.repeat(200_000) }),
	);
	succeedWith(['https://cdn.test/out/scene.gltf']);
	nock('https://cdn.test')
		.get('/out/scene.gltf')
		.reply(200, () => Readable.from([scene]), { 'content-type': 'model/gltf+json' });
	const handle = await runModelsLab(env.n8n, textToImage());
	const [item] = handle.outputOf('ModelsLab');
	expect(item.json.downloadErrors).toBeUndefined();
	expect(await readBinaryData(item.binary!.data)).toEqual(scene);
});

/**
 * What the node reads is measured on a real loopback server, with nock switched off: nock reads a
 * reply stream to its end whatever the client does, and its interception drains a passed-through
 * socket too. The same server answers ModelsLab's submit, so no request goes through nock.
 */
describe('on a real connection', () => {
	let server: ReturnType<typeof createServer>;
	let base = '';
	let real: TestN8n;
	const file = { total: 0, headers: {} as Record<string, string> };
	const sent = { bytes: 0, closedEarly: false };

	beforeAll(async () => {
		nock.restore();
		server = createServer((request, response) => {
			if (request.method === 'POST') {
				response.writeHead(200, { 'content-type': 'application/json' });
				return void response.end(
					JSON.stringify({ status: 'success', id: 78, output: [`${base}/out/big.mp4`] }),
				);
			}
			response.writeHead(200, file.headers);
			const chunk = Buffer.alloc(64 * 1024, 0x62);
			const pump = () => {
				while (sent.bytes < file.total) {
					sent.bytes += chunk.length;
					if (!response.write(chunk)) return void response.once('drain', pump);
				}
				response.end();
			};
			response.on('close', () => {
				sent.closedEarly = sent.bytes < file.total;
			});
			pump();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		real = await startN8n({
			credentials: { modelsLabApi: { apiKey: 'test-key', baseUrl: `${base}/api` } },
		});
	});
	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
		nock.activate();
	});

	async function download(total: number, headers: Record<string, string>) {
		Object.assign(file, { total, headers });
		Object.assign(sent, { bytes: 0, closedEarly: false });
		const handle = await runModelsLab(real.n8n, textToImage({ options: { maxFileSizeMb: 1 } }));
		await new Promise((resolve) => setTimeout(resolve, 100));
		return handle.outputOf('ModelsLab')[0];
	}

	test('a body without Content-Length that passes the limit is stopped, not read to its end', async () => {
		const item = await download(512 * MB, { 'content-type': 'video/mp4' });
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadErrors).toEqual([
			expect.stringMatching(/big\.mp4: the file passed 1\.0 MB before it ended/),
		]);
		expect(sent.closedEarly).toBe(true);
		// Socket buffers let the server write somewhat past the limit, nowhere near the 512 MB.
		expect(sent.bytes).toBeLessThan(16 * MB);
	});

	test('a Content-Length over the limit is refused before the body is read', async () => {
		const item = await download(512 * MB, {
			'content-type': 'video/mp4',
			'content-length': String(512 * MB),
		});
		expect(item.json.downloadErrors).toEqual([
			expect.stringMatching(/the file is 512\.0 MB, over the 1\.0 MB limit/),
		]);
		expect(sent.closedEarly).toBe(true);
		expect(sent.bytes).toBeLessThan(16 * MB);
	});

	test('a JSON answer over 64 KB without Content-Length (judged from its start, then streamed) arrives whole', async () => {
		const item = await download(MB - 64 * 1024, { 'content-type': 'application/json' });
		expect(item.json.downloadErrors).toBeUndefined();
		const data = await readBinaryData(item.binary!.data);
		expect(data.length).toBe(MB - 64 * 1024);
		expect(data.every((byte) => byte === 0x62)).toBe(true);
		expect(item.binary!.data.mimeType).toBe('application/json');
	});

	test('a JSON answer without Content-Length that passes the limit is stopped, not read to its end', async () => {
		const item = await download(512 * MB, { 'content-type': 'application/json' });
		expect(item.json.downloadErrors).toEqual([
			expect.stringMatching(/big\.mp4: the file passed 1\.0 MB before it ended/),
		]);
		expect(sent.closedEarly).toBe(true);
		expect(sent.bytes).toBeLessThan(16 * MB);
	});

	test('a file under the limit on a real connection arrives whole', async () => {
		const item = await download(MB - 64 * 1024, { 'content-type': 'video/mp4' });
		expect(item.json.downloadErrors).toBeUndefined();
		const data = await readBinaryData(item.binary!.data);
		expect(data.length).toBe(MB - 64 * 1024);
		expect(data.every((byte) => byte === 0x62)).toBe(true);
		expect(sent.closedEarly).toBe(false);
	});
});
