/**
 * Reliability and security under hostile input (issue "Reliability and security under load,
 * faults and hostile input", suite 1). Property-based (fast-check) against:
 *   a. parsePayload, the one parser both nodes use (most of the volume);
 *   b. the action node's resume webhook, over real HTTP in the harness n8n;
 *   c. the trigger's webhook, over real HTTP in the harness n8n;
 *   d. the transport, with ModelsLab (nock) answering garbage.
 * Each target prints `hostile input <target>: tried N, accepted-invalid A, 5xx F, crashes C`.
 *
 * RELIABILITY_SCALE scales every numRuns (0.2 quick, 5 soak); FC_SEED fixes the seed.
 * The gaps these suites found (form bodies, chunked/gzip size, `~` in ids, huge messages) are
 * fixed; their tests stay at the end of b, c and d.
 */
import fc from 'fast-check';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { ModelsLabResult } from '../../nodes/shared/payload';
import { InvalidPayloadError, parsePayload, readMessage } from '../../nodes/shared/payload';
import { dedupeKey, toItemJson } from '../../nodes/shared/resultItem';
import { forgetWaitsOf } from '../../nodes/ModelsLab/modes/callback/waits';
import type { ExecutionHandle } from '../harness/workflow';
import {
	API,
	TEXT2IMG_SUBMIT,
	acceptSubmits,
	finished,
	runModelsLab,
	startN8n,
	textToImage,
	useNock,
} from '../nodes/setup';
import type { TestN8n } from '../nodes/setup';
import type { HttpCase, Outcome, ValidPayload } from './arbitraries';
import {
	FORBIDDEN_KEYS,
	badJsonTextArb,
	bodyText,
	brokenArb,
	clone,
	depthOf,
	hostileHttpCaseArb,
	junkBodyArb,
	keyArb,
	nested,
	nonObjectTextArb,
	setIn,
	smuggledArb,
	stringArb,
	toJsonText,
	treeArb,
	validArb,
	withId,
} from './arbitraries';
import { CrashWatch, fcParams, runs, send, timeoutFor } from './http';
import type { RawAnswer } from './http';

/**
 * n8n's N8N_PAYLOAD_SIZE_MAX set to 1 MiB for these suites, so their over-the-limit bodies stay
 * small. The nodes themselves accept any body n8n accepted (nodes/shared/callbackIntake.ts).
 */
const SMALL_N8N_LIMIT = { payloadSizeMaxMb: 1 };

useNock();
const watch = new CrashWatch();
beforeAll(() => watch.install());
afterAll(() => watch.uninstall());

interface Tally {
	tried: number;
	acceptedInvalid: number;
	fiveXx: number;
	crashes: number;
	notes: string[];
}
const newTally = (): Tally => ({ tried: 0, acceptedInvalid: 0, fiveXx: 0, crashes: 0, notes: [] });

function report(target: string, tally: Tally, extra = ''): void {
	console.log(
		`hostile input ${target}: tried ${tally.tried}, accepted-invalid ${tally.acceptedInvalid}, 5xx ${tally.fiveXx}, crashes ${tally.crashes}${extra}` +
			(tally.notes.length
				? `\n  first problems:\n  - ${tally.notes.slice(0, 5).join('\n  - ')}`
				: ''),
	);
}

function note(tally: Tally, problem: string): string {
	if (tally.notes.length < 20) tally.notes.push(problem.slice(0, 300));
	return problem;
}

const SUBMIT = TEXT2IMG_SUBMIT;
const success = (id: number | string, extra: IDataObject = {}): IDataObject => ({
	status: 'success',
	id,
	output: ['https://cdn.test/out/a.png'],
	...extra,
});

/** Starts Start → ModelsLab (callback mode) → Success/Failed waiting on ids `firstId + item`. */
async function startWaiting(
	n8n: TestN8n['n8n'],
	firstId: number,
	items = 1,
): Promise<{ handle: ExecutionHandle; urls: string[] }> {
	const bodies = acceptSubmits(items, firstId);
	const handle = await runModelsLab(
		n8n,
		textToImage({ options: { downloadFiles: false } }),
		Array.from({ length: items }, () => ({ json: {} })),
	);
	expect(handle.status).toBe('waiting');
	return { handle, urls: bodies.map((body) => String(body.webhook)) };
}

/** A success callback as XML (n8n parses it to `{ callback: { … } }`). */
const XML_PAYLOAD = (id: number | string) =>
	`<callback><status>success</status><id>${id}</id><output>https://cdn.test/out/a.png</output></callback>`;

const sendCase = async (url: string, httpCase: HttpCase): Promise<RawAnswer> =>
	await send(url, {
		contentType: httpCase.contentType,
		body: bodyText(httpCase),
		headers: httpCase.headers,
		gzip: httpCase.gzip,
		chunked: httpCase.chunked,
	});

// =============================================================================================
// a. parsePayload
// =============================================================================================

function prototypeSnapshot(): string {
	return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
		.map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
		.join('|');
}

function isPlain(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a prototype-polluting key or a foreign prototype survives in the result's data. */
function pollutionIn(value: unknown, path = 'raw', depth = 0): string | undefined {
	if (depth > 40 || typeof value !== 'object' || value === null) return undefined;
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const found = pollutionIn(value[index], `${path}[${index}]`, depth + 1);
			if (found) return found;
		}
		return undefined;
	}
	if (Object.getPrototypeOf(value) !== Object.prototype) return `${path} has a foreign prototype`;
	for (const key of Object.getOwnPropertyNames(value)) {
		if (FORBIDDEN_KEYS.includes(key)) return `${path}.${key} kept`;
		const found = pollutionIn((value as IDataObject)[key], `${path}.${key}`, depth + 1);
		if (found) return found;
	}
	return undefined;
}

