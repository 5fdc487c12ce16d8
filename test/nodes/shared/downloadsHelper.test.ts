/**
 * What a download reads, and who fetches it, measured at the request helper: `downloadOutputs`
 * with a node context whose `helpers.httpRequest` is a stand-in. A JSON answer that may be a
 * ModelsLab error is judged from its first 64 KB, never buffered whole; every file is fetched
 * through the helper n8n gives the node (where n8n applies its SSRF protection), and a refusal
 * from it is the item's download error, with what to do about it.
 */
import { Readable } from 'node:stream';
import nock from 'nock';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { downloadOutputs } from '../../../nodes/shared/binary';
import type { ModelsLabResult } from '../../../nodes/shared/payload';

const KB = 1024;
const MB = 1024 * KB;

/** A body of `total` bytes produced 64 KB at a time on demand, counting what was asked of it. */
function producer(total: number, fill = 0x20) {
	const counter = { produced: 0 };
	const stream = new Readable({
		read() {
			if (counter.produced >= total) return void this.push(null);
			const size = Math.min(64 * KB, total - counter.produced);
			counter.produced += size;
			this.push(Buffer.alloc(size, fill));
		},
	});
	return { stream, counter };
}

function resultWith(output: string[], proxyLinks: string[] = []): ModelsLabResult {
	return { outcome: 'success', output, proxyLinks } as unknown as ModelsLabResult;
}

interface Answer {
	body: Readable;
	headers: IDataObject;
}

/**
 * A node context: `httpRequest` answers from `answer` (or throws what it throws); the store reads
 * the stream to its end and records what the source had produced when it was handed the body.
 */
function context(answer: (options: IHttpRequestOptions) => Answer | Promise<Answer>) {
	const calls: IHttpRequestOptions[] = [];
	const stores: Array<{ stored: Buffer }> = [];
	const seen = { atStore: -1 };
	let onStore: () => void = () => undefined;
	const ctx = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				return await answer(options);
			},
			prepareBinaryData: async (
				data: Buffer | Readable,
				fileName?: string,
				mimeType?: string,
			): Promise<IBinaryData> => {
				onStore();
				const chunks: Buffer[] = [];
				if (Buffer.isBuffer(data)) chunks.push(data);
				else for await (const chunk of data) chunks.push(chunk as Buffer);
				const stored = Buffer.concat(chunks);
				stores.push({ stored });
				return {
					data: '',
					mimeType: mimeType ?? '',
					fileName,
					fileSize: String(stored.length),
				} as IBinaryData;
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls, stores, seen, setOnStore: (fn: () => void) => (onStore = fn) };
}

describe('a JSON answer that may be an error body', () => {
	test('one larger than 64 KB is judged from its first 64 KB and streamed to the store, not buffered whole', async () => {
		// A glTF scene sent as application/json without Content-Length: 8 MB, under Max File Size.
		const source = producer(8 * MB);
		const { ctx, stores, seen, setOnStore } = context(() => ({
			body: source.stream,
			headers: { 'content-type': 'application/json' },
		}));
		setOnStore(() => (seen.atStore = source.counter.produced));
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/out/scene.gltf']), {
			maxBytes: 200 * MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([]);
		// When the store was handed the body, only the sniff's 64 KB and a few chunks of read-ahead had been produced (192 KB on Node 20), not 8 MB.
		expect(seen.atStore).toBeGreaterThan(64 * KB);
		expect(seen.atStore).toBeLessThanOrEqual(256 * KB);
		// And the store got all of it, the sniffed bytes first.
		expect(stores).toHaveLength(1);
		expect(stores[0].stored.length).toBe(8 * MB);
		expect(stores[0].stored.every((byte) => byte === 0x20)).toBe(true);
	});

	test('one larger than 64 KB and over Max File Size is stopped at the limit, counting the sniffed bytes', async () => {
		const source = producer(64 * MB);
		const { ctx } = context(() => ({
			body: source.stream,
			headers: { 'content-type': 'application/json; charset=utf-8' },
		}));
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/out/big.json']), {
			maxBytes: MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([
			expect.stringMatching(
				/big\.json: the file passed 1\.0 MB before it ended, over the 1\.0 MB limit/,
			),
		]);
		expect(source.counter.produced).toBeLessThan(2 * MB);
	});

	test('a ModelsLab error in a 200, split over several chunks, is still seen whole and refused', async () => {
		const text = JSON.stringify({
			status: 'error',
			message: 'File expired',
			padding: 'x'.repeat(40 * KB),
		});
		const parts = [text.slice(0, 1000), text.slice(1000, 30_000), text.slice(30_000)].map((part) =>
			Buffer.from(part),
		);
		const { ctx, stores } = context(() => ({
			body: Readable.from(parts),
			headers: { 'content-type': 'application/json' },
		}));
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/out/a.png']), {
			maxBytes: 200 * MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([
			expect.stringMatching(/a\.png: answered status "error" instead of the file: File expired/),
		]);
		expect(stores).toHaveLength(0);
	});

	test('a JSON file of exactly 64 KB is read whole and kept', async () => {
		const body = Buffer.alloc(64 * KB, 0x20);
		const { ctx, stores } = context(() => ({
			body: Readable.from([body.subarray(0, 10), body.subarray(10)]),
			headers: { 'content-type': 'application/json' },
		}));
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/out/small.json']), {
			maxBytes: 200 * MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([]);
		expect(stores[0].stored.equals(body)).toBe(true);
	});
});

