/**
 * npm run bench:memory [-- --version 2.41.1] [--mb 500] [--binary-mode database] [--quick]
 *
 * Benchmark 6 (issue 14): n8n's memory while a file is downloaded into its binary store, our node
 * against n8n's own HTTP Request node (Response Format: File) fetching the same file in the same
 * instance. Both run in one real n8n in filesystem binary mode, interleaved (theirs, ours, theirs,
 * ours); each run's peak RSS above the RSS just before it is sampled every 20 ms from /proc (every
 * process of the n8n group). Cases: one file of `--mb` MB (500), and 5 items × 100 MB at once.
 * Then a binary upload: our node uploading a file through ModelsLab's base64-to-URL endpoint
 * before the job, against the HTTP Request node doing the same by hand (Extract From File to
 * base64, then a POST), calls and time; at ModelsLab's documented 5 MB upload limit (20 MB is
 * refused by both ModelsLab and our node before any call).
 *
 * The files come from the simulator (`fileBytes:<n>`), which streams them and holds none.
 * `--binary-mode database` runs the same in n8n's database binary mode (queue mode's default in
 * 2.x and kept by 3.x, which drops the in-memory mode); its result file is memory-<version>-database.json.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { createSimulator } from '../scripts/simulator/server';
import { buildAndPack, SIM_KEY } from './lib/stack';
import {
	type BenchResult,
	RESULTS_DIR,
	log,
	machine,
	machineLine,
	median,
	n8nLib,
	resultFile,
	round,
	sleep,
	writeResult,
} from './lib/util';
import { CRED, PKG, node as workflowNode } from './lib/workflows';

const DEFAULT_VERSION = '1.123.81';
const MB = 1024 * 1024;
const PATHS = {
	ours: 'mem-ours',
	theirs: 'mem-theirs',
	upOurs: 'up-ours',
	upTheirs: 'up-theirs',
} as const;
const WF = {
	ours: 'benchMemOurs0001',
	theirs: 'benchMemTheirs01',
	upOurs: 'benchUpOurs00001',
	upTheirs: 'benchUpTheirs001',
} as const;

type Node = ReturnType<typeof workflowNode> & {
	webhookId?: string;
	credentials?: Record<string, unknown>;
};
const to = (name: string) => [[{ node: name, type: 'main', index: 0 }]];
const node = (
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
): Node => workflowNode(name, type, typeVersion, x, 0, parameters);
const hook = (path: string): Node => ({
	...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, {
		httpMethod: 'POST',
		path,
		responseMode: 'lastNode',
		responseData: 'noData',
		options: {},
	}),
	webhookId: randomUUID(),
});
const split = () =>
	node('Split Out', 'n8n-nodes-base.splitOut', 1, 200, {
		fieldToSplitOut: 'body.items',
		options: {},
	});
const credentials = { modelsLabApi: { id: CRED.id, name: CRED.name } };

function chain(id: string, name: string, nodes: Node[]) {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: to(nodes[i + 1].name) };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: true };
}

/** Webhook {items:[{prompt}]} → Split Out → ModelsLab text to image, answered at once, files downloaded. */
const oursWorkflow = () =>
	chain(WF.ours, 'bench: memory, ours', [
		hook(PATHS.ours),
		split(),
		{
			...node('ModelsLab', `${PKG}.modelsLab`, 1.1, 400, {
				resource: 'image',
				operation: 'textToImage',
				apiVersion: 'v6',
				modelId: { __rl: true, mode: 'list', value: 'flux' },
				prompt: '={{ $json.prompt }}',
				waitMode: 'callback',
				options: { maxFileSizeMb: 2048 },
			}),
			webhookId: randomUUID(),
			credentials,
		},
	]);

/** Webhook {items:[{url}]} → Split Out → HTTP Request GET, Response Format File. */
const theirsWorkflow = () =>
	chain(WF.theirs, 'bench: memory, HTTP Request', [
		hook(PATHS.theirs),
		split(),
		node('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, 400, {
			method: 'GET',
			url: '={{ $json.url }}',
			options: { response: { response: { responseFormat: 'file' } } },
		}),
	]);

/** Webhook {path} → Read file → ModelsLab Image Editing › Remove Background with the binary input. */
const uploadOursWorkflow = () =>
	chain(WF.upOurs, 'bench: upload, ours', [
		hook(PATHS.upOurs),
		node('Read', 'n8n-nodes-base.readWriteFile', 1, 200, {
			operation: 'read',
			fileSelector: '={{ $json.body.path }}',
			options: {},
		}),
		{
			...node('ModelsLab', `${PKG}.modelsLab`, 1.1, 400, {
				resource: 'imageEditing',
				operation: 'removeBackground',
				imageInputType: 'binary',
				imageBinaryProperty: 'data',
				waitMode: 'callback',
				options: { downloadFiles: false },
			}),
			webhookId: randomUUID(),
			credentials,
		},
	]);

