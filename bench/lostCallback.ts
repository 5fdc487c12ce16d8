/**
 * npm run bench:lost [-- --version 2.41.1] [--quick]
 *
 * Issue 25: one job whose callback ModelsLab never sends (webhooks.mdx: callbacks are best effort),
 * in callback mode, as a 20 s job and as a 300 s job (a five-minute video), both at once in one
 * real n8n against the simulator (ModelsLab/docs-v2: the submit answers `processing` with an
 * `eta`; the simulator's ETA is the job's remaining seconds, rounded up). Measured: the ETA the
 * submit gave, the job's end, the execution's end (n8n's stoppedAt), and the fetches of that job
 * from the simulator's log. Goals: the result within ETA + 5 s of the submit on the 20 s job and
 * within ETA × 1.05 + 5 s on the 300 s job, with at most 3 fetches each. `--quick`: 4 s and 20 s.
 */
import { randomUUID } from 'node:crypto';

import { createSimulator } from '../scripts/simulator/server';
import { buildAndPack } from './lib/stack';
import {
	type BenchResult,
	log,
	machine,
	machineLine,
	n8nLib,
	resultFile,
	round,
	sleep,
	sqliteMs,
	writeResult,
} from './lib/util';
import { PKG, node } from './lib/workflows';

const DEFAULT_VERSION = '1.123.81';
const KEY = 'key-lost';
const WF_ID = 'benchLostCallbk1';
const CRED = { id: 'benchLostCred001', name: 'ModelsLab (lost)', type: 'modelsLabApi' };
const PATH = 'bench-lost';

function lostWorkflow() {
	const hook = {
		...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, 0, {
			httpMethod: 'POST',
			path: PATH,
			responseMode: 'onReceived',
			options: {},
		}),
		webhookId: randomUUID(),
	};
	const ml = {
		...node('ModelsLab', `${PKG}.modelsLab`, 1.1, 200, 0, {
			resource: 'image',
			operation: 'textToImage',
			apiVersion: 'v6',
			modelId: { __rl: true, mode: 'list', value: 'flux' },
			prompt: '={{ $json.body.prompt }}',
			waitMode: 'callback',
			failedJobs: 'sameOutput',
			options: { downloadFiles: false, timeoutMinutes: 30 },
		}),
		webhookId: randomUUID(),
		credentials: { modelsLabApi: { id: CRED.id, name: CRED.name } },
	};
	const link = (name: string) => ({ node: name, type: 'main' as const, index: 0 });
	return {
		id: WF_ID,
		name: 'bench: lost callback',
		nodes: [hook, ml, node('Done', 'n8n-nodes-base.noOp', 1, 400, 0, {})],
		connections: {
			Webhook: { main: [[link('ModelsLab')]] },
			ModelsLab: { main: [[link('Done')]] },
		},
		settings: { executionOrder: 'v1' },
		active: true,
	};
}

interface Case {
	lengthS: number;
	etaS?: number;
	/** Submit → the execution's end. */
	resultS?: number;
	/** The job's end → the execution's end. */
	afterEndS?: number;
	fetches: number;
	status: string;
	goalS: number;
	met: boolean;
}

