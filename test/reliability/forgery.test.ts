/**
 * Forgery and replay against the action node's resume webhook (issue "Reliability and security
 * under load, faults and hostile input", suite 2), over real HTTP in the harness n8n.
 *
 * Two executions wait at once (A with two items, B with one) so that secrets, ids and item
 * indexes can be crossed between them. Every attempt is counted; one is "accepted" when it is
 * answered 2xx or changes anything (an execution stops waiting, runs again, or resumes with
 * other data). Goal: `forgery: tried N, accepted 0`, and afterwards the genuine callbacks still
 * resume both executions with their own results.
 *
 * RELIABILITY_SCALE scales the random parts; FC_SEED fixes the seed.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { encodeKnown } from '../../nodes/ModelsLab/modes/callback/knownIds';
import { callbackSecret, itemToken } from '../../nodes/ModelsLab/modes/callback/token';
import type { ExecutionHandle } from '../harness/workflow';
import {
	API_KEY,
	acceptSubmits,
	finished,
	runModelsLab,
	startN8n,
	textToImage,
	useNock,
} from '../nodes/setup';
import type { TestN8n } from '../nodes/setup';
import { CrashWatch, fcParams, runs, send, timeoutFor } from './http';
import type { RawAnswer, RawRequest } from './http';

// The same two waiting executions are attacked test after test.
useNock({ keepWaits: true });
const watch = new CrashWatch();

const NODE = 'ModelsLab';
const success = (id: number | string, extra: IDataObject = {}): IDataObject => ({
	status: 'success',
	id,
	output: [`https://cdn.test/out/${String(id)}.png`],
	...extra,
});

interface Waiting {
	handle: ExecutionHandle;
	/** The callback URL ModelsLab was given, per item. */
	urls: string[];
	ids: number[];
	token: string;
}

async function startWaiting(n8n: TestN8n['n8n'], firstId: number, items = 1): Promise<Waiting> {
	const bodies = acceptSubmits(items, firstId);
	const handle = await runModelsLab(
		n8n,
		textToImage({ options: { downloadFiles: false } }),
		Array.from({ length: items }, (_, index) => ({ json: { index } })),
	);
	expect(handle.status).toBe('waiting');
	const urls = bodies.map((body) => String(body.webhook));
	return {
		handle,
		urls,
		ids: urls.map((_, index) => firstId + index),
		token: new URL(urls[0]).searchParams.get('mlToken')!,
	};
}

function edit(url: string, change: (url: URL) => void): string {
	const copy = new URL(url);
	change(copy);
	return copy.toString();
}

const tally = { tried: 0, accepted: 0, fiveXx: 0 };
const byKind = new Map<string, { tried: number; accepted: number }>();
const problems: string[] = [];

let env: TestN8n;
let A: Waiting;
let B: Waiting;

beforeAll(async () => {
	watch.install();
	env = await startN8n();
	A = await startWaiting(env.n8n, 8100, 2);
	B = await startWaiting(env.n8n, 8200, 1);
});

afterAll(() => {
	watch.uninstall();
	const kinds = [...byKind]
		.map(([kind, counts]) => `${kind} ${counts.accepted}/${counts.tried}`)
		.join(', ');
	console.log(
		`forgery: tried ${tally.tried}, accepted ${tally.accepted}` +
			`\n  (accepted/tried by kind: ${kinds}; 5xx ${tally.fiveXx}; crashes ${watch.crashes.length})` +
			(problems.length ? `\n  first problems:\n  - ${problems.slice(0, 8).join('\n  - ')}` : ''),
	);
});

/**
 * One forgery attempt against a waiting execution: it must be answered 4xx and leave every
 * execution in `watching` waiting.
 */
async function attempt(
	kind: string,
	url: string,
	body: unknown,
	request: RawRequest = {},
	watching: Waiting[] = [A, B],
): Promise<RawAnswer> {
	const answer = await send(url, {
		contentType: 'application/json',
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...request,
	});
	const counts = byKind.get(kind) ?? { tried: 0, accepted: 0 };
	byKind.set(kind, counts);
	counts.tried++;
	tally.tried++;
	const moved = watching.filter((waiting) => waiting.handle.status !== 'waiting');
	if (answer.error || answer.status >= 500) tally.fiveXx++;
	if (answer.error || answer.status < 400 || answer.status >= 500 || moved.length) {
		counts.accepted++;
		tally.accepted++;
		if (problems.length < 20) {
			problems.push(
				`${kind}: ${url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')} ${JSON.stringify(body).slice(0, 100)} → ${answer.status} ${answer.text.slice(0, 100)}` +
					(moved.length
						? `; execution ${moved.map((waiting) => waiting.handle.executionId).join(', ')} no longer waiting`
						: ''),
			);
		}
	}
	return answer;
}

