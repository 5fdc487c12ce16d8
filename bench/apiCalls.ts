/**
 * 3. API calls and detection delay per job: the ModelsLab node waiting for the callback, our Poll
 * mode (first fetch when ModelsLab's ETA has passed, then every 5 s), and a peer-style loop that
 * polls every 5 s from the submit and ignores ETA (our Poll mode behind a proxy that strips `eta`).
 * All runs start together on the same instance and simulator; calls come from the simulator's
 * request log, the job's end from the simulator (completesAt), the moment the workflow noticed from
 * the start time of the node after the ModelsLab node.
 *
 * A "10 s job" lasts 10 s plus an offset spread over one 5 s polling period (N=1: four runs at
 * +0.625, +1.875, +3.125, +4.375 s; N=20: item i at +0.25·i s), so a fixed-period poller is not
 * flattered (or penalised) by a job that ends exactly on its schedule.
 */
import type { Execution } from '../scripts/n8n/instance';
import type { SimJob } from '../scripts/simulator/server';
import type { Stack } from './lib/stack';
import { type BenchResult, log, machine, mean, median, n8nLib, round } from './lib/util';
import { DONE, type DetectMode, IDS, PATHS } from './lib/workflows';

export interface ApiCallOptions {
	lengthsS: number[];
	n1Runs: number;
	batch: number;
}

interface Run {
	runId: string;
	mode: DetectMode;
	lengthS: number;
	n: number;
	prompts: string[];
}

interface RunResult {
	runId: string;
	mode: DetectMode;
	lengthS: number;
	n: number;
	submits: number;
	fetches: number;
	calls: number;
	callsPerJob: number;
	callbackDeliveries: number;
	/** last job end → the node after the ModelsLab node started (s) */
	detectionS: number;
	/** per item: its job's end → the workflow noticing (s); a batch continues when its last job ends */
	itemDetectionS: number[];
	executionId: string;
	status: string;
}

const MODE_NAME: Record<DetectMode, string> = {
	cb: 'Webhook (callback)',
	poll: 'Our Poll mode (ETA, then 5 s)',
	peer: 'Peer-style fixed 5 s poll',
};

