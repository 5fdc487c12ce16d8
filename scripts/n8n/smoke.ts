/**
 * Proves the real-n8n tooling end to end with the throwaway probe package (probe-package/):
 * install (if needed), pack, boot, trigger, wait, resume, restart while waiting, resume after the
 * restart, stop. Prints the timings and memory.
 *
 *   npm run n8n:smoke -- 1.123.81
 *   npm run n8n:smoke -- 2.41.1
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled } from './install';
import { packPackage, startN8n } from './instance';
import { PROBE_PACKAGE_DIR as PROBE_DIR, majorOf } from './paths';

const step = (msg: string): void => console.log(`[smoke] ${msg}`);
const total = (mem: Record<string, number> | undefined): number =>
	Object.values(mem ?? {}).reduce((a, b) => a + b, 0);

async function main() {
	const version = process.argv[2];
	if (!version) throw new Error('usage: npm run n8n:smoke -- <n8n version>');
	const report: Record<string, unknown> = { version };

	const inst = ensureInstalled(version);
	report.installSeconds = inst.skipped ? 'already installed' : inst.timings.total;

	const tgz = packPackage(PROBE_DIR);
	const workflow = JSON.parse(fs.readFileSync(path.join(PROBE_DIR, 'workflow.json'), 'utf8'));
	step(`packed ${path.basename(tgz)}; starting n8n ${version}`);
	let t = Date.now();
	const credential = JSON.parse(fs.readFileSync(path.join(PROBE_DIR, 'credential.json'), 'utf8'));
	const n8n = await startN8n({
		version,
		packageTgz: tgz,
		credentials: [credential],
		workflows: [workflow],
	});
	try {
		report.firstStartMs = Date.now() - t;
		report.timings = { ...n8n.timings };
		report.memoryAfterBootMb = n8n.memoryMb();
		step(`ready at ${n8n.baseUrl} (user folder ${n8n.userFolder}) ${JSON.stringify(n8n.timings)}`);

		// 1. trigger → wait
		const before = await n8n.lastExecutionId();
		let res = await n8n.postWebhook('e2e-probe', { hello: 'world' });
		assert.equal(res.status, 200, `webhook answered ${res.status} ${res.text}`);
		let ex = await n8n.waitForExecution({
			workflowId: workflow.id,
			afterId: before,
			status: 'waiting',
			node: 'Probe Wait',
		});
		assert.equal(ex.lastNodeExecuted, 'Probe Wait');
		const url = await n8n.resumeUrl(ex.id);
		const fromN8n = ex.output('Probe Wait')[0].resumeUrl;
		step(`execution ${ex.id} waiting; resume URL ${url}`);
		assert.equal(url, fromN8n, 'resume URL from the database differs from $execution.resumeUrl');
		assert.equal(
			ex.output('Probe Wait')[0].credentialBaseUrl,
			credential.data.baseUrl,
			'imported credential not readable',
		);
		if (majorOf(version) >= 2) {
			const bad = await n8n.postWebhook(`${n8n.webhookUrl}webhook-waiting/${ex.id}`, {});
			assert.equal(bad.status, 401, `unsigned resume answered ${bad.status}`);
		}

		// 2. resume → done
		t = Date.now();
		res = await n8n.postWebhook(url, { answer: 42 });
		assert.equal(res.status, 200, `resume answered ${res.status} ${res.text}`);
		ex = await n8n.waitForExecution({ id: ex.id, status: 'success', node: 'Done' });
		report.resumeToDoneMs = Date.now() - t;
		assert.equal(ex.output('Done')[0].body.answer, 42);
		assert.equal(
			(await n8n.postWebhook(url, {})).status,
			409,
			'resuming a finished execution should be 409',
		);
		step(`execution ${ex.id} resumed and finished: ${JSON.stringify(ex.output('Done')[0])}`);

		// 3. wait → restart n8n → resume
		const before2 = await n8n.lastExecutionId();
		await n8n.postWebhook('e2e-probe', { hello: 'restart' });
		const waiting = await n8n.waitForExecution({
			workflowId: workflow.id,
			afterId: before2,
			status: 'waiting',
			node: 'Probe Wait',
		});
		const url2 = await n8n.resumeUrl(waiting.id);
		step(`execution ${waiting.id} waiting; restarting n8n`);
		report.restart = await n8n.restart();
		report.memoryAfterRestartMb = n8n.memoryMb();
		assert.equal((await n8n.getExecution(waiting.id))?.status, 'waiting');
		res = await n8n.postWebhook(url2, { answer: 'after restart' });
		assert.equal(res.status, 200, `resume after restart answered ${res.status} ${res.text}`);
		ex = await n8n.waitForExecution({ id: waiting.id, status: 'success', node: 'Done' });
		assert.equal(ex.output('Done')[0].body.answer, 'after restart');
		assert.equal(ex.output('Done')[0].hello, undefined);
		step(`execution ${ex.id} resumed after the restart`);
		report.memoryAtEndMb = n8n.memoryMb();
		report.memoryAtEndTotalMb = total(report.memoryAtEndMb as Record<string, number> | undefined);
	} catch (err) {
		console.error(
			`[smoke] n8n log tail (${n8n.logFile}):\n${n8n.logTail().split('\n').slice(-30).join('\n')}`,
		);
		throw err;
	} finally {
		await n8n.stop();
		report.stopMs = n8n.timings.stopMs;
	}
	await n8n.dispose();
	fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	console.log(JSON.stringify(report, null, 2));
	step('PASS');
}

main().catch((err) => {
	console.error(`[smoke] FAIL: ${err instanceof Error ? err.stack : err}`);
	process.exit(1);
});
