/**
 * npm run bench:batch [-- --version 2.41.1] [--cap 5] [--n 100] [--job 20] [--quick]
 *
 * Benchmark 7 (issue 12): a batch bigger than ModelsLab's queue cap. N items (100), cap 5, jobs of
 * `--job` s ± a quarter (20 ± 5 s), callbacks sent once and 10 % never sent (every item whose
 * index ends in 3), against the simulator enforcing the cap per API key (ModelsLab/docs-v2
 * rate-limits.mdx; webhooks.mdx for once-only, best-effort callbacks). Four sides run at the same
 * time in one real n8n, each on its own API key (its own account, its own cap of 5), so none
 * takes another's places:
 *   ours      Webhook → Split Out → ModelsLab (Until ModelsLab Calls Back, Max Queued Jobs 5) → Done
 *   ours-poll the same, By Polling (first fetch at ModelsLab's ETA, then every 5 s)
 *   peer      our By Polling behind a proxy that strips `eta`, so it polls every 5 s from each
 *             submit, as the peer nodes do (bench/README.md; peers poll in execute()), kept within
 *             the cap (a peer that submits more only adds 429s)
 *   diy       n8n's DIY pattern: Loop Over Items (5) → HTTP Request (submit with `webhook` =
 *             `$execution.resumeUrl`, Retry On Fail 5 × 5 s) → Wait (On Webhook Call) → Loop
 * Measured from the simulator's log (submits, 429s, fetches per key) and n8n's saved executions:
 * results paired with their input, wall time from the POST to the execution's end, the time the
 * execution was running (sum of its nodes' execution times). The ideal: ceil(N / cap) × the mean
 * job length. Figures go to bench/results/batch[-<version>].json; bench/README.md quotes them.
 */
import { randomUUID } from 'node:crypto';

import { createSimulator, type Simulator } from '../scripts/simulator/server';
import { buildAndPack, etaStrippingProxy } from './lib/stack';
import {
	type BenchResult,
	log,
	machine,
	machineLine,
	n8nLib,
	resultFile,
	round,
	sleep,
	writeResult,
} from './lib/util';
import { PKG, WAIT_ON_WEBHOOK, node as workflowNode } from './lib/workflows';

const DEFAULT_VERSION = '1.123.81';
/** The account's queue cap (ModelsLab plans: 5, 10 or 15 queued jobs; rate-limits.mdx), `--cap`. */
let CAP = 5;
const SIDES = ['ours', 'ours-poll', 'peer', 'diy'] as const;
type Side = (typeof SIDES)[number];
const KEY: Record<Side, string> = {
	ours: 'key-ours',
	'ours-poll': 'key-poll',
	peer: 'key-peer',
	diy: 'key-diy',
};
const WF_ID: Record<Side, string> = {
	ours: 'benchBatchOurs01',
	'ours-poll': 'benchBatchPoll01',
	peer: 'benchBatchPeer01',
	diy: 'benchBatchDiy001',
};
const DONE = 'Done';

type Node = ReturnType<typeof workflowNode> & {
	webhookId?: string;
	credentials?: Record<string, unknown>;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
};
type Link = { node: string; type: 'main'; index: number };
const link = (name: string): Link => ({ node: name, type: 'main', index: 0 });
const at = (
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
): Node => workflowNode(name, type, typeVersion, x, 0, parameters);
const hook = (side: Side): Node => ({
	...at('Webhook', 'n8n-nodes-base.webhook', 2, 0, {
		httpMethod: 'POST',
		path: `bench-batch-${side}`,
		responseMode: 'onReceived',
		options: {},
	}),
	webhookId: randomUUID(),
});
const split = () =>
	at('Split Out', 'n8n-nodes-base.splitOut', 1, 200, {
		fieldToSplitOut: 'body.prompts',
		include: 'noOtherFields',
		options: { destinationFieldName: 'prompt' },
	});
