/**
 * 1. Trigger throughput, on one n8n instance, one load generator, interleaved rounds A, B, C, A, B, C…
 *
 *   A  ModelsLab Trigger (token check, payload validation, dedupe in n8n's store) → Success/Failed → NoOp
 *   B  n8n's Webhook → IF (on status) → NoOp                          the goal's floor: no token, no dedupe
 *   C  n8n's Webhook → Remove Duplicates (on id) → IF → NoOp           n8n's own "exactly once", same store
 *
 * Each round waits for every execution it started to finish before the next starts, so no backlog
 * spills over. Two phases: a fresh dedupe store, then (n8n stopped, the store rows of A and C filled
 * to the trigger's default of remembered ids, 1,000, n8n started again) the store of a trigger that has
 * been busy for a while: full, so each check also drops the oldest ids.
 *
 *   answered/s   requests / time until the last HTTP answer
 *   completed/s  requests / time until the last execution's stoppedAt (what the workflow "takes")
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import type { N8nInstance } from '../scripts/n8n/instance';
import { LoadGenerator, type Answer } from './lib/load';
import type { Stack } from './lib/stack';
import {
	type BenchResult,
	installLib,
	log,
	machine,
	median,
	pct,
	round,
	sqliteMs,
} from './lib/util';
import { FLOOR_DEDUPE_PATH, FLOOR_PATH, IDS, TOKEN } from './lib/workflows';

export interface ThroughputOptions {
	rounds: number;
	fullRounds: number;
	perRound: number;
	warmup: number;
	concurrency: number;
	/** remembered ids in the store of A and C for the second phase */
	fillTo: number;
}

type Side = 'A' | 'B' | 'C';
type Phase = 'fresh' | 'full';
const SIDES: Side[] = ['A', 'B', 'C'];
const SIDE_NAME: Record<Side, string> = {
	A: 'ModelsLab Trigger',
	B: 'Webhook + IF',
	C: 'Webhook + Remove Duplicates + IF',
};

interface Round {
	side: Side;
	phase: Phase;
	index: number;
	requests: number;
	non200: number;
	duplicates: number;
	answeredPerS: number;
	completedPerS: number;
	executions: number;
	executionErrors: number;
	/** distinct error messages of executions that ended in error, with counts */
	errorMessages?: Record<string, number>;
	latencyMs: { p50: number; p99: number; max: number };
	drainMs: number;
	acceptedSoFar?: number;
	storeEntries?: number;
	storeRowBytes?: number;
}

let nextId = 70_000_001;

