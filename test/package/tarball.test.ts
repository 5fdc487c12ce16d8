/**
 * What `npm publish` would upload, checked the way n8n meets it: packs the built package (npm test
 * builds before jest), unpacks it, and checks that it holds only what n8n loads plus README,
 * LICENSE and CHANGELOG, that every file package.json names is inside, that the nodes load from the
 * unpacked copy with nothing but n8n-workflow, and that n8n's own scanner finds nothing in it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCAN = join(__dirname, 'scan.mjs');

interface PackedPackage {
	filename: string;
	size: number;
	unpackedSize: number;
	entryCount: number;
	files: Array<{ path: string; size: number }>;
}

/** Everything n8n reads from a community package: compiled nodes and credentials, their codex
 * files and icons; plus the three documents npm users expect. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^dist\/(nodes|credentials)\/.+\.js$/,
	/^dist\/nodes\/.+\.node\.json$/,
	/^dist\/(nodes|credentials)\/.+\.(svg|png)$/,
];

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? walk(full) : [full];
	});
}

function scan(
	kind: 'source' | 'tarball',
	dir: string,
): {
	status: number | null;
	result: { passed: boolean; message: string | null; details: string | null };
} {
	const run = spawnSync(process.execPath, [SCAN, kind, dir], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 120_000,
	});
	const line = run.stdout.trim().split('\n').pop() ?? '';
	if (!line.startsWith('{'))
		throw new Error(`scanner printed no result (exit ${run.status}): ${run.stderr}`);
	return { status: run.status, result: JSON.parse(line) };
}

let work: string;
let unpacked: string;
let packed: PackedPackage;
let pkg: {
	main?: string;
	files: string[];
	dependencies?: object;
	n8n: { nodes: string[]; credentials: string[] };
};

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
	work = mkdtempSync(join(tmpdir(), 'modelslab-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	packed = (JSON.parse(out) as PackedPackage[])[0];
	unpacked = join(work, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', [
		'-xzf',
		join(work, packed.filename),
		'-C',
		unpacked,
		'--strip-components=1',
	]);
	pkg = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	process.stdout.write(
		`[package] ${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.entryCount} files\n`,
	);
}, 120_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
	test('holds only compiled nodes and credentials, their codex files and icons, README, LICENSE and CHANGELOG', () => {
		const paths = walk(unpacked).map((file) => relative(unpacked, file).split(sep).join('/'));
		expect(paths.sort()).toEqual(packed.files.map((file) => file.path).sort());
		expect(paths.filter((path) => !ALLOWED.some((pattern) => pattern.test(path)))).toEqual([]);
		for (const doc of ['README.md', 'LICENSE', 'CHANGELOG.md']) expect(paths).toContain(doc);
		expect(
			paths.some(
				(path) => path.endsWith('.tsbuildinfo') || path.endsWith('.map') || path.endsWith('.d.ts'),
			),
		).toBe(false);
	});

	test('every file package.json points to is inside, and there is no `main` pointing nowhere', () => {
		const named = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(named.length).toBeGreaterThan(0);
		for (const file of named) expect(existsSync(join(unpacked, file))).toBe(true);
		if (pkg.main !== undefined) expect(existsSync(join(unpacked, pkg.main))).toBe(true);
		expect(pkg.dependencies ?? {}).toEqual({});
	});

	test('the nodes load from the unpacked tarball with only n8n-workflow, and their icons are inside', () => {
		// n8n-workflow is the peer dependency n8n provides; nothing else may be needed.
		mkdirSync(join(unpacked, 'node_modules'));
		symlinkSync(
			join(ROOT, 'node_modules', 'n8n-workflow'),
			join(unpacked, 'node_modules', 'n8n-workflow'),
			'dir',
		);
		const shipped = walk(join(unpacked, 'dist')).filter((file) => file.endsWith('.js'));
		for (const file of shipped) {
			const required = [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
				(match) => match[1],
			);
			for (const id of required) {
				const ok = id === 'n8n-workflow' || id.startsWith('.') || isBuiltin(id);
				expect({ file: relative(unpacked, file), require: id, ok }).toEqual({
					file: relative(unpacked, file),
					require: id,
					ok: true,
				});
			}
		}
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const file = join(unpacked, entry);
			const exported = require(file) as Record<
				string,
				new () => { description?: { icon?: unknown; name: string }; icon?: unknown }
			>;
			const Type = Object.values(exported)[0];
			const instance = new Type();
			const icon = instance.description?.icon ?? instance.icon;
			const icons =
				typeof icon === 'string' ? [icon] : Object.values((icon ?? {}) as Record<string, string>);
			expect(icons.length).toBeGreaterThan(0);
			for (const ref of icons) {
				expect(ref).toMatch(/^file:/);
				expect(existsSync(join(dirname(file), ref.slice('file:'.length)))).toBe(true);
			}
		}
	});
});

describe("n8n's scanner (@n8n/scan-community-package analyzePackage), offline", () => {
	test('finds nothing in the sources (package.json, nodes/, credentials/)', () => {
		const { status, result } = scan('source', ROOT);
		expect(result).toEqual({ passed: true, message: null, details: null });
		expect(status).toBe(0);
	}, 120_000);

	test('finds nothing in the packed tarball (compiled .js and package.json)', () => {
		const { status, result } = scan('tarball', unpacked);
		expect(result).toEqual({ passed: true, message: null, details: null });
		expect(status).toBe(0);
	}, 120_000);

	test('is live: the same tarball with a console.log added to a node fails', () => {
		const copy = join(work, 'tampered');
		cpSync(unpacked, copy, { recursive: true, dereference: false });
		rmSync(join(copy, 'node_modules'), { recursive: true, force: true });
		const node = join(copy, pkg.n8n.nodes[0]);
		writeFileSync(node, `${readFileSync(node, 'utf8')}\nconsole.log('leak');\n`);
		const { status, result } = scan('tarball', copy);
		expect(result.passed).toBe(false);
		expect(result.details).toContain('no-console');
		expect(status).toBe(1);
	}, 120_000);
});
