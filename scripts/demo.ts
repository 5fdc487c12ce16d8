/**
 * npm run demo [-- --once] [-- --n8n 2.41.1]
 *
 * Installs what is missing (npm ci and the build of scripts/: package.json's `demo`; a pinned n8n:
 * here), builds the package, starts the ModelsLab simulator on
 * 127.0.0.1:4010 and a real n8n with this package and the editor on http://localhost:5678, imports
 * and activates the workflows in examples/, runs each one through its webhook, prints what happened,
 * and keeps running until Ctrl-C (--once: exit 0 when every example succeeded, 1 otherwise).
 * With MODELSLAB_API_KEY and a public WEBHOOK_URL (that reaches this n8n) it uses ModelsLab itself
 * (MODELSLAB_BASE_URL for an enterprise server; default https://modelslab.com/api).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled } from './n8n/install';
import { packPackage, startN8n, type Execution, type N8nInstance } from './n8n/instance';
import { REPO_ROOT } from './n8n/paths';
import { createSimulator } from './simulator/server';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const OUT_DIR = '/tmp/modelslab-demo'; // where the examples write their files
const SIM_PORT = 4010;
const CREDENTIAL = { id: 'modelslabDemoCred1', name: 'ModelsLab account', type: 'modelsLabApi' };

const args = process.argv.slice(2);
const once = args.includes('--once');
const versionArg = args.indexOf('--n8n');
const version = versionArg >= 0 ? args[versionArg + 1] : '1.123.81'; // installs and boots fastest
const port = Number(process.env.DEMO_PORT ?? 5678);
const real = Boolean(process.env.MODELSLAB_API_KEY && process.env.WEBHOOK_URL);

const say = (msg: string): void => console.log(`[demo] ${msg}`);
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function run(cmd: string, argv: string[]): void {
	execFileSync(cmd, argv, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

function prepare(): void {
	const t0 = Date.now();
	const installed = ensureInstalled(version); // minutes, once per machine
	if (!installed.skipped) say(`installed n8n ${version} in ${secs(Date.now() - t0)}`);
	say('building the package');
	run('npm', ['run', '--silent', 'build']);
}

/** Starts the simulator on 127.0.0.1:4010, or reuses one already there (npm run simulator). */
async function startSimulator(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
	try {
		const info = await (await fetch(`http://127.0.0.1:${SIM_PORT}/`)).json();
		if (info.simulator === 'ModelsLab') {
			say(`using the simulator already running on 127.0.0.1:${SIM_PORT}`);
			return { baseUrl: `http://127.0.0.1:${SIM_PORT}/api`, close: async () => {} };
		}
	} catch {}
	const sim = createSimulator({
		delayMs: 1500,
		log: process.env.DEMO_VERBOSE ? (l: string) => console.log(`[sim] ${l}`) : undefined,
	});
	return sim.start(SIM_PORT);
}

type Example = { file: string; wf: any; path: string };

/** The examples and their webhook paths. */
function loadExamples(): Example[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const wf = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			const hook = wf.nodes.find((n: any) => n.type === 'n8n-nodes-base.webhook');
			if (!hook) throw new Error(`examples/${file} has no Webhook node to run it by`);
			return { file, wf, path: hook.parameters.path };
		});
}

type ExampleRun = { ok: boolean; ms: number; files: string[]; why?: string; executions?: number };

/**
 * Runs one example through its webhook and waits until every execution it caused (the trigger's
 * included) has finished and a file was written, or one failed.
 */