const credentialOf = (side: Side) => ({
	id: `benchBatchCred${side.length}${side[0]}`.padEnd(16, '0').slice(0, 16),
	name: `ModelsLab (${side})`,
	type: 'modelsLabApi',
});

function workflow(side: Side, nodes: Node[], connections: Record<string, { main: Link[][] }>) {
	return {
		id: WF_ID[side],
		name: `bench: batch, ${side}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: true,
	};
}

/** Webhook → Split Out → ModelsLab (callback or poll) → Done. */
function oursWorkflow(side: Exclude<Side, 'diy'>) {
	const cred = credentialOf(side);
	const waits = side === 'ours' ? { waitMode: 'callback' } : { waitMode: 'poll' };
	const options =
		side === 'ours'
			? { concurrency: CAP, downloadFiles: false }
			: { concurrency: CAP, downloadFiles: false, pollInterval: 5, timeoutMinutes: 60 };
	const ml: Node = {
		...at('ModelsLab', `${PKG}.modelsLab`, 1.1, 400, {
			resource: 'image',
			operation: 'textToImage',
			apiVersion: 'v6',
			modelId: { __rl: true, mode: 'list', value: 'flux' },
			prompt: '={{ $json.prompt }}',
			failedJobs: 'sameOutput',
			...waits,
			options,
		}),
		webhookId: randomUUID(),
		credentials: { modelsLabApi: { id: cred.id, name: cred.name } },
	};
	const nodes = [hook(side), split(), ml, at(DONE, 'n8n-nodes-base.noOp', 1, 600, {})];
	return workflow(side, nodes, {
		Webhook: { main: [[link('Split Out')]] },
		'Split Out': { main: [[link('ModelsLab')]] },
		ModelsLab: { main: [[link(DONE)]] },
	});
}

/** n8n's DIY pattern for a callback API, as its docs and forum show it. */
function diyWorkflow(baseUrl: string) {
	const loop = at('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, 300, {
		batchSize: CAP,
		options: {},
	});
	const submit: Node = {
		...at('Submit', 'n8n-nodes-base.httpRequest', 4.2, 450, {
			method: 'POST',
			url: `${baseUrl}/v6/images/text2img`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ key: '${KEY.diy}', model_id: 'flux', prompt: $json.prompt, track_id: $json.prompt, webhook: $execution.resumeUrl }) }}`,
			options: {},
		}),
		retryOnFail: true,
		maxTries: 5,
		waitBetweenTries: 5000,
	};
	const wait: Node = {
		...at('Wait', 'n8n-nodes-base.wait', 1.1, 600, WAIT_ON_WEBHOOK),
		webhookId: randomUUID(),
	};
	const nodes = [
		hook('diy'),
		split(),
		loop,
		submit,
		wait,
		at(DONE, 'n8n-nodes-base.noOp', 1, 500, {}),
	];
	return workflow('diy', nodes, {
		Webhook: { main: [[link('Split Out')]] },
		'Split Out': { main: [[link('Loop Over Items')]] },
		'Loop Over Items': { main: [[link(DONE)], [link('Submit')]] },
		Submit: { main: [[link('Wait')]] },
		Wait: { main: [[link('Loop Over Items')]] },
	});
}

interface SideResult {
	side: Side;
	status: string;
	/** Items of the batch whose own job's success reached Done (paired by prompt and job id). */
	paired: number;
	itemsAtDone: number;
	submits: number;
	refused: number;
	fetches: number;
	lostCallbacks: number;
	wallS: number;
	/** Time the execution's status was `running` (sampled every second), not `waiting`. */
	runningS: number;
	/**
	 * The physical limit for this side's own jobs: their lengths as the simulator drew them, run in
	 * item order on `cap` places with no gap at all (each item to the first place that frees).
	 */
	scheduleS: number;
	/** Where the wall time beyond the ideal went: POST → first submit; place-seconds left empty between the first submit and the last job's end (÷ cap = seconds of wall); last job's end → execution end. */
	lostS: {
		startS: number;
		emptyPlaceS: number;
		endS: number;
		/** The k-th job end to the (cap + k)-th submit: the hand-off of a place, median and sum (s), for ends with and without a callback. */
		handoff: {
			callbackMedianS: number;
			callbackSumS: number;
			lostMedianS: number;
			lostSumS: number;
		};
	};
	/** The first item at Done, as saved (to check the pairing by eye). */
	sample?: unknown;
}

