/**
 * 1. Trigger throughput. The ModelsLab Trigger workflow (token check, payload validation, dedupe
 * in n8n's store, Success/Failed → NoOp) against n8n's Webhook → IF (on status) → NoOp, on the same
 * instance, driven by the same load generator, in interleaved rounds A, B, A, B… Each round waits
 * for every execution it started to finish before the next starts, so no backlog spills over.
 *
 *   answered/s   requests / time until the last HTTP answer
 *   completed/s  requests / time until the last execution's stoppedAt (what the workflow "takes")
 */
import type { N8nInstance } from '../scripts/n8n/instance';
import { LoadGenerator, type Answer } from './lib/load';
import type { Stack } from './lib/stack';
import { type BenchResult, log, machine, median, pct, round, sqliteMs } from './lib/util';
import { FLOOR_PATH, IDS, TOKEN } from './lib/workflows';

export interface ThroughputOptions {
	rounds: number;
	perRound: number;
	warmup: number;
	concurrency: number;
}

interface Round {
	side: 'A' | 'B';
	index: number;
	requests: number;
	non200: number;
	duplicates: number;
	answeredPerS: number;
	completedPerS: number;
	executions: number;
	executionErrors: number;
	latencyMs: { p50: number; p99: number; max: number };
	drainMs: number;
	dedupeEntries?: number;
	dedupeRowBytes?: number;
	acceptedSoFar?: number;
}

let nextId = 70_000_001;

/** A ModelsLab generation callback as ModelsLab posts it (one in ten failed). */
function callbackBody(i: number): string {
	const id = nextId++;
	const meta = { prompt: `a lighthouse at dusk, variation ${i}`, model_id: 'flux', width: 512, height: 512, samples: 1, seed: 12345 + i, guidance_scale: 7.5, num_inference_steps: 30 };
	if (i % 10 === 9) {
		return JSON.stringify({ status: 'failed', id, message: 'Something went wrong while generating.', output: [], meta, track_id: `bench-${id}` });
	}
	const url = `https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/generations/${id}-0.png`;
	return JSON.stringify({
		status: 'success',
		generationTime: 3.21,
		id,
		output: [url],
		proxy_links: [`${url}?proxy=1`],
		meta,
		nsfw_content_detected: false,
		webhook_status: 'sent',
		track_id: `bench-${id}`,
	});
}

