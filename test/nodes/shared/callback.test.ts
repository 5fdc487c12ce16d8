import { InvalidPayloadError, parsePayload } from '../../../nodes/shared/payload';
import { dedupeKey, toItemJson } from '../../../nodes/shared/resultItem';

function rejection(input: unknown): InvalidPayloadError {
	try {
		parsePayload(input);
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidPayloadError);
		return error as InvalidPayloadError;
	}
	throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parsePayload: generation callbacks', () => {
	it('reads the documented success callback, with a numeric id normalised to a string', () => {
		const result = parsePayload({
			status: 'success',
			id: 123456,
			output: ['https://cdn.example/a.png'],
			proxy_links: ['https://proxy.example/a.png'],
			generationTime: 45.2,
			track_id: 'video_001',
			meta: { prompt: 'a fox', model_id: 'flux' },
		});
		expect(result).toMatchObject({
			outcome: 'success',
			kind: 'generation',
			id: '123456',
			trackId: 'video_001',
			output: ['https://cdn.example/a.png'],
			proxyLinks: ['https://proxy.example/a.png'],
			generationTime: 45.2,
			meta: { prompt: 'a fox', model_id: 'flux' },
		});
	});

	it('maps failed and error alike, and reads the misspelt messege', () => {
		expect(parsePayload({ status: 'failed', id: 'abc', message: 'bad size' })).toMatchObject({
			outcome: 'failed',
			message: 'bad size',
		});
		expect(parsePayload({ status: 'error', id: 'abc', messege: 'typo field' })).toMatchObject({
			outcome: 'failed',
			message: 'typo field',
		});
	});

	it('keeps processing callbacks apart as intermediate', () => {
		expect(parsePayload({ status: 'processing', id: 7, eta: 30 })).toMatchObject({
			outcome: 'processing',
			eta: 30,
		});
	});

	it('treats success without any output as a failure, so it is never mistaken for a result', () => {
		const result = parsePayload({ status: 'success', id: 1, output: [] });
		expect(result.outcome).toBe('failed');
		expect(result.message).toMatch(/no output/);
	});

	it('gives the same id for 42 and "42", so duplicates of either shape dedupe together', () => {
		expect(dedupeKey(parsePayload({ status: 'success', id: 42, output: ['u'] }))).toBe(
			dedupeKey(parsePayload({ status: 'success', id: '42', output: ['u'] })),
		);
	});
});

describe('parsePayload: training and workflow callbacks', () => {
	it('treats intermediate training stages as progress and model_ready as success', () => {
		const stage = parsePayload({
			status: 'success',
			training_status: 'deploying_gpu',
			logs: 'it will take upto 25 minutes',
			model_id: 'F5jv',
		});
		expect(stage).toMatchObject({
			outcome: 'processing',
			kind: 'training',
			id: 'F5jv',
			stage: 'deploying_gpu',
		});
		const done = parsePayload({
			status: 'success',
			training_status: 'model_ready',
			model_id: 'F5jv',
		});
		expect(done.outcome).toBe('success');
		expect(dedupeKey(stage)).not.toBe(dedupeKey(done));
	});

	it('reads the training submit answer, whose stage is in messege', () => {
		expect(
			parsePayload({
				status: 'success',
				messege: 'deploying_gpu',
				data: 'it will take upto 30 minutes.',
				training_id: 'T1',
			}),
		).toMatchObject({
			outcome: 'processing',
			id: 'T1',
			stage: 'deploying_gpu',
		});
	});

	it('reads both documented workflow shapes', () => {
		const envelope = parsePayload({
			event: 'workflow.completed',
			workflow: { id: 9, name: 'w' },
			execution: {
				id: 77,
				status: 'completed',
				output_data: { output: ['https://cdn.example/o.png'] },
			},
		});
		expect(envelope).toMatchObject({
			outcome: 'success',
			kind: 'workflow',
			id: '77',
			output: ['https://cdn.example/o.png'],
		});
		const flat = parsePayload({
			event: 'workflow.completed',
			execution_id: 'e1',
			workflow_id: 'w1',
			status: 'failed',
			error: 'node 3 crashed',
		});
		expect(flat).toMatchObject({ outcome: 'failed', id: 'e1', message: 'node 3 crashed' });
	});
});

describe('parsePayload: what is refused, and with which code', () => {
	it.each([
		[undefined, 400, /empty/],
		['', 400, /empty/],
		['not json', 415, /not JSON/],
		[Buffer.from('x'), 415, /not JSON/],
		[[{ status: 'success' }], 400, /JSON object, not an array/],
		[{}, 400, /empty JSON object/],
		[{ id: 1 }, 422, /no "status"/],
		[{ status: 'success', output: ['u'] }, 422, /no "id"/],
		[{ status: 5, id: 1 }, 422, /"status" must be a string/],
		[{ status: 'success', id: { a: 1 }, output: ['u'] }, 422, /"id" must be a number or a string/],
		[{ status: 'success', id: 1, output: [1, 2] }, 422, /"output\[0\]" must be a string/],
		[{ status: 'teleported', id: 1 }, 422, /Unknown status/],
		[{ status: 'success', id: 'x'.repeat(201), output: ['u'] }, 422, /longer than/],
	])('%j → %i', (input, code, message) => {
		const error = rejection(input);
		expect(error.httpCode).toBe(code);
		expect(error.message).toMatch(message);
	});

	it('refuses nesting deeper than 32 levels', () => {
		let deep: Record<string, unknown> = {};
		const body = { status: 'success', id: 1, output: ['u'], meta: deep };
		for (let i = 0; i < 40; i++) deep = deep.next = {};
		expect(rejection(body).message).toMatch(/nested/);
	});

	it('drops prototype-polluting keys instead of copying them', () => {
		const body = JSON.parse(
			'{"status":"success","id":1,"output":["u"],"meta":{"__proto__":{"polluted":true},"constructor":{"x":1},"ok":1}}',
		);
		const result = parsePayload(body);
		expect(result.meta).toEqual({ ok: 1 });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(result.raw.meta)).toBe(Object.prototype);
	});
});

describe('toItemJson', () => {
	it('gives users ModelsLab field names and the normalised status', () => {
		const json = toItemJson(
			parsePayload({
				status: 'success',
				id: 5,
				output: ['https://x/y.png'],
				track_id: 't',
				generationTime: 1.5,
			}),
		);
		expect(json).toMatchObject({
			status: 'success',
			id: '5',
			track_id: 't',
			output: ['https://x/y.png'],
			generationTime: 1.5,
			modelslab_status: 'success',
		});
		expect(json.raw).toMatchObject({ id: 5 });
	});
});
