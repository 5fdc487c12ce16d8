/**
 * Runs once before the e2e files: installs the n8n versions under test that are missing (in
 * parallel, minutes on a cold machine; nothing when warm), then builds and packs this package once
 * (E2E_PACKAGE_TGZ, used by modelslab.e2e.test.ts; removed by globalTeardown.ts).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packPackage } from '../../scripts/n8n/instance';
import { REPO_ROOT, n8nDir } from '../../scripts/n8n/install';
import { E2E_VERSIONS } from './versions';
import { EXTERNAL_URL } from './support/external';

const run = promisify(execFile);

export default async function globalSetup(): Promise<void> {
	// external mode (support/external.ts) installs nothing: the n8n and its package are given
	const missing = EXTERNAL_URL
		? []
		: E2E_VERSIONS.filter((v) => !existsSync(join(n8nDir(v), '.installed.json')));
	if (missing.length) {
		const t0 = Date.now();
		process.stdout.write(
			`\n[e2e] installing n8n ${missing.join(', ')} (cold machine: 7 to 10 min)\n`,
		);
		// in child processes, so the installs run in parallel: scripts/ compiled once, then one install per version
		execFileSync('npm', ['run', '--silent', 'build:scripts'], { cwd: REPO_ROOT, stdio: 'pipe' });
		const install = join(REPO_ROOT, 'dist-scripts', 'scripts', 'n8n', 'install.js');
		await Promise.all(
			missing.map((v) =>
				run(process.execPath, [install, v], { cwd: REPO_ROOT, maxBuffer: 64 << 20 }),
			),
		);
		process.stdout.write(`[e2e] installed in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
	}
	const t1 = Date.now();
	execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
	process.env.E2E_PACKAGE_TGZ = packPackage(REPO_ROOT);
	process.stdout.write(
		`[e2e] built and packed ${process.env.E2E_PACKAGE_TGZ} in ${((Date.now() - t1) / 1000).toFixed(1)} s\n`,
	);
}
