/**
 * Proves the real-n8n harness with the throwaway probe package: trigger → wait → resume, the
 * resume URL (and 2.x signature), and a waiting execution surviving an n8n restart.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packPackage, startN8n, type N8nInstance } from '../../scripts/n8n/instance';
import { PROBE_PACKAGE_DIR as PROBE_DIR } from '../../scripts/n8n/paths';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { EXTERNAL_URL } from './support/external';

const workflow = JSON.parse(readFileSync(join(PROBE_DIR, 'workflow.json'), 'utf8'));
const credential = JSON.parse(readFileSync(join(PROBE_DIR, 'credential.json'), 'utf8'));

// It starts its own n8n with a throwaway package: nothing to run in external mode.
(EXTERNAL_URL ? describe.skip.each(E2E_VERSIONS) : describe.each(E2E_VERSIONS))(
	'probe package on real n8n %s',
	(version) => {
		let n8n: N8nInstance;
		let tgz: string;

		beforeAll(async () => {
			assertInstalled(version);
			tgz = packPackage(PROBE_DIR);
			n8n = await startN8n({
				version,
				packageTgz: tgz,
				credentials: [credential],
				workflows: [workflow],
			});
		}, 180000);

		afterAll(async () => {
			await n8n?.dispose();
			if (tgz) rmSync(dirname(tgz), { recursive: true, force: true });
		});

		/** Starts the probe workflow and returns its execution once it is waiting. */
		async function startWaiting(body: object) {
			const afterId = await n8n.lastExecutionId();
			const res = await n8n.postWebhook('e2e-probe', body);
			expect(res.status).toBe(200);
			return n8n.waitForExecution({
				workflowId: workflow.id,
				afterId,
				status: 'waiting',
				node: 'Probe Wait',
			});
		}

		it('waits, exposes the resume URL n8n computed, and resumes with the posted body', async () => {
			const ex = await startWaiting({ hello: 'world' });
			expect(ex.lastNodeExecuted).toBe('Probe Wait');
			const url = await n8n.resumeUrl(ex.id);
			expect(url).toBe(ex.output('Probe Wait')[0].resumeUrl);
			expect(ex.output('Probe Wait')[0].credentialBaseUrl).toBe(credential.data.baseUrl);
			if (version.startsWith('1.')) {
				expect(url).toBe(`${n8n.webhookUrl}webhook-waiting/${ex.id}`);
			} else {
				expect(url).toMatch(new RegExp(`/webhook-waiting/${ex.id}\\?signature=[0-9a-f]{64}$`));
				expect(
					(await n8n.postWebhook(`${n8n.webhookUrl}webhook-waiting/${ex.id}`, {})).status,
				).toBe(401);
			}

			expect((await n8n.postWebhook(url, { answer: 42 })).status).toBe(200);
			const done = await n8n.waitForExecution({ id: ex.id, status: 'success', node: 'Done' });
			expect(done.output('Done')[0]).toMatchObject({ resumed: true, body: { answer: 42 } });
			expect((await n8n.postWebhook(url, {})).status).toBe(409);
		});

		it('keeps a waiting execution across an n8n restart', async () => {
			const ex = await startWaiting({ hello: 'restart' });
			const url = await n8n.resumeUrl(ex.id);
			await n8n.restart();
			expect((await n8n.getExecution(ex.id))?.status).toBe('waiting');
			expect((await n8n.postWebhook(url, { answer: 'after restart' })).status).toBe(200);
			const done = await n8n.waitForExecution({ id: ex.id, status: 'success', node: 'Done' });
			expect(done.output('Done')[0].body).toEqual({ answer: 'after restart' });
		});

		it('records a failing trigger as an error execution', async () => {
			const afterId = await n8n.lastExecutionId();
			const res = await n8n.postWebhook('e2e-probe', { fail: true });
			expect(res.status).toBe(500);
			expect(res.json.message).toBe('Workflow Webhook Error: Workflow could not be started!');
			const ex = await n8n.waitForExecution({
				workflowId: workflow.id,
				afterId,
				status: ['error', 'success'],
			});
			expect(ex.status).toBe('error');
			expect(ex.lastNodeExecuted).toBe('Probe Trigger');
			expect(ex.error).toMatchObject({
				name: 'NodeOperationError',
				message: 'probe asked to fail',
			});
		});
	},
);
