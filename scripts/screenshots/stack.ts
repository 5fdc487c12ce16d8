/**
 * What the screenshots run against: the ModelsLab simulator (playing ModelsLab, with a job delay
 * long enough to photograph the waiting state) and a real, pinned n8n with the editor on, our
 * packed package, the ModelsLab credential and the screenshot workflows.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureInstalled } from '../n8n/install';
import { packPackage, startN8n, type N8nInstance } from '../n8n/instance';
import { REPO_ROOT } from '../n8n/paths';
import { createSimulator } from '../simulator/server';
import { lighthousePng } from './placeholderPng';
import { CREDENTIAL } from './workflows';

export { REPO_ROOT } from '../n8n/paths';

/** Installs the n8n version if missing (minutes, once per machine) and builds the package. */
export function prepare(version: string, say: (msg: string) => void): void {
	const t0 = Date.now();
	const installed = ensureInstalled(version);
	if (!installed.skipped)
		say(`installed n8n ${version} in ${Math.round((Date.now() - t0) / 1000)} s`);
	execFileSync('npm', ['run', '--silent', 'build'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

/**
 * The simulator on a free port, answering every request itself except `GET /files/*.png`, which
 * gets the lighthouse placeholder (the simulator's own PNG is 16×16). Output URLs are built from
 * the Host header, so they point here.
 * `delayMs`: time from submit to callback.
 */
async function startSimulator(
	delayMs: number,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
	const sim = createSimulator({ delayMs });
	const png = lighthousePng();
	const server = http.createServer((req, res) => {
		if (req.method === 'GET' && /^\/files\/[^/?]+\.png(\?|$)/.test(req.url ?? '')) {
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
			res.end(png);
			return;
		}
		sim.app(req, res);
	});
	await new Promise((resolve, reject) =>
		server.once('error', reject).listen(0, '127.0.0.1', () => resolve(undefined)),
	);
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/api`,
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(() => r(undefined)));
			await sim.close();
		},
	};
}

/**
 * Simulator + n8n (editor on) with the credential and the workflows, imported and activated.
 */
export async function startStack(opts: {
	version: string;
	delayMs: number;
	tmpDir: string;
	outDir: string;
	workflows: object[];
}): Promise<{ n8n: N8nInstance; sim: { baseUrl: string; close(): Promise<void> } }> {
	const { version, delayMs, tmpDir, outDir, workflows } = opts;
	const sim = await startSimulator(delayMs);
	try {
		const tgz = packPackage(REPO_ROOT, path.join(tmpDir, 'pack'));
		const n8n = await startN8n({
			version,
			ui: true,
			userFolder: path.join(tmpDir, 'n8n'),
			packageTgz: tgz,
			credentials: [{ ...CREDENTIAL, data: { apiKey: 'sim-key', baseUrl: sim.baseUrl } }],
			workflows,
			env: {
				N8N_RESTRICT_FILE_ACCESS_TO: outDir,
				// No "what's new" panel, AI assistant or onboarding in the pictures (the defaults of
				// instance/env.ts already turn off telemetry, version notifications, personalisation
				// survey, templates and banners).
				N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
				N8N_AI_ENABLED: 'false',
			},
		});
		return { n8n, sim };
	} catch (err) {
		await sim.close();
		throw err;
	}
}
