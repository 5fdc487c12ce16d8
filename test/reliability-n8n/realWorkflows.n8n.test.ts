/**
 * Issue 21, item 7: the ModelsLab node (resume on callback, Max Queued Jobs 5) inside workflows a
 * user builds, at ModelsLab's queue cap of 5 (ModelsLab/docs-v2 rate-limits.mdx) and beyond it,
 * in a real n8n. One workflow holds a chain per scenario (support/realWorkflows.ts).
 *
 *   a. Code (12 photos) → Convert to File → Remove Background with a binary input.
 *   b. 12 prompts, item 3 empty (the node refuses it), Continue On Fail: 11 results + 1 error.
 *   e. another client of the same account holds 2 of the 5 places: 429s, then all 12 placed.
 *   f. Loop Over Items in batches of 6 (above the cap): the node waits twice in one execution.
 *   After one restart of n8n ~5 s after the start (jobs of ~22 s, so none ends while n8n is down),
 *   four executions at once, each on its own API key:
 *   c. b plus the restart;  d. a plus the restart, once the first 5 photos are done (the next 5
 *   queued by webhook());  e. e plus the restart;  g. right after the start, forged callbacks to
 *   real callback URLs: a success with a made-up id and output, and a callback with
 *   `X-Forwarded-Host: attacker.invalid`.
 * Each asserts every result paired with its own input item (right item, right file), nothing
 * submitted twice (the simulator's log), the execution over (success, not waiting), and what the
 * user sees on the node's output and the node after it. One figures line per scenario.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { startStack, type Stack } from '../e2e/support/stack';
import { waitFor } from '../../scripts/n8n/instance';
import { finalCallbackBody } from '../../scripts/simulator/schedule';
import { processingBody } from '../../scripts/simulator/payloads';
import type { SimJob } from '../../scripts/simulator/server';
import { executionsWithData, itemsOn, keepLog, type ExecutionData } from './support/executions';
import { unpaired } from './support/batchRun';
import {
	ALL_KEYS,
	CHAINS,
	WORKFLOW_ID,
	extraCredentials,
	keyFigures,
	loopbackOnlyDns,
	names,
	pathOf,
	photoOfJobs,
	photos,
	photosBody,
	photosTwice,
	promptsTwice,
	realWorkflow,
	unpairedFiles,
	type Chain,
	type KeyFigures,
	type Photo,
} from './support/realWorkflows';

type Json = Record<string, any>;

const OVER = (status: string) => status !== 'waiting' && status !== 'running' && status !== 'new';

interface Run {
	ex?: ExecutionData;
	/** From the POST until the execution was seen over (or the time given up). */
	wallMs: number;
}

function line(
	name: string,
	version: string,
	f: KeyFigures,
	twice: number,
	run: Run,
	restarts: number,
	extra: string,
): string {
	return (
		`realWorkflows ${name} (${version}): submits ${f.accepted}, 429s ${f.refused}, fetches ${f.fetches}, uploads ${f.uploads}, ` +
		`submitted twice ${twice}, wall ${(run.wallMs / 1000).toFixed(1)} s, restarts ${restarts}, ` +
		`status ${run.ex ? run.ex.status : 'no execution'}${run.ex && !OVER(run.ex.status) ? ' (given up)' : ''}, ${extra}`
	);
}

/** A short account of items without their result: how many, and the first one. */
function describeWrong(wrong: Record<number, string>): string {
	const entries = Object.entries(wrong);
	return `items without their result ${entries.length}${entries.length ? ` (item ${entries[0][0]}: ${entries[0][1]})` : ''}`;
}

/** `wrong` without the item expected to carry an error. */
const except = (wrong: Record<number, string>, index: number) =>
	Object.fromEntries(Object.entries(wrong).filter(([key]) => key !== String(index)));