async function runExample(n8n: N8nInstance, ex: Example): Promise<ExampleRun> {
	const t0 = Date.now();
	const afterId = await n8n.lastExecutionId();
	const res = await n8n.postWebhook(ex.path, {});
	if (res.status !== 200)
		return { ok: false, ms: 0, files: [], why: `webhook answered ${res.status} ${res.text}` };
	const writers = ex.wf.nodes
		.filter((n: any) => n.type === 'n8n-nodes-base.readWriteFile')
		.map((n: any): string => n.name);
	const limitMs = real ? 20 * 60_000 : 60_000;
	for (;;) {
		const rows = await n8n.getExecutions({ workflowId: ex.wf.id, afterId });
		const exs: Array<Execution | undefined> = await Promise.all(
			rows.map((r) => n8n.getExecution(r.id)),
		);
		const failed = exs.find((e) => e && ['error', 'crashed', 'canceled'].includes(e.status));
		if (failed)
			return {
				ok: false,
				ms: Date.now() - t0,
				files: [],
				why: `execution ${failed.id} ${failed.status}: ${failed.error?.message ?? ''}`,
			};
		const files = exs.flatMap((e) =>
			writers.flatMap((w: string) => (e ? e.output(w) : []).map((j) => String(j.fileName))),
		);
		const busy = exs.some((e) => !e || ['new', 'running', 'waiting'].includes(e.status));
		if (files.length && !busy)
			return { ok: true, ms: Date.now() - t0, files, executions: exs.length };
		if (Date.now() - t0 > limitMs)
			return { ok: false, ms: Date.now() - t0, files, why: `not done after ${secs(limitMs)}` };
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function main() {
	const tAll = Date.now();
	prepare();
	const sim = real ? undefined : await startSimulator();
	const baseUrl = real
		? (process.env.MODELSLAB_BASE_URL ?? 'https://modelslab.com/api')
		: sim!.baseUrl;
	const apiKey = real ? String(process.env.MODELSLAB_API_KEY) : 'sim-key';
	if (real)
		say(
			`using ModelsLab at ${baseUrl} (callbacks to ${process.env.WEBHOOK_URL}); this spends credits`,
		);
	fs.rmSync(OUT_DIR, { recursive: true, force: true });
	fs.mkdirSync(OUT_DIR, { recursive: true });

	const examples = loadExamples();
	const tgz = packPackage(REPO_ROOT);
	say(`starting n8n ${version} with the editor on http://localhost:${port} (10 to 40 s)`);
	const major = Number(version.split('.')[0]);
	const publicUrl = real ? String(process.env.WEBHOOK_URL).replace(/\/?$/, '/') : undefined;
	const n8n = await startN8n({
		version,
		port,
		ui: true,
		packageTgz: tgz,
		credentials: [{ ...CREDENTIAL, data: { apiKey, baseUrl } }],
		workflows: examples.map((e) => e.wf),
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: OUT_DIR,
			...(publicUrl
				? major < 2
					? { WEBHOOK_URL: publicUrl }
					: { N8N_WEBHOOK_URL: publicUrl }
				: {}),
		},
	});
	fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	const cleanup = async () => {
		await n8n.dispose();
		await sim?.close();
	};
	process.once('SIGINT', () => void cleanup().then(() => process.exit(0)));
	process.once('SIGTERM', () => void cleanup().then(() => process.exit(0)));
	say(
		`n8n ready in ${secs(n8n.timings.webhooksMs ?? 0)} (imports ${secs((n8n.timings.importMs ?? 0) + (n8n.timings.credentialsImportMs ?? 0))})`,
	);

	let allOk = true;
	for (const ex of examples) {
		say(`running ${ex.wf.name} (examples/${ex.file}) ...`);
		const r = await runExample(n8n, ex);
		allOk &&= r.ok;
		console.log(`  ${r.ok ? 'success' : 'FAILED '}  ${secs(r.ms)}${r.why ? `  ${r.why}` : ''}`);
		for (const f of r.files)
			console.log(
				`           wrote ${f} (${fs.existsSync(f) ? `${fs.statSync(f).size} bytes` : 'missing!'})`,
			);
	}
	say(
		`${allOk ? 'all examples succeeded' : 'some examples FAILED'} (demo took ${secs(Date.now() - tAll)})`,
	);
	if (once) {
		await cleanup();
		process.exit(allOk ? 0 : 1);
	}
	console.log(`
  n8n editor:  http://localhost:${port}
               (first visit: n8n asks you to set up an owner account; any name, email and password
               will do, they stay in this throwaway n8n: ${n8n.userFolder})
  Workflows:   ${examples.map((e) => e.wf.name).join('\n               ')}
               (active; open one and click "Test workflow", or POST to ${n8n.webhookUrl}webhook/<path>)
  Credential:  "${CREDENTIAL.name}" → ${baseUrl}
  Files:       ${OUT_DIR}
  ${real ? '' : `Simulator:   ${baseUrl} (key sim-key; put [sim:failed], [sim:delay:5000]… in a prompt)\n  `}Ctrl-C stops everything.`);
}

main().catch((err) => {
	console.error(`[demo] failed: ${err instanceof Error ? err.stack : err}`);
	process.exit(1);
});
