/**
 * 5. Package cost to n8n: time from spawn to "Editor is now accessible" and resident memory (a few
 * seconds after ready) of the same n8n version without and with our package installed, in
 * interleaved boots (after one discarded boot each, which runs the database migrations). No
 * workflows, so only the cost of loading the package is measured.
 *
 * Supporting figure (the boot comparison is noisy on a shared 2-core machine): in a fresh Node
 * process that has already loaded n8n-workflow, the time and memory to require our node and
 * credential files and build their descriptions, as n8n's loader does.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import type { N8nInstance } from '../scripts/n8n/instance';
import { type BenchResult, REPO, log, machine, median, n8nLib, round, sleep } from './lib/util';

export interface PackageCostOptions {
	boots: number;
	settleMs: number;
}

interface Boot {
	variant: 'without' | 'with';
	index: number;
	readyMs: number;
	rssMb: number;
	mainRssMb: number;
}

interface LoadCost {
	requireMs: number;
	heapKb: number;
	rssKb: number;
	nodeTypes: number;
}

function childLoad(): void {
	/* eslint-disable @typescript-eslint/no-require-imports */
	require('n8n-workflow');
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const before = process.memoryUsage();
	const t = process.hrtime.bigint();
	const files = [
		'dist/credentials/ModelsLabApi.credentials.js',
		'dist/nodes/ModelsLab/ModelsLab.node.js',
		'dist/nodes/ModelsLabTrigger/ModelsLabTrigger.node.js',
	];
	let nodeTypes = 0;
	const keep: unknown[] = [];
	for (const file of files) {
		const mod = require(join(REPO, file)) as Record<string, new () => { description?: unknown }>;
		for (const Cls of Object.values(mod)) {
			if (typeof Cls === 'function') {
				keep.push(new Cls());
				nodeTypes++;
			}
		}
	}
	const requireMs = Number(process.hrtime.bigint() - t) / 1e6;
	gc?.();
	const after = process.memoryUsage();
	const out: LoadCost = {
		requireMs,
		heapKb: Math.round((after.heapUsed - before.heapUsed) / 1024),
		rssKb: Math.round((after.rss - before.rss) / 1024),
		nodeTypes,
	};
	process.stdout.write(JSON.stringify(out));
	/* eslint-enable @typescript-eslint/no-require-imports */
	void keep;
}