async function settled(n8n: N8nInstance, workflowId: string, afterId: string, expected: number) {
	const sql = `SELECT COUNT(*) AS n, SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors, MAX(stoppedAt) AS last
		FROM execution_entity WHERE workflowId = ? AND id > ? AND stoppedAt IS NOT NULL`;
	let last = { n: 0, errors: 0, last: null as string | null };
	let lastChange = Date.now();
	for (;;) {
		const [row] = await n8n.dbQuery(sql, [workflowId, Number(afterId)]);
		if (row.n !== last.n) lastChange = Date.now();
		last = row;
		if (row.n >= expected) return row as { n: number; errors: number; last: string };
		if (Date.now() - lastChange > 15000) return row as { n: number; errors: number; last: string | null }; // stuck: report what finished
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function dedupeRow(n8n: N8nInstance): Promise<{ entries: number; bytes: number } | undefined> {
	const [row] = await n8n.dbQuery(`SELECT value FROM processed_data WHERE workflowId = ?`, [IDS.trigger]);
	if (!row) return undefined;
	const value = JSON.parse(row.value);
	return { entries: Array.isArray(value?.data) ? value.data.length : NaN, bytes: String(row.value).length };
}

export async function benchThroughput(stack: Stack, opts: ThroughputOptions, meta: { version: string; engine: string }): Promise<BenchResult> {
	const t0 = Date.now();
	const { n8n } = stack;
	const gen = new LoadGenerator(opts.concurrency);
	const urls = {
		A: `${stack.triggerUrl}?token=${TOKEN}`,
		// same query string on B (ignored there) so both URLs parse the same
		B: `${n8n.webhookUrl}webhook/${FLOOR_PATH}?token=${TOKEN}`,
	};
	const wf = { A: IDS.trigger, B: IDS.floor };
	const rounds: Round[] = [];
	const latencies: Record<'A' | 'B', number[]> = { A: [], B: [] };
	let acceptedA = 0;

	const runRound = async (side: 'A' | 'B', index: number, count: number): Promise<Round> => {
		const bodies = Array.from({ length: count }, (_, i) => callbackBody(i));
		const afterId = await n8n.lastExecutionId();
		const { answers, wallMs, startedAt } = await gen.run(urls[side], bodies);
		const ok = answers.filter((a: Answer) => a.status === 200);
		const duplicates = ok.filter((a) => a.body.includes('"duplicate"')).length;
		const expected = ok.length - duplicates;
		const d0 = Date.now();
		const done = await settled(n8n, wf[side], afterId, expected);
		const lastStop = sqliteMs(done.last);
		const ms = answers.map((a) => a.ms);
		const r: Round = {
			side,
			index,
			requests: count,
			non200: count - ok.length,
			duplicates,
			answeredPerS: round(count / (wallMs / 1000), 1),
			completedPerS: round(done.n / ((lastStop - startedAt) / 1000), 1),
			executions: done.n,
			executionErrors: done.errors ?? 0,
			latencyMs: { p50: round(pct(ms, 50), 1), p99: round(pct(ms, 99), 1), max: round(Math.max(...ms), 1) },
			drainMs: Date.now() - d0,
		};
		if (side === 'A') {
			acceptedA += expected;
			const row = await dedupeRow(n8n);
			r.acceptedSoFar = acceptedA;
			r.dedupeEntries = row?.entries;
			r.dedupeRowBytes = row?.bytes;
		}
		if (index >= 0) latencies[side].push(...ms);
		log(
			`1. ${side}${index < 0 ? ' warm-up' : ` round ${index + 1}`}: ${r.answeredPerS} answered/s, ${r.completedPerS} completed/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms` +
				`, non-200 ${r.non200}, exec ${r.executions} (errors ${r.executionErrors})${side === 'A' ? `, dedupe entries ${r.dedupeEntries}/${acceptedA}` : ''}`,
		);
		return r;
	};

	// warm-up (discarded from the figures, kept in raw): both sides, same order
	const warm = [await runRound('A', -1, opts.warmup), await runRound('B', -1, opts.warmup)];
	for (let i = 0; i < opts.rounds; i++) {
		rounds.push(await runRound('A', i, opts.perRound));
		rounds.push(await runRound('B', i, opts.perRound));
	}
	gen.close();

	const side = (s: 'A' | 'B') => rounds.filter((r) => r.side === s);
	const med = (s: 'A' | 'B', f: (r: Round) => number) => median(side(s).map(f));
	const pairs = side('A').map((a, i) => ({ completed: a.completedPerS / side('B')[i].completedPerS, answered: a.answeredPerS / side('B')[i].answeredPerS }));
	const completedRatio = med('A', (r) => r.completedPerS) / med('B', (r) => r.completedPerS);
	const answeredRatio = med('A', (r) => r.answeredPerS) / med('B', (r) => r.answeredPerS);
	const lat = (s: 'A' | 'B') => ({ p50: round(pct(latencies[s], 50), 1), p99: round(pct(latencies[s], 99), 1) });
	const lastA = side('A').at(-1);
	const lostUpdates = lastA && lastA.dedupeEntries !== undefined ? Math.min(lastA.acceptedSoFar ?? 0, 10000) - lastA.dedupeEntries : undefined;
	const notes = [
		`${opts.rounds} interleaved rounds per side of ${opts.perRound} POSTs at concurrency ${opts.concurrency} (keep-alive, loopback), after a ${opts.warmup}-request warm-up per side; every id distinct; one in ten callbacks is a failure.`,
		'completed/s = requests / (last execution stoppedAt − first request sent); each round drains before the next starts. answered/s = requests / time to the last HTTP answer.',
		`B (n8n's floor) checks no token and keeps no dedupe record; A does both, the dedupe through n8n's own store (one processed_data row holding every remembered hash).`,
	];
	if (warm[0].executionErrors) notes.push(`Warm-up A: ${warm[0].executionErrors} of ${warm[0].executions} trigger executions ended in error (see README: first-insert race in n8n's dedupe store).`);
	if (lostUpdates !== undefined && lostUpdates > 0) {
		notes.push(`n8n's dedupe row holds ${lastA?.dedupeEntries} hashes after ${lastA?.acceptedSoFar} distinct accepted ids: ${lostUpdates} lost updates (read-modify-write without a lock across different ids).`);
	}
	const res: BenchResult = {
		name: 'trigger-throughput',
		title: '1. Trigger throughput',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: meta,
		durationS: round((Date.now() - t0) / 1000, 1),
		rows: [
			{
				what: 'Callbacks completed/s (Trigger vs Webhook+IF)',
				ours: `${med('A', (r) => r.completedPerS)}/s`,
				baseline: `${med('B', (r) => r.completedPerS)}/s`,
				ratio: `${round(completedRatio, 3)}× (pairs ${round(Math.min(...pairs.map((p) => p.completed)), 2)}–${round(Math.max(...pairs.map((p) => p.completed)), 2)})`,
				goal: '≥ 0.95×',
				met: completedRatio >= 0.95,
			},
			{
				what: 'Callbacks answered/s',
				ours: `${med('A', (r) => r.answeredPerS)}/s`,
				baseline: `${med('B', (r) => r.answeredPerS)}/s`,
				ratio: `${round(answeredRatio, 3)}×`,
				goal: '≥ 0.95×',
				met: answeredRatio >= 0.95,
			},
			{
				what: 'Answer latency p50 / p99',
				ours: `${lat('A').p50} / ${lat('A').p99} ms`,
				baseline: `${lat('B').p50} / ${lat('B').p99} ms`,
				ratio: `${round(lat('A').p50 / lat('B').p50, 2)}× / ${round(lat('A').p99 / lat('B').p99, 2)}×`,
				goal: '(printed)',
				met: null,
			},
		],
		notes,
		summary: {
			completedPerS: { A: med('A', (r) => r.completedPerS), B: med('B', (r) => r.completedPerS), ratio: round(completedRatio, 3), pairRatios: pairs.map((p) => round(p.completed, 3)) },
			answeredPerS: { A: med('A', (r) => r.answeredPerS), B: med('B', (r) => r.answeredPerS), ratio: round(answeredRatio, 3), pairRatios: pairs.map((p) => round(p.answered, 3)) },
			latencyMs: { A: lat('A'), B: lat('B') },
			dedupe: lastA ? { acceptedIds: lastA.acceptedSoFar, entriesInN8nStore: lastA.dedupeEntries, rowBytes: lastA.dedupeRowBytes, lostUpdates } : undefined,
			warmupExecutionErrors: { A: warm[0].executionErrors, B: warm[1].executionErrors },
		},
		raw: { options: opts, warmup: warm, rounds },
	};
	return res;
}