/** What is wrong with an accepted result; [] when it is well-formed. */
function malformations(result: ModelsLabResult): string[] {
	const problems: string[] = [];
	const record = result as unknown as IDataObject;
	if (!['success', 'failed', 'processing'].includes(result.outcome))
		problems.push(`outcome ${String(result.outcome)}`);
	if (!['generation', 'training', 'workflow'].includes(result.kind))
		problems.push(`kind ${String(result.kind)}`);
	if (
		typeof result.id !== 'string' ||
		result.id === '' ||
		result.id.length > 200 ||
		result.id !== result.id.trim()
	) {
		problems.push(`id ${JSON.stringify(result.id)}`);
	}
	if (typeof result.status !== 'string' || result.status === '') problems.push('status');
	for (const field of ['output', 'proxyLinks', 'futureLinks']) {
		const list = record[field];
		if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string'))
			problems.push(`${field} not a list of strings`);
	}
	for (const field of ['trackId', 'stage', 'fetchResult', 'message']) {
		if (record[field] !== undefined && typeof record[field] !== 'string')
			problems.push(`${field} not a string`);
	}
	for (const field of ['generationTime', 'eta']) {
		const value = record[field];
		if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value)))
			problems.push(`${field} not a finite number`);
	}
	if (result.meta !== undefined && !isPlain(result.meta)) problems.push('meta not an object');
	if (!isPlain(result.raw)) problems.push('raw not an object');
	const polluted = pollutionIn(result.raw);
	if (polluted) problems.push(polluted);
	if (
		result.kind === 'generation' &&
		result.outcome === 'success' &&
		result.output.length + result.proxyLinks.length === 0
	) {
		problems.push('success without any output');
	}
	try {
		JSON.stringify(toItemJson(result));
		if (typeof dedupeKey(result) !== 'string') problems.push('dedupe key');
	} catch (error) {
		problems.push(`toItemJson/dedupeKey threw ${(error as Error).message}`);
	}
	return problems;
}