const acceptedOf = (...kinds: string[]) =>
	kinds.reduce((sum, kind) => sum + (byKind.get(kind)?.accepted ?? 0), 0);

test('the secret is what it should be (so the forgeries below are the real thing)', () => {
	// Each item's URL carries its own token: an HMAC of the item under the secret of the
	// execution's wait (its id is in the URL, mlWait; a loop's next wait has another).
	const waitOf = (url: string) => new URL(url).searchParams.get('mlWait') ?? '';
	expect(waitOf(A.urls[0])).toMatch(/^[0-9a-f]{12}$/);
	expect(itemToken(callbackSecret(API_KEY, A.handle.executionId, NODE, waitOf(A.urls[0])), 0)).toBe(
		A.token,
	);
	expect(itemToken(callbackSecret(API_KEY, B.handle.executionId, NODE, waitOf(B.urls[0])), 0)).toBe(
		B.token,
	);
	expect(itemToken(callbackSecret(API_KEY, A.handle.executionId, NODE), 0)).not.toBe(A.token);
	expect(A.token).not.toBe(B.token);
	expect(new URL(A.urls[1]).searchParams.get('mlToken')).toBe(
		itemToken(callbackSecret(API_KEY, A.handle.executionId, NODE, waitOf(A.urls[0])), 1),
	);
	expect(new URL(A.urls[1]).searchParams.get('mlToken')).not.toBe(A.token);
});

test("one item's token does not open another item", async () => {
	await attempt(
		"other item's token",
		edit(A.urls[1], (url) => url.searchParams.set('mlToken', A.token)),
		success(A.ids[1]),
	);
	await attempt(
		"other item's token",
		edit(A.urls[0], (url) => url.searchParams.set('mlItem', '1')),
		success(A.ids[1]),
	);
	expect(acceptedOf("other item's token")).toBe(0);
});

test('no secret, an empty one, or a placeholder', async () => {
	const genuine = success(A.ids[0]);
	await attempt(
		'no secret',
		edit(A.urls[0], (url) => url.searchParams.delete('mlToken')),
		genuine,
	);
	for (const value of ['', ' ', 'undefined', 'null', '0', 'true', '[]', '{}']) {
		await attempt(
			'no secret',
			edit(A.urls[0], (url) => url.searchParams.set('mlToken', value)),
			genuine,
		);
	}
	// Without n8n's own signature as well.
	await attempt(
		'no secret',
		edit(A.urls[0], (url) => {
			url.searchParams.delete('mlToken');
			url.searchParams.delete('signature');
		}),
		genuine,
	);
	expect(acceptedOf('no secret')).toBe(0);
});

test(
	'wrong secrets: random, one character off, truncated, extended, re-cased, repeated, or sent elsewhere than the URL',
	async () => {
		const genuine = success(A.ids[0]);
		const withToken = (token: string) =>
			edit(A.urls[0], (url) => url.searchParams.set('mlToken', token));
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.string({ maxLength: 80 })),
				async (token) => {
					fc.pre(token !== A.token);
					await attempt('wrong secret', withToken(token), genuine);
				},
			),
			fcParams(runs(100)),
		);
		for (let position = 0; position < A.token.length; position++) {
			const flipped = A.token[position] === '0' ? '1' : '0';
			await attempt(
				'wrong secret',
				withToken(A.token.slice(0, position) + flipped + A.token.slice(position + 1)),
				genuine,
			);
		}
		for (const token of [
			A.token.slice(0, -1),
			A.token.slice(1),
			`${A.token}0`,
			`${A.token} `,
			A.token.toUpperCase(),
			A.token.repeat(2),
		]) {
			await attempt('wrong secret', withToken(token), genuine);
		}
		// The right secret twice, or with a wrong one: a list, not a string.
		await attempt(
			'wrong secret',
			edit(A.urls[0], (url) => url.searchParams.append('mlToken', A.token)),
			genuine,
		);
		await attempt(
			'wrong secret',
			edit(A.urls[0], (url) => url.searchParams.append('mlToken', 'f'.repeat(40))),
			genuine,
		);
		// The secret offered in a header, a cookie or the body, not in the URL.
		const noToken = edit(A.urls[0], (url) => url.searchParams.delete('mlToken'));
		await attempt('wrong secret', noToken, genuine, {
			headers: {
				'x-mltoken': A.token,
				authorization: `Bearer ${A.token}`,
				cookie: `mlToken=${A.token}`,
			},
		});
		await attempt('wrong secret', noToken, { ...genuine, mlToken: A.token, mlItem: 0 });
		expect(acceptedOf('wrong secret')).toBe(0);
	},
	timeoutFor(10000),
);