export async function benchApiCalls(
	stack: Stack,
	opts: ApiCallOptions,
	meta: { version: string; engine: string },
): Promise<BenchResult> {
	const t0 = Date.now();
	const { n8n, sim } = stack;
	const runs: Run[] = [];
	for (const lengthS of opts.lengthsS) {
		for (const mode of ['cb', 'poll', 'peer'] as DetectMode[]) {
			for (let r = 0; r < opts.n1Runs; r++) {
				const runId = `${mode}-${lengthS}-n1-r${r}`;
				const delay = lengthS * 1000 + Math.round(((r + 0.5) * 5000) / opts.n1Runs);
				runs.push({
					runId,
					mode,
					lengthS,
					n: 1,
					prompts: [`bench run=${runId} item=0 [sim:delay:${delay}]`],
				});
			}
			const runId = `${mode}-${lengthS}-n${opts.batch}`;
			runs.push({
				runId,
				mode,
				lengthS,
				n: opts.batch,
				prompts: Array.from(
					{ length: opts.batch },
					(_, i) =>
						`bench run=${runId} item=${i} [sim:delay:${lengthS * 1000 + Math.round((i * 5000) / opts.batch)}]`,
				),
			});
		}
	}
	const afterId = await n8n.lastExecutionId();
	const requestsBefore = sim.requests.length;
	// start every run now, interleaving modes so none gets a head start
	const order = [...runs].sort(
		(a, b) => a.lengthS - b.lengthS || a.n - b.n || a.runId.localeCompare(b.runId),
	);
	const byTurn: Run[] = [];
	for (const lengthS of opts.lengthsS) {
		const group = order.filter((r) => r.lengthS === lengthS);
		const perMode = (m: DetectMode) => group.filter((r) => r.mode === m);
		for (let i = 0; i < perMode('cb').length; i++)
			for (const m of ['cb', 'poll', 'peer'] as DetectMode[]) byTurn.push(perMode(m)[i]);
	}
	for (const run of byTurn) {
		const res = await n8n.postWebhook(PATHS[run.mode], { prompts: run.prompts });
		if (res.status !== 200) throw new Error(`start ${run.runId}: ${res.status} ${res.text}`);
	}
	const longest = Math.max(...opts.lengthsS);
	log(
		`3. started ${runs.length} runs (${runs.reduce((s, r) => s + r.n, 0)} jobs); the longest jobs end in ~${longest + 5} s`,
	);

	// wait for every run's execution to finish (the Done node ran)
	const doneNode = (mode: DetectMode) => DONE[mode];
	const runOf = (ex: Execution): Run | undefined => {
		const first =
			ex.runData[Object.keys(ex.runData).find((k) => k.endsWith('Webhook')) ?? '']?.[0]?.data
				?.main?.[0]?.[0]?.json?.body?.prompts?.[0];
		const id = /run=(\S+)/.exec(String(first ?? ''))?.[1];
		return runs.find((r) => r.runId === id);
	};
	const finished = new Map<string, Execution>();
	await n8nLib.waitFor(
		async () => {
			const rows = await n8n.getExecutions({
				workflowId: IDS.actions,
				afterId,
				status: ['success', 'error', 'crashed', 'canceled'],
			});
			for (const row of rows) {
				if ([...finished.values()].some((e) => e.id === row.id)) continue;
				const ex = await n8n.getExecution(row.id);
				const run = ex && runOf(ex);
				if (ex && run && (ex.runData[doneNode(run.mode)] || row.status !== 'success'))
					finished.set(run.runId, ex);
			}
			return finished.size >= runs.length;
		},
		(longest + 120) * 1000,
		{ what: 'every detection run to finish', intervalMs: 1000 },
	);

	const requests = sim.requests.slice(requestsBefore);
	const results: RunResult[] = runs.map((run) => {
		const tag = `run=${run.runId} `;
		const jobs: SimJob[] = [...sim.jobs.values()].filter((j) =>
			String(j.meta.prompt ?? '').includes(tag),
		);
		const ids = new Set(jobs.map((j) => String(j.id)));
		const submits = requests.filter(
			(q) =>
				q.method === 'POST' &&
				typeof (q.body as { prompt?: unknown })?.prompt === 'string' &&
				(q.body as { prompt: string }).prompt.includes(tag),
		).length;
		const fetches = requests.filter((q) => {
			const m = /\/fetch\/([^/]+)$/.exec(q.path);
			return m && ids.has(decodeURIComponent(m[1]));
		}).length;
		const ex = finished.get(run.runId) as Execution;
		const noticed = Number(ex.runData[doneNode(run.mode)]?.[0]?.startTime ?? NaN);
		const lastEnd = Math.max(...jobs.map((j) => j.completesAt));
		return {
			runId: run.runId,
			mode: run.mode,
			lengthS: run.lengthS,
			n: run.n,
			submits,
			fetches,
			calls: submits + fetches,
			callsPerJob: round((submits + fetches) / run.n, 2),
			callbackDeliveries: sim.callbacksSent.filter((c) => ids.has(c.jobId)).length,
			detectionS: round((noticed - lastEnd) / 1000, 3),
			itemDetectionS: jobs.map((j) => round((noticed - j.completesAt) / 1000, 3)),
			executionId: ex.id,
			status: ex.status,
		};
	});

	const rows: BenchResult['rows'] = [];
	const summary: Record<string, unknown> = {};
	for (const lengthS of opts.lengthsS) {
		const pick = (mode: DetectMode, n: number) =>
			results.filter((r) => r.mode === mode && r.lengthS === lengthS && r.n === n);
		const per: Record<string, unknown> = {};
		for (const mode of ['cb', 'poll', 'peer'] as DetectMode[]) {
			const one = pick(mode, 1);
			const batch = pick(mode, opts.batch)[0];
			per[mode] = {
				n1: {
					submitsPerJob: mean(one.map((r) => r.submits)),
					fetchesPerJob: mean(one.map((r) => r.fetches)),
					callsPerJob: mean(one.map((r) => r.calls)),
					detectionS: {
						mean: round(mean(one.map((r) => r.detectionS)), 2),
						median: round(median(one.map((r) => r.detectionS)), 2),
						max: round(Math.max(...one.map((r) => r.detectionS)), 2),
					},
				},
				batch: batch && {
					n: batch.n,
					calls: batch.calls,
					submits: batch.submits,
					fetches: batch.fetches,
					callsPerJob: batch.callsPerJob,
					detectionAfterLastJobS: batch.detectionS,
					meanItemWaitS: round(mean(batch.itemDetectionS), 2),
				},
			};
		}
		summary[`${lengthS}s`] = per;
		const P = per as Record<
			DetectMode,
			{
				n1: {
					callsPerJob: number;
					submitsPerJob: number;
					fetchesPerJob: number;
					detectionS: { mean: number };
				};
				batch?: { calls: number; detectionAfterLastJobS: number; meanItemWaitS: number };
			}
		>;
		const cbOk = P.cb.n1.submitsPerJob === 1 && P.cb.n1.fetchesPerJob === 0;
		rows.push({
			what: `${lengthS} s job, N=1: calls per job (submit+fetch) — webhook | our poll | peer 5 s`,
			ours: `${P.cb.n1.callsPerJob} (${P.cb.n1.submitsPerJob}+${P.cb.n1.fetchesPerJob}) | ${P.poll.n1.callsPerJob}`,
			baseline: `${P.peer.n1.callsPerJob}`,
			ratio: `${round(P.cb.n1.callsPerJob / P.peer.n1.callsPerJob, 2)}× | ${round(P.poll.n1.callsPerJob / P.peer.n1.callsPerJob, 2)}×`,
			goal: 'webhook: 1 submit, 0 fetches',
			met: cbOk,
		});
		rows.push({
			what: `${lengthS} s job, N=1: detection delay (mean of ${opts.n1Runs}) — webhook | our poll | peer 5 s`,
			ours: `${P.cb.n1.detectionS.mean} s | ${P.poll.n1.detectionS.mean} s`,
			baseline: `${P.peer.n1.detectionS.mean} s`,
			ratio: `${round(P.cb.n1.detectionS.mean / P.peer.n1.detectionS.mean, 3)}× | ${round(P.poll.n1.detectionS.mean / P.peer.n1.detectionS.mean, 2)}×`,
			goal: '(printed)',
			met: null,
		});
		if (P.cb.batch && P.poll.batch && P.peer.batch) {
			rows.push({
				what: `${lengthS} s jobs, N=${opts.batch}: calls in all | delay after the last job — webhook | our poll | peer 5 s`,
				ours: `${P.cb.batch.calls} | ${P.cb.batch.detectionAfterLastJobS} s ; ${P.poll.batch.calls} | ${P.poll.batch.detectionAfterLastJobS} s`,
				baseline: `${P.peer.batch.calls} | ${P.peer.batch.detectionAfterLastJobS} s`,
				ratio: `${round(P.cb.batch.calls / P.peer.batch.calls, 2)}× | ${round(P.poll.batch.calls / P.peer.batch.calls, 2)}× (calls)`,
				goal: `webhook ≤ ${2 * opts.batch} calls`,
				met: P.cb.batch.calls <= 2 * opts.batch,
			});
		}
		log(
			`3. ${lengthS} s: calls/job N=1 cb ${P.cb.n1.callsPerJob}, poll ${P.poll.n1.callsPerJob}, peer ${P.peer.n1.callsPerJob}; detection cb ${P.cb.n1.detectionS.mean} s, poll ${P.poll.n1.detectionS.mean} s, peer ${P.peer.n1.detectionS.mean} s; N=${opts.batch} calls cb ${P.cb.batch?.calls}, poll ${P.poll.batch?.calls}, peer ${P.peer.batch?.calls}`,
		);
	}
	const failed = results.filter((r) => r.status !== 'success');
	const notes = [
		`Job lengths ${opts.lengthsS.join(', ')} s${opts.lengthsS.includes(300) ? '' : ' (300 s only with --long)'}; modes: ${Object.entries(
			MODE_NAME,
		)
			.map(([k, v]) => `${k} = ${v}`)
			.join('; ')}.`,
		"The simulator's ETA is exact (ceil of the remaining seconds), which is the best case for our Poll mode; a real ETA that is too short costs one fetch per 5 s of error, one that is too long delays detection by as much.",
		"Detection delay = start of the node after the ModelsLab node − the job's end in the simulator; a batch continues when its last job has ended. Download Files off on every chain.",
		"Calls = requests to the simulator (submits + fetches) for that run's jobs; callbacks are ModelsLab → n8n and not counted as calls (callbackDeliveries in raw).",
	];
	if (failed.length)
		notes.push(
			`Runs that did not end in success: ${failed.map((r) => `${r.runId} (${r.status})`).join(', ')}.`,
		);
	return {
		name: 'api-calls',
		title: '3. API calls and detection delay per job',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: meta,
		durationS: round((Date.now() - t0) / 1000, 1),
		rows,
		notes,
		summary,
		raw: { options: opts, runs: results },
	};
}