/** A ModelsLab generation callback as ModelsLab posts it (one in ten failed). */
function callbackBody(i: number): string {
	const id = nextId++;
	const meta = {
		prompt: `a lighthouse at dusk, variation ${i}`,
		model_id: 'flux',
		width: 512,
		height: 512,
		samples: 1,
		seed: 12345 + i,
		guidance_scale: 7.5,
		num_inference_steps: 30,
	};
	if (i % 10 === 9) {
		return JSON.stringify({
			status: 'failed',
			id,
			message: 'Something went wrong while generating.',
			output: [],
			meta,
			track_id: `bench-${id}`,
		});
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
	let lastN = -1;
	let lastChange = Date.now();
	for (;;) {
		const [row] = (await n8n.dbQuery(sql, [workflowId, Number(afterId)])) as Array<{
			n: number;
			errors: number | null;
			last: string | null;
		}>;
		if (row.n !== lastN) lastChange = Date.now();
		lastN = row.n;
		if (row.n >= expected || Date.now() - lastChange > 15000) return row; // (stuck: report what finished)
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function storeRow(
	n8n: N8nInstance,
	workflowId: string,
): Promise<{ entries: number; bytes: number } | undefined> {
	const [row] = await n8n.dbQuery(`SELECT value FROM processed_data WHERE workflowId = ?`, [
		workflowId,
	]);
	if (!row) return undefined;
	const value = JSON.parse(row.value);
	return {
		entries: Array.isArray(value?.data) ? value.data.length : NaN,
		bytes: String(row.value).length,
	};
}

/** With n8n stopped: fills the processed_data rows of these workflows to `target` md5 hashes. */
async function fillStore(n8n: N8nInstance, workflowIds: string[], target: number): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const sqlite3 = require(join(installLib.n8nDir(n8n.version), 'node_modules', 'sqlite3'));
	const db = await new Promise<any>((resolve, reject) => {
		const d = new sqlite3.Database(n8n.dbFile, (err: Error | null) =>
			err ? reject(err) : resolve(d),
		);
	});
	const run = (sql: string, params: unknown[]) =>
		new Promise<any[]>((resolve, reject) =>
			db.all(sql, params, (err: Error | null, rows: any[]) => (err ? reject(err) : resolve(rows))),
		);
	try {
		for (const workflowId of workflowIds) {
			const [row] = await run(`SELECT value FROM processed_data WHERE workflowId = ?`, [
				workflowId,
			]);
			if (!row) throw new Error(`no processed_data row for ${workflowId}`);
			const value = JSON.parse(row.value) as { mode: string; data: string[] };
			for (let i = 0; value.data.length < target; i++)
				value.data.unshift(
					createHash('md5').update(`bench-fill:${workflowId}:${i}`).digest('base64'),
				);
			await run(`UPDATE processed_data SET value = ? WHERE workflowId = ?`, [
				JSON.stringify(value),
				workflowId,
			]);
		}
	} finally {
		await new Promise((r) => db.close(r));
	}
}

export async function benchThroughput(
	stack: Stack,
	opts: ThroughputOptions,
	meta: { version: string; engine: string },
): Promise<BenchResult> {
	const t0 = Date.now();
	const { n8n } = stack;
	const gen = new LoadGenerator(opts.concurrency);
	// the same query string on every side (ignored by B and C) so the URLs parse alike
	const urls: Record<Side, string> = {
		A: `${stack.triggerUrl}?token=${TOKEN}`,
		B: `${n8n.webhookUrl}webhook/${FLOOR_PATH}?token=${TOKEN}`,
		C: `${n8n.webhookUrl}webhook/${FLOOR_DEDUPE_PATH}?token=${TOKEN}`,
	};
	const wf: Record<Side, string> = { A: IDS.trigger, B: IDS.floor, C: IDS.floorDedupe };
	const rounds: Round[] = [];
	const warm: Round[] = [];
	const accepted: Record<Side, number> = { A: 0, B: 0, C: 0 };

	const runRound = async (
		side: Side,
		phase: Phase,
		index: number,
		count: number,
	): Promise<Round> => {
		const bodies = Array.from({ length: count }, (_, i) => callbackBody(i));
		const afterId = await n8n.lastExecutionId();
		const { answers, wallMs, startedAt } = await gen.run(urls[side], bodies);
		const ok = answers.filter((a: Answer) => a.status === 200);
		const duplicates = ok.filter((a) => a.body.includes('"duplicate"')).length;
		const expected = ok.length - duplicates;
		const d0 = Date.now();
		const done = await settled(n8n, wf[side], afterId, expected);
		const ms = answers.map((a) => a.ms);
		const r: Round = {
			side,
			phase,
			index,
			requests: count,
			non200: count - ok.length,
			duplicates,
			answeredPerS: round(count / (wallMs / 1000), 1),
			completedPerS: round(done.n / ((sqliteMs(done.last) - startedAt) / 1000), 1),
			executions: done.n,
			executionErrors: done.errors ?? 0,
			latencyMs: {
				p50: round(pct(ms, 50), 1),
				p99: round(pct(ms, 99), 1),
				max: round(Math.max(...ms), 1),
			},
			drainMs: Date.now() - d0,
		};
		if (r.executionErrors) {
			const rows = await n8n.getExecutions({ workflowId: wf[side], afterId, status: 'error' });
			r.errorMessages = {};
			for (const row of rows.slice(0, 50)) {
				const ex = await n8n.getExecution(row.id);
				const msg = String(ex?.error?.message ?? ex?.error?.description ?? 'unknown').slice(0, 200);
				r.errorMessages[msg] = (r.errorMessages[msg] ?? 0) + 1;
			}
		}
		if (side !== 'B') {
			accepted[side] += expected;
			const row = await storeRow(n8n, wf[side]);
			r.acceptedSoFar = accepted[side];
			r.storeEntries = row?.entries;
			r.storeRowBytes = row?.bytes;
		}
		log(
			`1. ${side} ${phase} ${index < 0 ? 'warm-up' : `round ${index + 1}`}: ${r.answeredPerS} answered/s, ${r.completedPerS} completed/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms` +
				`, non-200 ${r.non200}, exec ${r.executions} (errors ${r.executionErrors}${r.errorMessages ? ` ${JSON.stringify(r.errorMessages)}` : ''})` +
				`${r.storeEntries !== undefined ? `, store ${r.storeEntries} ids (${Math.round((r.storeRowBytes ?? 0) / 1024)} KB row)` : ''}`,
		);
		return r;
	};

	// phase 1: fresh store. Warm-up (kept in raw only), then interleaved rounds.
	for (const side of SIDES) warm.push(await runRound(side, 'fresh', -1, opts.warmup));
	for (let i = 0; i < opts.rounds; i++)
		for (const side of SIDES) rounds.push(await runRound(side, 'fresh', i, opts.perRound));

	// phase 2: a store that holds `fillTo` ids (what a busy trigger has after a while)
	let fillMs = 0;
	if (opts.fullRounds > 0) {
		const f0 = Date.now();
		await n8n.stop();
		await fillStore(n8n, [wf.A, wf.C], opts.fillTo);
		await n8n.start();
		fillMs = Date.now() - f0;
		log(
			`1. n8n restarted with ${opts.fillTo} ids in the stores of A and C (${(fillMs / 1000).toFixed(1)} s)`,
		);
		for (const side of SIDES)
			warm.push(await runRound(side, 'full', -1, Math.min(opts.warmup, 30)));
		for (let i = 0; i < opts.fullRounds; i++)
			for (const side of SIDES) rounds.push(await runRound(side, 'full', i, opts.perRound));
	}
	gen.close();

	const of = (s: Side, p: Phase) => rounds.filter((r) => r.side === s && r.phase === p);
	const med = (s: Side, p: Phase, f: (r: Round) => number) => round(median(of(s, p).map(f)), 1);
	const completed = (r: Round) => r.completedPerS;
	const answered = (r: Round) => r.answeredPerS;
	const pairRange = (p: Phase, x: Side, y: Side, f: (r: Round) => number) => {
		const ratios = of(x, p).map((r, i) => f(r) / f(of(y, p)[i]));
		return {
			min: round(Math.min(...ratios), 2),
			max: round(Math.max(...ratios), 2),
			all: ratios.map((v) => round(v, 3)),
		};
	};
	const ratio = (p: Phase, x: Side, y: Side, f: (r: Round) => number) =>
		med(x, p, f) / med(y, p, f);
	const lat = (s: Side, p: Phase) => ({
		p50: med(s, p, (r) => r.latencyMs.p50),
		p99: med(s, p, (r) => r.latencyMs.p99),
	});
	const lastOf = (s: Side, p: Phase) => of(s, p).at(-1);

	const rows: BenchResult['rows'] = [];
	const phases: Phase[] = opts.fullRounds > 0 ? ['fresh', 'full'] : ['fresh'];
	const phaseText = (p: Phase) =>
		p === 'fresh' ? 'fresh store' : `store full (${opts.fillTo.toLocaleString('en')} ids)`;
	for (const p of phases) {
		const rAB = ratio(p, 'A', 'B', completed);
		const pr = pairRange(p, 'A', 'B', completed);
		rows.push({
			what: `Callbacks completed/s, ${phaseText(p)}: Trigger vs Webhook+IF`,
			ours: `${med('A', p, completed)}/s`,
			baseline: `${med('B', p, completed)}/s`,
			ratio: `${round(rAB, 3)}× (rounds ${pr.min}–${pr.max})`,
			goal: '≥ 0.95×',
			met: rAB >= 0.95,
		});
		const rAC = ratio(p, 'A', 'C', completed);
		const pc = pairRange(p, 'A', 'C', completed);
		rows.push({
			what: `Callbacks completed/s, ${phaseText(p)}: Trigger vs Webhook+Remove Duplicates+IF (n8n's own dedupe)`,
			ours: `${med('A', p, completed)}/s`,
			baseline: `${med('C', p, completed)}/s`,
			ratio: `${round(rAC, 3)}× (rounds ${pc.min}–${pc.max})`,
			goal: '(evidence)',
			met: null,
		});
		rows.push({
			what: `Callbacks answered/s, ${phaseText(p)}: Trigger vs Webhook+IF`,
			ours: `${med('A', p, answered)}/s`,
			baseline: `${med('B', p, answered)}/s (dedupe: ${med('C', p, answered)}/s)`,
			ratio: `${round(ratio(p, 'A', 'B', answered), 3)}×`,
			goal: '(printed)',
			met: null,
		});
		rows.push({
			what: `Answer latency p50 / p99 (median of rounds), ${phaseText(p)}`,
			ours: `${lat('A', p).p50} / ${lat('A', p).p99} ms`,
			baseline: `${lat('B', p).p50} / ${lat('B', p).p99} ms (dedupe: ${lat('C', p).p50} / ${lat('C', p).p99} ms)`,
			ratio: `${round(lat('A', p).p50 / lat('B', p).p50, 2)}× / ${round(lat('A', p).p99 / lat('B', p).p99, 2)}×`,
			goal: '(printed)',
			met: null,
		});
	}

	const notes = [
		`${opts.rounds} interleaved rounds per side (A, B, C, A, B, C…) of ${opts.perRound} POSTs at concurrency ${opts.concurrency} (keep-alive, loopback) after a ${opts.warmup}-request warm-up per side on a fresh store${opts.fullRounds ? `; then n8n stopped, the store rows of A and C filled to ${opts.fillTo} ids, n8n started, a 30-request warm-up and ${opts.fullRounds} more interleaved rounds` : ''}. Every id distinct; one in ten callbacks is a failure.`,
		'completed/s = executions / (last execution stoppedAt − first request sent); each round drains before the next starts. answered/s = requests / time to the last HTTP answer (both the trigger and the Webhook node answer once n8n has created the execution).',
		"A = ModelsLab Trigger: token, validation, then n8n's dedupe store, its checks queued per workflow and node and the ones that pile up sent in one batched call (n8n rewrites one processed_data row holding every remembered id, without a lock). B = n8n's floor from the goal: no token, no dedupe. C = n8n's own exactly-once: Remove Duplicates on the id, same store, not queued.",
	];
	for (const r of [...warm, ...rounds].filter((x) => x.executionErrors)) {
		notes.push(
			`${r.side} ${r.phase} ${r.index < 0 ? 'warm-up' : `round ${r.index + 1}`}: ${r.executionErrors} of ${r.executions} executions ended in error: ${JSON.stringify(r.errorMessages)}.`,
		);
	}
	const storeSummary = (s: Side) => {
		const last = [...rounds].reverse().find((r) => r.side === s);
		if (!last || last.storeEntries === undefined) return undefined;
		const fresh = lastOf(s, 'fresh');
		const lostFresh =
			fresh?.storeEntries !== undefined
				? (fresh.acceptedSoFar ?? 0) - fresh.storeEntries
				: undefined;
		return {
			acceptedIds: last.acceptedSoFar,
			entriesInStore: last.storeEntries,
			rowBytes: last.storeRowBytes,
			lostUpdatesInFreshPhase: lostFresh,
		};
	};
	for (const s of ['A', 'C'] as Side[]) {
		const st = storeSummary(s);
		if (st?.lostUpdatesInFreshPhase)
			notes.push(
				`${SIDE_NAME[s]}: after ${lastOf(s, 'fresh')?.acceptedSoFar} distinct accepted ids the store holds ${lastOf(s, 'fresh')?.storeEntries}: ${st.lostUpdatesInFreshPhase} ids lost by concurrent rewrites of the row.`,
			);
	}
	return {
		name: 'trigger-throughput',
		title: '1. Trigger throughput',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: meta,
		durationS: round((Date.now() - t0) / 1000, 1),
		rows,
		notes,
		summary: {
			store: { A: storeSummary('A'), C: storeSummary('C') },
			...Object.fromEntries(
				phases.map((p) => [
					p,
					{
						completedPerS: {
							A: med('A', p, completed),
							B: med('B', p, completed),
							C: med('C', p, completed),
							ratioAB: round(ratio(p, 'A', 'B', completed), 3),
							ratioAC: round(ratio(p, 'A', 'C', completed), 3),
							roundsAB: pairRange(p, 'A', 'B', completed).all,
							roundsAC: pairRange(p, 'A', 'C', completed).all,
						},
						answeredPerS: {
							A: med('A', p, answered),
							B: med('B', p, answered),
							C: med('C', p, answered),
							ratioAB: round(ratio(p, 'A', 'B', answered), 3),
						},
						latencyMs: { A: lat('A', p), B: lat('B', p), C: lat('C', p) },
					},
				]),
			),
		},
		raw: { options: opts, fillMs, warmup: warm, rounds },
	};
}
