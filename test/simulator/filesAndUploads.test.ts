/**
 * The simulator's large output files (`fileBytes:<n>`, generated as they are read) and its
 * base64-to-URL endpoints outside the catalogue, each in the shape ModelsLab documents.
 */
import { createSimulator, type RunningSimulator, type Simulator } from './server';
import { UPLOAD_ROUTES } from './uploads';

const KEY = 'sim-key';

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('simulator files and uploads', () => {
	let sim: Simulator;
	let running: RunningSimulator;

	beforeAll(async () => {
		sim = createSimulator({ delayMs: 10 });
		running = await sim.start();
	});
	afterAll(async () => {
		await running.close();
	});

	test('a job with fileBytes:<n> serves files of n bytes, the real file first, with their Content-Length', async () => {
		const size = 3 * 1024 * 1024 + 17;
		const submit = await post(`${running.baseUrl}/v6/images/text2img`, { key: KEY, prompt: `big [sim:fileBytes:${size},immediate]`, model_id: 'flux' });
		const url = (submit.body.output as string[])[0];
		const response = await fetch(url);
		expect(response.headers.get('content-length')).toBe(String(size));
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.length).toBe(size);
		expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		// Without the token, the small real file.
		const small = await post(`${running.baseUrl}/v6/images/text2img`, { key: KEY, prompt: 'small [sim:immediate]', model_id: 'flux' });
		const plain = Buffer.from(await (await fetch((small.body.output as string[])[0])).arrayBuffer());
		expect(plain.length).toBeLessThan(1000);
	});

	test('a client that stops reading a large file does not make the simulator send the rest', async () => {
		const submit = await post(`${running.baseUrl}/v6/images/text2img`, { key: KEY, prompt: '[sim:fileBytes:2000000000,immediate]', model_id: 'flux' });
		const controller = new AbortController();
		const response = await fetch((submit.body.output as string[])[0], { signal: controller.signal });
		const reader = response.body!.getReader();
		let got = 0;
		while (got < 1024 * 1024) got += (await reader.read()).value?.length ?? 0;
		controller.abort();
		// The simulator is still answering (it did not try to build 2 GB).
		const again = await post(`${running.baseUrl}/wallet_balance`, { key: KEY });
		expect(again.status).toBe(200);
	});

	test.each(UPLOAD_ROUTES.map((route) => [route.path, route.field] as const))('%s takes %s as a data URI and answers {status, id, output}', async (path, field) => {
		const answer = await post(`${running.baseUrl}${path}`, { key: KEY, [field]: `data:audio/wav;base64,${Buffer.from('RIFF....WAVE').toString('base64')}` });
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.body).sort()).toEqual(['id', 'output', 'status']);
		expect(answer.body.status).toBe('success');
		expect(typeof answer.body.id).toBe('number');
		const [url] = answer.body.output as string[];
		const file = await fetch(url);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('audio/wav');

		const bad = await post(`${running.baseUrl}${path}`, { key: KEY, [field]: 'not base64' });
		expect(bad).toEqual({ status: 400, body: { status: 'error', message: expect.stringContaining(field) } });
		expect((await post(`${running.baseUrl}${path}`, { key: 'wrong', [field]: 'x' })).status).toBe(401);
	});

	test('the general endpoint refuses a file over its documented 5 MB', async () => {
		const data = Buffer.alloc(5 * 1024 * 1024 + 1, 1).toString('base64');
		const over = await post(`${running.baseUrl}/v6/base64_to_url`, { key: KEY, base64_string: `data:image/png;base64,${data}` });
		expect(over.status).toBe(400);
		expect(over.body.status).toBe('error');
		const at = Buffer.alloc(5 * 1024 * 1024, 1).toString('base64');
		expect((await post(`${running.baseUrl}/v6/base64_to_url`, { key: KEY, base64_string: `data:image/png;base64,${at}` })).status).toBe(200);
	});
});