/**
 * The same by hand, as n8n users do it: Read → Extract From File (binary to base64) → HTTP Request
 * POST to the upload endpoint → HTTP Request POST the edit with the URL (answered at once here).
 */
const uploadTheirsWorkflow = (base: string) =>
	chain(WF.upTheirs, 'bench: upload, HTTP Request', [
		hook(PATHS.upTheirs),
		node('Read', 'n8n-nodes-base.readWriteFile', 1, 200, {
			operation: 'read',
			fileSelector: '={{ $json.body.path }}',
			options: {},
		}),
		node('To Base64', 'n8n-nodes-base.extractFromFile', 1, 300, {
			operation: 'binaryToPropery',
			destinationKey: 'b64',
			options: {},
		}),
		node('Upload', 'n8n-nodes-base.httpRequest', 4.2, 400, {
			method: 'POST',
			url: `${base}/v6/image_editing/base64_to_url`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ key: '${SIM_KEY}', init_image: 'data:image/png;base64,' + $json.b64 }) }}`,
			options: {},
		}),
		node('Edit', 'n8n-nodes-base.httpRequest', 4.2, 500, {
			method: 'POST',
			url: `${base}/v6/image_editing/removebg_mask`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ key: '${SIM_KEY}', image: $json.output[0], sim_scenario: 'immediate' }) }}`,
			options: {},
		}),
	]);

function rssKb(pids: number[]): number {
	let total = 0;
	for (const pid of pids) {
		try {
			total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
		} catch {}
	}
	return total;
}

/** Runs `work` while sampling the RSS of `pids()` every 20 ms: the RSS before (KB), the peak above it (KB), and the result. */
async function peakAbove<T>(
	pids: () => number[],
	work: () => Promise<T>,
): Promise<{ beforeKb: number; aboveKb: number; result: T }> {
	const beforeKb = rssKb(pids());
	let peak = beforeKb;
	const timer = setInterval(() => {
		peak = Math.max(peak, rssKb(pids()));
	}, 20);
	try {
		const result = await work();
		return { beforeKb, aboveKb: Math.max(peak, rssKb(pids())) - beforeKb, result };
	} finally {
		clearInterval(timer);
	}
}

interface Sample {
	side: 'ours' | 'theirs';
	case: string;
	beforeMb: number;
	peakAboveMb: number;
	seconds: number;
	status: string;
	/** Files the node put on its output, and their sizes as n8n recorded them. */
	files: number;
	expected: number;
	bytesOk: boolean;
	/** The most file downloads open at the simulator at one moment during the run. */
	filesAtOnce: number;
}

/** The most requests of `records` open at once (from its start to its answer's end or close). */
function mostAtOnce(records: Array<{ time: number; endTime?: number }>): number {
	const edges = records.flatMap((r) => [
		[r.time, 1],
		[r.endTime ?? Infinity, -1],
	]);
	// An end before a start at the same millisecond: back-to-back downloads do not count as overlapping.
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let most = 0;
	for (const [, step] of edges) most = Math.max(most, (open += step));
	return most;
}

/** The binary files the last execution's downloading node output: how many, and whether each has `bytes` as sent. */
async function outputFiles(
	n8n: Awaited<ReturnType<typeof n8nLib.startN8n>>,
	nodeName: string,
	bytes: number,
) {
	const [row] = await n8n.getExecutions({ status: ['success', 'error'] });
	const execution = await n8n.getExecution(row.id);
	if (!execution) throw new Error(`execution ${row.id} not found`);
	const items: Array<{
		binary?: Record<string, { bytes?: number; fileSize?: string; id?: string }>;
	}> = execution.runData[nodeName]?.at(-1)?.data?.main?.[0] ?? [];
	const files = items.flatMap((item) => Object.values(item.binary ?? {}));
	// On 1.x the file in n8n's filesystem store: <user folder>/.n8n/binaryData/<id without its mode prefix>.
	// n8n 2.x records `bytes`; 1.x only a rounded `fileSize`, so there the file on disk is measured.
	const sizeOk = (file: { id?: string; bytes?: number }) => {
		if (file.bytes !== undefined) return file.bytes === bytes;
		try {
			return (
				statSync(
					join(
						n8n.userFolder,
						'.n8n',
						'binaryData',
						String(file.id).replace(/^filesystem(-v2)?:/, ''),
					),
				).size === bytes
			);
		} catch {
			return false;
		}
	};
	return {
		status: execution.status,
		files: files.length,
		bytesOk: files.length > 0 && files.every(sizeOk),
		sample: files[0],
	};
}