const bodyKey = (body: unknown) =>
	body && typeof body === 'object' ? String((body as Record<string, unknown>).key ?? '') : '';

function figures(
	sim: Simulator,
	side: Side,
	prompts: string[],
	execution:
		| Awaited<ReturnType<Awaited<ReturnType<typeof n8nLib.startN8n>>['getExecution']>>
		| undefined,
	startedAt: number,
	runningS: number,
): SideResult {
	const key = KEY[side];
	const submits = sim.requests.filter(
		(r) => r.method === 'POST' && r.path === '/api/v6/images/text2img' && bodyKey(r.body) === key,
	);
	const fetches = sim.requests.filter(
		(r) => r.path.startsWith('/api/v6/images/fetch') && bodyKey(r.body) === key,
	).length;
	const jobs = [...sim.jobs.values()].filter((job) => job.apiKey === key);
	const jobOfPrompt = new Map(jobs.map((job) => [String(job.meta.prompt), String(job.id)]));
	const lengthOfPrompt = new Map<string, number>();
	for (const job of jobs)
		if (!lengthOfPrompt.has(String(job.meta.prompt)))
			lengthOfPrompt.set(String(job.meta.prompt), job.completesAt - job.createdAt);
	type Item = {
		status?: unknown;
		id?: unknown;
		body?: { status?: unknown; id?: unknown; track_id?: unknown };
	};
	const done: Item[] = execution ? execution.output(DONE) : [];
	let paired = 0;
	if (side === 'diy') {
		// The Wait's output is the callback's request; its body names the job and its track_id.
		const seen = new Set<string>();
		for (const item of done) {
			const body = item.body ?? {};
			const prompt = String(body.track_id ?? '');
			if (
				body.status !== 'success' ||
				jobOfPrompt.get(prompt) !== String(body.id) ||
				seen.has(prompt)
			)
				continue;
			seen.add(prompt);
			paired++;
		}
	} else {
		// Item n must carry the job submitted with prompt n (the documented callback has no meta).
		done.forEach((item, n) => {
			if (item.status === 'success' && String(item.id) === jobOfPrompt.get(prompts[n])) paired++;
		});
	}
	const stopped = execution?.stoppedAt
		? Date.parse(
				String(execution.stoppedAt).replace(' ', 'T') +
					(String(execution.stoppedAt).includes('Z') ? '' : 'Z'),
			)
		: NaN;
	return {
		side,
		status: execution?.status ?? 'not finished',
		paired,
		itemsAtDone: done.length,
		submits: submits.filter((r) => r.status === 200).length,
		refused: submits.filter((r) => r.status === 429).length,
		fetches,
		lostCallbacks: jobs.filter((job) => job.delivery === 'never').length,
		wallS: round((stopped - startedAt) / 1000, 1),
		runningS: round(runningS, 1),
		scheduleS: round(listScheduleS(prompts.map((p) => lengthOfPrompt.get(p) ?? 0)), 1),
		lostS: lostTime(jobs, startedAt, stopped),
		sample: done[0],
	};
}

/** n job lengths (ms), uniform in mean ± spread, from a small seeded generator (mulberry32). */
function drawLengths(n: number, meanMs: number, spreadMs: number, seed: number): number[] {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return Array.from({ length: n }, () => Math.round(meanMs + (next() * 2 - 1) * spreadMs));
}

