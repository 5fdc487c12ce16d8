/**
 * npm run bench [-- --version 2.41.1] [--long] [--only 1,3] [--quick] [--engine default] [--fill 9000]
 *
 * Builds and packs the package, then runs the five benchmarks (4 in-process; 1, 2, 3 on one real
 * n8n with the simulator; 5 on two more n8n user folders), writes bench/results/<name>.json and
 * the table in bench/README.md. Every comparison is a ratio measured side by side in this run.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { benchApiCalls } from './apiCalls';
import { benchCallbackCost } from './callbackCost';
import { buildAndPack, startStack, type Stack } from './lib/stack';
import {
	type BenchResult,
	REPO,
	RESULTS_DIR,
	installLib,
	log,
	machine,
	machineLine,
	resultFile,
	round,
	writeResult,
} from './lib/util';
import { benchPackageCost } from './packageCost';
import { benchResume } from './resume';
import { benchThroughput } from './throughput';
import { DEFAULT_HISTORY_SIZE } from '../nodes/ModelsLabTrigger/properties';

const DEFAULT_VERSION = '1.123.81';

function parseArgs(argv: string[]) {
	const get = (name: string) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const only = get('--only');
	return {
		version: get('--version') ?? DEFAULT_VERSION,
		long: argv.includes('--long'),
		quick: argv.includes('--quick'),
		engine: get('--engine') ?? 'legacy',
		/** ids in the stores for benchmark 1's second phase; the trigger's default unless told */
		fill: Number(get('--fill') ?? DEFAULT_HISTORY_SIZE),
		only: only ? new Set(only.split(',').map((s) => Number(s.trim()))) : new Set([1, 2, 3, 4, 5]),
	};
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (process.argv.includes('--readme-only')) {
		// rebuild the README table from results/*.json, running nothing
		updateReadme(0, { ...args, only: new Set<number>() });
		return;
	}
	const t0 = Date.now();
	const m = machine();
	log(`machine: ${machineLine(m)}`);
	log(
		`n8n ${args.version}, expression engine ${args.engine}${args.long ? ', --long' : ''}${args.quick ? ', --quick' : ''}; benchmarks ${[...args.only].join(',')}`,
	);
	if (!existsSync(join(installLib.n8nDir(args.version), '.installed.json'))) {
		throw new Error(`n8n ${args.version} is not installed: npm run n8n:install -- ${args.version}`);
	}
	const env: Record<string, string> =
		args.engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
	const meta = { version: args.version, engine: args.engine };
	const results: BenchResult[] = [];
	const save = (r: BenchResult) => {
		const withMachine = {
			...r,
			runArgs: { version: args.version, engine: args.engine, long: args.long, quick: args.quick },
		};
		// --quick runs are smoke tests: their figures go to results/tmp (git-ignored), not into the README
		const file = resultFile(r.name, args.version, DEFAULT_VERSION);
		// so do runs with another store size than the trigger's default (figures quoted by hand)
		const aside = args.quick || args.fill !== DEFAULT_HISTORY_SIZE;
		writeResult(
			aside
				? join(
						RESULTS_DIR,
						'tmp',
						basename(file).replace(
							'.json',
							args.fill !== DEFAULT_HISTORY_SIZE ? `-fill${args.fill}.json` : '.json',
						),
					)
				: file,
			withMachine as BenchResult,
		);
		results.push(r);
		log(`${r.title}: done in ${r.durationS} s — machine: ${machineLine(r.machine)}`);
		for (const row of r.rows)
			log(
				`   ${row.what}: ours ${row.ours} | baseline ${row.baseline} | ${row.ratio} | goal ${row.goal}${row.met === null ? '' : row.met ? ' MET' : ' NOT MET'}`,
			);
	};

	const packageTgz = buildAndPack();
	if (args.only.has(4)) save(benchCallbackCost(args.quick));

	if ([1, 2, 3].some((n) => args.only.has(n))) {
		let stack: Stack | undefined;
		try {
			// --fill N: the trigger remembers N ids (else n8n would cut the filled row to the default)
			stack = await startStack(
				args.version,
				packageTgz,
				env,
				args.fill !== DEFAULT_HISTORY_SIZE ? args.fill : undefined,
			);
			if (args.only.has(1)) {
				const t = args.quick
					? { rounds: 2, fullRounds: 1, perRound: 100, warmup: 30, concurrency: 10 }
					: { rounds: 3, fullRounds: 2, perRound: 300, warmup: 100, concurrency: 10 };
				// The trigger's store full at its default size (n8n keeps at most Remembered Job IDs and
				// drops the oldest). Remove Duplicates (side C) refuses items once its history would
				// pass 10,000: stay below.
				save(
					await benchThroughput(
						stack,
						{ ...t, fillTo: Math.min(args.fill, 10000 - 30 - t.fullRounds * t.perRound - 100) },
						meta,
					),
				);
			}
			if (args.only.has(2))
				save(
					await benchResume(
						stack,
						args.quick ? { samples: 5, warmup: 1 } : { samples: 20, warmup: 2 },
						meta,
					),
				);
			if (args.only.has(3)) {
				const lengthsS = args.quick ? [10] : args.long ? [10, 60, 300] : [10, 60];
				save(await benchApiCalls(stack, { lengthsS, n1Runs: 4, batch: 20 }, meta));
			}
		} finally {
			await stack?.dispose();
		}
	}
	if (args.only.has(5))
		save(
			await benchPackageCost(
				args.version,
				packageTgz,
				env,
				args.quick ? { boots: 1, settleMs: 2000 } : { boots: 6, settleMs: 4000 },
				meta,
			),
		);

	rmSync(dirname(packageTgz), { recursive: true, force: true }); // the temp folder npm pack wrote into
	const totalS = round((Date.now() - t0) / 1000, 1);
	if (!args.quick) updateReadme(totalS, args);
	log(
		`all done in ${totalS} s (${round(totalS / 60, 1)} min); results in bench/results/${args.quick ? 'tmp/ (--quick: README untouched)' : ', table in bench/README.md'}`,
	);
}

