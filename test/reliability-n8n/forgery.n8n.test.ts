/**
 * Forgery and replay against a real n8n (issue 6, suite 2 in a real n8n; the in-process version is
 * test/reliability/forgery.test.ts). Two executions wait on ModelsLab callbacks (A with two items,
 * B with one; `[sim:lost,delay:600000]`, so the simulator never calls back and only the test's posts reach them),
 * a third (C) has already finished. Forged callbacks go to their resume URLs, and tokenless or
 * wrong-token callbacks to the ModelsLab Trigger. An attempt is "accepted" when it is answered 2xx
 * or anything moves in n8n's database: an execution stops waiting or changes status, or a new one
 * starts (a resume, a second run, a trigger emission). Goal: accepted 0, no 5xx; afterwards the
 * genuine callbacks still resume A and B with their own results, and the trigger still emits.
 */
import { randomBytes } from 'node:crypto';
import { encodeKnown } from '../../nodes/ModelsLab/modes/callback/knownIds';
import { callbackSecret, itemToken } from '../../nodes/ModelsLab/modes/callback/token';
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import {
	SIM_KEY,
	finalBody,
	jobFor,
	readOut,
	startRun,
	startStack,
	waitForActions,
	type Stack,
} from '../e2e/support/stack';
import {
	N,
	PATHS,
	TRIGGER_PATH,
	TRIGGER_TOKEN,
	TRIGGER_WORKFLOW_ID,
} from '../e2e/support/workflows';
import { itemsOn, keepLog, seconds } from './support/executions';
import type { SimJob } from '../../scripts/simulator/server';

/** The wait a callback URL belongs to: its secret is keyed on it (modes/callback/token.ts). */
const waitOf = (url: string): string => new URL(url).searchParams.get('mlWait') ?? '';

interface Waiting {
	executionId: string;
	prompts: string[];
	jobs: SimJob[];
	/** The callback URL ModelsLab was given, per item. */
	urls: string[];
	ids: Array<number | string>;
	token: string;
}

type Body = Record<string, unknown>;

const edit = (url: string, change: (url: URL) => void): string => {
	const copy = new URL(url);
	change(copy);
	return copy.toString();
};
const hex40 = () => randomBytes(20).toString('hex');
/** What the node answers when the token itself is refused (modes/callback/webhook.ts), before the body is read. */
const TOKEN_REFUSED = /only accepts ModelsLab callbacks for the jobs it submitted/;
/** An id not submitted, posted to test a token: refused only after the token check, with this message. */
const NOT_SUBMITTED = 999999;
const notSubmitted = (item: number) =>
	new RegExp(
		`^\\{"error":"Request ${NOT_SUBMITTED} was not submitted by this execution for item ${item}"\\}$`,
	);