describe.each(E2E_VERSIONS)('real workflows in real n8n %s', (version) => {
	let stack: Stack;
	let guard: ReturnType<typeof loopbackOnlyDns>;

	const chainOf = (ex: ExecutionData, chain: Chain) => Boolean(ex.runData[names(chain).webhook]);
	/** The execution's last node has run data (1.x can set success a moment before writing it). */
	const complete = (ex: ExecutionData, chain: Chain) => {
		const n = names(chain);
		return (
			ex.status !== 'success' || Boolean(ex.runData[chain.kind === 'loop' ? n.done : n.results])
		);
	};

	/** The chain's executions after `afterId`, as now. */
	async function runsOf(afterId: string, chains: Chain[]): Promise<Map<Chain, ExecutionData>> {
		const all = await executionsWithData(stack.n8n, WORKFLOW_ID, afterId);
		const found = new Map<Chain, ExecutionData>();
		for (const chain of chains) {
			const ex = all.find((candidate) => chainOf(candidate, chain));
			if (ex) found.set(chain, ex);
		}
		return found;
	}

	/** Waits until each chain's execution after `afterId` is over (or `deadline`); the wall time counts from `started`. */
	async function untilOver(
		afterId: string,
		chains: Chain[],
		started: number,
		deadline: number,
	): Promise<Map<Chain, Run>> {
		const runs = new Map<Chain, Run>();
		for (;;) {
			const found = await runsOf(afterId, chains);
			for (const chain of chains) {
				const ex = found.get(chain);
				if (!runs.has(chain) && ex && OVER(ex.status) && complete(ex, chain))
					runs.set(chain, { ex, wallMs: Date.now() - started });
			}
			if (runs.size === chains.length) return runs;
			if (Date.now() >= deadline) {
				// Given up: as they are now (still waiting, most likely).
				for (const chain of chains)
					if (!runs.has(chain))
						runs.set(chain, { ex: found.get(chain), wallMs: Date.now() - started });
				return runs;
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async function post(chain: Chain, body: Json): Promise<void> {
		const res = await stack.n8n.postWebhook(pathOf(chain), body);
		if (res.status !== 200)
			throw new Error(`POST ${pathOf(chain)} answered ${res.status}: ${res.text}`);
	}

	/** Runs one chain alone and waits for its execution (at most `timeoutMs`). */
	async function runAlone(chain: Chain, body: Json, timeoutMs: number): Promise<Run> {
		const started = Date.now();
		const afterId = await stack.n8n.lastExecutionId();
		await post(chain, body);
		return (await untilOver(afterId, [chain], started, started + timeoutMs)).get(chain)!;
	}

	/**
	 * Another client of the same account (another workflow, an app): `n` jobs submitted straight
	 * to ModelsLab with the key, each holding a place in its queue for `delayMs`.
	 */
	async function occupy(apiKey: string, n: number, delayMs: number, label: string): Promise<void> {
		for (let i = 0; i < n; i++) {
			const res = await fetch(`${stack.simServer.baseUrl}/v6/images/text2img`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					key: apiKey,
					model_id: 'flux',
					prompt: `${label} other client ${i} [sim:delay:${delayMs}]`,
				}),
			});
			if (res.status !== 200)
				throw new Error(`the other client's submit ${i} answered ${res.status}`);
		}
	}
	const otherClient = (prompt: string) => prompt.includes(' other client ');

	/** Final callbacks of this key's jobs: answered 200, and not answered at all (n8n down). */
	function callbacksOf(apiKey: string, since: number): { delivered: number; lost: number } {
		const jobs = new Set(
			[...stack.sim.jobs.values()]
				.filter((job) => job.apiKey === apiKey)
				.map((job) => String(job.id)),
		);
		const mine = stack.sim.callbacksSent.filter(
			(a) => a.phase === 'final' && a.time >= since && jobs.has(a.jobId),
		);
		return {
			delivered: mine.filter((a) => a.responseCode === 200).length,
			lost: mine.filter((a) => a.responseCode === null).length,
		};
	}

	/** How n8n answered this key's final callbacks since `since`: `200×9 403×1 none×2`. */
	function answers(apiKey: string, since: number): string {
		const jobs = new Set(
			[...stack.sim.jobs.values()]
				.filter((job) => job.apiKey === apiKey)
				.map((job) => String(job.id)),
		);
		const count = new Map<string, number>();
		for (const a of stack.sim.callbacksSent.filter(
			(x) => x.phase === 'final' && x.time >= since && jobs.has(x.jobId),
		)) {
			const code = a.responseCode === null ? 'none' : String(a.responseCode);
			count.set(code, (count.get(code) ?? 0) + 1);
		}
		return `callbacks answered ${[...count].map(([code, n]) => `${code}×${n}`).join(' ') || 'none yet'}`;
	}

	beforeAll(async () => {
		assertInstalled(version);
		guard = loopbackOnlyDns();
		// Jobs of 3 to 6 s unless a prompt (or Track ID) names its own length; cap 5 per key; a
		// 429's retry_after 2 s so a refused submit costs seconds.
		stack = await startStack(version, {
			e2eWorkflows: false,
			simulator: {
				delayMs: 4500,
				jitterMs: 1500,
				queueCap: 5,
				retryAfterSeconds: 2,
				validKeys: ALL_KEYS,
			},
			workflows: () => [realWorkflow()],
			credentials: extraCredentials,
			// n8n too resolves only loopback names (g's forged host must not reach a DNS server).
			env: { NODE_OPTIONS: `--require ${join(__dirname, 'support', 'loopbackOnly.cjs')}` },
		});
	}, 240000);

	afterAll(async () => {
		keepLog(stack?.n8n, 'realWorkflows');
		await stack?.dispose();
		guard?.restore();
	});

	test('a. Code → Convert to File → Remove Background (binary), 12 photos at cap 5: 12 results, each from its own photo, none twice', async () => {
		const chain = CHAINS.files;
		const n = names(chain);
		const list = photos('a', 12);
		const since = Date.now();
		const run = await runAlone(chain, photosBody(list), 90000);
		const byJob = await photoOfJobs(stack.sim, chain.apiKey, list);
		const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
		const wrong = unpairedFiles(stack.sim, byJob, list, results);
		const twice = photosTwice(byJob);
		const f = keyFigures(stack.sim, chain.apiKey, since);
		console.log(
			line(
				'a. files, 12 photos',
				version,
				f,
				twice.length,
				run,
				0,
				`${answers(chain.apiKey, since)}, ${describeWrong(wrong)}`,
			),
		);
		expect(run.ex?.status).toBe('success');
		expect(wrong).toEqual({});
		expect(twice).toEqual([]);
		expect(f.accepted).toBe(12);
		expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
	}, 150000);

	test('b. Continue On Fail, 12 prompts, item 3 empty: 11 results and an error item for item 3, each in its place', async () => {
		const chain = CHAINS.cof;
		const n = names(chain);
		const prompts = Array.from({ length: 12 }, (_, i) => (i === 3 ? '' : `b cof row ${i}`));
		const since = Date.now();
		const run = await runAlone(chain, { prompts }, 90000);
		const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
		const wrong = unpaired(stack.sim, prompts, results);
		const twice = promptsTwice(stack.sim, prompts.filter(Boolean));
		const f = keyFigures(stack.sim, chain.apiKey, since);
		console.log(
			line(
				'b. Continue On Fail, 12 prompts, item 3 empty',
				version,
				f,
				twice.length,
				run,
				0,
				`${answers(chain.apiKey, since)}, ${describeWrong(except(wrong, 3))}`,
			),
		);
		expect(run.ex?.status).toBe('success');
		expect(Object.keys(wrong)).toEqual(['3']);
		expect(results[3]?.json).toMatchObject({
			status: 'failed',
			error: expect.stringMatching(/Prompt is required/),
		});
		expect(
			stack.sim.requests.filter((r) => r.time >= since && (r.body as Json)?.prompt === ''),
		).toEqual([]);
		expect(twice).toEqual([]);
		expect(f.accepted).toBe(11);
		expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
	}, 150000);

	test("e. another client holds 2 of the account's 5 places, 12 prompts: 429s, then all 12 placed, each its own, none twice", async () => {
		const chain = CHAINS.shared;
		const n = names(chain);
		const prompts = Array.from({ length: 12 }, (_, i) => `e shared row ${i}`);
		const since = Date.now();
		await occupy(chain.apiKey, 2, 10000, 'e');
		const run = await runAlone(chain, { prompts }, 90000);
		const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
		const wrong = unpaired(stack.sim, prompts, results);
		const twice = promptsTwice(stack.sim, prompts);
		const f = keyFigures(stack.sim, chain.apiKey, since, otherClient);
		console.log(
			line(
				'e. account shared (2 of 5 held), 12 prompts',
				version,
				f,
				twice.length,
				run,
				0,
				`${answers(chain.apiKey, since)}, ${describeWrong(wrong)}`,
			),
		);
		expect(run.ex?.status).toBe('success');
		expect(wrong).toEqual({});
		expect(twice).toEqual([]);
		expect(f.refused).toBeGreaterThanOrEqual(1);
		expect(f.accepted).toBe(12);
		expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
	}, 150000);

	test('f. Loop Over Items in batches of 6 (above the cap 5): the node waits twice, 12 results each its own, none twice', async () => {
		const chain = CHAINS.loop;
		const n = names(chain);
		const prompts = Array.from({ length: 12 }, (_, i) => `f loop row ${i}`);
		const since = Date.now();
		const run = await runAlone(chain, { prompts }, 90000);
		const done = run.ex ? itemsOn(run.ex, n.done) : [];
		const wrong = unpaired(stack.sim, prompts, done);
		const twice = promptsTwice(stack.sim, prompts);
		const f = keyFigures(stack.sim, chain.apiKey, since);
		const nodeRuns = run.ex?.runData[n.modelsLab]?.length ?? 0;
		// While it waits the loop's items are only on the node's runs: say how far it got.
		const perRun = (run.ex?.runData[n.modelsLab] ?? []).map(
			(r: Json) =>
				(r.data?.main?.[0] ?? []).filter((item: Json) => item.json.status === 'success').length,
		);
		console.log(
			line(
				'f. Loop Over Items, 2 × 6',
				version,
				f,
				twice.length,
				run,
				0,
				`${answers(chain.apiKey, since)}, node runs ${nodeRuns} (successes ${perRun.join(' + ') || 0}), done items ${done.length}, ${describeWrong(wrong)}`,
			),
		);
		expect(run.ex?.status).toBe('success');
		expect(nodeRuns).toBe(2);
		expect(wrong).toEqual({});
		expect(twice).toEqual([]);
		expect(f.accepted).toBe(12);
	}, 150000);

	describe('after one restart of n8n', () => {
		// Four executions at once, each on its own key; n8n stopped about 5 s after the start and
		// started again. Jobs of ~22 s (± 1.5 s), so n8n (back after 10 to 15 s) sees every callback.
		const c = {
			chain: CHAINS.cofRestart,
			prompts: Array.from({ length: 12 }, (_, i) =>
				i === 3 ? '' : `c cof restart row ${i} [sim:delay:22000]`,
			),
		};
		const d = { chain: CHAINS.filesRestart, photos: photos('d', 12) as Photo[] };
		const e = {
			chain: CHAINS.sharedRestart,
			prompts: Array.from({ length: 12 }, (_, i) => `e2 shared restart row ${i} [sim:delay:22000]`),
		};
		const g = {
			chain: CHAINS.forged,
			prompts: Array.from({ length: 12 }, (_, i) => `g forged row ${i} [sim:delay:22000]`),
		};
		const chains = [c.chain, d.chain, e.chain, g.chain];
		let runs = new Map<Chain, Run>();
		let since = 0;
		let restart = { stopAfterMs: 0, downMs: 0, readyMs: 0 };
		let lostWhileDown: Record<string, number> = {};
		let dDoneBeforeStop = 0;
		const forged: Array<{ what: string; item: number; status: number; text: string }> = [];

		beforeAll(async () => {
			since = Date.now();
			// e: the other client's 2 jobs hold their places until well after the restart.
			await occupy(e.chain.apiKey, 2, 30000, 'e2');
			const afterId = await stack.n8n.lastExecutionId();
			await Promise.all([
				post(c.chain, { prompts: c.prompts }),
				post(d.chain, photosBody(d.photos)),
				post(e.chain, { prompts: e.prompts }),
				post(g.chain, { prompts: g.prompts }),
			]);
			// Stop once every execution has put itself to wait (d may be over already) and d's
			// first 5 photos (2 s jobs) are done, so d's next ones are queued from webhook().
			await waitFor(
				async () => {
					const found = await runsOf(afterId, chains);
					const waiting = [c.chain, e.chain, g.chain].every(
						(chain) => found.get(chain)?.status === 'waiting',
					);
					const dSettled =
						found.get(d.chain) &&
						found.get(d.chain)!.status !== 'new' &&
						found.get(d.chain)!.status !== 'running';
					dDoneBeforeStop = callbacksOf(d.chain.apiKey, since).delivered;
					return (
						(waiting &&
							dSettled &&
							Date.now() - since >= 4000 &&
							(dDoneBeforeStop >= 5 || Date.now() - since >= 12000)) ||
						undefined
					);
				},
				30000,
				{ what: 'the four executions waiting', intervalMs: 250 },
			);
			restart.stopAfterMs = Date.now() - since;
			const down = Date.now();
			const lostBefore = Object.fromEntries(
				chains.map((chain) => [chain.apiKey, callbacksOf(chain.apiKey, since).lost]),
			);
			await stack.n8n.stop();
			restart.downMs = Date.now() - down;
			restart.readyMs = (await stack.n8n.start()).readyMs;
			lostWhileDown = Object.fromEntries(
				chains.map((chain) => [
					chain.label,
					callbacksOf(chain.apiKey, since).lost - lostBefore[chain.apiKey],
				]),
			);

			// g: forged callbacks to real callback URLs (as the simulator's log shows them), first
			// in after the start, each with `X-Forwarded-Host: attacker.invalid`.
			const gJobs = [...stack.sim.jobs.values()]
				.filter((job) => job.apiKey === g.chain.apiKey)
				.sort((x, y) => Number(x.id) - Number(y.id));
			const itemOf = (job: SimJob) =>
				Number(new URL(String(job.webhook)).searchParams.get('mlItem'));
			const send = async (what: string, job: SimJob, body: Json) => {
				const res = await fetch(String(job.webhook), {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'x-forwarded-host': 'attacker.invalid',
						'x-forwarded-proto': 'http',
					},
					body: JSON.stringify(body),
				});
				forged.push({
					what,
					item: itemOf(job),
					status: res.status,
					text: (await res.text()).slice(0, 120),
				});
			};
			const [first, second] = gJobs;
			if (first && second) {
				const madeUp = `${stack.simServer.url}/files/forged-999999-0.png`;
				await send('success, made-up id and output', first, {
					...finalCallbackBody(first),
					id: 999999,
					output: [madeUp],
					proxy_links: [madeUp],
				});
				await send('processing, its real id', second, {
					...processingBody(second, Date.now()),
					track_id: second.trackId,
				});
			}
			// Rounds of 22 s jobs: c and g need 3 (about 70 s with the restart), e about 4 (the other
			// client's 30 s jobs first); 170 s leaves room for a loaded machine.
			runs = await untilOver(afterId, chains, since, since + 170000);
			const over = (chain: Chain) => {
				const run = runs.get(chain);
				return run?.ex ? `${run.ex.status} ${(run.wallMs / 1000).toFixed(0)} s` : 'none';
			};
			console.log(
				`realWorkflows restart (${version}): stopped ${(restart.stopAfterMs / 1000).toFixed(1)} s after the start (d's callbacks in: ${dDoneBeforeStop}), ` +
					`down ${(restart.downMs / 1000).toFixed(1)} s + start ${(restart.readyMs / 1000).toFixed(1)} s, callbacks lost while down ${JSON.stringify(lostWhileDown)}; ` +
					chains.map((chain) => `${chain.label} ${over(chain)}`).join(', '),
			);
		}, 360000);

		test('c. Continue On Fail plus a restart: 11 results and the error item for item 3, the execution over', () => {
			const n = names(c.chain);
			const run = runs.get(c.chain)!;
			const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
			const wrong = unpaired(stack.sim, c.prompts, results);
			const twice = promptsTwice(stack.sim, c.prompts.filter(Boolean));
			const f = keyFigures(stack.sim, c.chain.apiKey, since);
			console.log(
				line(
					'c. Continue On Fail + restart',
					version,
					f,
					twice.length,
					run,
					1,
					`${answers(c.chain.apiKey, since)}, ${describeWrong(except(wrong, 3))}`,
				),
			);
			expect(run.ex?.status).toBe('success');
			expect(Object.keys(wrong)).toEqual(['3']);
			expect(results[3]?.json).toMatchObject({
				status: 'failed',
				error: expect.stringMatching(/Prompt is required/),
			});
			expect(twice).toEqual([]);
			expect(f.accepted).toBe(11);
			expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
		});

		test('d. files plus a restart in the middle: 12 results, each from its own photo, none twice', async () => {
			const n = names(d.chain);
			const run = runs.get(d.chain)!;
			const byJob = await photoOfJobs(stack.sim, d.chain.apiKey, d.photos);
			const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
			const wrong = unpairedFiles(stack.sim, byJob, d.photos, results);
			const twice = photosTwice(byJob);
			const f = keyFigures(stack.sim, d.chain.apiKey, since);
			console.log(
				line(
					'd. files + restart',
					version,
					f,
					twice.length,
					run,
					1,
					`${dDoneBeforeStop} done before the stop, ${answers(d.chain.apiKey, since)}, ${describeWrong(wrong)}`,
				),
			);
			expect(run.ex?.status).toBe('success');
			expect(wrong).toEqual({});
			expect(twice).toEqual([]);
			expect(f.accepted).toBe(12);
			expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
		});

		test('e. account shared (2 of 5 held) plus a restart: 429s, then all 12 placed, each its own, none twice', () => {
			const n = names(e.chain);
			const run = runs.get(e.chain)!;
			const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
			const wrong = unpaired(stack.sim, e.prompts, results);
			const twice = promptsTwice(stack.sim, e.prompts);
			const f = keyFigures(stack.sim, e.chain.apiKey, since, otherClient);
			console.log(
				line(
					'e. account shared + restart',
					version,
					f,
					twice.length,
					run,
					1,
					`${answers(e.chain.apiKey, since)}, ${describeWrong(wrong)}`,
				),
			);
			expect(run.ex?.status).toBe('success');
			expect(wrong).toEqual({});
			expect(twice).toEqual([]);
			expect(f.refused).toBeGreaterThanOrEqual(1);
			expect(f.accepted).toBe(12);
			expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
		});

		test('g. after the restart, a forged success and a forged X-Forwarded-Host: the genuine results, no job sent to attacker.invalid', () => {
			const n = names(g.chain);
			const run = runs.get(g.chain)!;
			const results = run.ex ? itemsOn(run.ex, n.modelsLab) : [];
			const wrong = unpaired(stack.sim, g.prompts, results);
			// The genuine output too (the forged success named another file).
			g.prompts.forEach((prompt, i) => {
				const job = [...stack.sim.jobs.values()].find(
					(candidate) => candidate.meta.prompt === prompt,
				);
				const output = results[i]?.json.output;
				if (!wrong[i] && JSON.stringify(output) !== JSON.stringify(job?.output))
					wrong[i] = `output ${JSON.stringify(output)}`;
			});
			const twice = promptsTwice(stack.sim, g.prompts);
			const f = keyFigures(stack.sim, g.chain.apiKey, since);
			// n8n's own requests to the forged host (its knock on the resume URL), refused by loopbackOnly.cjs.
			const n8nTried =
				existsSync(stack.n8n.logFile) &&
				readFileSync(stack.n8n.logFile, 'utf8').includes('refused to resolve attacker.invalid');
			const toAttacker = [...stack.sim.jobs.values()].filter(
				(job) => job.apiKey === g.chain.apiKey && String(job.webhook).includes('attacker.invalid'),
			);
			console.log(
				line(
					'g. forged callbacks after a restart',
					version,
					f,
					twice.length,
					run,
					1,
					`forged answered ${forged.map((x) => `${x.status} (${x.what}, item ${x.item})`).join(', ')}, ` +
						`${answers(g.chain.apiKey, since)}, jobs whose webhook names attacker.invalid ${toAttacker.length}, simulator lookups refused ${guard.refused.length}, n8n tried to resolve attacker.invalid ${n8nTried ? 'yes' : 'no'}, ${describeWrong(wrong)}`,
				),
			);
			expect(forged).toHaveLength(2);
			expect(toAttacker.map((job) => job.webhook)).toEqual([]);
			expect(run.ex?.status).toBe('success');
			expect(wrong).toEqual({});
			expect(twice).toEqual([]);
			expect(f.accepted).toBe(12);
			expect(itemsOn(run.ex!, n.results)).toHaveLength(12);
		});
	});
});
