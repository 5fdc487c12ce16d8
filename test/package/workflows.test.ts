/**
 * No runner here can execute GitHub Actions, so this reads .github/workflows/ci.yml and publish.yml
 * and checks what they would run: CI runs npm test and the e2e suite once per pinned n8n version
 * with the install cached; publishing happens only from a version tag, after npm test, with an
 * OIDC token for provenance, through node-cli's `release` script.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { PINNED_VERSIONS } from '../e2e/versions';

const ROOT = join(__dirname, '..', '..');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on': string;
	'timeout-minutes'?: number;
	permissions?: Record<string, string>;
	strategy?: { matrix: Record<string, string[]> };
	env?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow =>
	parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	scripts: Record<string, string>;
	engines: { node: string };
};

/** The shell commands of a job, one per line, in order. */
const commands = (job: Job): string[] =>
	job.steps.flatMap((step) =>
		(step.run ?? '')
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean),
	);

/** Index of the first command matching `pattern`, failing the test when there is none. */
function indexOf(list: string[], pattern: RegExp): number {
	const index = list.findIndex((command) => pattern.test(command));
	expect({ pattern: String(pattern), found: index >= 0 }).toEqual({
		pattern: String(pattern),
		found: true,
	});
	return index;
}

/** Node major a job sets up; it must satisfy package.json's engines (">=20.15"). */
function nodeMajor(job: Job): number {
	const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup?.with?.['node-version']).toMatch(/^\d+$/);
	return Number(setup?.with?.['node-version']);
}

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');
	const jobs = Object.values(ci.jobs);

	test('runs on pull requests and on pushes to main, with read-only repository access', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	test('one job installs with npm ci and runs npm test', () => {
		const testJob = jobs.find((job) => commands(job).includes('npm test'));
		expect(testJob).toBeDefined();
		const list = commands(testJob!);
		expect(indexOf(list, /^npm ci\b/)).toBeLessThan(indexOf(list, /^npm test$/));
		expect(nodeMajor(testJob!)).toBeGreaterThanOrEqual(
			Number(pkg.engines.node.replace(/^>=\s*/, '').split('.')[0]),
		);
	});

	test('the e2e suite runs once per pinned n8n version (test/e2e/versions.ts), each with its install cached', () => {
		const e2e = jobs.find((job) => commands(job).some((command) => command === 'npm run test:e2e'));
		expect(e2e).toBeDefined();
		const versions = e2e!.strategy?.matrix.n8n ?? [];
		expect([...versions].sort()).toEqual([...PINNED_VERSIONS].sort());
		// the suite is narrowed to the matrix entry, so each job tests one version
		expect(e2e!.env?.N8N_E2E_VERSIONS).toBe('${{ matrix.n8n }}');
		expect(e2e!.env?.N8N_E2E_CACHE_DIR).toBeTruthy();
		const list = commands(e2e!);
		expect(indexOf(list, /^npm ci\b/)).toBeLessThan(indexOf(list, /^npm run test:e2e$/));
		const cacheIndex = e2e!.steps.findIndex((step) => step.uses?.startsWith('actions/cache@'));
		const installIndex = e2e!.steps.findIndex(
			(step) => step.run === 'npm run n8n:install -- ${{ matrix.n8n }}',
		);
		const suiteIndex = e2e!.steps.findIndex((step) => step.run === 'npm run test:e2e');
		expect(cacheIndex).toBeGreaterThanOrEqual(0);
		expect(cacheIndex).toBeLessThan(installIndex);
		expect(installIndex).toBeLessThan(suiteIndex);
		const cache = e2e!.steps[cacheIndex].with!;
		// the cached folder is the one install.ts fills, per version, and the key changes with the version and install.ts
		expect(cache.path).toContain('${{ env.N8N_E2E_CACHE_DIR }}/n8n/${{ matrix.n8n }}');
		expect(cache.path).toContain('${{ env.N8N_E2E_CACHE_DIR }}/node24');
		expect(cache.key).toContain('${{ matrix.n8n }}');
		expect(cache.key).toContain("hashFiles('scripts/n8n/install.ts', 'scripts/n8n/paths.ts')");
	});

	test('the files-in/files-out scenarios run again in database binary mode on n8n 2.41.1, after the suite', () => {
		const e2e = jobs.find((job) =>
			commands(job).some((command) => command === 'npm run test:e2e'),
		)!;
		const suiteIndex = e2e.steps.findIndex((step) => step.run === 'npm run test:e2e');
		const dbIndex = e2e.steps.findIndex((step) => step.env?.N8N_E2E_BINARY_MODES === 'database');
		expect(dbIndex).toBeGreaterThan(suiteIndex);
		const step = e2e.steps[dbIndex] as Step & { if?: string };
		expect(step.run).toBe('npx jest -c test/e2e/jest.config.js test/e2e/filesInOut');
		expect(step.if).toBe("matrix.n8n == '2.41.1'");
		expect(e2e.strategy?.matrix.n8n).toContain('2.41.1');
		// and .ci/run does the same
		expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toContain(
			'N8N_E2E_VERSIONS=2.41.1 N8N_E2E_BINARY_MODES=database npx jest -c test/e2e/jest.config.js test/e2e/filesInOut',
		);
	});

	test('every job has a time limit', () => {
		for (const job of jobs) expect(job['timeout-minutes']).toBeGreaterThan(0);
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const jobs = Object.values(publish.jobs);

	test('runs only when a version tag is pushed', () => {
		expect(publish.on).toEqual({ push: { tags: ['*.*.*'] } });
	});

	test('the publishing job can mint an OIDC token for provenance and nothing more', () => {
		expect(jobs).toHaveLength(1);
		expect(jobs[0].permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('installs, checks the tag is the version, runs npm test, then publishes through `npm run release`', () => {
		const list = commands(jobs[0]);
		const install = indexOf(list, /^npm ci\b/);
		const tag = indexOf(list, /GITHUB_REF_NAME.*require\('\.\/package\.json'\)\.version/);
		const test = indexOf(list, /^npm test$/);
		const release = indexOf(list, /^npm run release$/);
		expect(install).toBeLessThan(tag);
		expect(tag).toBeLessThan(test);
		expect(test).toBeLessThan(release);
		// no other way out to the registry
		expect(list.filter((command) => /\bnpm publish\b/.test(command))).toEqual([]);
	});

	test('npm is new enough for trusted publishing (11.5.1), and an NPM_TOKEN secret is used only when set', () => {
		const list = commands(jobs[0]);
		// setup-node's registry-url exports a placeholder NODE_AUTH_TOKEN that defeats the OIDC exchange
		const setup = jobs[0].steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(Object.keys(setup?.with ?? {})).toEqual(['node-version']);
		expect(jobs[0].steps.some((step) => step.uses?.startsWith('actions/cache@'))).toBe(false);
		expect(indexOf(list, /^npm install -g npm@\^11\.(5\.[1-9]|[6-9]|\d\d)/)).toBeLessThan(
			indexOf(list, /^npm run release$/),
		);
		const releaseStep = jobs[0].steps.find((step) => step.run?.includes('npm run release'));
		expect(releaseStep?.env).toEqual({ NPM_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		expect(releaseStep?.run).toMatch(
			/if \[ -n "\$NPM_TOKEN" \]; then npm config set \/\/registry\.npmjs\.org\/:_authToken "\$NPM_TOKEN"; fi/,
		);
	});

	test("`release` is node-cli's, which publishes with NPM_CONFIG_PROVENANCE=true in Actions; and prepublishOnly is node-cli's guard", () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
		// what `n8n-node release` runs when GITHUB_ACTIONS is set, read from the installed node-cli
		const release = readFileSync(
			join(ROOT, 'node_modules', '@n8n', 'node-cli', 'dist', 'commands', 'release.js'),
			'utf8',
		);
		expect(release).toMatch(/isCI = Boolean\(process\.env\.GITHUB_ACTIONS\)/);
		expect(release).toMatch(/NPM_CONFIG_PROVENANCE: 'true'/);
	});

	test('prepublishOnly refuses a hand-run npm publish and lets the release one (RELEASE_MODE=true) through', () => {
		// --ignore-scripts=false: this repository's .npmrc sets ignore-scripts=true, under which npm
		// skips prepublishOnly altogether (the guard then protects only clones without that .npmrc).
		const publish = (env: NodeJS.ProcessEnv) =>
			spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts=false'], {
				cwd: ROOT,
				encoding: 'utf8',
				env,
				timeout: 60_000,
			});
		const plain = { ...process.env };
		delete plain.RELEASE_MODE;
		const byHand = publish(plain);
		expect(byHand.status).not.toBe(0);
		expect(byHand.stdout + byHand.stderr).toContain('Run `npm run release` to publish the package');
		const released = publish({ ...plain, RELEASE_MODE: 'true' });
		expect({ status: released.status, stderr: released.stderr.includes('npm error') }).toEqual({
			status: 0,
			stderr: false,
		});
	}, 90_000);
});

describe('.github/workflows/n8n3.yml (the e2e suite against the n8n 3.x image, external mode)', () => {
	const n8n3 = workflow('n8n3.yml');
	const jobs = Object.values(n8n3.jobs);
	const job = jobs[0];
	const list = commands(job);
	const image = job.env?.N8N_IMAGE ?? '';

	test('one job, on pull requests, pushes to main and by hand, with read-only access and a time limit', () => {
		expect(jobs).toHaveLength(1);
		expect(Object.keys(n8n3.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
		expect(n8n3.permissions).toEqual({ contents: 'read' });
		expect(job['timeout-minutes']).toBeGreaterThan(0);
		expect(nodeMajor(job)).toBeGreaterThanOrEqual(20);
	});

	test('the image is n8n 3.x, pinned to an exact version or a digest', () => {
		expect(image).toMatch(/^n8nio\/n8n(:3\.\d+\.\d+|@sha256:[0-9a-f]{64})$/);
		const run = indexOf(list, /^docker run\b/);
		const runCommand = list.slice(run).join(' ');
		expect(runCommand).toContain('"$N8N_IMAGE"');
		// loopback and the runner's network: the simulator the suite starts is reachable from n8n
		expect(runCommand).toContain('--network host');
		expect(runCommand).toContain('N8N_LISTEN_ADDRESS=127.0.0.1');
		// n8n 3.x's default stays: unverified packages off
		expect(runCommand).not.toMatch(/N8N_UNVERIFIED_PACKAGES_ENABLED=true/);
	});

	test("the packed tarball goes into the mounted ~/.n8n/nodes with n8n's own npm flags, before n8n starts", () => {
		const pack = indexOf(list, /^npm pack\b/);
		const install = indexOf(list, /^npm install "\$RUNNER_TEMP"\/n8n-nodes-modelslab-\*\.tgz /);
		// CommunityPackagesService's NPM_INSTALL_ARGS
		for (const flag of [
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		]) {
			expect(list[install]).toContain(flag);
		}
		const run = indexOf(list, /^docker run\b/);
		expect(list.slice(run, run + 3).join(' ')).toContain(
			'-v "$RUNNER_TEMP/n8n-home:/home/node/.n8n"',
		);
		expect(pack).toBeLessThan(install);
		expect(install).toBeLessThan(run);
	});

	test('an API key is made, then the suite runs in external mode against that n8n, able to restart it', () => {
		const key = indexOf(
			list,
			/^npm run --silent n8n:api-key -- "\$N8N_URL" > "\$SHARED\/api-key\.txt"$/,
		);
		const suiteStep = job.steps.find((step) => step.run === 'npm run test:e2e');
		expect(suiteStep).toBeDefined();
		expect(key).toBeLessThan(list.indexOf('npm run test:e2e'));
		expect(suiteStep!.env).toEqual({
			N8N_E2E_EXTERNAL_URL: '${{ env.N8N_URL }}',
			N8N_E2E_EXTERNAL_API_KEY_FILE: '${{ env.SHARED }}/api-key.txt',
			N8N_E2E_EXTERNAL_FILES_DIR: '${{ env.SHARED }}',
			N8N_E2E_EXTERNAL_STOP_CMD: 'docker stop n8n',
			N8N_E2E_EXTERNAL_START_CMD: 'docker start n8n',
		});
		expect(job.env?.N8N_URL).toBe('http://127.0.0.1:5678');
		// the variables are the ones the external mode reads
		const external = readFileSync(join(ROOT, 'test', 'e2e', 'support', 'external.ts'), 'utf8');
		for (const name of Object.keys(suiteStep!.env!)) expect(external).toContain(name);
	});
});
