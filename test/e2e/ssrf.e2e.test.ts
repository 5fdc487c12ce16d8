/**
 * Downloads under n8n's own SSRF protection, in a real n8n 2.41.1 (the protection does not exist
 * in 1.x): n8n runs with `N8N_SSRF_PROTECTION_ENABLED=true` and only the simulator's address
 * (127.0.0.1) allowed, as an administrator would allow an internal ModelsLab stand-in. Files are
 * fetched through the node's request helper, so
 *   - a job's result file from the allowed address is still downloaded (and the submit still sent);
 *   - a callback whose output URL names another loopback address (127.0.0.2, in n8n's default
 *     blocked 127.0.0.0/8) gets its item a download error that says n8n refused it, and the
 *     address never sees a request;
 *   - so does an output URL on the allowed address that redirects to the blocked one (n8n checks
 *     every hop).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { readOut, startRun, startStack, waitForActions, type Stack } from './support/stack';
import {
	N,
	PATHS,
	PKG,
	actionsWorkflow,
	node,
	noOp,
	to,
	type Workflow,
	type WorkflowNode,
} from './support/workflows';

type Json = Record<string, any>;

const TRIGGER_ID = 'e2eMlSsrfTrigger';
const WEBHOOK_ID = '5b7e2c1a-6d0f-4e8b-9a3c-0e2e0e2e55f1';
const TOKEN = 'e2e-ssrf-token-8d1f0c3b2a';
const TRIGGER_PATH = `${WEBHOOK_ID}/modelslab`;
const NODES = { trigger: 'ModelsLab Trigger', ok: 'Got Files', failed: 'Failed' } as const;
/** n8n 2.41 has the protection; 1.x does not, so only 2.x versions run this file. */
const VERSIONS = E2E_VERSIONS.filter((version) => Number(version.split('.')[0]) >= 2);

