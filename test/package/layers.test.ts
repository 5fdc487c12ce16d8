/**
 * The shape of nodes/ (issue 22): layers point down only, and files stay small.
 *
 *   6  nodes/ModelsLab (the node class, router.ts, getResult.ts)   nodes/ModelsLabTrigger
 *   5  nodes/ModelsLab/modes/callback, modes/poll, modes/dontWait (never each other)
 *   4  nodes/ModelsLab/batch      (the batch's state and the scheduler acting on it)
 *   3  nodes/ModelsLab/job        (one item: plan, upload, submit, read, its output)
 *   2  nodes/ModelsLab/description, nodes/ModelsLab/methods (the editor, from the catalogue)
 *   1  nodes/ModelsLab/catalogue  (the endpoints as data)
 *   0  nodes/shared               (transport, payload parser, downloads: both nodes)
 *
 * A file may import from its own folder or a folder of a lower layer; the trigger imports nothing
 * from nodes/ModelsLab. Read from the sources' import lines, so a move that breaks it fails here.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const NODES = join(ROOT, 'nodes');

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const FILES = filesUnder(NODES).map((path) => relative(ROOT, path));

/** The layer of a folder of nodes/, and the folder a file belongs to for the rule. */
function placeOf(file: string): { folder: string; layer: number } {
	const dir = dirname(file);
	const layers: Array<[string, number]> = [
		['nodes/shared', 0],
		['nodes/ModelsLab/catalogue', 1],
		['nodes/ModelsLab/description', 2],
		['nodes/ModelsLab/methods', 2],
		['nodes/ModelsLab/job', 3],
		['nodes/ModelsLab/batch', 4],
		['nodes/ModelsLab/modes', 5],
		['nodes/ModelsLabTrigger', 6],
		['nodes/ModelsLab', 6],
	];
	const found = layers.find(([prefix]) => dir === prefix || dir.startsWith(`${prefix}/`));
	if (!found) throw new Error(`${file} is in no layer: add its folder to the table above`);
	// modes/<mode> is a folder of its own: the modes are siblings that may not lean on each other.
	const folder =
		found[0] === 'nodes/ModelsLab/modes' ? dir.split('/').slice(0, 4).join('/') : found[0];
	return { folder, layer: found[1] };
}

function importsOf(file: string): string[] {
	const text = readFileSync(join(ROOT, file), 'utf8');
	const specs = [...text.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
		(match) => match[1],
	);
	return specs.map((spec) => {
		const target = normalize(join(dirname(file), spec));
		for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) {
			try {
				if (statSync(join(ROOT, candidate)).isFile()) return candidate;
			} catch {
				// not this one
			}
		}
		throw new Error(`${file} imports ${spec}, which is no file`);
	});
}

test('every file of nodes/ has a layer, and the table covers the folders that exist', () => {
	for (const file of FILES) expect(() => placeOf(file)).not.toThrow();
	const modes = new Set(
		FILES.filter((file) => file.startsWith('nodes/ModelsLab/modes/')).map(
			(file) => placeOf(file).folder,
		),
	);
	expect([...modes].sort()).toEqual([
		'nodes/ModelsLab/modes/callback',
		'nodes/ModelsLab/modes/dontWait',
		'nodes/ModelsLab/modes/poll',
	]);
});

test('no folder in nodes/ imports from a folder above it or beside it', () => {
	const upward: string[] = [];
	for (const file of FILES) {
		const from = placeOf(file);
		for (const target of importsOf(file)) {
			if (!target.startsWith('nodes/')) {
				upward.push(`${file} → ${target} (outside nodes/)`);
				continue;
			}
			const to = placeOf(target);
			if (to.folder === from.folder) continue;
			if (to.layer >= from.layer) upward.push(`${file} → ${target}`);
		}
	}
	expect(upward).toEqual([]);
});

test('the trigger imports nothing from the action node', () => {
	const fromTrigger = FILES.filter((file) => file.startsWith('nodes/ModelsLabTrigger/')).flatMap(
		(file) => importsOf(file).map((target) => `${file} → ${target}`),
	);
	expect(fromTrigger.filter((line) => line.includes('→ nodes/ModelsLab/'))).toEqual([]);
});

test('the checker sees an upward import (it is not vacuous)', () => {
	expect(
		importsOf('nodes/ModelsLab/router.ts').some(
			(target) => placeOf(target).layer < placeOf('nodes/ModelsLab/router.ts').layer,
		),
	).toBe(true);
	expect(placeOf('nodes/ModelsLab/job/plan.ts').layer).toBeGreaterThan(
		placeOf('nodes/ModelsLab/catalogue/index.ts').layer,
	);
	expect(placeOf('nodes/ModelsLab/modes/poll/pollBatch.ts').folder).not.toBe(
		placeOf('nodes/ModelsLab/modes/callback/start.ts').folder,
	);
});

test('no file in nodes/ outside the catalogue data is over 300 lines', () => {
	const long = FILES.filter((file) => !file.startsWith('nodes/ModelsLab/catalogue/'))
		.map((file) => [file, readFileSync(join(ROOT, file), 'utf8').split('\n').length] as const)
		.filter(([, lines]) => lines > 300);
	expect(long).toEqual([]);
});