describe('the request helper', () => {
	beforeEach(() => nock.disableNetConnect());
	afterEach(() => {
		nock.cleanAll();
		nock.enableNetConnect();
	});
	afterAll(() => nock.restore());

	test('fetches every file, output URL then proxy link, with a streamed response', async () => {
		const { ctx, calls } = context((options) => ({
			body: Readable.from([Buffer.from(`file ${options.url}`)]),
			headers: { 'content-type': 'image/png' },
		}));
		const outcome = await downloadOutputs(
			ctx,
			resultWith(['https://cdn.test/a.png', 'https://cdn.test/b.png']),
			{ maxBytes: MB, property: 'data' },
		);
		expect(outcome.errors).toEqual([]);
		expect(calls.map(({ url, method, encoding }) => ({ url, method, encoding }))).toEqual([
			{ url: 'https://cdn.test/a.png', method: 'GET', encoding: 'stream' },
			{ url: 'https://cdn.test/b.png', method: 'GET', encoding: 'stream' },
		]);
	});

	test('a URL the helper refuses (n8n SSRF protection) is a download error that says so, and nothing is fetched around it', async () => {
		// What n8n 2.41's helper throws for a blocked address (@n8n/backend-network SsrfBlockedIpError).
		const refusal = Object.assign(
			new Error('The request was blocked because it resolves to a restricted IP address'),
			{
				name: 'SsrfBlockedIpError',
				description:
					"The target '10.0.0.5' is not allowed. This is a security measure to prevent Server-Side Request Forgery (SSRF).",
			},
		);
		const { ctx, calls, stores } = context(() => {
			throw refusal;
		});
		const outcome = await downloadOutputs(
			ctx,
			resultWith(['http://10.0.0.5/admin.png'], ['http://169.254.169.254/latest/meta-data']),
			{
				maxBytes: MB,
				property: 'data',
			},
		);
		expect(calls.map(({ url }) => url)).toEqual([
			'http://10.0.0.5/admin.png',
			'http://169.254.169.254/latest/meta-data',
		]);
		expect(stores).toHaveLength(0);
		expect(outcome.binary).toEqual({});
		expect(outcome.errors).toHaveLength(1);
		const [message] = outcome.errors;
		expect(message).toMatch(
			/^Output 0 could not be downloaded \(http:\/\/10\.0\.0\.5\/admin\.png: The request was blocked because it resolves to a restricted IP address/,
		);
		expect(message).toMatch(/N8N_SSRF_ALLOWED_HOSTNAMES|N8N_SSRF_ALLOWED_IP_RANGES/);
	});

	test('a refusal the HTTP client wraps (at a redirect: its cause of a cause) is recognised too', async () => {
		const refusal = Object.assign(
			new Error('The request was blocked because it resolves to a restricted IP address'),
			{ name: 'SsrfBlockedIpError' },
		);
		const redirect = Object.assign(new Error(`Redirected request failed: ${refusal.message}`), {
			name: 'RedirectionError',
			cause: refusal,
		});
		const wrapped = Object.assign(new Error(redirect.message), {
			name: 'AxiosError',
			cause: redirect,
		});
		const { ctx } = context(() => {
			throw wrapped;
		});
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/hop.png']), {
			maxBytes: MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([
			"Output 0 could not be downloaded (https://cdn.test/hop.png: Redirected request failed: The request was blocked because it resolves to a restricted IP address: n8n's SSRF protection refused this address (an n8n administrator can allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES))",
		]);
	});

	test('any other failure keeps its own message, without the SSRF note', async () => {
		const { ctx } = context(() => {
			throw Object.assign(new Error('connect ECONNREFUSED 203.0.113.9:443'), {
				name: 'AxiosError',
				cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
			});
		});
		const outcome = await downloadOutputs(ctx, resultWith(['https://cdn.test/gone.png']), {
			maxBytes: MB,
			property: 'data',
		});
		expect(outcome.errors).toEqual([
			'Output 0 could not be downloaded (https://cdn.test/gone.png: connect ECONNREFUSED 203.0.113.9:443)',
		]);
	});
});
