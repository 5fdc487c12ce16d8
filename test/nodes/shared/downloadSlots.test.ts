/**
 * Downloads that do not pile up (issue 25): one execution streams at most DOWNLOADS_AT_ONCE files
 * at a time, whichever path asked for them, and queues the rest; other executions do not wait.
 * Measured at the file server: how many file requests are open (asked for, body not yet sent)
 * at the same moment.
 */
import { Readable } from 'node:stream';
import nock from 'nock';

import {
	DOWNLOADS_AT_ONCE,
	executionKey,
	executionsDownloading,
	inDownloadSlot,
} from '../../../nodes/shared/downloadSlots';
import { readBinaryData } from '../../harness';
import { API, PNG, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('inDownloadSlot', () => {
	test('runs at most `limit` at once per key, in the order asked, and frees a failed one', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const work = (n: number) => async () => {
			started.push(n);
			running++;
			most = Math.max(most, running);
			await sleep(15);
			running--;
			if (n === 1) throw new Error('download 1 failed');
			return n;
		};
		const results = await Promise.allSettled(
			[0, 1, 2, 3, 4, 5].map(async (n) => await inDownloadSlot('execution:a', work(n), 2)),
		);
		expect(most).toBe(2);
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
		expect(results[1]).toMatchObject({ status: 'rejected' });
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
		expect(executionsDownloading()).toBe(0);
	});

	test("another execution's downloads do not wait for these slots", async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const busy = [0, 1].map(
			async () => await inDownloadSlot('execution:busy', async () => await held, 2),
		);
		let otherRan = false;
		await inDownloadSlot(
			'execution:other',
			async () => {
				otherRan = true;
			},
			2,
		);
		expect(otherRan).toBe(true);
		release();
		await Promise.all(busy);
	});

	test('the key is the execution id, the same for every context of one execution', () => {
		expect(executionKey({ getExecutionId: () => '41' })).toBe(
			executionKey({ getExecutionId: () => '41' }),
		);
		expect(executionKey({ getExecutionId: () => '41' })).not.toBe(
			executionKey({ getExecutionId: () => '42' }),
		);
	});
});

describe('a batch whose jobs all end at once', () => {
	useNock();
	let env: TestN8n;
	beforeAll(async () => {
		env = await startN8n({ binaryDataMode: 'filesystem' });
	});

	/** File `name` of 4 chunks sent 20 ms apart; `open` counts requests whose body has not ended. */
	function slowFiles(names: string[]) {
		const seen = { open: 0, most: 0, served: 0 };
		for (const name of names) {
			nock('https://cdn.test')
				.get(`/${name}`)
				.reply(
					200,
					() => {
						seen.open++;
						seen.most = Math.max(seen.most, seen.open);
						let sent = 0;
						return new Readable({
							read() {
								if (sent === 4) {
									seen.open--;
									seen.served++;
									return void this.push(null);
								}
								sent++;
								setTimeout(() => this.push(sent === 1 ? PNG : Buffer.alloc(1024, sent)), 20);
							},
						});
					},
					{ 'content-type': 'image/png' },
				);
		}
		return seen;
	}

	test(`six results answered at once are downloaded ${DOWNLOADS_AT_ONCE} at a time, every file whole`, async () => {
		let id = 700;
		nock(API)
			.post('/api/v6/images/text2img')
			.times(6)
			.reply(200, () => ({ status: 'success', id: ++id, output: [`https://cdn.test/${id}.png`] }));
		const seen = slowFiles([701, 702, 703, 704, 705, 706].map((n) => `${n}.png`));
		const handle = await runModelsLab(
			env.n8n,
			textToImage({ options: { concurrency: 6 } }),
			Array.from({ length: 6 }, () => ({ json: {} })),
		);
		const items = handle.outputOf('ModelsLab');
		expect(items).toHaveLength(6);
		expect(seen.served).toBe(6);
		// Never more than the slots (without them all six stream at once), and every slot is used.
		expect(seen.most).toBe(DOWNLOADS_AT_ONCE);
		for (const [index, item] of items.entries()) {
			expect(item.json.id).toBe(String(701 + index));
			expect((await readBinaryData(item.binary!.data)).length).toBe(PNG.length + 3 * 1024);
		}
		expect(executionsDownloading()).toBe(0);
	});

	test('one job with five outputs: the same limit, files in output order', async () => {
		const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => `800/${letter}.png`);
		nock(API)
			.post('/api/v6/images/text2img')
			.reply(200, {
				status: 'success',
				id: 800,
				output: names.map((n) => `https://cdn.test/${n}`),
			});
		const seen = slowFiles(names);
		const handle = await runModelsLab(env.n8n, textToImage());
		const [item] = handle.outputOf('ModelsLab');
		expect(seen.served).toBe(5);
		expect(seen.most).toBe(DOWNLOADS_AT_ONCE);
		expect(Object.keys(item.binary!)).toEqual(['data', 'data_1', 'data_2', 'data_3', 'data_4']);
		expect(item.binary!.data_3.fileName).toBe('d.png');
	});
});