export async function benchPackageCost(
	version: string,
	packageTgz: string,
	env: Record<string, string>,
	opts: PackageCostOptions,
	meta: { version: string; engine: string },
): Promise<BenchResult> {
	const t0 = Date.now();
	const boots: Boot[] = [];
	const instances: Record<'without' | 'with', N8nInstance | undefined> = {
		without: undefined,
		with: undefined,
	};
	try {
		// discarded first boots (migrations), then stop both
		instances.without = await n8nLib.startN8n({ version, env });
		await instances.without.stop();
		instances.with = await n8nLib.startN8n({ version, env, packageTgz });
		await instances.with.stop();
		const boot = async (variant: 'without' | 'with', index: number) => {
			const inst = instances[variant] as N8nInstance;
			const { readyMs } = await inst.start();
			// RSS moves with GC: sample it through the second half of the settle window, keep the median
			await sleep(opts.settleMs / 2);
			const samples: Array<Record<string, number>> = [];
			for (let s = 0; s < 5; s++) {
				samples.push(inst.memoryMb() ?? {});
				await sleep(opts.settleMs / 10);
			}
			const total = (m: Record<string, number>) => Object.values(m).reduce((a, v) => a + v, 0);
			const mem = [...samples].sort((a, b) => total(a) - total(b))[2];
			await inst.stop();
			const b: Boot = {
				variant,
				index,
				readyMs,
				rssMb: Object.values(mem).reduce((s, v) => s + v, 0),
				mainRssMb: Object.entries(mem).find(([k]) => k.startsWith('n8n '))?.[1] ?? NaN,
			};
			log(
				`5. boot ${index + 1} ${variant} package: ready ${readyMs} ms, RSS ${b.rssMb} MB (${JSON.stringify(mem)})`,
			);
			boots.push(b);
		};
		for (let i = 0; i < opts.boots; i++) {
			await boot('without', i);
			await boot('with', i);
		}
	} finally {
		await instances.without?.dispose();
		await instances.with?.dispose();
	}
	const load = JSON.parse(
		execFileSync(process.execPath, ['--expose-gc', __filename, '--child-load'], {
			cwd: REPO,
		}).toString(),
	) as LoadCost;

	const pick = (v: 'without' | 'with', f: (b: Boot) => number) =>
		median(boots.filter((b) => b.variant === v).map(f));
	const readyRatio = pick('with', (b) => b.readyMs) / pick('without', (b) => b.readyMs);
	const rssRatio = pick('with', (b) => b.rssMb) / pick('without', (b) => b.rssMb);
	const pairs = boots
		.filter((b) => b.variant === 'with')
		.map((w) => {
			const wo = boots.find((b) => b.variant === 'without' && b.index === w.index) as Boot;
			return { ready: round(w.readyMs / wo.readyMs, 3), rss: round(w.rssMb / wo.rssMb, 3) };
		});
	const spread = (v: 'without' | 'with') => {
		const r = boots.filter((b) => b.variant === v).map((b) => b.readyMs);
		return `${Math.min(...r)}–${Math.max(...r)}`;
	};
	return {
		name: 'package-cost',
		title: '5. Package cost to n8n',
		date: new Date().toISOString(),
		machine: machine(),
		n8n: meta,
		durationS: round((Date.now() - t0) / 1000, 1),
		rows: [
			{
				what: `Boot to ready, median of ${opts.boots} (with vs without the package)`,
				ours: `${pick('with', (b) => b.readyMs)} ms (${spread('with')})`,
				baseline: `${pick('without', (b) => b.readyMs)} ms (${spread('without')})`,
				ratio: `${round(readyRatio, 3)}× (pairs ${pairs.map((p) => p.ready).join(', ')})`,
				goal: '≤ 1.05×',
				met: readyRatio <= 1.05,
			},
			{
				what: `RSS ${opts.settleMs / 2000}–${opts.settleMs / 1000} s after ready, median of 5 samples (all processes)`,
				ours: `${pick('with', (b) => b.rssMb)} MB`,
				baseline: `${pick('without', (b) => b.rssMb)} MB`,
				ratio: `${round(rssRatio, 3)}× (pairs ${pairs.map((p) => p.rss).join(', ')})`,
				goal: '≤ 1.05×',
				met: rssRatio <= 1.05,
			},
			{
				what: 'Loading our package alone (require + descriptions, fresh Node with n8n-workflow loaded)',
				ours: `${round(load.requireMs, 1)} ms, heap +${load.heapKb} KB, RSS +${load.rssKb} KB`,
				baseline: `n8n boot ${pick('without', (b) => b.readyMs)} ms, ${pick('without', (b) => b.rssMb)} MB`,
				ratio: `${round(load.requireMs / pick('without', (b) => b.readyMs), 4)}× time, ${round(load.rssKb / 1024 / pick('without', (b) => b.rssMb), 4)}× memory`,
				goal: '(supporting)',
				met: null,
			},
		],
		notes: [
			`${opts.boots} boots per variant, interleaved (without, with, without, with…) after one discarded boot each; ready = spawn → "Editor is now accessible" (editor UI off, as in the e2e harness); RSS = median of 5 samples taken between ${opts.settleMs / 2} and ${opts.settleMs} ms after ready.`,
			'Both user folders hold an empty database; the "with" one has the package installed in .n8n/nodes as n8n installs community packages.',
		],
		summary: {
			readyMs: {
				without: pick('without', (b) => b.readyMs),
				with: pick('with', (b) => b.readyMs),
				ratio: round(readyRatio, 3),
			},
			rssMb: {
				without: pick('without', (b) => b.rssMb),
				with: pick('with', (b) => b.rssMb),
				ratio: round(rssRatio, 3),
			},
			pairs,
			load,
		},
		raw: { options: opts, boots, load },
	};
}

if (require.main === module && process.argv.includes('--child-load')) childLoad();
