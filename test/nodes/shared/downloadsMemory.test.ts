/**
 * Downloads in n8n's in-memory binary mode (n8n 1.x's default): the stream is stored inline as
 * base64 and the size limit still stops it.
 */
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import nock from 'nock';

import { readBinaryData } from '../../harness';
import { API, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n({ binaryDataMode: 'memory' });
});

const MB = 1024 * 1024;

test('a streamed file is kept inline, intact; one past the limit is refused', async () => {
	const bytes = randomBytes(MB / 2);
	nock(API)
		.post('/api/v6/images/text2img')
		.reply(200, {
			status: 'success',
			id: 5,
			output: ['https://cdn.test/ok.png', 'https://cdn.test/big.png'],
		});
	nock('https://cdn.test')
		.get('/ok.png')
		.reply(200, () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
			'content-type': 'image/png',
		})
		.get('/big.png')
		.reply(200, () => Readable.from([randomBytes(MB), randomBytes(MB)]), {
			'content-type': 'image/png',
		});
	const handle = await runModelsLab(env.n8n, textToImage({ options: { maxFileSizeMb: 1 } }));
	const [item] = handle.outputOf('ModelsLab');
	expect(item.binary!.data.id).toBeUndefined();
	expect(item.binary!.data.data).toBe(bytes.toString('base64'));
	expect(await readBinaryData(item.binary!.data)).toEqual(bytes);
	expect(item.binary!.data_1).toBeUndefined();
	expect(item.json.downloadErrors).toEqual([
		expect.stringMatching(/big\.png: the file passed 1\.0 MB before it ended/),
	]);
});