// ---------------------------------------------------------------- README table
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function updateReadme(totalS: number, args: ReturnType<typeof parseArgs>) {
	const files = existsSync(RESULTS_DIR)
		? readdirSync(RESULTS_DIR)
				.filter((f) => f.endsWith('.json'))
				.sort()
		: [];
	const all = files
		.map(
			(f) =>
				JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as BenchResult & {
					runArgs?: { version: string };
				},
		)
		.filter((r) => typeof r.name === 'string' && r.machine && Array.isArray(r.rows)); // not runs.json
	const order = [
		'trigger-throughput',
		'resume-latency',
		'api-calls',
		'callback-cost',
		'package-cost',
		'memory',
		'batch',
		'batch-cap10',
		'batch-cap15',
		'lost-callback',
	];
	const versions = [
		...new Set(all.map((r) => r.runArgs?.version ?? r.n8n?.version ?? DEFAULT_VERSION)),
	].sort((a) => (a === DEFAULT_VERSION ? -1 : 1));
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines: string[] = [START, ''];
	// the whole-run time of the last full run of each version, kept in results/runs.json
	const runsFile = join(RESULTS_DIR, 'runs.json');
	const runs = (existsSync(runsFile) ? JSON.parse(readFileSync(runsFile, 'utf8')) : {}) as Record<
		string,
		{ command: string; date: string; minutes: number }
	>;
	if (args.only.size === 5) {
		runs[args.version] = {
			command: `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
			date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
			minutes: round(totalS / 60, 1),
		};
		writeFileSync(runsFile, `${JSON.stringify(runs, null, '\t')}\n`);
	}
	for (const version of versions) {
		const set = all
			.filter((r) => (r.runArgs?.version ?? r.n8n?.version ?? DEFAULT_VERSION) === version)
			.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
		if (!set.length) continue;
		const engine = set.find((r) => r.n8n)?.n8n?.engine ?? 'legacy';
		lines.push(`### n8n ${version} (expression engine: ${engine})`);
		lines.push('');
		const run = runs[version];
		if (run)
			lines.push(
				`Last full run: \`${run.command}\`, ${run.date}, ${run.minutes} min in all (build, pack and all five).`,
				'',
			);
		const machines = [
			...new Set(
				set.map(
					(r) =>
						`${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGb} GB, Node ${r.machine.node}`,
				),
			),
		];
		lines.push(
			`Machine: ${machines.join('; ')}. Dates: ${[...new Set(set.map((r) => r.date.slice(0, 10)))].join(', ')}.`,
		);
		lines.push('');
		lines.push('| Benchmark | Measure | Ours | Baseline (n8n / peer) | Ratio | Goal | Met |');
		lines.push('|---|---|---|---|---|---|---|');
		for (const r of set) {
			for (const row of r.rows) {
				const met = row.met === null ? '' : row.met ? 'yes' : '**no**';
				lines.push(
					`| ${esc(r.title)} | ${esc(row.what)} | ${esc(row.ours)} | ${esc(row.baseline)} | ${esc(row.ratio)} | ${esc(row.goal)} | ${met} |`,
				);
			}
		}
		lines.push('');
		lines.push('<details><summary>How each was measured, and run times</summary>');
		lines.push('');
		for (const r of set) {
			lines.push(
				`- **${r.title}** (${r.durationS} s, ${r.date.slice(0, 16).replace('T', ' ')} UTC, load ${r.machine.loadavg.join(' ')}): ${r.notes.join(' ')}`,
			);
		}
		lines.push('');
		lines.push('</details>');
		lines.push('');
	}
	lines.push(END);
	const readme = join(REPO, 'bench', 'README.md');
	const current = existsSync(readme)
		? readFileSync(readme, 'utf8')
		: `# Benchmarks\n\n${START}\n${END}\n`;
	const next =
		current.includes(START) && current.includes(END)
			? current.slice(0, current.indexOf(START)) +
				lines.join('\n') +
				current.slice(current.indexOf(END) + END.length)
			: `${current.trimEnd()}\n\n${lines.join('\n')}\n`;
	writeFileSync(readme, next);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
	process.exit(1);
});