/** What the node answers when the token itself is refused (modes/callback/webhook.ts), before the body is read. */
const TOKEN_REFUSED = /only accepts ModelsLab callbacks for the jobs it submitted/;
/** An id not submitted, posted to test a token: refused only after the token check, with this message. */
const NOT_SUBMITTED = 999999;
const notSubmitted = (item: number) =>
	new RegExp(
		`^\\{"error":"Request ${NOT_SUBMITTED} was not submitted by this execution for item ${item}"\\}$`,
	);

test('forged tokens of the right form (an item token under an execution secret): a guessed key, another execution or node, another item, an edited mlKnown list', async () => {
	const kind = 'forged HMAC';
	// The right body for item 0 (A's own job id): with any of these tokens let through, item 0
	// would take this result. Only the token stands between each forgery and the execution.
	const genuine = success(A.ids[0]);
	const id = A.handle.executionId;
	// Each wait has its own id (in the URL, mlWait) and secret: a loop's next wait shares nothing with this one.
	const waitA = new URL(A.urls[0]).searchParams.get('mlWait') ?? '';
	const right = callbackSecret(API_KEY, id, NODE, waitA);
	const secretB = callbackSecret(
		API_KEY,
		B.handle.executionId,
		NODE,
		new URL(B.urls[0]).searchParams.get('mlWait') ?? '',
	);
	const setToken = (url: URL, token: string) => url.searchParams.set('mlToken', token);
	// The batch's ids as a process that submitted them would carry them (modes/callback/knownIds.ts), and the same list edited.
	const known = encodeKnown(A.ids.map(String), 0);
	const editedKnown = encodeKnown([String(A.ids[0]), String(NOT_SUBMITTED)], 0);
	expect(known).not.toBe(editedKnown);
	const wrongSecrets = [
		callbackSecret('', id, NODE, waitA),
		callbackSecret('guessed-key', id, NODE, waitA),
		callbackSecret(`${API_KEY} `, id, NODE, waitA),
		callbackSecret(API_KEY.slice(0, -1), id, NODE, waitA),
		callbackSecret(API_KEY, id, 'ModelsLab1', waitA),
		callbackSecret(API_KEY, id, 'modelslab', waitA),
		callbackSecret(API_KEY, String(Number(id) + 1), NODE, waitA),
		callbackSecret(API_KEY, String(Number(id) - 1), NODE, waitA),
		callbackSecret(API_KEY, `${id} `, NODE, waitA),
		// The secret of this execution and node without the wait's id, or under another wait's id (an earlier loop round).
		callbackSecret(API_KEY, id, NODE),
		callbackSecret(API_KEY, id, NODE, '000000000000'),
	];
	const forgeries: Array<[string, string]> = [
		...wrongSecrets.map((secret, n): [string, string] => [
			`item 0's token under wrong secret ${n}`,
			edit(A.urls[0], (url) => setToken(url, itemToken(secret, 0))),
		]),
		[
			"another execution's item 0 token (B's)",
			edit(A.urls[0], (url) => setToken(url, itemToken(secretB, 0))),
		],
		["item 1's token on item 0", edit(A.urls[0], (url) => setToken(url, itemToken(right, 1)))],
		["item 0's token on item 1", edit(A.urls[1], (url) => setToken(url, itemToken(right, 0)))],
		[
			'the execution secret itself, not an item token',
			edit(A.urls[0], (url) => setToken(url, right)),
		],
		[
			'an mlKnown list added to the genuine URL',
			edit(A.urls[0], (url) => url.searchParams.set('mlKnown', known)),
		],
		[
			'a token signed over one mlKnown list, carrying an edited one',
			edit(A.urls[0], (url) => {
				url.searchParams.set('mlKnown', editedKnown);
				setToken(url, itemToken(right, 0, known));
			}),
		],
		...wrongSecrets.slice(0, 3).map((secret, n): [string, string] => [
			`an mlKnown list signed under wrong secret ${n}`,
			edit(A.urls[0], (url) => {
				url.searchParams.set('mlKnown', known);
				setToken(url, itemToken(secret, 0, known));
			}),
		]),
		[
			"item 0's token and mlKnown list from B",
			edit(A.urls[0], (url) => {
				url.searchParams.set('mlKnown', known);
				setToken(url, itemToken(secretB, 0, known));
			}),
		],
	];
	for (const [what, url] of forgeries) {
		// The right form: one token of 40 hex digits, as the node writes them; not a string that could never be one.
		expect(new URL(url).searchParams.getAll('mlToken')).toEqual([
			expect.stringMatching(/^[0-9a-f]{40}$/),
		]);
		const answer = await attempt(kind, url, genuine);
		expect([what, answer.status, answer.text]).toEqual([
			what,
			403,
			expect.stringMatching(TOKEN_REFUSED),
		]);
	}
	expect(acceptedOf(kind)).toBe(0);

	// Controls: every construction above, with the right key, execution, node, item and list,
	// gets through the token check. It is the token ModelsLab was given (A's genuine callbacks
	// resume A with it at the end of this file), and posting it here with an id A did not submit
	// is refused only afterwards, by the id check: so each forgery was refused for its token alone.
	expect(itemToken(right, 0)).toBe(A.token);
	expect(itemToken(right, 1)).toBe(new URL(A.urls[1]).searchParams.get('mlToken'));
	expect(itemToken(secretB, 0)).toBe(B.token);
	const controls: Array<[string, string, number]> = [
		[
			"item 0's token under the right secret",
			edit(A.urls[0], (url) => setToken(url, itemToken(right, 0))),
			0,
		],
		[
			"item 1's token under the right secret",
			edit(A.urls[1], (url) => setToken(url, itemToken(right, 1))),
			1,
		],
		["B's item 0 token on B", edit(B.urls[0], (url) => setToken(url, itemToken(secretB, 0))), 0],
		[
			'an mlKnown list signed under the right secret',
			edit(A.urls[0], (url) => {
				url.searchParams.set('mlKnown', known);
				setToken(url, itemToken(right, 0, known));
			}),
			0,
		],
	];
	for (const [what, url, item] of controls) {
		const answer = await attempt(`${kind} (control)`, url, success(NOT_SUBMITTED));
		expect([what, answer.status, answer.text]).toEqual([
			what,
			403,
			expect.stringMatching(notSubmitted(item)),
		]);
	}
	expect(acceptedOf(`${kind} (control)`)).toBe(0);
});