/** Where a side's time went beyond its jobs' own lengths (see SideResult.lostS). */
function lostTime(
	jobs: Array<{ createdAt: number; completesAt: number; delivery?: string }>,
	startedAt: number,
	stopped: number,
): SideResult['lostS'] {
	const none = { callbackMedianS: NaN, callbackSumS: NaN, lostMedianS: NaN, lostSumS: NaN };
	if (!jobs.length) return { startS: NaN, emptyPlaceS: NaN, endS: NaN, handoff: none };
	const ends = [...jobs].sort((a, b) => a.completesAt - b.completesAt);
	const submits = jobs.map((job) => job.createdAt).sort((a, b) => a - b);
	const gaps: Record<'callback' | 'lost', number[]> = { callback: [], lost: [] };
	ends.forEach((job, k) => {
		const next = submits[CAP + k];
		if (next === undefined) return;
		gaps[job.delivery === 'never' ? 'lost' : 'callback'].push(
			Math.max(0, next - job.completesAt) / 1000,
		);
	});
	const median = (values: number[]) =>
		values.length
			? round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)], 2)
			: NaN;
	const sum = (values: number[]) =>
		round(
			values.reduce((a, b) => a + b, 0),
			1,
		);
	const first = Math.min(...jobs.map((job) => job.createdAt));
	const last = Math.max(...jobs.map((job) => job.completesAt));
	const busy = jobs.reduce((sum, job) => sum + (job.completesAt - job.createdAt), 0);
	return {
		startS: round((first - startedAt) / 1000, 1),
		emptyPlaceS: round((CAP * (last - first) - busy) / 1000, 1),
		endS: round((stopped - last) / 1000, 1),
		handoff: {
			callbackMedianS: median(gaps.callback),
			callbackSumS: sum(gaps.callback),
			lostMedianS: median(gaps.lost),
			lostSumS: sum(gaps.lost),
		},
	};
}

/** Makespan (s) of jobs of these lengths (ms) taken in order by CAP places, each by the first place free. */
function listScheduleS(lengthsMs: number[]): number {
	const free = Array<number>(CAP).fill(0);
	for (const length of lengthsMs) {
		const place = free.indexOf(Math.min(...free));
		free[place] += length;
	}
	return Math.max(...free) / 1000;
}

