// @ts-check
'use strict';
/**
 * What the screenshots run against: the ModelsLab simulator (playing ModelsLab, with a job delay
 * long enough to photograph the waiting state) and a real, pinned n8n with the editor on, our
 * packed package, the ModelsLab credential and the screenshot workflows.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { lighthousePng } = require('./placeholderPng');
const { CREDENTIAL } = require('./workflows');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Installs the n8n version if missing (minutes, once per machine), builds the package and the simulator. @param {string} version @param {(msg: string) => void} say */
function prepare(version, say) {
	const { ensureInstalled } = require('../n8n/install');
	const t0 = Date.now();
	const installed = ensureInstalled(version);
	if (!installed.skipped) say(`installed n8n ${version} in ${Math.round((Date.now() - t0) / 1000)} s`);
	const run = (/** @type {string} */ cmd, /** @type {string[]} */ args) => execFileSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	run('npm', ['run', '--silent', 'build']);
	run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'test/simulator/tsconfig.build.json']);
}

/**
 * The simulator on a free port, answering every request itself except `GET /files/*.png`, which
 * gets the lighthouse placeholder (the simulator's own PNG is 16×16). Output URLs are built from
 * the Host header, so they point here.
 * @param {number} delayMs time from submit to callback
 */
async function startSimulator(delayMs) {
	const { createSimulator } = require(path.join(REPO_ROOT, 'dist-test', 'test', 'simulator', 'server.js'));
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
	await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
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
 * @param {{ version: string, delayMs: number, tmpDir: string, outDir: string, workflows: object[] }} opts
 */
async function startStack({ version, delayMs, tmpDir, outDir, workflows }) {
	const { startN8n, packPackage } = require('../n8n/instance');
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
				// instance.js already turn off telemetry, version notifications, personalisation
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

module.exports = { prepare, startStack, REPO_ROOT };