async function main() {
	const argv = process.argv.slice(2);
	const get = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
	const version = get('--version') ?? DEFAULT_VERSION;
	const quick = argv.includes('--quick');
	const lengths = quick ? [4, 20] : [20, 300];
	const t0 = Date.now();
	log(`machine: ${machineLine()}`);
	const tgz = buildAndPack();
	const sim = createSimulator({ delivery: 'once', validKeys: [KEY], seed: 7 });
	const simServer = await sim.start();
	const n8n = await n8nLib.startN8n({
		version,
		packageTgz: tgz,
		credentials: [{ ...CRED, data: { apiKey: KEY, baseUrl: simServer.baseUrl } }],
		workflows: [lostWorkflow()],
		waitForWebhooks: [PATH],
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	});
	const cases: Case[] = [];
	try {
		const afterId = await n8n.lastExecutionId();
		for (const lengthS of lengths) {
			const prompt = `lost ${lengthS} s [sim:never,delay:${lengthS * 1000},jitter:0]`;
			const answer = await n8n.postWebhook(PATH, { prompt });
			if (answer.status !== 200) throw new Error(`start: ${answer.status} ${answer.text}`);
		}
		log(`started ${lengths.map((s) => `${s} s`).join(' and ')} jobs, callbacks never sent`);
		const end = Date.now() + (Math.max(...lengths) * 2 + 120) * 1000;
		let rows: Awaited<ReturnType<typeof n8n.getExecutions>> = [];
		while (Date.now() < end) {
			rows = await n8n.getExecutions({
				workflowId: WF_ID,
				afterId,
				status: ['success', 'error', 'crashed', 'canceled'],
			});
			if (rows.length >= lengths.length) break;
			await sleep(1000);
		}
		await sleep(1500);
		for (const lengthS of lengths) {
			const job = [...sim.jobs.values()].find((j) =>
				String(j.meta.prompt).startsWith(`lost ${lengthS} s`),
			)!;
			// The submit's `eta`: the simulator answers the remaining seconds rounded up (payloads.ts etaSeconds).
			const etaS = Math.ceil((job.completesAt - job.createdAt) / 1000);
			const fetches = sim.requests.filter(
				(r) => r.path.startsWith('/api/v6/images/fetch') && r.path.endsWith(`/${job.id}`),
			).length;
			let stoppedAt = NaN;
			let status = 'not finished';
			for (const row of rows) {
				const execution = await n8n.getExecution(row.id);
				const item = execution?.output('Done')[0] as { id?: unknown } | undefined;
				if (item && String(item.id) === String(job.id)) {
					stoppedAt = sqliteMs(String(execution!.stoppedAt));
					status = execution!.status;
				}
			}
			const resultS = round((stoppedAt - job.createdAt) / 1000, 2);
			const goalS = lengthS >= 300 ? etaS * 1.05 + 5 : etaS + 5;
			cases.push({
				lengthS,
				etaS,
				resultS,
				afterEndS: round((stoppedAt - job.completesAt) / 1000, 2),
				fetches,
				status,
				goalS: round(goalS, 1),
				met: status === 'success' && resultS <= goalS && fetches <= 3,
			});
		}
	} finally {
		await n8n.dispose();
		await simServer.close();
	}
	for (const c of cases) log(JSON.stringify(c));
	const result: BenchResult = {
		name: 'lost-callback',
		title: '8. One lost callback',
		date: new Date().toISOString(),
		durationS: round((Date.now() - t0) / 1000, 1),
		machine: machine(),
		n8n: { version, engine: 'legacy' },
		rows: cases.map((c) => ({
			what: `${c.lengthS} s job, callback never sent: submit → result (ETA ${c.etaS} s)`,
			ours: `${c.resultS} s (${c.afterEndS} s after the job ended), ${c.fetches} fetch${c.fetches === 1 ? '' : 'es'}`,
			baseline: `ETA ${c.etaS} s`,
			ratio: `${round(c.resultS! / c.etaS!, 3)}× ETA`,
			goal: `≤ ${c.goalS} s, ≤ 3 fetches`,
			met: c.met,
		})),
		notes: [
			`One n8n ${version}; both jobs at once, each its own execution; the simulator's ETA is the job's remaining seconds rounded up, so the job ends at most 1 s before it.`,
		],
		summary: { cases },
		raw: {},
	};
	writeResult(
		quick
			? resultFile('lost-callback-quick', version, DEFAULT_VERSION).replace(
					/results\//,
					'results/tmp/',
				)
			: resultFile('lost-callback', version, DEFAULT_VERSION),
		result,
	);
	for (const row of result.rows)
		log(`   ${row.what}: ${row.ours} | goal ${row.goal} ${row.met ? 'MET' : 'NOT MET'}`);
}

main().catch((error) => {
	console.error('bench failed:', error);
	process.exit(1);
});