test("another execution's secret: cross-posting between two waiting executions", async () => {
	const bodyA = success(A.ids[0]);
	const bodyB = success(B.ids[0]);
	const kind = 'cross-execution';
	// B's secret on A's URL, with A's genuine body (and the other way round).
	await attempt(
		kind,
		edit(A.urls[0], (url) => url.searchParams.set('mlToken', B.token)),
		bodyA,
	);
	await attempt(
		kind,
		edit(B.urls[0], (url) => url.searchParams.set('mlToken', A.token)),
		bodyB,
	);
	// A complete, genuine URL of one execution with the other's genuine body.
	await attempt(kind, B.urls[0], bodyA);
	await attempt(kind, A.urls[0], bodyB);
	await attempt(kind, A.urls[1], bodyB);
	// B's URL (signature and secret) pointed at A's execution, and A's path with B's signature.
	await attempt(
		kind,
		edit(B.urls[0], (url) => (url.pathname = new URL(A.urls[0]).pathname)),
		bodyA,
	);
	await attempt(
		kind,
		edit(A.urls[0], (url) =>
			url.searchParams.set('signature', new URL(B.urls[0]).searchParams.get('signature')!),
		),
		bodyA,
	);
	await attempt(
		kind,
		edit(A.urls[0], (url) => {
			url.searchParams.set('signature', new URL(B.urls[0]).searchParams.get('signature')!);
			url.searchParams.set('mlToken', B.token);
		}),
		bodyA,
	);
	expect(acceptedOf(kind)).toBe(0);
});