/** ModelsLab Trigger (downloads on) → Got Files / Failed, so an item without a file still ends cleanly. */
function triggerWorkflow(): Workflow {
	const trigger: WorkflowNode = {
		...node(NODES.trigger, `${PKG}.modelsLabTrigger`, 1, 0, 0, {
			token: TOKEN,
			verifyWithModelsLab: false,
			options: { downloadFiles: true },
		}),
		webhookId: WEBHOOK_ID,
	};
	return {
		id: TRIGGER_ID,
		name: 'ModelsLab e2e: trigger under SSRF protection',
		nodes: [trigger, noOp(NODES.ok, 220, -100), noOp(NODES.failed, 220, 100)],
		connections: { [NODES.trigger]: { main: [to(NODES.ok), to(NODES.failed)] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function items(ex: Execution, name: string, output = 0): Array<{ json: Json; binary?: Json }> {
	return ex.runData[name]?.at(-1)?.data?.main?.[output] ?? [];
}

(VERSIONS.length ? describe.each(VERSIONS) : describe.skip.each(['2.x']))(
	'downloads under SSRF protection in real n8n %s',
	(version) => {
		let stack: Stack;
		/** A file server on a blocked loopback address, counting what reaches it. */
		let blocked: Server;
		let blockedUrl = '';
		let hits = 0;
		/** On the allowed address: redirects every request to the blocked server. */
		let redirector: Server;
		let redirectorUrl = '';
		let redirects = 0;

		beforeAll(async () => {
			assertInstalled(version);
			blocked = createServer((_request, response) => {
				hits++;
				response.writeHead(200, { 'content-type': 'image/png' });
				response.end('not for n8n');
			});
			await new Promise<void>((resolve) => blocked.listen(0, '127.0.0.2', resolve));
			blockedUrl = `http://127.0.0.2:${(blocked.address() as AddressInfo).port}`;
			redirector = createServer((request, response) => {
				redirects++;
				response.writeHead(302, { location: `${blockedUrl}${request.url}` });
				response.end();
			});
			await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
			redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
			stack = await startStack(version, {
				e2eWorkflows: false,
				workflows: (outDir, triggerUrl) => [actionsWorkflow(outDir, triggerUrl), triggerWorkflow()],
				waitForWebhooks: [PATHS.image, TRIGGER_PATH],
				env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' },
			});
		}, 240000);

		afterAll(async () => {
			await stack?.dispose();
			await new Promise((resolve) => blocked?.close(resolve));
			await new Promise((resolve) => redirector?.close(resolve));
		});

		/** Posts a success callback with these outputs to the trigger; returns its finished execution. */
		async function forged(
			id: string,
			output: string[],
			proxyLinks: string[] = [],
		): Promise<Execution> {
			const afterId = await stack.n8n.lastExecutionId();
			const answer = await stack.n8n.postWebhook(`${TRIGGER_PATH}?token=${TOKEN}`, {
				status: 'success',
				id,
				output,
				proxy_links: proxyLinks,
			});
			expect(answer.status).toBe(200);
			return await stack.n8n.waitForExecution({
				workflowId: TRIGGER_ID,
				afterId,
				predicate: (ex) => ex.status !== 'new' && ex.status !== 'running',
				timeoutMs: 30000,
			});
		}

		test('a result file from the allowed simulator still downloads (callback mode, written to disk)', async () => {
			const prompt = 'a lighthouse behind SSRF protection';
			const afterId = await startRun(stack, PATHS.image, [prompt]);
			const done = await waitForActions(stack, afterId, 'success', N.write, 60000);
			const [item] = items(done, N.image);
			expect(item.json.downloadErrors).toBeUndefined();
			expect(item.json).toMatchObject({ status: 'success', meta: { prompt } });
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/png' });
			expect(readOut(stack, `${item.json.track_id}.png`).equals(stack.png)).toBe(true);
			console.log(
				`[e2e] n8n ${version} with SSRF protection on (127.0.0.1/32 allowed): job ${item.json.id} submitted, called back, file downloaded`,
			);
		});

		test('a callback naming a blocked address gets a download error from n8n, and the address is never asked', async () => {
			// The blocked server answers anyone else: a refusal below is n8n's, not a dead address.
			expect((await fetch(`${blockedUrl}/check.png`)).status).toBe(200);
			hits = 0;
			const done = await forged(
				'e2e-ssrf-forged-1',
				[`${blockedUrl}/secret.png`],
				['http://169.254.169.254/latest/meta-data'],
			);
			expect(done.status).toBe('success');
			const [item] = items(done, NODES.trigger);
			expect(item.binary).toBeUndefined();
			const errors = item.json.downloadErrors as string[];
			expect(errors).toHaveLength(1);
			expect(errors[0]).toContain(
				`${blockedUrl}/secret.png: The request was blocked because it resolves to a restricted IP address`,
			);
			expect(errors[0]).toContain(
				"n8n's SSRF protection refused this address (an n8n administrator can allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES)",
			);
			expect(errors[0]).toContain(
				'http://169.254.169.254/latest/meta-data: The request was blocked',
			);
			expect(hits).toBe(0);
			console.log(`[e2e] n8n ${version}: forged output URL refused by n8n: ${errors[0]}`);
		});

		test('an allowed output URL that redirects to a blocked address is refused at the redirect', async () => {
			hits = 0;
			redirects = 0;
			const done = await forged('e2e-ssrf-forged-2', [`${redirectorUrl}/hop.png`]);
			expect(done.status).toBe('success');
			const [item] = items(done, NODES.trigger);
			expect(item.binary).toBeUndefined();
			const errors = item.json.downloadErrors as string[];
			// n8n 2.41.1 says 'Redirected request failed: The request was blocked…' (its refusal is the cause).
			expect(errors).toEqual([
				expect.stringMatching(
					/127\.0\.0\.1:\d+\/hop\.png: .*The request was blocked because it resolves to a restricted IP address: n8n's SSRF protection refused/,
				),
			]);
			expect(redirects).toBe(1);
			expect(hits).toBe(0);
		});
	},
);
