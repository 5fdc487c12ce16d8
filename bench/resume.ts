/**
 * 2. Resume latency: callback POST → execution finished (stoppedAt in n8n's DB), for the ModelsLab
 * node waiting on its callback (the simulator job is `lost`, so we post the callback ourselves, to
 * the URL the node gave the simulator) against n8n's Wait node resumed on webhook (posting the same
 * body to its resume URL). Interleaved A, B, A, B…; both waits are 60 minutes long, so both are
 * persisted and resumed from the database by n8n's waiting-webhooks handler.
 */
import type { N8nInstance } from '../scripts/n8n/instance';
import { successBody } from '../scripts/simulator/payloads';
import type { Stack } from './lib/stack';
import {
	type BenchResult,
	log,
	machine,
	mean,
	median,
	n8nLib,
	pct,
	round,
	sleep,
	sqliteMs,
} from './lib/util';
import { DONE, IDS, PATHS } from './lib/workflows';

export interface ResumeOptions {
	samples: number;
	warmup: number;
}

interface Sample {
	side: 'A' | 'B';
	index: number;
	executionId: string;
	answerStatus: number;
	answerMs: number;
	/** POST sent → stoppedAt */
	latencyMs: number;
	doneRan: boolean;
}

async function finished(
	n8n: N8nInstance,
	id: string,
): Promise<{ status: string; stoppedAt: string }> {
	const deadline = Date.now() + 30000;
	for (;;) {
		const [row] = await n8n.dbQuery(`SELECT status, stoppedAt FROM execution_entity WHERE id = ?`, [
			Number(id),
		]);
		if (
			row &&
			row.stoppedAt &&
			row.status !== 'waiting' &&
			row.status !== 'running' &&
			row.status !== 'new'
		)
			return row;
		if (Date.now() > deadline)
			throw new Error(`execution ${id} did not finish: ${JSON.stringify(row)}`);
		await sleep(25);
	}
}

export async function benchResume(
	stack: Stack,
	opts: ResumeOptions,
	meta: { version: string; engine: string },
): Promise<BenchResult> {
	const t0 = Date.now();
	const { n8n, sim } = stack;
	const samples: Sample[] = [];
	let lastBody: Record<string, unknown> = {};

	const sample = async (side: 'A' | 'B', index: number): Promise<Sample> => {
		const tag = `s${index}${side}-${Date.now()}`;
		const afterId = await n8n.lastExecutionId();
		const start = await n8n.postWebhook(side === 'A' ? PATHS.resumeMl : PATHS.resumeWait, { tag });
		if (start.status !== 200) throw new Error(`start ${side}: ${start.status} ${start.text}`);
		const waiting = await n8n.waitForExecution({
			workflowId: IDS.actions,
			afterId,
			status: 'waiting',
		});
		let url: string;
		if (side === 'A') {
			const job = await n8nLib.waitFor(
				() => [...sim.jobs.values()].find((j) => String(j.meta.prompt).includes(tag)),
				15000,
				{ what: `job ${tag}` },
			);
			url = job.webhook ?? '';
			lastBody = successBody(job);
		} else {
			url = await n8n.resumeUrl(waiting.id);
		}
		// both sides get the same body: the success callback of the last ModelsLab job
		const body = lastBody;
		await sleep(150); // let n8n finish persisting the wait
		const sent = Date.now();
		const p0 = performance.now();
		const answer = await n8n.postWebhook(url, body);
		const answerMs = performance.now() - p0;
		// Read n8n's database only once it is done writing: a reader holds SQLite's shared lock and
		// delays n8n's commit (the ModelsLab node answers before n8n saves; on 2.x the Wait node
		// answers after), which would bias the figure. stoppedAt does not depend on when we read it.
		await sleep(300);
		const end = await finished(n8n, waiting.id);
		// 1.x can set the final status a moment before it writes the run data
		const doneNode = side === 'A' ? DONE.resumeMl : DONE.resumeWait;
		const ex = await n8nLib
			.waitFor(
				async () => {
					const e = await n8n.getExecution(waiting.id);
					return e?.runData[doneNode] ? e : undefined;
				},
				5000,
				{ what: `${doneNode} in execution ${waiting.id}`, intervalMs: 50 },
			)
			.catch(() => undefined);
		const s: Sample = {
			side,
			index,
			executionId: waiting.id,
			answerStatus: answer.status,
			answerMs: round(answerMs, 1),
			latencyMs: sqliteMs(end.stoppedAt) - sent,
			doneRan: !!ex,
		};
		if (answer.status !== 200 || !s.doneRan || end.status !== 'success') {
			log(
				`2. ${side} sample ${index}: answer ${answer.status} ${answer.text.slice(0, 200)}, status ${end.status}, done ${s.doneRan}`,
			);
		}
		return s;
	};

	for (let i = -opts.warmup; i < opts.samples; i++) {
		const a = await sample('A', i);
		const b = await sample('B', i);
		if (i >= 0) samples.push(a, b);
	}
	const side = (s: 'A' | 'B') => samples.filter((x) => x.side === s);
	const lat = (s: 'A' | 'B') => side(s).map((x) => x.latencyMs);
	const stats = (s: 'A' | 'B') => ({
		p50: round(median(lat(s)), 1),
		p90: round(pct(lat(s), 90), 1),
		mean: round(mean(lat(s)), 1),
		min: Math.min(...lat(s)),
		max: Math.max(...lat(s)),
		answerP50: round(median(side(s).map((x) => x.answerMs)), 1),
		failures: side(s).filter((x) => x.answerStatus !== 200 || !x.doneRan).length,
	});
	const A = stats('A');
	const B = stats('B');
	const ratio = A.p50 / B.p50;
	log(
		`2. resume p50: ModelsLab ${A.p50} ms, Wait ${B.p50} ms → ${round(ratio, 2)}×; p90 ${A.p90} / ${B.p90} ms`,
	);
	return {
		name: 'resume-latency',
		title: '2. Resume latency',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: meta,
		durationS: round((Date.now() - t0) / 1000, 1),
		rows: [
			{
				what: 'Resume: callback POST → execution stoppedAt, p50 (ModelsLab node vs Wait node)',
				ours: `${A.p50} ms`,
				baseline: `${B.p50} ms`,
				ratio: `${round(ratio, 2)}×`,
				goal: '≤ 1.1×',
				met: ratio <= 1.1,
			},
			{
				what: 'Resume p90 / answer p50',
				ours: `${A.p90} ms / ${A.answerP50} ms`,
				baseline: `${B.p90} ms / ${B.answerP50} ms`,
				ratio: `${round(A.p90 / B.p90, 2)}× / ${round(A.answerP50 / B.answerP50, 2)}×`,
				goal: '(printed)',
				met: null,
			},
		],
		notes: [
			`${opts.samples} samples per side, interleaved, after ${opts.warmup} warm-up pairs; latency = n8n's stoppedAt (ms, same clock) − the moment the POST was sent; the database is read 300 ms after the answer, so the reader does not hold SQLite's lock while n8n saves.`,
			'The ModelsLab node runs with Download Files off (file download is work the Wait node does not do); it checks its HMAC token, the item index and the request id, and normalises the payload.',
		],
		summary: { A, B, ratioP50: round(ratio, 3), ratioP90: round(A.p90 / B.p90, 3) },
		raw: { options: opts, samples },
	};
}