describe.each(E2E_VERSIONS)('forgery and replay in real n8n %s', (version) => {
	let stack: Stack;
	let A: Waiting;
	let B: Waiting;
	let C: Waiting;
	let firstId = '0';
	let suiteStart = 0;
	const tally = { tried: 0, accepted: 0, fiveXx: 0 };
	const byKind = new Map<string, { tried: number; accepted: number }>();
	const codes = new Map<number, number>();
	const problems: string[] = [];
	let genuineResumed = 0;

	async function startWaiting(prompts: string[]): Promise<Waiting> {
		const afterId = await startRun(stack, PATHS.image, prompts);
		const waiting = await waitForActions(stack, afterId, 'waiting', N.image);
		const jobs = await Promise.all(prompts.map((prompt) => jobFor(stack, prompt)));
		const urls = jobs.map((job) => job.webhook!);
		return {
			executionId: waiting.id,
			prompts,
			jobs,
			urls,
			ids: jobs.map((job) => job.id),
			token: new URL(urls[0]).searchParams.get('mlToken')!,
		};
	}

	/** Every execution since the suite began, as `id:status`; A and B waiting, C done, nothing else. */
	async function snapshot(): Promise<string> {
		const rows = await stack.n8n.dbQuery(
			'SELECT id, status FROM execution_entity WHERE id > ? ORDER BY id',
			[Number(firstId)],
		);
		return rows.map((row: Body) => `${String(row.id)}:${String(row.status)}`).join(',');
	}
	let expected = '';

	const forged = (id: unknown, extra: Body = {}): Body => ({
		status: 'success',
		id,
		output: [`${stack.simServer.url}/files/forged-0.png`],
		meta: { prompt: 'forged' },
		...extra,
	});

	/** One forged post, counted; its status and the text n8n answered. */
	async function attemptRead(
		kind: string,
		url: string,
		body: Body | string,
		init: { headers?: Record<string, string> } = {},
	): Promise<{ status: number; text: string }> {
		let status: number;
		let text = '';
		try {
			const res = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...init.headers },
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
			text = await res.text();
			status = res.status;
		} catch (error) {
			status = 0;
			problems.push(`${kind}: no answer (${(error as Error).message})`);
		}
		const counts = byKind.get(kind) ?? { tried: 0, accepted: 0 };
		byKind.set(kind, counts);
		counts.tried++;
		tally.tried++;
		codes.set(status, (codes.get(status) ?? 0) + 1);
		if (status === 0 || status >= 500) tally.fiveXx++;
		const now = await snapshot();
		const moved = now !== expected;
		if ((status >= 200 && status < 300) || moved) {
			counts.accepted++;
			tally.accepted++;
			const path = url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
			problems.push(
				`${kind}: ${path} ${JSON.stringify(body).slice(0, 80)} → ${status}${moved ? `; executions now ${now}` : ''}`,
			);
			expected = now; // report each change once
		}
		return { status, text };
	}
	const attempt = async (
		kind: string,
		url: string,
		body: Body | string,
		init: { headers?: Record<string, string> } = {},
	): Promise<number> => (await attemptRead(kind, url, body, init)).status;
	const acceptedOf = (kind: string) => byKind.get(kind)?.accepted ?? 0;

	beforeAll(async () => {
		suiteStart = Date.now();
		assertInstalled(version);
		stack = await startStack(version);
		firstId = await stack.n8n.lastExecutionId();
		A = await startWaiting([
			'forgery A item 0 [sim:lost,delay:600000]',
			'forgery A item 1 [sim:lost,delay:600000]',
		]);
		B = await startWaiting(['forgery B [sim:lost,delay:600000]']);
		// C: a genuine job that completes normally; its callback is replayed once it has finished.
		const cAfter = await startRun(stack, PATHS.image, ['forgery C, finished']);
		const cDone = await waitForActions(stack, cAfter, 'success', N.write);
		const cJob = await jobFor(stack, 'forgery C, finished');
		C = {
			executionId: cDone.id,
			prompts: ['forgery C, finished'],
			jobs: [cJob],
			urls: [cJob.webhook!],
			ids: [cJob.id],
			token: '',
		};
		C.token = new URL(C.urls[0]).searchParams.get('mlToken')!;
		expected = await snapshot();
		expect(expected).toBe(
			[`${A.executionId}:waiting`, `${B.executionId}:waiting`, `${C.executionId}:success`].join(
				',',
			),
		);
	}, 240000);

	afterAll(async () => {
		const kinds = [...byKind].map(([kind, c]) => `${kind} ${c.accepted}/${c.tried}`).join(', ');
		const answered = [...codes]
			.sort(([a], [b]) => a - b)
			.map(([code, n]) => `${code}×${n}`)
			.join(' ');
		console.log(
			`forgery (${version}): tried ${tally.tried}, accepted ${tally.accepted}, 5xx ${tally.fiveXx}, genuine resumed ${genuineResumed}/2, ${seconds(Date.now() - suiteStart)}` +
				`\n  accepted/tried by kind: ${kinds}\n  answers: ${answered}` +
				(problems.length ? `\n  problems:\n  - ${problems.slice(0, 10).join('\n  - ')}` : ''),
		);
		keepLog(stack?.n8n, 'forgery');
		await stack?.dispose();
	});

	test('the secrets are the real thing (per item: an HMAC of the item index under the HMAC of execution and node under the key), different per execution and item', () => {
		const secretA = callbackSecret(SIM_KEY, A.executionId, N.image, waitOf(A.urls[0]));
		expect(itemToken(secretA, 0)).toBe(A.token);
		expect(itemToken(callbackSecret(SIM_KEY, B.executionId, N.image, waitOf(B.urls[0])), 0)).toBe(
			B.token,
		);
		expect(new Set([A.token, B.token, C.token]).size).toBe(3);
		expect(new URL(A.urls[1]).searchParams.get('mlToken')).toBe(itemToken(secretA, 1));
		expect(itemToken(secretA, 1)).not.toBe(A.token);
		if (!version.startsWith('1.'))
			expect(new URL(A.urls[0]).searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
	});

	test('no secret: missing, empty or a placeholder (and, on 2.x, without n8n’s signature too)', async () => {
		const body = forged(A.ids[0]);
		await attempt(
			'no secret',
			edit(A.urls[0], (u) => u.searchParams.delete('mlToken')),
			body,
		);
		for (const value of ['', ' ', 'undefined', 'null', '0', 'true', '[]', '{}']) {
			await attempt(
				'no secret',
				edit(A.urls[0], (u) => u.searchParams.set('mlToken', value)),
				body,
			);
		}
		await attempt(
			'no secret',
			edit(A.urls[0], (u) => {
				u.searchParams.delete('mlToken');
				u.searchParams.delete('signature');
			}),
			body,
		);
		expect(acceptedOf('no secret')).toBe(0);
	});

	test('wrong secret: random, one character off, truncated, extended, re-cased, repeated, or not in the URL', async () => {
		const body = forged(A.ids[0]);
		const withToken = (token: string) =>
			edit(A.urls[0], (u) => u.searchParams.set('mlToken', token));
		for (let i = 0; i < 40; i++) await attempt('wrong secret', withToken(hex40()), body);
		for (let position = 0; position < A.token.length; position++) {
			const flipped = A.token[position] === '0' ? '1' : '0';
			await attempt(
				'wrong secret',
				withToken(A.token.slice(0, position) + flipped + A.token.slice(position + 1)),
				body,
			);
		}
		for (const token of [
			A.token.slice(0, -1),
			A.token.slice(1),
			`${A.token}0`,
			`${A.token} `,
			A.token.toUpperCase(),
			A.token.repeat(2),
			A.token.slice(0, 20),
		]) {
			await attempt('wrong secret', withToken(token), body);
		}
		await attempt(
			'wrong secret',
			edit(A.urls[0], (u) => u.searchParams.append('mlToken', A.token)),
			body,
		);
		await attempt(
			'wrong secret',
			edit(A.urls[0], (u) => u.searchParams.append('mlToken', hex40())),
			body,
		);
		const noToken = edit(A.urls[0], (u) => u.searchParams.delete('mlToken'));
		await attempt('wrong secret', noToken, body, {
			headers: {
				'x-mltoken': A.token,
				authorization: `Bearer ${A.token}`,
				cookie: `mlToken=${A.token}`,
			},
		});
		await attempt('wrong secret', noToken, { ...body, mlToken: A.token, mlItem: 0 });
		expect(acceptedOf('wrong secret')).toBe(0);
	});

	test('forged tokens of the right form (an item token under an execution secret): a guessed key, another execution or node, another item, an edited mlKnown list', async () => {
		const kind = 'forged HMAC';
		// The right body for item 0 (A's own job id): with any of these tokens let through, item 0
		// would take this result. Only the token stands between each forgery and the execution.
		const body = forged(A.ids[0]);
		const id = A.executionId;
		const waitA = waitOf(A.urls[0]);
		const right = callbackSecret(SIM_KEY, id, N.image, waitA);
		const secretB = callbackSecret(SIM_KEY, B.executionId, N.image, waitOf(B.urls[0]));
		const setToken = (u: URL, token: string) => u.searchParams.set('mlToken', token);
		// The batch's ids as a process that submitted them would carry them (modes/callback/knownIds.ts), and the same list edited.
		const known = encodeKnown(A.ids.map(String), 0);
		const editedKnown = encodeKnown([String(A.ids[0]), String(NOT_SUBMITTED)], 0);
		expect(known).not.toBe(editedKnown);
		const wrongSecrets = [
			callbackSecret('', id, N.image, waitA),
			callbackSecret('guessed-key', id, N.image, waitA),
			callbackSecret(`${SIM_KEY} `, id, N.image, waitA),
			callbackSecret(SIM_KEY.slice(0, -1), id, N.image, waitA),
			callbackSecret(SIM_KEY, id, `${N.image}1`, waitA),
			callbackSecret(SIM_KEY, id, N.poll, waitA),
			callbackSecret(SIM_KEY, String(Number(id) + 1), N.image, waitA),
			callbackSecret(SIM_KEY, String(Number(id) - 1), N.image, waitA),
			callbackSecret(SIM_KEY, `${id} `, N.image, waitA),
			// This execution and node without the wait's id, or under another wait's (an earlier loop round).
			callbackSecret(SIM_KEY, id, N.image),
			callbackSecret(SIM_KEY, id, N.image, '000000000000'),
		];
		const withKnown = (list: string, token: string) => (u: URL) => {
			u.searchParams.set('mlKnown', list);
			setToken(u, token);
		};
		const forgeries: Array<[string, string]> = [
			...wrongSecrets.map((secret, n): [string, string] => [
				`item 0's token under wrong secret ${n}`,
				edit(A.urls[0], (u) => setToken(u, itemToken(secret, 0))),
			]),
			[
				"another execution's item 0 token (B's)",
				edit(A.urls[0], (u) => setToken(u, itemToken(secretB, 0))),
			],
			[
				"the finished execution's item 0 token (C's)",
				edit(A.urls[0], (u) =>
					setToken(
						u,
						itemToken(callbackSecret(SIM_KEY, C.executionId, N.image, waitOf(C.urls[0])), 0),
					),
				),
			],
			["item 1's token on item 0", edit(A.urls[0], (u) => setToken(u, itemToken(right, 1)))],
			["item 0's token on item 1", edit(A.urls[1], (u) => setToken(u, itemToken(right, 0)))],
			[
				'the execution secret itself, not an item token',
				edit(A.urls[0], (u) => setToken(u, right)),
			],
			[
				'an mlKnown list added to the genuine URL',
				edit(A.urls[0], (u) => u.searchParams.set('mlKnown', known)),
			],
			[
				'a token signed over one mlKnown list, carrying an edited one',
				edit(A.urls[0], withKnown(editedKnown, itemToken(right, 0, known))),
			],
			...wrongSecrets
				.slice(0, 3)
				.map((secret, n): [string, string] => [
					`an mlKnown list signed under wrong secret ${n}`,
					edit(A.urls[0], withKnown(known, itemToken(secret, 0, known))),
				]),
			[
				"item 0's token and mlKnown list from B",
				edit(A.urls[0], withKnown(known, itemToken(secretB, 0, known))),
			],
		];
		for (const [what, url] of forgeries) {
			// The right form: one token of 40 hex digits, as the node writes them; not a string that could never be one.
			expect(new URL(url).searchParams.getAll('mlToken')).toEqual([
				expect.stringMatching(/^[0-9a-f]{40}$/),
			]);
			const answer = await attemptRead(kind, url, body);
			expect([what, answer.status, answer.text]).toEqual([
				what,
				403,
				expect.stringMatching(TOKEN_REFUSED),
			]);
		}
		expect(acceptedOf(kind)).toBe(0);

		// Controls: every construction above, with the right key, execution, node, item and list,
		// gets through the token check. It is the token ModelsLab was given (the last test resumes
		// A and B with it), and posting it here with an id the execution did not submit is refused
		// only afterwards, by the id check: so each forgery was refused for its token alone.
		expect(itemToken(right, 0)).toBe(A.token);
		expect(itemToken(right, 1)).toBe(new URL(A.urls[1]).searchParams.get('mlToken'));
		expect(itemToken(secretB, 0)).toBe(B.token);
		const controls: Array<[string, string, number]> = [
			[
				"item 0's token under the right secret",
				edit(A.urls[0], (u) => setToken(u, itemToken(right, 0))),
				0,
			],
			[
				"item 1's token under the right secret",
				edit(A.urls[1], (u) => setToken(u, itemToken(right, 1))),
				1,
			],
			["B's item 0 token on B", edit(B.urls[0], (u) => setToken(u, itemToken(secretB, 0))), 0],
			[
				'an mlKnown list signed under the right secret',
				edit(A.urls[0], withKnown(known, itemToken(right, 0, known))),
				0,
			],
		];
		for (const [what, url, item] of controls) {
			const answer = await attemptRead(`${kind} (control)`, url, forged(NOT_SUBMITTED));
			expect([what, answer.status, answer.text]).toEqual([
				what,
				403,
				expect.stringMatching(notSubmitted(item)),
			]);
		}
		expect(acceptedOf(`${kind} (control)`)).toBe(0);
	});

	test("another execution's secret: cross-posting between the two waiting executions and the finished one", async () => {
		const kind = "another execution's secret";
		const bodyA = forged(A.ids[0]);
		const bodyB = forged(B.ids[0]);
		await attempt(
			kind,
			edit(A.urls[0], (u) => u.searchParams.set('mlToken', B.token)),
			bodyA,
		);
		await attempt(
			kind,
			edit(A.urls[0], (u) => u.searchParams.set('mlToken', C.token)),
			bodyA,
		);
		await attempt(
			kind,
			edit(B.urls[0], (u) => u.searchParams.set('mlToken', A.token)),
			bodyB,
		);
		// A complete genuine URL of one execution with the other's job.
		await attempt(kind, B.urls[0], bodyA);
		await attempt(kind, A.urls[0], bodyB);
		await attempt(kind, A.urls[1], bodyB);
		// B's URL (secret, and signature on 2.x) pointed at A's execution.
		await attempt(
			kind,
			edit(B.urls[0], (u) => (u.pathname = new URL(A.urls[0]).pathname)),
			bodyA,
		);
		await attempt(
			kind,
			edit(C.urls[0], (u) => (u.pathname = new URL(A.urls[0]).pathname)),
			bodyA,
		);
		if (!version.startsWith('1.')) {
			const bSignature = new URL(B.urls[0]).searchParams.get('signature')!;
			await attempt(
				kind,
				edit(A.urls[0], (u) => u.searchParams.set('signature', bSignature)),
				bodyA,
			);
			await attempt(
				kind,
				edit(A.urls[0], (u) => {
					u.searchParams.set('signature', bSignature);
					u.searchParams.set('mlToken', B.token);
				}),
				bodyA,
			);
		}
		expect(acceptedOf(kind)).toBe(0);
	});

	test('an id this execution did not submit (for this item), with the right secret', async () => {
		const kind = 'id not submitted';
		const own = Number(A.ids[0]);
		const ids: unknown[] = [
			A.ids[1],
			B.ids[0],
			C.ids[0],
			String(B.ids[0]),
			999999,
			-own,
			own * 10,
			own + 0.5,
			`0${own}`,
			`${own}.0`,
			`${own} x`,
			`+${own}`,
			`${own}e0`,
			`${own}\u200b`,
		];
		for (const id of ids) await attempt(kind, A.urls[0], forged(id));
		for (let i = 0; i < 30; i++)
			await attempt(
				kind,
				A.urls[0],
				forged(1_000_000 + Math.floor(Math.random() * 9_000_000) || 1),
			);
		for (let i = 0; i < 10; i++)
			await attempt(kind, A.urls[0], forged(`sim-${randomBytes(8).toString('hex')}`));
		// The right id where it does not belong, a wrong one where it does.
		await attempt(
			kind,
			A.urls[0],
			forged(999, { request_id: A.ids[0], track_id: String(A.ids[0]) }),
		);
		await attempt(kind, A.urls[0], {
			status: 'success',
			training_id: 999,
			training_status: 'model_ready',
			model_id: A.ids[0],
		});
		// A genuine-looking body of the other item, on this item's URL.
		await attempt(kind, A.urls[0], await finalBody(A.jobs[1]));
		expect(acceptedOf(kind)).toBe(0);
	});

	test('an item index that is not the one ModelsLab was given for that job (right secret and id)', async () => {
		const kind = 'other item index';
		const item = (index: string) => edit(A.urls[0], (u) => u.searchParams.set('mlItem', index));
		const indexes = [
			'0',
			'1',
			'2',
			'99',
			'-1',
			'1.5',
			'abc',
			'',
			' ',
			' 0',
			'0x0',
			'0x1',
			'-0',
			'00',
			'01',
			'1e0',
			'+1',
			'NaN',
			'4294967296',
		];
		for (const [own, id] of A.ids.entries()) {
			for (const index of indexes)
				if (index !== String(own)) await attempt(kind, item(index), forged(id));
		}
		await attempt(
			kind,
			edit(A.urls[0], (u) => u.searchParams.delete('mlItem')),
			forged(A.ids[0]),
		);
		await attempt(
			kind,
			edit(A.urls[0], (u) => u.searchParams.append('mlItem', '0')),
			forged(A.ids[0]),
		);
		expect(acceptedOf(kind)).toBe(0);
	});

	test('replays of a genuine callback to an execution that has finished: n8n answers 409, nothing runs again', async () => {
		const kind = 'replay to a finished execution';
		const genuine = await finalBody(C.jobs[0]);
		const answers: number[] = [];
		for (let i = 0; i < 5; i++) answers.push(await attempt(kind, C.urls[0], genuine));
		answers.push(
			await attempt(kind, C.urls[0], {
				...genuine,
				status: 'failed',
				message: 'replayed as failed',
			}),
		);
		answers.push(await attempt(kind, C.urls[0], { status: 'processing', id: C.ids[0] }));
		answers.push(
			await attempt(
				kind,
				edit(C.urls[0], (u) => u.searchParams.set('mlItem', '1')),
				genuine,
			),
		);
		expect(answers.every((code) => code === 409)).toBe(true);
		const after = (await stack.n8n.getExecution(C.executionId))!;
		expect(after.runData[N.succeeded]).toHaveLength(1);
		expect(acceptedOf(kind)).toBe(0);
	});

	test('the ModelsLab Trigger: no token (401) and wrong tokens (403) start nothing', async () => {
		const body = forged('trigger-forged-1');
		const base = `${stack.n8n.webhookUrl}webhook/${TRIGGER_PATH}`;
		const withToken = (token: string) => `${base}?token=${encodeURIComponent(token)}`;
		const noToken: number[] = [];
		noToken.push(await attempt('trigger: no token', base, body));
		noToken.push(await attempt('trigger: no token', `${base}?token=`, body));
		noToken.push(await attempt('trigger: no token', `${base}?tok=${TRIGGER_TOKEN}`, body));
		noToken.push(
			await attempt('trigger: no token', base, body, {
				headers: { authorization: `Bearer ${TRIGGER_TOKEN}`, 'x-token': TRIGGER_TOKEN },
			}),
		);
		noToken.push(await attempt('trigger: no token', base, { ...body, token: TRIGGER_TOKEN }));
		expect(noToken.every((code) => code === 401)).toBe(true);

		const wrong: number[] = [];
		for (let i = 0; i < 30; i++)
			wrong.push(
				await attempt('trigger: wrong token', withToken(randomBytes(15).toString('hex')), body),
			);
		for (let position = 0; position < TRIGGER_TOKEN.length; position++) {
			const flipped = TRIGGER_TOKEN[position] === 'a' ? 'b' : 'a';
			wrong.push(
				await attempt(
					'trigger: wrong token',
					withToken(TRIGGER_TOKEN.slice(0, position) + flipped + TRIGGER_TOKEN.slice(position + 1)),
					body,
				),
			);
		}
		for (const token of [
			TRIGGER_TOKEN.slice(0, -1),
			`${TRIGGER_TOKEN}x`,
			TRIGGER_TOKEN.toUpperCase(),
			` ${TRIGGER_TOKEN}`,
			TRIGGER_TOKEN.repeat(2),
			'x',
		]) {
			wrong.push(await attempt('trigger: wrong token', withToken(token), body));
		}
		wrong.push(
			await attempt('trigger: wrong token', `${withToken(TRIGGER_TOKEN)}&token=${hex40()}`, body),
		);
		wrong.push(
			await attempt('trigger: wrong token', `${withToken(hex40())}&token=${TRIGGER_TOKEN}`, body),
		);
		expect(wrong.every((code) => code === 403)).toBe(true);
		expect(acceptedOf('trigger: no token') + acceptedOf('trigger: wrong token')).toBe(0);
	});

	test('after all that, the genuine callbacks resume A and B with their own results, and the trigger still emits', async () => {
		expect(await snapshot()).toBe(
			[`${A.executionId}:waiting`, `${B.executionId}:waiting`, `${C.executionId}:success`].join(
				',',
			),
		);
		const post = async (url: string, body: Body) => {
			const res = await stack.n8n.postWebhook(url, body);
			return { status: res.status, json: res.json as Body };
		};
		// A's second item first: A keeps waiting for the first.
		expect(await post(A.urls[1], await finalBody(A.jobs[1]))).toMatchObject({
			status: 200,
			json: { received: true, waitingFor: 1 },
		});
		expect((await stack.n8n.getExecution(A.executionId))?.status).toBe('waiting');
		expect(await post(A.urls[0], await finalBody(A.jobs[0]))).toMatchObject({
			status: 200,
			json: { received: true, resumed: true },
		});
		expect(await post(B.urls[0], await finalBody(B.jobs[0]))).toMatchObject({
			status: 200,
			json: { received: true, resumed: true },
		});
		for (const W of [A, B]) {
			const done = await stack.n8n.waitForExecution({
				id: W.executionId,
				status: 'success',
				node: N.write,
			});
			const out = itemsOn(done, N.image);
			expect(out.map(({ json }) => [json.status, json.id, json.meta?.prompt])).toEqual(
				W.jobs.map((job, i) => ['success', String(job.id), W.prompts[i]]),
			);
			expect(done.runData[N.succeeded]).toHaveLength(1);
			W.jobs.forEach((_, i) =>
				expect(readOut(stack, `n8n-${W.executionId}-${i}.png`).equals(stack.png)).toBe(true),
			);
			genuineResumed++;
		}

		const triggerAfter = await stack.n8n.lastExecutionId();
		const genuine = {
			status: 'success',
			id: 'forgery-genuine-trigger-1',
			output: [`${stack.simServer.url}/files/genuine-0.png`],
			meta: { prompt: 'genuine' },
		};
		expect((await post(`${TRIGGER_PATH}?token=${TRIGGER_TOKEN}`, genuine)).status).toBe(200);
		const emitted = await stack.n8n.waitForExecution({
			workflowId: TRIGGER_WORKFLOW_ID,
			afterId: triggerAfter,
			status: 'success',
			node: N.onSuccess,
		});
		expect(emitted.output(N.onSuccess).map((json: Body) => json.id)).toEqual([
			'forgery-genuine-trigger-1',
		]);
	});

	test('summary: accepted 0, no 5xx', () => {
		expect(problems).toEqual([]);
		expect({ accepted: tally.accepted, fiveXx: tally.fiveXx }).toEqual({ accepted: 0, fiveXx: 0 });
		expect(tally.tried).toBeGreaterThanOrEqual(250);
	});
});