async function main() {
	const argv = process.argv.slice(2);
	const get = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
	const version = get('--version') ?? DEFAULT_VERSION;
	const quick = argv.includes('--quick');
	const bigMb = Number(get('--mb') ?? (quick ? 50 : 500));
	const mode = get('--binary-mode') ?? 'filesystem';
	const fiveMb = quick ? 10 : 100;
	const t0 = Date.now();
	log(`machine: ${machineLine()}`);
	const tgz = buildAndPack();
	const sim = createSimulator({ delayMs: 50, queueCap: Infinity });
	const simServer = await sim.start();
	const upDir = join(RESULTS_DIR, 'tmp', 'upload');
	mkdirSync(upDir, { recursive: true });
	const n8n = await n8nLib.startN8n({
		version,
		packageTgz: tgz,
		credentials: [{ ...CRED, data: { apiKey: SIM_KEY, baseUrl: simServer.baseUrl } }],
		workflows: [
			oursWorkflow(),
			theirsWorkflow(),
			uploadOursWorkflow(),
			uploadTheirsWorkflow(simServer.baseUrl),
		],
		waitForWebhooks: Object.values(PATHS),
		env: {
			N8N_DEFAULT_BINARY_DATA_MODE: mode,
			N8N_RESTRICT_FILE_ACCESS_TO: upDir,
			N8N_PAYLOAD_SIZE_MAX: '64',
		},
	});
	const samples: Sample[] = [];
	let noise = 0;
	const uploads: Array<{ side: string; seconds: number; calls: number; status: number }> = [];
	try {
		const pids = () => n8nLib.groupMembers(n8n.pid!);
		const idleMb = rssKb(pids()) / 1024;
		log(`n8n ${version} up; idle RSS ${idleMb.toFixed(0)} MB (${mode} binary mode)`);

		/** An item list for one side: the same files (one simulator job each). */
		const items = async (side: 'ours' | 'theirs', count: number, bytes: number) => {
			const prompt = `a long video [sim:immediate,fileBytes:${bytes}]`;
			if (side === 'ours') return Array.from({ length: count }, () => ({ prompt }));
			const out = [];
			for (let i = 0; i < count; i++) {
				const answer = await fetch(`${simServer.baseUrl}/v6/images/text2img`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ key: SIM_KEY, model_id: 'flux', prompt }),
				});
				out.push({ url: ((await answer.json()) as { output: string[] }).output[0] });
			}
			return out;
		};
		const run = async (
			side: 'ours' | 'theirs',
			name: string,
			count: number,
			bytes: number,
			warmup = false,
		) => {
			const body = { items: await items(side, count, bytes) };
			await sleep(1500);
			const from = sim.requests.length;
			const start = Date.now();
			const {
				beforeKb,
				aboveKb,
				result: res,
			} = await peakAbove(pids, () =>
				n8n.postWebhook(side === 'ours' ? PATHS.ours : PATHS.theirs, body),
			);
			const seconds = (Date.now() - start) / 1000;
			const out = await outputFiles(n8n, side === 'ours' ? 'ModelsLab' : 'HTTP Request', bytes);
			const sample = {
				side,
				case: name,
				beforeMb: round(beforeKb / 1024, 0),
				peakAboveMb: round(aboveKb / 1024, 0),
				seconds: round(seconds, 1),
				status: `${res.status} ${out.status}`,
				files: out.files,
				expected: count,
				bytesOk: out.bytesOk,
				filesAtOnce: mostAtOnce(
					sim.requests.slice(from).filter((r) => r.path.startsWith('/files/')),
				),
			};
			if (!warmup) samples.push(sample);
			log(
				`${warmup ? '(warm-up) ' : ''}${name} ${side}: execution ${out.status}, ${out.files} files${out.bytesOk ? ' of the right size' : ` NOT of ${bytes} bytes: ${JSON.stringify(out.sample)}`}, peak +${sample.peakAboveMb} MB above ${sample.beforeMb} MB, ${sample.seconds} s, at most ${sample.filesAtOnce} files streaming at once`,
			);
		};
		const cases: Array<[string, number, number]> = [
			[`1 × ${bigMb} MB`, 1, bigMb * MB],
			[`5 × ${fiveMb} MB at once`, 5, fiveMb * MB],
		];
		// The noise floor: the same peak-above-start measure over an idle 5 s, four times.
		const idleNoise: number[] = [];
		for (let i = 0; i < 4; i++) {
			const { aboveKb } = await peakAbove(pids, () => sleep(5000));
			idleNoise.push(round(aboveKb / 1024, 1));
		}
		// Below 2 MB (0.4 % of the 500 MB file) a difference is no copy of the file, whatever the idle noise.
		noise = Math.max(2, ...idleNoise);
		log(`idle noise (peak above start over 5 s, 4 times): ${idleNoise.join(', ')} MB`);
		// A discarded first run of each side: the first of anything in n8n loads code and grows its heap.
		await run('theirs', 'warm-up', 1, 10 * MB, true);
		await run('ours', 'warm-up', 1, 10 * MB, true);
		for (const [name, count, bytes] of cases) {
			for (let i = 0; i < ROUNDS; i++) {
				await run('theirs', name, count, bytes);
				await run('ours', name, count, bytes);
			}
		}

		// Upload: a 5 MB image (ModelsLab's documented limit), ours vs by hand, interleaved.
		const file = join(upDir, 'photo.png');
		const png = Buffer.from(await (await fetch(`${simServer.url}/files/x.png`)).arrayBuffer());
		writeFileSync(file, Buffer.concat([png, Buffer.alloc(5 * MB - 64 * 1024 - png.length, 7)]));
		for (let i = 0; i < 3; i++) {
			for (const side of ['theirs', 'ours'] as const) {
				const from = sim.requests.length;
				const start = Date.now();
				const res = await n8n.postWebhook(side === 'ours' ? PATHS.upOurs : PATHS.upTheirs, {
					path: file,
				});
				const seconds = (Date.now() - start) / 1000;
				const calls = sim.requests.slice(from).filter((r) => r.path.startsWith('/api/')).length;
				uploads.push({ side, seconds: round(seconds, 3), calls, status: res.status });
				log(
					`upload 5 MB ${side}: HTTP ${res.status}, ${calls} ModelsLab calls, ${seconds.toFixed(2)} s`,
				);
			}
		}
	} finally {
		await n8n.dispose();
		await simServer.close();
	}

	const rows: BenchResult['rows'] = [];
	const peakOf = (side: string, name: string) =>
		median(samples.filter((s) => s.side === side && s.case === name).map((s) => s.peakAboveMb));
	for (const name of [...new Set(samples.map((s) => s.case))]) {
		const ours = peakOf('ours', name);
		const theirs = peakOf('theirs', name);
		const ratio = theirs > 0 ? ours / theirs : NaN;
		rows.push({
			what: `peak RSS above the run's start, ${name} (${mode} mode)`,
			ours: `${ours} MB`,
			baseline: `${theirs} MB (HTTP Request, File)`,
			ratio: Number.isFinite(ratio) ? `${round(ratio, 2)}×` : 'n/a',
			goal: `≤ 1.1× theirs (or within ${noise} MB of it: idle noise, at least 2 MB) and < 100 MB; every file stored whole`,
			met:
				ours < 100 &&
				(ratio <= 1.1 || ours - theirs <= noise) &&
				samples.every((s) => s.case !== name || (s.bytesOk && s.files === s.expected)),
		});
	}
	const upOf = (side: string) => uploads.filter((u) => u.side === side);
	const upOurs = median(upOf('ours').map((u) => u.seconds));
	const upTheirs = median(upOf('theirs').map((u) => u.seconds));
	rows.push({
		what: 'binary upload of a 5 MB image, then the job (calls; median time)',
		ours: `${median(upOf('ours').map((u) => u.calls))} calls, ${upOurs} s`,
		baseline: `${median(upOf('theirs').map((u) => u.calls))} calls, ${upTheirs} s (Extract From File + 2 HTTP Requests)`,
		ratio: `${round(upOurs / upTheirs, 2)}× time`,
		goal: 'no more calls',
		met: median(upOf('ours').map((u) => u.calls)) <= median(upOf('theirs').map((u) => u.calls)),
	});
	const result: BenchResult = {
		name: 'memory',
		title: 'Benchmark 6: memory of downloads, and binary uploads',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: { version, engine: 'default' },
		durationS: round((Date.now() - t0) / 1000, 0),
		rows,
		notes: [
			`Peak RSS of every process of the n8n group, sampled every 20 ms, minus the RSS just before the run; median of ${ROUNDS} interleaved runs per side.`,
			'The upload side by hand answers the edit at once (sim_scenario immediate) while ours submits with its callback URL; both make the upload call first.',
		],
		summary: { rows, idleNoiseMb: noise },
		raw: { samples, uploads },
	};
	const file = resultFile('memory', version, DEFAULT_VERSION).replace(
		/\.json$/,
		mode === 'filesystem' ? '.json' : `-${mode}.json`,
	);
	writeResult(quick ? join(RESULTS_DIR, 'tmp', 'memory.json') : file, result);
	for (const row of rows)
		log(
			`${row.what}: ours ${row.ours} | ${row.baseline} | ${row.ratio} | ${row.met ? 'MET' : 'NOT MET'}`,
		);
	log(`done in ${result.durationS} s`);
}

/** Interleaved runs per side and case (theirs, ours, theirs, ours…). */
const ROUNDS = 4;

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