describe('a. parsePayload', () => {
	const tally = newTally();
	const extra = { rejectedValid: 0, misread: 0, prototypeMutations: 0 };
	const prototypes = prototypeSnapshot();
	afterAll(() =>
		report(
			'parsePayload',
			tally,
			` (rejected-valid ${extra.rejectedValid}, misread ${extra.misread}, prototype mutations ${extra.prototypeMutations})`,
		),
	);

	/**
	 * Parses `input` and checks the contract: a well-formed result or InvalidPayloadError with a
	 * 4xx, never anything else, never Object.prototype touched. Returns the problem, if any.
	 */
	function attempt(
		input: unknown,
		expectation: 'accept' | 'reject' | 'either',
		expected?: { id: string; outcome: Outcome; kind: ValidPayload['kind'] },
	): string | undefined {
		tally.tried++;
		let result: ModelsLabResult | undefined;
		let failure: string | undefined;
		try {
			result = parsePayload(input);
		} catch (error) {
			if (!(error instanceof InvalidPayloadError)) {
				tally.crashes++;
				failure = note(tally, `threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
			} else if (!(error.httpCode >= 400 && error.httpCode < 500) || !error.message) {
				tally.fiveXx++;
				failure = note(
					tally,
					`InvalidPayloadError with httpCode ${error.httpCode}: ${error.message}`,
				);
			} else if (expectation === 'accept') {
				extra.rejectedValid++;
				failure = note(tally, `refused a valid payload: ${error.message}`);
			}
		}
		if (
			prototypeSnapshot() !== prototypes ||
			(Object.prototype as IDataObject).status !== undefined
		) {
			extra.prototypeMutations++;
			tally.acceptedInvalid++;
			failure = note(tally, 'Object.prototype (or another builtin prototype) was mutated');
		}
		if (!result) return failure;
		const problems = malformations(result);
		if (problems.length) {
			tally.acceptedInvalid++;
			return note(tally, `ill-formed result: ${problems.join('; ')}`);
		}
		if (expectation === 'reject') {
			tally.acceptedInvalid++;
			return note(
				tally,
				`accepted an invalid payload as ${result.kind} ${result.outcome} ${result.id}`,
			);
		}
		if (
			expected &&
			(result.id !== expected.id ||
				result.outcome !== expected.outcome ||
				result.kind !== expected.kind)
		) {
			extra.misread++;
			return note(
				tally,
				`read ${result.kind}/${result.outcome}/${JSON.stringify(result.id)}, expected ${expected.kind}/${expected.outcome}/${JSON.stringify(expected.id)}`,
			);
		}
		return failure;
	}

	test(
		'hostile JSON documents (prototype keys, odd numbers, unicode, wrong types): never anything but a result or a 4xx',
		() => {
			fc.assert(
				fc.property(junkBodyArb, (tree) => {
					const text = toJsonText(tree);
					const input: unknown = JSON.parse(text);
					expect(attempt(input, 'either')).toBeUndefined();
					// The parser copies; it never changes what it was given.
					expect(JSON.stringify(input)).toBe(JSON.stringify(JSON.parse(text)));
				}),
				fcParams(runs(3000)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'any JavaScript value (null prototypes, Maps, Dates, typed arrays, boxed values)',
		() => {
			const anything = fc.anything({
				key: keyArb,
				maxDepth: 4,
				withBoxedValues: true,
				withMap: true,
				withSet: true,
				withNullPrototype: true,
				withDate: true,
				withTypedArray: true,
				withObjectString: true,
				stringUnit: 'binary',
			});
			const insideValid = fc
				.tuple(
					validArb,
					fc.constantFrom(
						'status',
						'id',
						'output',
						'meta',
						'eta',
						'track_id',
						'message',
						'proxy_links',
					),
					anything,
				)
				.map(([valid, field, value]) => setIn(clone(valid.body), [field], value));
			fc.assert(
				fc.property(fc.oneof(anything, insideValid), (input) => {
					expect(attempt(input, 'either')).toBeUndefined();
				}),
				fcParams(runs(1500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'valid payloads of every family (numeric, string and unicode ids; hostile extra keys) are read correctly',
		() => {
			fc.assert(
				fc.property(validArb, (valid) => {
					expect(attempt(valid.body, 'accept', valid)).toBeUndefined();
				}),
				fcParams(runs(1500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'valid-looking payloads with exactly one field broken are refused',
		() => {
			fc.assert(
				fc.property(brokenArb(), (broken) => {
					expect(attempt(broken.body, 'reject')).toBeUndefined();
				}),
				fcParams(runs(2500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'required fields smuggled under __proto__ / constructor / prototype are not read',
		() => {
			fc.assert(
				fc.property(smuggledArb(), (smuggled) => {
					expect(attempt(JSON.parse(smuggled.text), 'reject')).toBeUndefined();
				}),
				fcParams(runs(500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'deep nesting: shallow payloads are read, deep ones refused with a 4xx, never a stack overflow',
		() => {
			const depth = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 40, max: 3000 }));
			fc.assert(
				fc.property(
					validArb,
					depth,
					fc.constantFrom<'obj' | 'arr' | 'mixed'>('obj', 'arr', 'mixed'),
					fc.constantFrom('meta', 'deep_extra', '__proto__'),
					(valid, levels, style, field) => {
						const body = setIn(clone(valid.body), [field], nested(levels, style));
						const deepest = depthOf(body);
						// The parser refuses more than 32 levels; around the limit either answer is fine.
						const expectation = deepest <= 30 ? 'accept' : deepest >= 34 ? 'reject' : 'either';
						expect(
							attempt(body, expectation, expectation === 'accept' ? valid : undefined),
						).toBeUndefined();
					},
				),
				fcParams(runs(400)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'bodies that are not JSON objects (strings, buffers, numbers, arrays, null, undefined) are refused',
		() => {
			const notObject = fc.oneof(
				fc.constantFrom<unknown>(undefined, null, '', true, false, 0, NaN, Infinity),
				stringArb,
				fc.integer({ min: 1024 * 1024, max: 3 * 1024 * 1024 }).map((n) => '{'.repeat(n)),
				fc.double(),
				fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
				fc.array(
					validArb.map((valid) => valid.body),
					{ maxLength: 3 },
				),
				nonObjectTextArb.map((text) => JSON.parse(text) as unknown),
				badJsonTextArb,
			);
			fc.assert(
				fc.property(notObject, (input) => {
					expect(attempt(input, 'reject')).toBeUndefined();
				}),
				fcParams(runs(500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'unicode everywhere: ids, messages and URLs in any script are kept as sent (ids trimmed)',
		() => {
			const unicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 50 });
			fc.assert(
				fc.property(
					validArb,
					unicode.filter((s) => s.trim() !== '' && s.trim().length <= 200),
					unicode,
					(valid, id, text) => {
						const payload = withId(valid, id);
						if (payload.kind === 'generation') setIn(payload.body, ['message'], text);
						expect(attempt(payload.body, 'accept', payload)).toBeUndefined();
					},
				),
				fcParams(runs(500)),
			);
		},
		timeoutFor(10000),
	);

	test(
		'huge strings (1-3 MiB) in any field: read where the field is free text, refused where it is an id or a status',
		() => {
			fc.assert(
				fc.property(
					validArb,
					fc.integer({ min: 1024 * 1024, max: 3 * 1024 * 1024 }),
					fc.constantFrom('message', 'track_id', 'meta', 'extra', 'id', 'status'),
					(valid, size, where) => {
						const huge = 'é'.repeat(size);
						if (where === 'id') {
							expect(attempt(withId(valid, huge).body, 'reject')).toBeUndefined();
						} else if (where === 'status') {
							const path =
								valid.kind === 'workflow' && valid.idPath[0] === 'execution'
									? ['execution', 'status']
									: ['status'];
							expect(attempt(setIn(clone(valid.body), path, huge), 'reject')).toBeUndefined();
						} else {
							const value = where === 'meta' ? { note: huge } : huge;
							// track_id is read on generations and trainings only, message on generations.
							expect(
								attempt(
									setIn(clone(valid.body), [where === 'extra' ? 'padding' : where], value),
									'accept',
									valid,
								),
							).toBeUndefined();
						}
					},
				),
				fcParams(runs(20)),
			);
		},
		timeoutFor(10000),
	);

	test('summary: no invalid payload accepted, no 5xx, no crash', () => {
		expect(tally.tried).toBeGreaterThanOrEqual(runs(10000));
		expect({
			acceptedInvalid: tally.acceptedInvalid,
			fiveXx: tally.fiveXx,
			crashes: tally.crashes,
			...extra,
		}).toEqual({
			acceptedInvalid: 0,
			fiveXx: 0,
			crashes: 0,
			rejectedValid: 0,
			misread: 0,
			prototypeMutations: 0,
		});
	});
});

// =============================================================================================
// b. the action node's resume webhook over real HTTP
// =============================================================================================

describe('b. action node: resume webhook over real HTTP', () => {
	const TARGET = 7001;
	const tally = newTally();
	const codes = new Map<number, number>();
	let env: TestN8n;
	let target: { handle: ExecutionHandle; urls: string[] };
	let other: { handle: ExecutionHandle; urls: string[] };

	beforeAll(async () => {
		env = await startN8n({}, SMALL_N8N_LIMIT);
	});
	afterAll(() =>
		report(
			'action-node',
			tally,
			`\n  answers: ${[...codes]
				.sort(([a], [b]) => a - b)
				.map(([code, n]) => `${code}×${n}`)
				.join(', ')}`,
		),
	);

	type SecretMode =
		| 'right'
		| 'none'
		| 'empty'
		| 'wrong'
		| 'truncated'
		| 'extended'
		| 'upper'
		| 'twice'
		| 'other-execution'
		| 'no-signature'
		| 'other-item';
	const WRONG: SecretMode[] = [
		'none',
		'empty',
		'wrong',
		'truncated',
		'extended',
		'upper',
		'twice',
		'other-execution',
		'no-signature',
		'other-item',
	];

	function urlFor(mode: SecretMode, wrong: string, item: string): string {
		const url = new URL(target.urls[0]);
		const secret = url.searchParams.get('mlToken')!;
		if (mode === 'none') url.searchParams.delete('mlToken');
		if (mode === 'empty') url.searchParams.set('mlToken', '');
		if (mode === 'wrong') url.searchParams.set('mlToken', wrong);
		if (mode === 'truncated') url.searchParams.set('mlToken', secret.slice(0, -1));
		if (mode === 'extended') url.searchParams.set('mlToken', `${secret}0`);
		if (mode === 'upper') url.searchParams.set('mlToken', secret.toUpperCase());
		if (mode === 'twice') url.searchParams.append('mlToken', wrong);
		if (mode === 'other-execution')
			url.searchParams.set('mlToken', new URL(other.urls[0]).searchParams.get('mlToken')!);
		if (mode === 'no-signature') url.searchParams.delete('signature');
		if (mode === 'other-item') url.searchParams.set('mlItem', item);
		return url.toString();
	}

	test(
		'hostile bodies and headers, with and without the secret: never a 5xx, never a resume',
		async () => {
			target = await startWaiting(env.n8n, TARGET);
			other = await startWaiting(env.n8n, 7100);
			const genuine: HttpCase = {
				label: 'genuine',
				contentType: 'application/json',
				text: JSON.stringify(success(TARGET)),
			};
			const caseArb = fc.oneof(
				{
					weight: 3,
					arbitrary: fc.record({
						mode: fc.constant<SecretMode>('right'),
						httpCase: hostileHttpCaseArb(TARGET),
					}),
				},
				{
					weight: 1,
					arbitrary: fc.record({
						mode: fc.constantFrom(...WRONG),
						httpCase: fc.oneof(fc.constant(genuine), hostileHttpCaseArb(TARGET)),
						wrong: fc.stringMatching(/^[0-9a-f]{40}$/),
						item: fc.constantFrom('1', '99', '-1', 'abc', '1.5', 'NaN', '[0]'),
					}),
				},
			);
			await fc.assert(
				fc.asyncProperty(caseArb, async (testCase) => {
					const { mode, httpCase } = testCase;
					const wrong = 'wrong' in testCase ? testCase.wrong : '';
					const item = 'item' in testCase ? testCase.item : '0';
					tally.tried++;
					const answer = await sendCase(urlFor(mode, wrong, item), httpCase);
					codes.set(answer.status, (codes.get(answer.status) ?? 0) + 1);
					const what = `${mode} secret, ${httpCase.label} → ${answer.status} ${answer.text.slice(0, 120)}`;
					let problem: string | undefined;
					if (answer.error) {
						tally.crashes++;
						problem = note(tally, `${what}: request failed ${answer.error}`);
					} else if (answer.status >= 500) {
						tally.fiveXx++;
						problem = note(tally, what);
					} else if (answer.status < 400 || target.handle.status !== 'waiting') {
						tally.acceptedInvalid++;
						problem = note(tally, `${what}; execution ${target.handle.status}`);
						// Keep going on a fresh execution, so the counts stay meaningful.
						if (target.handle.status !== 'waiting') target = await startWaiting(env.n8n, TARGET);
					}
					expect(problem).toBeUndefined();
				}),
				fcParams(runs(400)),
			);
			expect(watch.crashes).toEqual([]);
			expect(other.handle.status).toBe('waiting');
		},
		timeoutFor(20000),
	);

	test('afterwards the execution is still waiting and the genuine callback resumes it', async () => {
		expect(target.handle.status).toBe('waiting');
		// Each test starts as a fresh n8n (useNock forgets the waits), so the jobs are not this
		// process's own: it takes their results from ModelsLab's fetch, not from the body.
		nock(API).post(`/api/v6/images/fetch/${TARGET}`).reply(200, success(TARGET));
		nock(API).post('/api/v6/images/fetch/7100').reply(200, success(7100));
		const answer = await send(target.urls[0], {
			contentType: 'application/json',
			body: JSON.stringify(success(TARGET)),
		});
		expect(answer).toMatchObject({ status: 200, json: { received: true, resumed: true } });
		await finished(target.handle);
		expect(target.handle.status).toBe('success');
		expect(target.handle.outputOf('Success').map((item) => item.json.id)).toEqual([String(TARGET)]);
		expect(target.handle.runsOf('Success')).toHaveLength(1);
		// The other execution was never touched either.
		const answerOther = await send(other.urls[0], {
			contentType: 'application/json',
			body: JSON.stringify(success(7100)),
		});
		expect(answerOther.status).toBe(200);
		await finished(other.handle);
		expect(other.handle.outputOf('Success').map((item) => item.json.id)).toEqual(['7100']);
	});

	test('a ModelsLab payload sent as (well-formed) XML is refused and the execution keeps waiting', async () => {
		const { handle, urls } = await startWaiting(env.n8n, 7500);
		for (const contentType of ['application/xml', 'text/xml']) {
			const answer = await send(urls[0], { contentType, body: XML_PAYLOAD(7500) });
			tally.tried++;
			expect(answer.status).toBe(415);
		}
		expect(handle.status).toBe('waiting');
	});

	test('summary', () => {
		expect(tally.tried).toBeGreaterThanOrEqual(runs(400));
		expect({
			acceptedInvalid: tally.acceptedInvalid,
			fiveXx: tally.fiveXx,
			crashes: tally.crashes,
		}).toEqual({
			acceptedInvalid: 0,
			fiveXx: 0,
			crashes: 0,
		});
	});

	// ---- gaps found by this suite, now fixed ----

	// BUG (README: "a body that is not a ModelsLab payload (not JSON, …) → 4xx"): a payload
	// sent as application/x-www-form-urlencoded reaches parsePayload as an object (n8n parses
	// forms) and is accepted; with the secret and the right id it resumes the execution.
	// Observed: 200 {"received":true,"resumed":true}. Expected: 415, still waiting.
	test('a form-encoded (not JSON) callback is refused', async () => {
		const { handle, urls } = await startWaiting(env.n8n, 7200);
		const answer = await send(urls[0], {
			contentType: 'application/x-www-form-urlencoded',
			body: new URLSearchParams({
				status: 'success',
				id: '7200',
				output: 'https://cdn.test/out/a.png',
			}).toString(),
		});
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		expect(handle.status).toBe('waiting');
	});

	// The nodes have no size limit of their own (a base64-output result can be megabytes, and
	// ModelsLab sends it once): n8n's N8N_PAYLOAD_SIZE_MAX, 1 MiB here, refuses bigger bodies
	// however they are sent, before the node runs; n8n answers that with its own 500 "There was a
	// problem executing the workflow" (test/harness/harness.test.ts, "as n8n"). The execution keeps
	// waiting. (Issue 24 replaced the nodes' 1 MiB limit, whose 413 lost base64 results.)
	const N8N_REFUSAL = {
		status: 500,
		text: expect.stringContaining('There was a problem executing the workflow'),
	};
	test('a body over N8N_PAYLOAD_SIZE_MAX, with a length or chunked, is refused by n8n and resumes nothing', async () => {
		const { handle, urls } = await startWaiting(env.n8n, 7300);
		const body = JSON.stringify(success(7300, { padding: 'x'.repeat(1_500_000) }));
		const withLength = await send(urls[0], { contentType: 'application/json', body });
		expect(withLength).toMatchObject(N8N_REFUSAL);
		const chunked = await send(urls[0], { contentType: 'application/json', body, chunked: true });
		expect(chunked).toMatchObject(N8N_REFUSAL);
		expect(handle.status).toBe('waiting');
	});

	// gzip: content-length is the compressed size (~1.5 KB); n8n's limit applies to the inflated body.
	test('a gzip body that inflates past N8N_PAYLOAD_SIZE_MAX is refused by n8n and resumes nothing', async () => {
		const { handle, urls } = await startWaiting(env.n8n, 7400);
		const body = JSON.stringify(success(7400, { padding: 'x'.repeat(1_500_000) }));
		const answer = await send(urls[0], { contentType: 'application/json', body, gzip: true });
		expect(answer).toMatchObject(N8N_REFUSAL);
		expect(handle.status).toBe('waiting');
	});
});

// =============================================================================================
// c. the trigger's webhook over real HTTP
// =============================================================================================

const TOKEN = 'reliability-Token-0123456789abcdef';

function triggerWorkflow(id: string, parameters: IDataObject = {}) {
	return {
		id,
		nodes: [
			{
				name: 'Trigger',
				type: 'modelsLabTrigger',
				webhookId: `hook-${id}`,
				parameters: { token: TOKEN, ...parameters },
			},
			{ name: 'Success', type: 'noOp' },
			{ name: 'Failed', type: 'noOp' },
		],
		connections: {
			Trigger: {
				main: [
					[{ node: 'Success', type: 'main' as const, index: 0 }],
					[{ node: 'Failed', type: 'main' as const, index: 0 }],
				],
			},
		},
	};
}

/** Which downstream node an execution reached, and the ids it emitted there. */
function emissionOf(execution: ExecutionHandle): {
	route: 'success' | 'failed' | 'none';
	ids: unknown[];
} {
	if (execution.ran('Success'))
		return { route: 'success', ids: execution.outputOf('Success').map((item) => item.json.id) };
	if (execution.ran('Failed'))
		return { route: 'failed', ids: execution.outputOf('Failed').map((item) => item.json.id) };
	return { route: 'none', ids: [] };
}

/** Used when a "duplicate" case comes before anything was emitted: a plain success. */
const validPayloadFallback: ValidPayload = {
	kind: 'generation',
	body: success(0),
	idPath: ['id'],
	id: '0',
	outcome: 'success',
	breakable: [],
};

describe('c. trigger: webhook over real HTTP', () => {
	const tally = newTally();
	const valid = {
		sent: 0,
		emitted: 0,
		refused: 0,
		progressIgnored: 0,
		duplicatesDropped: 0,
		badToken: 0,
	};
	let env: TestN8n;
	let base: string;
	let serial = 0;

	beforeAll(async () => {
		env = await startN8n({}, SMALL_N8N_LIMIT);
		const { webhooks } = await env.n8n.activateWorkflow(triggerWorkflow('hostile-trigger'));
		base = webhooks[0].url;
	});
	afterAll(() =>
		report(
			'trigger',
			tally,
			`\n  valid: sent ${valid.sent}, emitted ${valid.emitted}, refused ${valid.refused}, progress ignored ${valid.progressIgnored}, duplicates dropped ${valid.duplicatesDropped}; bad tokens refused ${valid.badToken}`,
		),
	);

	type TokenMode = 'none' | 'empty' | 'wrong' | 'prefix' | 'upper' | 'twice' | 'header';
	function urlWith(mode: TokenMode | 'right'): { url: string; headers: Record<string, string> } {
		const url = new URL(base);
		if (mode === 'right') url.searchParams.set('token', TOKEN);
		if (mode === 'empty') url.searchParams.set('token', '');
		if (mode === 'wrong') url.searchParams.set('token', 'x'.repeat(TOKEN.length));
		if (mode === 'prefix') url.searchParams.set('token', TOKEN.slice(0, -1));
		if (mode === 'upper') url.searchParams.set('token', TOKEN.toUpperCase());
		if (mode === 'twice') {
			url.searchParams.append('token', TOKEN);
			url.searchParams.append('token', 'other');
		}
		const headers: Record<string, string> =
			mode === 'header' ? { authorization: `Bearer ${TOKEN}`, 'x-token': TOKEN } : {};
		return { url: url.toString(), headers };
	}

	test(
		'hostile bodies, bad tokens, valid and repeated callbacks: no 5xx, no emission from invalid input, valid ones emit once',
		async () => {
			const emitted: Array<{ text: string; id: string; route: 'success' | 'failed' }> = [];
			let expectedExecutions = 0;
			const caseArb = fc.oneof(
				{
					weight: 6,
					arbitrary: fc.record({
						type: fc.constant('hostile' as const),
						httpCase: hostileHttpCaseArb(),
					}),
				},
				{
					weight: 3,
					arbitrary: fc.record({
						type: fc.constant('valid' as const),
						payload: validArb,
						numeric: fc.boolean(),
						contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
						transfer: fc.constantFrom('plain', 'plain', 'gzip', 'chunked'),
					}),
				},
				{
					weight: 1,
					arbitrary: fc.record({
						type: fc.constant('bad-token' as const),
						payload: validArb,
						mode: fc.constantFrom<TokenMode>(
							'none',
							'empty',
							'wrong',
							'prefix',
							'upper',
							'twice',
							'header',
						),
					}),
				},
				{
					weight: 1,
					arbitrary: fc.record({ type: fc.constant('duplicate' as const), pick: fc.nat() }),
				},
			);

			await fc.assert(
				fc.asyncProperty(caseArb, async (testCase) => {
					tally.tried++;
					let problem: string | undefined;
					const check = (answer: RawAnswer, what: string, ok: (status: number) => boolean) => {
						if (answer.error) {
							tally.crashes++;
							problem = note(tally, `${what}: request failed ${answer.error}`);
						} else if (answer.status >= 500) {
							tally.fiveXx++;
							problem = note(tally, `${what} → ${answer.status} ${answer.text.slice(0, 120)}`);
						} else if (!ok(answer.status)) {
							tally.acceptedInvalid++;
							problem = note(tally, `${what} → ${answer.status} ${answer.text.slice(0, 120)}`);
						}
					};
					if (testCase.type === 'hostile') {
						const { url } = urlWith('right');
						const answer = await sendCase(url, testCase.httpCase);
						check(answer, testCase.httpCase.label, (status) => status >= 400 && status < 500);
					} else if (testCase.type === 'bad-token') {
						const payload = withId(testCase.payload, `bad-token-${serial++}`);
						const { url, headers } = urlWith(testCase.mode);
						const answer = await send(url, {
							contentType: 'application/json',
							body: JSON.stringify(payload.body),
							headers,
						});
						check(answer, `token ${testCase.mode}`, (status) => status === 401 || status === 403);
						if (!problem) valid.badToken++;
					} else if (testCase.type === 'duplicate' && emitted.length) {
						const again = emitted[testCase.pick % emitted.length];
						const answer = await send(urlWith('right').url, {
							contentType: 'application/json',
							body: again.text,
						});
						check(answer, `duplicate of ${again.id}`, (status) => status === 200);
						if (!problem) valid.duplicatesDropped++;
					} else {
						// A valid callback (or a duplicate with nothing to repeat yet): must emit once.
						const payload: ValidPayload =
							testCase.type === 'valid'
								? withId(
										testCase.payload,
										testCase.numeric
											? 50_000_000 + serial++
											: `t${serial++}-${testCase.payload.id}`.slice(0, 180).trim(),
									)
								: withId(validPayloadFallback, `t${serial++}`);
						const text = JSON.stringify(payload.body);
						valid.sent++;
						const transfer = testCase.type === 'valid' ? testCase.transfer : 'plain';
						const answer = await send(urlWith('right').url, {
							contentType: testCase.type === 'valid' ? testCase.contentType : 'application/json',
							body: text,
							gzip: transfer === 'gzip',
							chunked: transfer === 'chunked',
						});
						check(
							answer,
							`valid ${payload.kind} ${payload.outcome} ${payload.id}`,
							(status) => status < 500,
						);
						if (!problem && answer.status !== 200) {
							valid.refused++;
							problem = note(tally, `valid callback refused: ${answer.status} ${answer.text}`);
						}
						if (!problem) {
							if (payload.outcome === 'processing') {
								valid.progressIgnored++;
							} else {
								expectedExecutions++;
								const executions = await env.n8n.waitForExecutions(expectedExecutions);
								const emission = emissionOf(executions[expectedExecutions - 1]);
								if (
									emission.route !== payload.outcome ||
									emission.ids.length !== 1 ||
									emission.ids[0] !== payload.id
								) {
									problem = note(
										tally,
										`valid ${payload.kind} ${payload.outcome} ${payload.id} emitted ${emission.route} ${JSON.stringify(emission.ids)}`,
									);
								} else {
									valid.emitted++;
									emitted.push({ text, id: payload.id, route: payload.outcome });
								}
							}
						}
					}
					expect(problem).toBeUndefined();
				}),
				fcParams(runs(400)),
			);

			// Anything that slipped through would show as an execution we did not expect.
			await new Promise((resolve) => setTimeout(resolve, 300));
			const extra = env.n8n.finishedExecutions.length - expectedExecutions;
			if (extra > 0) {
				tally.acceptedInvalid += extra;
				note(tally, `${extra} unexpected executions`);
			}
			const routes = env.n8n.finishedExecutions.map(emissionOf);
			expect(routes.filter((emission) => emission.route === 'none')).toEqual([]);
			expect(new Set(routes.flatMap((emission) => emission.ids)).size).toBe(routes.length);
			expect(watch.crashes).toEqual([]);
		},
		timeoutFor(20000),
	);

	test('summary', () => {
		expect(tally.tried).toBeGreaterThanOrEqual(runs(400));
		expect(valid.emitted).toBeGreaterThan(0);
		expect(valid.refused).toBe(0);
		expect({
			acceptedInvalid: tally.acceptedInvalid,
			fiveXx: tally.fiveXx,
			crashes: tally.crashes,
		}).toEqual({
			acceptedInvalid: 0,
			fiveXx: 0,
			crashes: 0,
		});
	});

	test('a ModelsLab payload sent as (well-formed) XML is refused and starts nothing', async () => {
		const before = env.n8n.finishedExecutions.length;
		for (const contentType of ['application/xml', 'text/xml']) {
			const answer = await send(urlWith('right').url, {
				contentType,
				body: XML_PAYLOAD(`xml-${contentType}`),
			});
			tally.tried++;
			expect(answer.status).toBe(415);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(env.n8n.finishedExecutions.length).toBe(before);
	});

	// ---- gaps found by this suite, now fixed (see b.) ----

	async function gapInstance(id: string) {
		const gap = await startN8n({}, SMALL_N8N_LIMIT);
		const { webhooks } = await gap.n8n.activateWorkflow(triggerWorkflow(id));
		return { gap, url: `${webhooks[0].url}?token=${TOKEN}` };
	}

	// BUG: a form-encoded callback is accepted and emitted (README: not JSON → 4xx).
	// Observed: 200 and an execution on Success. Expected: 415, nothing runs.
	test('a form-encoded (not JSON) callback is refused and starts nothing', async () => {
		const { gap, url } = await gapInstance('gap-form');
		const answer = await send(url, {
			contentType: 'application/x-www-form-urlencoded',
			body: new URLSearchParams({
				status: 'success',
				id: 'form-1',
				output: 'https://cdn.test/out/a.png',
			}).toString(),
		});
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(gap.n8n.finishedExecutions).toHaveLength(0);
	});

	// n8n's N8N_PAYLOAD_SIZE_MAX (1 MiB here) applies chunked and gzip too, before the trigger
	// runs (n8n answers 500 itself, as in b.): nothing runs.
	test('bodies over N8N_PAYLOAD_SIZE_MAX sent chunked or gzip are refused by n8n and start nothing', async () => {
		const { gap, url } = await gapInstance('gap-size');
		const chunked = await send(url, {
			contentType: 'application/json',
			body: JSON.stringify(success('big-chunked', { padding: 'x'.repeat(1_500_000) })),
			chunked: true,
		});
		const gzip = await send(url, {
			contentType: 'application/json',
			body: JSON.stringify(success('big-gzip', { padding: 'x'.repeat(1_500_000) })),
			gzip: true,
		});
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect([chunked.status, gzip.status]).toEqual([500, 500]);
		expect(gap.n8n.finishedExecutions).toHaveLength(0);
	});
});

// =============================================================================================
// d. the transport, with ModelsLab answering garbage
// =============================================================================================

describe('d. transport: hostile ModelsLab API answers', () => {
	const tally = newTally();
	const seen = { nodeApiError: 0, nodeOperationError: 0, proceeded: 0, longestMessage: 0 };
	let env: TestN8n;

	beforeAll(async () => {
		env = await startN8n();
	});
	afterAll(() =>
		report(
			'transport',
			tally,
			` (NodeApiError ${seen.nodeApiError}, NodeOperationError ${seen.nodeOperationError}, proceeded on a valid-by-chance answer ${seen.proceeded}, longest error message ${seen.longestMessage} chars)`,
		),
	);

	type Op = 'callback' | 'none' | 'poll' | 'getResult';
	interface Garbage {
		label: string;
		code: number;
		text: string;
		contentType?: string;
		/** false: the answer might happen to be a valid one (random JSON). */
		mustFail: boolean;
		/** The broken field is the id, which a fetch by id does not need (it knows the id it asked for). */
		fetchMayLackId?: boolean;
	}

	const codes = fc.constantFrom(200, 200, 200, 201, 400, 401, 402, 403, 404, 422, 500, 502, 503);
	const html = fc
		.tuple(
			stringArb,
			fc.constantFrom(
				'<html><body><h1>502 Bad Gateway</h1></body></html>',
				'<!DOCTYPE html><title>Cloudflare</title>',
			),
		)
		.map(([text, page]) => page.replace('</body>', `${text}</body>`));
	const garbageArb: fc.Arbitrary<Garbage> = fc.oneof(
		fc.record({
			label: fc.constant('html'),
			code: codes,
			text: html,
			contentType: fc.constantFrom('text/html', 'text/html; charset=utf-8', 'application/json'),
			mustFail: fc.constant(true),
		}),
		fc.record({
			label: fc.constant('json non-object'),
			code: codes,
			text: nonObjectTextArb,
			contentType: fc.constant('application/json'),
			mustFail: fc.constant(true),
		}),
		// Every path here reads an image generation's answer (text2img's submit, the imagesV6
		// fetch): a training's or a workflow's field broken is no field of that answer, so only a
		// broken generation field must fail. (The fetch of a known id may lack the id itself.)
		brokenArb().chain((broken) =>
			fc.record({
				label: fc.constant(`broken ${broken.kind}.${broken.path}`),
				code: codes,
				text: fc.constant(JSON.stringify(broken.body)),
				contentType: fc.constant('application/json'),
				mustFail: fc.constant(broken.kind === 'generation'),
				fetchMayLackId: fc.constant(broken.kind === 'generation' && broken.path === 'id'),
			}),
		),
		fc.record({
			label: fc.constant('huge'),
			code: fc.constantFrom(200, 400, 500),
			text: fc
				.integer({ min: 1_000_000, max: 3_000_000 })
				.chain((n) => fc.constantFrom('x'.repeat(n), JSON.stringify({ message: 'y'.repeat(n) }))),
			contentType: fc.constantFrom('text/plain', 'application/json'),
			mustFail: fc.constant(true),
		}),
		fc.record({
			label: fc.constant('not json'),
			code: codes,
			// A byte-order mark before JSON is fine for an HTTP client (n8n's strips it).
			text: badJsonTextArb.filter((text) => !text.startsWith('\ufeff')),
			contentType: fc.constant('application/json'),
			mustFail: fc.constant(true),
		}),
		fc.record({
			label: fc.constant('empty'),
			code: fc.constantFrom(200, 201, 204, 400, 500),
			text: fc.constant(''),
			contentType: fc.constantFrom(undefined, 'application/json'),
			mustFail: fc.constant(true),
		}),
		fc.record({
			label: fc.constant('error object'),
			code: codes,
			text: fc
				.record(
					{
						status: fc.constantFrom('error', 'ERROR', 'Error'),
						message: treeArb,
						messege: treeArb,
						id: treeArb,
					},
					{ requiredKeys: ['status'] },
				)
				.map(
					(body) =>
						`{${Object.entries(body)
							.map(([key, value]) => `${JSON.stringify(key)}:${toJsonText(value as never)}`)
							.join(',')}}`,
				),
			contentType: fc.constant('application/json'),
			mustFail: fc.constant(true),
		}),
		fc.record({
			label: fc.constant('json junk'),
			code: codes,
			text: junkBodyArb.map(toJsonText),
			contentType: fc.constant('application/json'),
			mustFail: fc.constant(false),
		}),
	);

	function parametersFor(op: Op): IDataObject {
		if (op === 'getResult')
			return {
				resource: 'job',
				operation: 'getResult',
				requestId: '4242',
				fetchCategory: 'imagesV6',
			};
		return textToImage({
			waitMode: op,
			options: { downloadFiles: false, pollInterval: 1, timeoutMinutes: 1 },
		});
	}

	test(
		'garbage answers to submit and fetch: a clear NodeApiError/NodeOperationError, never a TypeError',
		async () => {
			await fc.assert(
				fc.asyncProperty(
					garbageArb,
					fc.constantFrom<Op>('callback', 'none', 'poll', 'getResult'),
					async (garbage, op) => {
						// A fetch is retried (with sleeps) after a 5xx: keep the getResult cases fast.
						const code = op === 'getResult' && garbage.code >= 500 ? 200 : garbage.code;
						// Random JSON might be a valid "processing" answer, which poll mode would then poll.
						if (!garbage.mustFail && op === 'poll') return;
						const mustFail =
							(garbage.mustFail && !(op === 'getResult' && garbage.fetchMayLackId)) ||
							code < 200 ||
							code > 299;
						const path = op === 'getResult' ? '/api/v6/images/fetch/4242' : SUBMIT;
						nock(API)
							.post(path)
							.reply(
								code,
								garbage.text,
								garbage.contentType ? { 'content-type': garbage.contentType } : {},
							);
						tally.tried++;
						const handle = await runModelsLab(env.n8n, parametersFor(op));
						nock.cleanAll();
						let problem: string | undefined;
						const what = `${op}: ${garbage.label} HTTP ${code} (${garbage.text.slice(0, 80)})`;
						if (handle.status === 'error') {
							const error = handle.error as unknown as IDataObject;
							const text = `${String(error?.message)} ${String(error?.description ?? '')}`;
							seen.longestMessage = Math.max(seen.longestMessage, String(error?.message).length);
							if (error?.name === 'NodeApiError') seen.nodeApiError++;
							else if (error?.name === 'NodeOperationError') seen.nodeOperationError++;
							if (
								!['NodeApiError', 'NodeOperationError'].includes(String(error?.name)) ||
								!error?.message
							) {
								tally.crashes++;
								problem = note(tally, `${what}: ${String(error?.name)} ${String(error?.message)}`);
							} else if (
								/TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|is not iterable|\(reading '|call stack/.test(
									text,
								)
							) {
								tally.crashes++;
								problem = note(tally, `${what}: unclear error ${text.slice(0, 200)}`);
							}
						} else if (['waiting', 'success'].includes(handle.status) && !mustFail) {
							seen.proceeded++;
							if (handle.status === 'waiting')
								await env.n8n.expireWait(handle.executionId, { force: true });
						} else if (['waiting', 'success'].includes(handle.status)) {
							tally.acceptedInvalid++;
							problem = note(tally, `${what}: went on (${handle.status}) instead of failing`);
						} else {
							tally.fiveXx++;
							problem = note(tally, `${what}: execution ${handle.status}`);
						}
						expect(problem).toBeUndefined();
					},
				),
				fcParams(runs(150)),
			);
			expect(watch.crashes).toEqual([]);
		},
		timeoutFor(20000),
	);

	/** A 2xx `{status: "error", message}`: the documented answer of a fetch for a failed job. */
	function documentsFailedJob(garbage: Garbage): boolean {
		if (garbage.code < 200 || garbage.code > 299) return false;
		let body: unknown;
		try {
			body = JSON.parse(garbage.text);
		} catch {
			return false;
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
		const record = body as IDataObject;
		// Exactly the documented keys (error-codes.mdx): anything more, such as a blank id, is not that shape.
		if (!Object.keys(record).every((key) => ['status', 'message', 'messege'].includes(key)))
			return false;
		return (
			String(record.status).toLowerCase() === 'error' && (readMessage(record) ?? '').trim() !== ''
		);
	}

	test(
		'trigger with Verify With ModelsLab: garbage from every fetch endpoint → 403, nothing runs, no 5xx',
		async () => {
			const { webhooks } = await env.n8n.activateWorkflow(
				triggerWorkflow('verify-garbage', { verifyWithModelsLab: true }),
			);
			const url = `${webhooks[0].url}?token=${TOKEN}`;
			const before = env.n8n.finishedExecutions.length;
			let current: Garbage | undefined;
			const answerWith = (): [number, string, Record<string, string>] => [
				current!.code >= 500 ? 404 : current!.code,
				current!.text,
				current!.contentType ? { 'content-type': current!.contentType } : {},
			];
			let serial = 0;
			let acceptedFailures = 0;
			await fc.assert(
				fc.asyncProperty(
					garbageArb.filter((garbage) => garbage.mustFail),
					// A workflow run's fetch answer carries no id (the node adds it), so for workflow
					// callbacks a broken generation payload is not necessarily garbage: left out.
					validArb.filter((payload) => payload.kind !== 'workflow'),
					async (garbage, payload) => {
						// A training callback is verified at the training status endpoint, whose answer has
						// no id and no future_links/proxy_links: a generation answer broken in such a field
						// is a readable "still training" there, not garbage (it starts nothing either).
						fc.pre(!(payload.kind === 'training' && garbage.label.startsWith('broken generation')));
						current = garbage;
						nock(API).persist().post(/.*/).reply(answerWith).get(/.*/).reply(answerWith);
						tally.tried++;
						const callback = withId(payload, `verify-${serial++}`);
						const answer = await send(url, {
							contentType: 'application/json',
							body: JSON.stringify(callback.body),
						});
						nock.cleanAll();
						let problem: string | undefined;
						const what = `verify: ${garbage.label} HTTP ${garbage.code} → ${answer.status} ${answer.text.slice(0, 100)}`;
						if (answer.error || answer.status >= 500) {
							if (answer.error) tally.crashes++;
							else tally.fiveXx++;
							problem = note(tally, what);
						} else if (callback.outcome === 'failed' && documentsFailedJob(garbage)) {
							// A fetch's 200 {status: "error", message} is how v6 documents a failed job: taken.
							if (answer.status !== 200)
								problem = note(tally, `${what}: a documented failed job was refused`);
							else acceptedFailures++;
						} else if (callback.outcome !== 'processing' && answer.status !== 403) {
							tally.acceptedInvalid++;
							problem = note(tally, what);
						}
						expect(problem).toBeUndefined();
					},
				),
				fcParams(runs(40)),
			);
			// Only documented failed jobs ran (one execution each); no garbage did. Their executions may
			// still be finishing on a loaded machine: wait for them (bounded), then a moment for any extra.
			for (
				let waited = 0;
				env.n8n.finishedExecutions.length - before < acceptedFailures && waited < 10_000;
				waited += 50
			) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(env.n8n.finishedExecutions.length - before).toBe(acceptedFailures);
		},
		timeoutFor(20000),
	);

	test('summary', () => {
		expect(tally.tried).toBeGreaterThanOrEqual(runs(150));
		expect({
			acceptedInvalid: tally.acceptedInvalid,
			fiveXx: tally.fiveXx,
			crashes: tally.crashes,
		}).toEqual({
			acceptedInvalid: 0,
			fiveXx: 0,
			crashes: 0,
		});
	});

	// BUG (minor): a non-JSON error body is cut to 500 characters for the message (transport
	// asObject), but a JSON one is not: ModelsLab answering 400 {"message": "<2 MB>"} gives a
	// NodeApiError whose message is 2 MB, stored with the execution and shown in the editor.
	// Observed: message of 2,000,011 characters. Expected: cut like the non-JSON case.
	test('a huge JSON error message from ModelsLab is cut to a readable length', async () => {
		nock(API)
			.post(SUBMIT)
			.reply(400, { message: 'y'.repeat(2_000_000) });
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		expect(handle.status).toBe('error');
		expect(String((handle.error as unknown as IDataObject).message).length).toBeLessThan(10_000);
	});

	// BUG: request ids are kept in custom data as `category|id,…` with `cat~id` marking another
	// category, URI-encoded, but encodeURIComponent leaves '~' alone. An id containing '~'
	// (e.g. a submit answered {"status":"processing","id":"a~b"}) decodes as category "a",
	// id "b". A process without the in-memory record (after a restart, another webhook process)
	// then answers the genuine callback 403 "Request a~b was not submitted by this execution"
	// and the execution can only time out. Expected: 200 and the execution resumes.
	test('a request id containing "~" survives the custom-data round trip (resume after a restart)', async () => {
		const bodies: IDataObject[] = [];
		nock(API)
			.post(SUBMIT, (body: IDataObject) => {
				bodies.push(body);
				return true;
			})
			.reply(200, { status: 'processing', id: 'a~b', eta: 20 });
		const handle = await runModelsLab(env.n8n, textToImage({ options: { downloadFiles: false } }));
		expect(handle.status).toBe('waiting');
		forgetWaitsOf(handle.executionId, 'ModelsLab');
		// A process that did not submit the job takes its result from ModelsLab's fetch, by the id custom data kept.
		nock(API)
			.post(`/api/v6/images/fetch/${encodeURIComponent('a~b')}`)
			.reply(200, success('a~b'));
		const answer = await send(String(bodies[0].webhook), {
			contentType: 'application/json',
			body: JSON.stringify(success('a~b')),
		});
		expect(answer.status).toBe(200);
		await finished(handle);
		expect(handle.outputOf('Success').map((item) => item.json.id)).toEqual(['a~b']);
	});
});
