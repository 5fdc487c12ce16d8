/** Shared helpers: where the repo is, the machine, statistics, results files. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

import * as InstanceModule from '../../scripts/n8n/instance';
import * as InstallModule from '../../scripts/n8n/install';

/** The repository root (this file runs compiled from bench/.build/bench/lib). */
export const REPO = (() => {
	let dir = __dirname;
	for (;;) {
		const pkg = join(dir, 'package.json');
		if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'n8n-nodes-modelslab')
			return dir;
		const up = dirname(dir);
		if (up === dir) throw new Error('bench: repository root not found');
		dir = up;
	}
})();

export const RESULTS_DIR = join(REPO, 'bench', 'results');

/** scripts/n8n/instance.ts and install.ts (compiled into .build with the benchmarks). */
export const n8nLib = InstanceModule;
export const installLib = InstallModule;

export interface Machine {
	cpu: string;
	cores: number;
	memGb: number;
	node: string;
	platform: string;
	loadavg: number[];
}

export function machine(): Machine {
	const list = cpus();
	let model = list[0]?.model ?? 'unknown';
	try {
		// lscpu-like detail (family/model) when the model name is terse, e.g. "AMD EPYC"
		const info = readFileSync('/proc/cpuinfo', 'utf8');
		const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
		const mod = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
		const mhz = list[0]?.speed;
		if (family && mod) model += ` (family ${family}, model ${mod}${mhz ? `, ${mhz} MHz` : ''})`;
	} catch {}
	return {
		cpu: model,
		cores: list.length,
		memGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		loadavg: loadavg().map((v) => Math.round(v * 100) / 100),
	};
}

export function machineLine(m: Machine = machine()): string {
	return `${m.cpu}, ${m.cores} cores, ${m.memGb} GB, Node ${m.node}, load ${m.loadavg.join(' ')}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function sorted(values: number[]): number[] {
	return [...values].sort((a, b) => a - b);
}

/** Percentile by nearest rank (p in 0..100). */
export function pct(values: number[], p: number): number {
	if (!values.length) return NaN;
	const s = sorted(values);
	const rank = Math.ceil((p / 100) * s.length);
	return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export const median = (values: number[]) => {
	if (!values.length) return NaN;
	const s = sorted(values);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const mean = (values: number[]) =>
	values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;

export function round(value: number, digits = 2): number {
	if (!Number.isFinite(value)) return value;
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** SQLite text timestamps of n8n ("2026-01-01 12:00:00.000", UTC) to epoch ms. */
export function sqliteMs(text: string | null | undefined): number {
	if (!text) return NaN;
	return Date.parse(`${text.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`);
}

export interface Goal {
	/** what is compared, e.g. "ours / n8n" */
	text: string;
	met: boolean | null;
}

export interface BenchResult {
	name: string;
	title: string;
	date: string;
	machine: Machine;
	n8n?: { version: string; engine: string };
	durationS: number;
	/** rows for the README table */
	rows: Array<{
		what: string;
		ours: string;
		baseline: string;
		ratio: string;
		goal: string;
		met: boolean | null;
	}>;
	notes: string[];
	summary: Record<string, unknown>;
	raw: Record<string, unknown>;
}

export function resultFile(
	name: string,
	version: string | undefined,
	defaultVersion: string,
): string {
	const suffix = version && version !== defaultVersion ? `-${version}` : '';
	return join(RESULTS_DIR, `${name}${suffix}.json`);
}

export function writeResult(file: string, result: BenchResult): void {
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(result, null, '\t')}\n`);
}

export function log(line: string): void {
	process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
