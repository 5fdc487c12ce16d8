/**
 * One real n8n (with the packed package, both credentials and the three bench workflows), the
 * ModelsLab simulator, and a proxy in front of the simulator that removes `eta` from every answer
 * (so the "peer" chain, our Poll mode behind it, polls every 5 s from the submit, ignoring ETA).
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { N8nInstance } from '../../scripts/n8n/instance';
import {
	createSimulator,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';
import { REPO, log, n8nLib } from './util';
import {
	CRED,
	PEER_CRED,
	TRIGGER_PATH,
	actionsWorkflow,
	floorDedupeWorkflow,
	floorWorkflow,
	triggerWorkflow,
} from './workflows';

export const SIM_KEY = 'sim-key';

/** `npm run build && npm pack` into a temp folder; returns the tarball. */
export function buildAndPack(): string {
	const t0 = Date.now();
	execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
	const tgz = n8nLib.packPackage(REPO);
	log(`built and packed ${tgz} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return tgz;
}

export interface Proxy {
	baseUrl: string;
	close(): Promise<void>;
}

/** Forwards everything to `target` (http://127.0.0.1:port) and drops `eta` from JSON answers. */
export async function etaStrippingProxy(target: string): Promise<Proxy> {
	const agent = new http.Agent({ keepAlive: true });
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const headers = { ...req.headers };
			delete headers.host;
			headers['content-length'] = String(body.length);
			const up = http.request(
				`${target}${req.url}`,
				{ method: req.method, headers, agent },
				(answer) => {
					const parts: Buffer[] = [];
					answer.on('data', (c: Buffer) => parts.push(c));
					answer.on('end', () => {
						let out = Buffer.concat(parts);
						const type = String(answer.headers['content-type'] ?? '');
						if (type.includes('json')) {
							try {
								const json = JSON.parse(out.toString('utf8'));
								if (json && typeof json === 'object' && 'eta' in json) {
									delete json.eta;
									out = Buffer.from(JSON.stringify(json));
								}
							} catch {}
						}
						const h = { ...answer.headers, 'content-length': String(out.length) };
						delete h['transfer-encoding'];
						res.writeHead(answer.statusCode ?? 502, h);
						res.end(out);
					});
				},
			);
			up.on('error', (e) => {
				res.writeHead(502, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ status: 'error', message: `proxy: ${e.message}` }));
			});
			up.end(body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/api`,
		close: () =>
			new Promise<void>((r) => {
				agent.destroy();
				server.close(() => r());
				server.closeAllConnections();
			}),
	};
}

export interface Stack {
	n8n: N8nInstance;
	sim: Simulator;
	simServer: RunningSimulator;
	proxy: Proxy;
	triggerUrl: string;
	setupS: number;
	dispose(): Promise<void>;
}

/** `historySize`: the trigger's Remembered Job IDs (its default when absent). */
export async function startStack(
	version: string,
	packageTgz: string,
	env: Record<string, string>,
	historySize?: number,
): Promise<Stack> {
	const t0 = Date.now();
	// Benches 1-4 predate the cap (issue 12): no cap, 5 attempts per callback, chosen explicitly.
	const sim = createSimulator({
		delayMs: 50,
		queueCap: Infinity,
		delivery: 'retry',
		callbackRetry: { maxAttempts: 5 },
	});
	const simServer = await sim.start();
	const proxy = await etaStrippingProxy(simServer.url);
	let n8n: N8nInstance;
	try {
		n8n = await n8nLib.startN8n({
			version,
			packageTgz,
			credentials: [
				{ ...CRED, data: { apiKey: SIM_KEY, baseUrl: simServer.baseUrl } },
				{ ...PEER_CRED, data: { apiKey: SIM_KEY, baseUrl: proxy.baseUrl } },
			],
			workflows: [
				triggerWorkflow(historySize),
				floorWorkflow(),
				floorDedupeWorkflow(),
				actionsWorkflow(),
			],
			waitForWebhooks: [TRIGGER_PATH],
			env,
		});
	} catch (error) {
		await proxy.close();
		await simServer.close();
		throw error;
	}
	const setupS = (Date.now() - t0) / 1000;
	log(
		`n8n ${version} up on ${n8n.baseUrl} in ${setupS.toFixed(1)} s (imports ${(n8n.timings.importMs ?? 0) / 1000} s, ready ${(n8n.timings.readyMs ?? 0) / 1000} s)`,
	);
	return {
		n8n,
		sim,
		simServer,
		proxy,
		triggerUrl: `${n8n.webhookUrl}webhook/${TRIGGER_PATH}`,
		setupS,
		async dispose() {
			await n8n.dispose();
			await proxy.close();
			await simServer.close();
		},
	};
}