test(
	'ids this execution did not submit (for this item), with the right secret',
	async () => {
		const kind = 'foreign id';
		const named: unknown[] = [
			A.ids[1], // A's other item
			B.ids[0], // the other execution's job
			String(B.ids[0]),
			999999,
			-A.ids[0],
			A.ids[0] * 10,
			A.ids[0] + 0.5,
			`0${A.ids[0]}`,
			`${A.ids[0]}.0`,
			`${A.ids[0]} x`,
			`${A.ids[0]}\u0000`,
			`${A.ids[0]}\u200b`,
			'８１００',
			`+${A.ids[0]}`,
			`${A.ids[0]}e0`,
		];
		for (const id of named) await attempt(kind, A.urls[0], success(id as string));
		// The right id in a field that does not carry it, with a wrong one where it belongs.
		await attempt(kind, A.urls[0], success(999, { request_id: A.ids[0] }));
		await attempt(kind, A.urls[0], {
			status: 'success',
			training_id: 999,
			training_status: 'model_ready',
			model_id: A.ids[0],
		});
		await attempt(kind, A.urls[0], {
			...success(999),
			meta: { id: A.ids[0] },
			track_id: String(A.ids[0]),
		});
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.integer(),
					fc.string({ minLength: 1, maxLength: 40 }),
					fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
				),
				async (id) => {
					fc.pre(String(id).trim() !== '' && String(id).trim() !== String(A.ids[0]));
					await attempt(kind, A.urls[0], success(id));
				},
			),
			fcParams(runs(150)),
		);
		expect(acceptedOf(kind)).toBe(0);
	},
	timeoutFor(10000),
);

test(
	'a valid callback posted with a different item index',
	async () => {
		const kind = 'other item';
		const item = (index: string) => edit(A.urls[0], (url) => url.searchParams.set('mlItem', index));
		// Each genuine body (item 0 → 8100, item 1 → 8101) to every index that is not its own.
		const indexes = [
			'0',
			'1',
			'2',
			'99',
			'-1',
			'1.5',
			'abc',
			'',
			' 1',
			'0x1',
			'1e0',
			'-0',
			'00',
			'NaN',
			'Infinity',
			'4294967296',
		];
		for (const index of indexes) {
			const numeric = Number(index);
			for (const own of [0, 1]) {
				if (numeric === own) continue;
				await attempt(kind, item(index), success(A.ids[own]));
			}
		}
		// No index at all, or two.
		await attempt(
			kind,
			edit(A.urls[0], (url) => url.searchParams.delete('mlItem')),
			success(A.ids[0]),
		);
		await attempt(
			kind,
			edit(A.urls[0], (url) => url.searchParams.append('mlItem', '1')),
			success(A.ids[0]),
		);
		// Item 1's genuine URL with item 0's genuine body, and the other way round.
		await attempt(kind, A.urls[1], success(A.ids[0]));
		await attempt(kind, A.urls[0], success(A.ids[1]));
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 12 }), fc.constantFrom(0, 1), async (index, own) => {
				fc.pre(Number(index) !== own);
				await attempt(kind, item(index), success(A.ids[own]));
			}),
			fcParams(runs(50)),
		);
		expect(acceptedOf(kind)).toBe(0);
	},
	timeoutFor(10000),
);

test('another method or path on the genuine URL', async () => {
	const kind = 'other method/path';
	for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
		await attempt(kind, A.urls[0], success(A.ids[0]), { method });
	}
	await attempt(
		kind,
		edit(A.urls[0], (url) => (url.pathname += '/extra')),
		success(A.ids[0]),
	);
	await attempt(
		kind,
		edit(A.urls[0], (url) => (url.pathname += '/..')),
		success(A.ids[0]),
	);
	expect(acceptedOf(kind)).toBe(0);
});

