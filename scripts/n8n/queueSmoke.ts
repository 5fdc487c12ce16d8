/**
 * Plain-Node proof of queue mode with the probe package (~1 min): PostgreSQL, Redis, main, 2 workers
 * and a webhook processor; trigger, wait, resume through the webhook processor; prints the timings.
 *
 *   npm run n8n:queue-smoke -- 1.123.81
 *   npm run n8n:queue-smoke -- --deps      # only find or install PostgreSQL and Redis
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled } from './install';
import { packPackage } from './instance';
import { PROBE_PACKAGE_DIR } from './paths';
import { ensureServices, startQueueN8n } from './queue';

async function main(arg: string | undefined): Promise<void> {
	if (arg === '--deps') {
		const s = ensureServices();
		console.log(
			`[queue] PostgreSQL ${s.pgBin}, Redis ${s.redisServer}${s.installed.length ? ` (installed ${s.installed.join(', ')})` : ''}`,
		);
		return;
	}
	if (!arg) throw new Error('usage: npm run n8n:queue-smoke -- <n8n version> | --deps');
	ensureInstalled(arg);
	const tgz = packPackage(PROBE_PACKAGE_DIR);
	const workflow = JSON.parse(
		fs.readFileSync(path.join(PROBE_PACKAGE_DIR, 'workflow.json'), 'utf8'),
	);
	const credential = JSON.parse(
		fs.readFileSync(path.join(PROBE_PACKAGE_DIR, 'credential.json'), 'utf8'),
	);
	const t0 = Date.now();
	const q = await startQueueN8n({
		version: arg,
		packageTgz: tgz,
		credentials: [credential],
		workflows: [workflow],
	});
	try {
		console.log(`[queue] n8n ${arg} up in ${Date.now() - t0} ms: ${JSON.stringify(q.timings)}`);
		const before = await q.lastExecutionId();
		assert.equal((await q.postWebhook('e2e-probe', { hello: 'queue' })).status, 200);
		const waiting = await q.waitForExecution({
			workflowId: workflow.id,
			afterId: before,
			status: 'waiting',
			node: 'Probe Wait',
		});
		const url = await q.resumeUrl(waiting.id);
		assert.equal(
			url,
			waiting.output('Probe Wait')[0].resumeUrl,
			'resume URL differs from $execution.resumeUrl',
		);
		assert.ok(
			url.startsWith(`${q.webhookUrl}webhook-waiting/`),
			`resume URL ${url} is not on the webhook processor`,
		);
		const t1 = Date.now();
		assert.equal((await q.postWebhook(url, { answer: 42 })).status, 200);
		const done = await q.waitForExecution({ id: waiting.id, status: 'success', node: 'Done' });
		assert.equal(done.output('Done')[0].body.answer, 42);
		const jobs = q.workerJobs().filter((j) => j.executionId === waiting.id);
		console.log(
			`[queue] execution ${waiting.id}: resumed through ${url} in ${Date.now() - t1} ms; worker jobs ${JSON.stringify(jobs)}`,
		);
		assert.equal(jobs.length, 2, 'one worker job to start, one to resume');
		console.log(`[queue] memory MB ${JSON.stringify(q.memoryMb())}`);
		console.log('[queue] PASS');
	} catch (err) {
		console.error(q.logTails());
		throw err;
	} finally {
		await q.dispose();
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

main(process.argv[2]).catch((err) => {
	console.error(`[queue] FAIL: ${err instanceof Error ? err.stack : err}`);
	process.exit(1);
});
