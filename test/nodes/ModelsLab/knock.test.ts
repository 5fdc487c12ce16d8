/**
 * The knock on the execution's own resume URL (modes/callback/knock.ts), the only thing that recovers the
 * last jobs of a batch when their callbacks are lost. One failed knock must not end it: a knock
 * not answered, or answered 429/5xx, is sent again with backoff; only n8n saying the execution is
 * no longer waiting (or a refusal of the knock itself) stops it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { armKnock, knockBackoffMs } from '../../../nodes/ModelsLab/modes/callback/knock';
import { newBatch } from '../../../nodes/ModelsLab/batch/scheduler';
import type { WaitRecord } from '../../../nodes/ModelsLab/modes/callback/waits';
import {
	forgetAllWaits,
	recordKey,
	rememberWait,
} from '../../../nodes/ModelsLab/modes/callback/waits';

const KEY = recordKey('execution-1', 'ModelsLab', 'a1b2c3d4e5f6');

function waitingBatch(): WaitRecord {
	const record: WaitRecord = {
		ids: ['job-1', 'job-2'],
		fetch: ['imagesV6', 'imagesV6'],
		authoritative: true,
		results: new Map(),
		errors: new Map(),
		createdAt: Date.now(),
		batch: newBatch(2),
		resumeUrl: 'https://n8n.example.com/webhook-waiting/1?signature=abc',
		waitId: 'a1b2c3d4e5f6',
		secret: 'execution-secret',
	};
	// Both jobs overdue: their callbacks are lost.
	record.batch!.dueAt.set(0, Date.now());
	record.batch!.dueAt.set(1, Date.now());
	rememberWait(KEY, record);
	return record;
}

type Answer = { statusCode: number } | Error;

/**
 * A ctx whose httpRequest answers each knock with the next answer (the last one repeats),
 * recording when. Like n8n's, it throws on a non-2xx status (an error with `response.status`)
 * unless asked to ignore status errors, and returns the full response only when asked to.
 */
function fakeCtx(answers: Answer[]) {
	const at: number[] = [];
	const warnings: string[] = [];
	const httpRequest = jest.fn(
		async (options: { ignoreHttpStatusErrors?: boolean; returnFullResponse?: boolean }) => {
			at.push(Date.now());
			const answer = answers[Math.min(at.length - 1, answers.length - 1)];
			if (answer instanceof Error) throw answer;
			const ok = answer.statusCode >= 200 && answer.statusCode < 300;
			if (!ok && options.ignoreHttpStatusErrors !== true) {
				throw Object.assign(new Error(`Request failed with status code ${answer.statusCode}`), {
					response: { status: answer.statusCode },
				});
			}
			return options.returnFullResponse
				? { statusCode: answer.statusCode, body: {}, headers: {} }
				: {};
		},
	);
	const ctx = {
		helpers: { httpRequest },
		logger: {
			debug: jest.fn(),
			info: jest.fn(),
			error: jest.fn(),
			warn: jest.fn((message: string) => warnings.push(message)),
		},
	} as unknown as IExecuteFunctions;
	return { ctx, httpRequest, at, warnings };
}

beforeEach(() => {
	jest.useFakeTimers({ now: new Date('2026-12-06T03:00:00Z') });
});
afterEach(() => {
	forgetAllWaits();
	jest.useRealTimers();
});

test('a knock that is not answered once is sent again 2 s later; once answered, later knocks are still armed', async () => {
	const record = waitingBatch();
	const { ctx, httpRequest, at, warnings } = fakeCtx([
		new Error('connect ECONNREFUSED 127.0.0.1:5678'),
		{ statusCode: 200 },
	]);
	armKnock(ctx, KEY, record);
	await jest.advanceTimersByTimeAsync(0);
	expect(httpRequest).toHaveBeenCalledTimes(1);
	await jest.advanceTimersByTimeAsync(1999);
	expect(httpRequest).toHaveBeenCalledTimes(1);
	await jest.advanceTimersByTimeAsync(1);
	expect(httpRequest).toHaveBeenCalledTimes(2);
	expect(at[1] - at[0]).toBe(2000);
	expect(warnings[0]).toMatch(/not answered; knocking again in 2 s/);
	// Both knocks went to the execution's own resume URL, with the tick token.
	for (const [options] of httpRequest.mock.calls as unknown as Array<
		[{ url: string; method: string }]
	>) {
		expect(options).toMatchObject({ method: 'POST' });
		expect(new URL(options.url).searchParams.get('mlItem')).toBe('tick');
		expect(new URL(options.url).searchParams.get('mlWait')).toBe('a1b2c3d4e5f6');
	}
	// The knocked run found the jobs still running and armed the next knock (modes/callback/webhook.ts does
	// this): it is sent, where before the first failure had stopped knocking for good.
	record.batch!.dueAt.set(0, Date.now() + 15_000);
	armKnock(ctx, KEY, record);
	await jest.advanceTimersByTimeAsync(15_000);
	expect(httpRequest).toHaveBeenCalledTimes(3);
});

test('5xx and 429 answers are knocked again after 2, 4, 8, 16, 32 s, then every 60 s', async () => {
	const record = waitingBatch();
	const { ctx, at } = fakeCtx([
		{ statusCode: 503 },
		{ statusCode: 500 },
		{ statusCode: 429 },
		{ statusCode: 502 },
	]);
	armKnock(ctx, KEY, record);
	await jest.advanceTimersByTimeAsync(5 * 60_000);
	const gaps = at.slice(1).map((time, index) => time - at[index]);
	expect(gaps.slice(0, 7)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
	expect(knockBackoffMs(1)).toBe(2000);
	expect(knockBackoffMs(30)).toBe(60000);
	// A result that ends the batch stops the knocking at once.
	const sent = at.length;
	record.results.set(0, {
		outcome: 'success',
		status: 'success',
		id: 'job-1',
		output: [],
		kind: 'generation',
		raw: {},
	} as never);
	record.results.set(1, {
		outcome: 'success',
		status: 'success',
		id: 'job-2',
		output: [],
		kind: 'generation',
		raw: {},
	} as never);
	await jest.advanceTimersByTimeAsync(5 * 60_000);
	expect(at.length).toBe(sent);
});

test("a knock that keeps failing stops after the batch's 240 knocks", async () => {
	const record = waitingBatch();
	const { ctx, httpRequest, warnings } = fakeCtx([{ statusCode: 503 }]);
	armKnock(ctx, KEY, record);
	await jest.advanceTimersByTimeAsync(5 * 60 * 60_000);
	expect(httpRequest).toHaveBeenCalledTimes(240);
	expect(warnings.at(-1)).toMatch(/stopped knocking .* after 240 knocks/);
	armKnock(ctx, KEY, record);
	await jest.advanceTimersByTimeAsync(60 * 60_000);
	expect(httpRequest).toHaveBeenCalledTimes(240);
});

test.each([404, 409, 410, 401, 403])(
	'an answer %i (no longer waiting, or the knock refused) stops knocking',
	async (statusCode) => {
		const record = waitingBatch();
		const { ctx, httpRequest } = fakeCtx([{ statusCode }]);
		armKnock(ctx, KEY, record);
		await jest.advanceTimersByTimeAsync(10 * 60_000);
		expect(httpRequest).toHaveBeenCalledTimes(1);
		armKnock(ctx, KEY, record);
		await jest.advanceTimersByTimeAsync(10 * 60_000);
		expect(httpRequest).toHaveBeenCalledTimes(1);
	},
);