async function main() {
	const argv = process.argv.slice(2);
	const get = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
	const version = get('--version') ?? DEFAULT_VERSION;
	const quick = argv.includes('--quick');
	const n = Number(get('--n') ?? (quick ? 20 : 100));
	const jobS = Number(get('--job') ?? (quick ? 4 : 20));
	CAP = Number(get('--cap') ?? 5);
	const t0 = Date.now();
	log(`machine: ${machineLine()}`);
	const tgz = buildAndPack();
	const sim = createSimulator({
		delayMs: jobS * 1000,
		jitterMs: (jobS * 1000) / 4,
		queueCap: CAP,
		delivery: 'once',
		validKeys: Object.values(KEY),
		seed: 7,
	});
	const simServer = await sim.start();
	const proxy = await etaStrippingProxy(simServer.url);
	const credentials = SIDES.filter((side) => side !== 'diy').map((side) => ({
		...credentialOf(side),
		data: { apiKey: KEY[side], baseUrl: side === 'peer' ? proxy.baseUrl : simServer.baseUrl },
	}));
	const n8n = await n8nLib.startN8n({
		version,
		packageTgz: tgz,
		credentials,
		workflows: [
			oursWorkflow('ours'),
			oursWorkflow('ours-poll'),
			oursWorkflow('peer'),
			diyWorkflow(simServer.baseUrl),
		],
		waitForWebhooks: SIDES.map((side) => `bench-batch-${side}`),
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	});
	const results: SideResult[] = [];
	const idealS = Math.ceil(n / CAP) * jobS;
	try {
		// Every side gets the same job lengths item by item (drawn once, seed 7, and put in the prompt
		// as the simulator's delay), so their walls compare directly and share one ideal schedule.
		const lengthsMs = drawLengths(n, jobS * 1000, (jobS * 1000) / 4, 7);
		const promptsOf = (side: Side) =>
			lengthsMs.map(
				(ms, i) =>
					`batch ${side} row ${i} [sim:delay:${ms},jitter:0${i % 10 === 3 ? ',never' : ''}]`,
			);
		const afterId = await n8n.lastExecutionId();
		const started: Partial<Record<Side, number>> = {};
		for (const side of SIDES) {
			started[side] = Date.now();
			const answer = await n8n.postWebhook(`bench-batch-${side}`, { prompts: promptsOf(side) });
			if (answer.status !== 200) throw new Error(`start ${side}: ${answer.status} ${answer.text}`);
		}
		log(
			`7. started ${SIDES.length} batches of ${n} (jobs ${jobS} s ± ${jobS / 4} s, cap ${CAP}, ${n / 10} callbacks never sent each); ideal ${idealS} s`,
		);
		const limitMs = Math.max(idealS * 4, 300) * 1000;
		const executionOf = async (side: Side) => {
			const rows = await n8n.getExecutions({
				workflowId: WF_ID[side],
				afterId,
				status: ['success', 'error', 'crashed', 'canceled'],
			});
			return rows[0] ? await n8n.getExecution(rows[0].id) : undefined;
		};
		const over = new Map<Side, Awaited<ReturnType<typeof executionOf>>>();
		const running: Record<Side, number> = { ours: 0, 'ours-poll': 0, peer: 0, diy: 0 };
		const end = Date.now() + limitMs;
		let last = Date.now();
		while (over.size < SIDES.length && Date.now() < end) {
			// Time in `running` since the last look, per side still going.
			const rows = await n8n.getExecutions({ afterId });
			const now = Date.now();
			for (const side of SIDES) {
				if (
					!over.has(side) &&
					rows.some(
						(row) =>
							row.workflowId === WF_ID[side] && (row.status === 'running' || row.status === 'new'),
					)
				)
					running[side] += (now - last) / 1000;
			}
			last = now;
			for (const side of SIDES) {
				if (over.has(side)) continue;
				const execution = await executionOf(side);
				// 1.x can mark an execution success a moment before its data is written.
				if (execution && (execution.status !== 'success' || execution.runData[DONE])) {
					over.set(side, execution);
					log(
						`7. ${side}: ${execution.status} after ${round((Date.now() - started[side]!) / 1000, 1)} s`,
					);
				}
			}
			await sleep(1000);
		}
		for (const side of SIDES)
			results.push(
				figures(sim, side, promptsOf(side), over.get(side), started[side]!, running[side]),
			);
	} finally {
		await n8n.dispose();
		await proxy.close();
		await simServer.close();
	}
	for (const r of results) log(`7. ${JSON.stringify(r)}`);

	const of = (side: Side) => results.find((r) => r.side === side)!;
	const ours = of('ours');
	const ratio = (a: number, b: number) =>
		Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${round(a / b, 2)}×` : 'n/a';
	const calls = (r: SideResult) => r.submits + r.refused + r.fetches;
	const line = (r: SideResult) =>
		`${r.paired}/${n} results, ${r.submits} submits + ${r.refused} × 429 + ${r.fetches} fetches, ${r.wallS} s (${r.status})`;
	const rows: BenchResult['rows'] = [
		{
			what: `N=${n}, cap ${CAP}, ${jobS} ± ${jobS / 4} s jobs, 10 % callbacks lost: results paired with their input`,
			ours: `${ours.paired}/${n}`,
			baseline: `poll ${of('ours-poll').paired} | peer 5 s ${of('peer').paired} | DIY Loop + Wait ${of('diy').paired}`,
			ratio: '',
			goal: `${n} of ${n}, 0 failed by a 429`,
			met: ours.paired === n && ours.status === 'success',
		},
		{
			what: 'submits accepted (429s) | fetches',
			ours: `${ours.submits} (${ours.refused}) | ${ours.fetches}`,
			baseline: `peer ${of('peer').submits} (${of('peer').refused}) | ${of('peer').fetches}; DIY ${of('diy').submits} (${of('diy').refused}) | ${of('diy').fetches}`,
			ratio: `calls ${ratio(calls(ours), calls(of('peer')))} of peer's, ${ratio(calls(ours), calls(of('diy')))} of DIY's`,
			goal: `submits ≤ ${Math.ceil(n * 1.05)}; fetches ≤ lost (${ours.lostCallbacks}) + ${n / 10}`,
			met: ours.submits <= Math.ceil(n * 1.05) && ours.fetches <= ours.lostCallbacks + n / 10,
		},
		{
			what: `wall time against the ideal schedule (its own jobs' lengths on ${CAP} places with no gap; ceil(N/cap) × mean job = ${idealS} s)`,
			ours: `${ours.wallS} s (ideal ${ours.scheduleS} s)`,
			baseline: `poll ${of('ours-poll').wallS} s (ideal ${of('ours-poll').scheduleS} s) | peer ${of('peer').wallS} s | DIY ${of('diy').wallS} s`,
			ratio: `${ratio(ours.wallS, ours.scheduleS)} of ideal (poll ${ratio(of('ours-poll').wallS, of('ours-poll').scheduleS)}); ${ratio(ours.wallS, idealS)} of ceil(N/cap) × mean; ${ratio(ours.wallS, of('ours-poll').wallS)} of poll's wall`,
			goal: '≤ 1.05 × ideal, and no slower than By Polling (against its own ideal)',
			met:
				ours.wallS <= 1.05 * ours.scheduleS &&
				ours.wallS / ours.scheduleS <= of('ours-poll').wallS / of('ours-poll').scheduleS,
		},
		{
			what: 'time the execution was running (not waiting), sampled every second / wall',
			ours: `${ours.runningS} s (${round((100 * ours.runningS) / ours.wallS, 1)} %)`,
			baseline: `poll ${of('ours-poll').runningS} s | peer ${of('peer').runningS} s | DIY ${of('diy').runningS} s`,
			ratio: '',
			goal: '≤ 5 % of wall',
			met: ours.runningS <= 0.05 * ours.wallS,
		},
	];
	const result: BenchResult = {
		name: CAP === 5 ? 'batch' : `batch-cap${CAP}`,
		title: `7. A batch above the queue cap (cap ${CAP})`,
		date: new Date().toISOString(),
		durationS: round((Date.now() - t0) / 1000, 1),
		machine: machine(),
		n8n: { version, engine: 'legacy' },
		rows,
		notes: [
			`All four batches at once in one n8n ${version}, each on its own API key (its own cap of ${CAP}); job lengths ${jobS} s ± ${jobS / 4} s drawn once per item (seed 7) and the same for every side (the simulator's delay, in the prompt), so the sides share one ideal schedule; items whose index ends in 3 never get their callback.`,
			`Per side: ${results.map((r) => `${r.side}: ${line(r)}`).join('; ')}.`,
			'DIY: the Wait resumes on the first callback of its 5 and the loop moves on; the other callbacks of the 5 find the execution running (409) or resume a later Wait with a job of another batch.',
		],
		summary: { n, cap: CAP, jobS, idealS },
		raw: { results },
	};
	writeResult(
		quick
			? resultFile('batch-quick', version, DEFAULT_VERSION).replace(/results\//, 'results/tmp/')
			: resultFile(CAP === 5 ? 'batch' : `batch-cap${CAP}`, version, DEFAULT_VERSION),
		result,
	);
	for (const row of rows)
		log(
			`   ${row.what}: ours ${row.ours} | ${row.baseline} | ${row.ratio} | goal ${row.goal}${row.met === null ? '' : row.met ? ' MET' : ' NOT MET'}`,
		);
	log(`7. done in ${round((Date.now() - t0) / 1000, 1)} s`);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
	process.exit(1);
});