test('replays of a genuine callback to a finished execution (and a replay storm): never a second run', async () => {
	const kind = 'replay';
	const C = await startWaiting(env.n8n, 8300, 1);
	const genuine = success(C.ids[0]);
	const first = await send(C.urls[0], {
		contentType: 'application/json',
		body: JSON.stringify(genuine),
	});
	expect(first).toMatchObject({ status: 200, json: { received: true, resumed: true } });
	await finished(C.handle);
	const output = JSON.stringify(C.handle.outputOf('Success'));
	const replays: unknown[] = [
		genuine,
		genuine,
		genuine,
		success(C.ids[0], { status: 'failed' }),
		{ status: 'processing', id: C.ids[0] },
	];
	for (const body of replays) {
		const answer = await attempt(kind, C.urls[0], body, {}, [A, B]);
		expect(answer.status).toBe(409);
	}
	expect(C.handle.runsOf('Success')).toHaveLength(1);
	expect(JSON.stringify(C.handle.outputOf('Success'))).toBe(output);

	// A replay storm on a waiting execution: ten copies of its genuine callback at once.
	const D = await startWaiting(env.n8n, 8400, 1);
	const storm = await Promise.all(
		Array.from(
			{ length: 10 },
			async () =>
				await send(D.urls[0], {
					contentType: 'application/json',
					body: JSON.stringify(success(D.ids[0])),
				}),
		),
	);
	await finished(D.handle);
	await new Promise((resolve) => setTimeout(resolve, 100));
	const resumed = storm.filter((answer) => answer.json?.resumed === true).length;
	const counts = byKind.get(kind)!;
	counts.tried += storm.length - 1;
	tally.tried += storm.length - 1;
	const extraRuns = D.handle.runsOf('Success').length - 1;
	const fiveXx = storm.filter((answer) => answer.status >= 500 || answer.error).length;
	if (extraRuns > 0 || resumed !== 1 || fiveXx > 0) {
		const accepted = Math.max(extraRuns, resumed - 1, 0) + fiveXx;
		counts.accepted += accepted;
		tally.accepted += accepted;
		tally.fiveXx += fiveXx;
		problems.push(
			`replay storm: answers ${storm.map((answer) => answer.status).join(',')}, Success ran ${D.handle.runsOf('Success').length}×`,
		);
	}
	expect(resumed).toBe(1);
	expect(D.handle.runsOf('Success')).toHaveLength(1);
	// The other copies were acknowledged as duplicates or refused by n8n, never a 5xx.
	for (const answer of storm) expect([200, 409]).toContain(answer.status);

	// A replay after the wait timed out.
	const E = await startWaiting(env.n8n, 8500, 1);
	await env.n8n.expireWait(E.handle.executionId, { force: true });
	await finished(E.handle);
	const late = await attempt(kind, E.urls[0], success(E.ids[0]), {}, [A, B]);
	expect(late.status).toBe(409);
	expect(E.handle.outputOf('Success').map((item) => item.json)).toEqual([{ index: 0 }]);
	expect(acceptedOf(kind)).toBe(0);
});

test('after all that, the genuine callbacks still resume both executions with their own results', async () => {
	expect([A.handle.status, B.handle.status]).toEqual(['waiting', 'waiting']);
	const first = await send(A.urls[1], {
		contentType: 'application/json',
		body: JSON.stringify(success(A.ids[1])),
	});
	expect(first.json).toMatchObject({ received: true, waitingFor: 1 });
	expect(A.handle.status).toBe('waiting');
	const second = await send(A.urls[0], {
		contentType: 'application/json',
		body: JSON.stringify(success(A.ids[0])),
	});
	expect(second.json).toMatchObject({ received: true, resumed: true });
	const third = await send(B.urls[0], {
		contentType: 'application/json',
		body: JSON.stringify(success(B.ids[0])),
	});
	expect(third.json).toMatchObject({ received: true, resumed: true });
	await finished(A.handle);
	await finished(B.handle);
	expect(
		A.handle.outputOf('Success').map((item) => [item.pairedItem, item.json.id, item.json.output]),
	).toEqual([
		[{ item: 0 }, '8100', ['https://cdn.test/out/8100.png']],
		[{ item: 1 }, '8101', ['https://cdn.test/out/8101.png']],
	]);
	expect(B.handle.outputOf('Success').map((item) => [item.json.id, item.json.output])).toEqual([
		['8200', ['https://cdn.test/out/8200.png']],
	]);
	expect(A.handle.runsOf('Success')).toHaveLength(1);
	expect(B.handle.runsOf('Success')).toHaveLength(1);
});

test('summary: forgery accepted 0', () => {
	expect(watch.crashes).toEqual([]);
	expect(problems).toEqual([]);
	expect(tally.accepted).toBe(0);
	expect(tally.tried).toBeGreaterThanOrEqual(
		300 * Math.min(1, Number(process.env.RELIABILITY_SCALE ?? '1')),
	);
});
