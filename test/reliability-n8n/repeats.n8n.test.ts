/**
 * Repeats answered before an execution exists (issue 16), in a real n8n: the ModelsLab Trigger's
 * webhook() answers a copy of a job whose first copy is on its way, or that this process has seen
 * recorded, with 200 `duplicate` and starts nothing. Counted in n8n's execution_entity.
 *
 *   3 copies one after the other (each waiting for its answer)  → 1 execution
 *   20 copies at once                                           → 1 execution
 *   a first copy whose execution n8n cannot create (SQLite's write lock is held by this test, as
 *   a busy database holds it), then copies of it                → later copies are held for no
 *                                                                  longer than the hold (HOLD_MS),
 *                                                                  then one is emitted, once
 *   after a restart, a repeat of a recorded id                  → 1 execution that emits nothing
 *                                                                  (webhook() cannot ask n8n's store:
 *                                                                  n8n gives it no dedupe helpers),
 *                                                                  and a second repeat → 0
 */
import { join } from 'node:path';

import { waitFor } from '../../scripts/n8n/instance';
import { n8nDir } from '../../scripts/n8n/install';
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { startStack, type Stack } from '../e2e/support/stack';
import { HOLD_MS } from '../../nodes/ModelsLabTrigger/dedupe';
import { FINISHED, executionsWithData, itemsOn, keepLog, seconds } from './support/executions';
import { DEDUPE, DEDUPE_PATH, dedupeWorkflow } from './support/workflows';

/** How long the test holds SQLite's write lock: longer than n8n waits for it. */
const LOCK_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
	status: number;
	duplicate: boolean;
	at: number;
}

/** SQLite's write lock on n8n's database, taken by another connection (what a busy database does to n8n). */
async function holdWriteLock(version: string, dbFile: string): Promise<() => Promise<void>> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const sqlite3 = require(join(n8nDir(version), 'node_modules', 'sqlite3'));
	const db = await new Promise<any>((resolve, reject) => {
		const d = new sqlite3.Database(dbFile, (err: Error | null) => (err ? reject(err) : resolve(d)));
	});
	const run = (sql: string) =>
		new Promise<void>((resolve, reject) =>
			db.run(sql, (err: Error | null) => (err ? reject(err) : resolve())),
		);
	await run('BEGIN IMMEDIATE');
	return async () => {
		await run('ROLLBACK');
		await new Promise((resolve) => db.close(resolve));
	};
}

describe.each(E2E_VERSIONS)('repeats answered in webhook(), real n8n %s', (version) => {
	let stack: Stack;
	let url = '';
	const figures: string[] = [];

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: () => [dedupeWorkflow()],
			waitForWebhooks: [DEDUPE_PATH],
		});
		url = `${stack.n8n.webhookUrl}webhook/${DEDUPE_PATH}?token=${DEDUPE.token}`;
	}, 240000);

	afterAll(async () => {
		console.log(`repeats (${version}):\n  ${figures.join('\n  ')}`);
		keepLog(stack?.n8n, 'repeats');
		await stack?.dispose();
	});

	const body = (id: string) =>
		JSON.stringify({
			status: 'success',
			id,
			output: [`${stack.simServer.url}/files/${id}-0.png`],
			meta: { prompt: id },
		});

	async function deliver(id: string): Promise<Delivery> {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: body(id),
		});
		const json = (await res.json().catch(() => undefined)) as { duplicate?: boolean } | undefined;
		return { status: res.status, duplicate: json?.duplicate === true, at: Date.now() };
	}

	/** The trigger's executions after `afterId` once all have ended, with the ids each emitted. */
	async function executionsAfter(afterId: string, expected: number) {
		const statuses = FINISHED.map((s) => `'${s}'`).join(',');
		await waitFor(
			async () => {
				const [row] = await stack.n8n.dbQuery(
					`SELECT COUNT(*) AS total, SUM(CASE WHEN status IN (${statuses}) THEN 1 ELSE 0 END) AS done FROM execution_entity WHERE workflowId = ? AND id > ?`,
					[DEDUPE.workflowId, Number(afterId)],
				);
				return row.total >= expected && row.done === row.total;
			},
			60000,
			{ what: `${expected} trigger executions to end`, intervalMs: 200 },
		);
		await sleep(1500); // an execution a late copy started would exist by now
		const exs = await waitFor(
			async () => {
				const list = await executionsWithData(stack.n8n, DEDUPE.workflowId, afterId);
				return list.every((ex) => ex.runData[DEDUPE.trigger]) ? list : undefined;
			},
			30000,
			{ what: 'the executions to have their data', intervalMs: 300 },
		);
		return exs.map((ex) => ({
			id: ex.id,
			status: ex.status,
			emitted: itemsOn(ex, DEDUPE.emitted).map(({ json }) => String(json.id)),
		}));
	}

	test('3 copies one after the other → 1 execution; the 2nd and 3rd are answered "duplicate"', async () => {
		const afterId = await stack.n8n.lastExecutionId();
		const answers: Delivery[] = [];
		for (let n = 0; n < 3; n++) answers.push(await deliver('rep-seq-1'));
		const exs = await executionsAfter(afterId, 1);
		figures.push(
			`3 sequential copies: answers ${answers.map((a) => `${a.status}${a.duplicate ? ' dup' : ''}`).join(', ')}; executions ${exs.length}`,
		);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(answers.map((a) => a.duplicate)).toEqual([false, true, true]);
		expect(exs).toEqual([expect.objectContaining({ status: 'success', emitted: ['rep-seq-1'] })]);
	}, 120000);

	test('20 copies at once → 1 execution', async () => {
		const afterId = await stack.n8n.lastExecutionId();
		const answers = await Promise.all(
			Array.from({ length: 20 }, async () => await deliver('rep-burst-1')),
		);
		const exs = await executionsAfter(afterId, 1);
		figures.push(
			`20 concurrent copies: ${answers.filter((a) => a.duplicate).length} answered "duplicate"; executions ${exs.length}`,
		);
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
		expect(exs).toEqual([expect.objectContaining({ status: 'success', emitted: ['rep-burst-1'] })]);
	}, 120000);

	test(`a first copy whose execution n8n cannot create holds later copies no longer than ${HOLD_MS / 1000} s; one is then emitted once`, async () => {
		const id = 'rep-lost-1';
		const afterId = await stack.n8n.lastExecutionId();
		const release = await holdWriteLock(version, stack.n8n.dbFile);
		let answer: Promise<Delivery>;
		try {
			answer = deliver(id); // 2.x answers only once it has tried to create the execution
			await sleep(LOCK_MS);
		} finally {
			await release();
		}
		const first = await answer;
		await sleep(2000);
		const created = await stack.n8n.dbQuery(
			`SELECT COUNT(*) AS n FROM execution_entity WHERE workflowId = ? AND id > ?`,
			[DEDUPE.workflowId, Number(afterId)],
		);
		expect(created[0].n).toBe(0); // n8n could not create the first copy's execution, and does not later
		// Copies now, just before the hold ends and just after: the first one that is not a repeat starts the job.
		const later: Delivery[] = [];
		for (const at of [0, HOLD_MS - 5000, HOLD_MS + 1000]) {
			await sleep(Math.max(0, first.at + at - Date.now()));
			const answer = await deliver(id);
			later.push(answer);
			if (!answer.duplicate) break;
		}
		const goneThrough = later.find((a) => !a.duplicate);
		const exs = await executionsAfter(afterId, 1);
		figures.push(
			`first copy, database locked: answered ${first.status} (n8n ${first.status >= 500 ? 'answers 5xx: ModelsLab sends again' : 'answered before creating the execution'}); ` +
				`later copies ${later.map((a) => `+${seconds(a.at - first.at)} ${a.status}${a.duplicate ? ' dup' : ''}`).join(', ')}; executions ${exs.length}, emitted ${exs.flatMap((e) => e.emitted).length}`,
		);
		expect(later.filter((a) => a.status !== 200)).toEqual([]);
		expect(goneThrough).toBeDefined();
		expect(goneThrough!.at - first.at).toBeLessThanOrEqual(HOLD_MS + 5000);
		// A 5xx holds nothing: the very next copy starts the job.
		if (first.status >= 500) expect(later[0].duplicate).toBe(false);
		// A 200 whose execution never came holds its id, but not past the hold.
		else expect(later.map((a) => a.duplicate)).toEqual([true, true, false]);
		expect(exs).toEqual([expect.objectContaining({ status: 'success', emitted: [id] })]);
	}, 180000);

	test('after a restart, a repeat of a recorded id → 1 execution that emits nothing; the next repeat → 0', async () => {
		const id = 'rep-restart-1';
		let afterId = await stack.n8n.lastExecutionId();
		await deliver(id);
		expect(await executionsAfter(afterId, 1)).toEqual([expect.objectContaining({ emitted: [id] })]);
		const { stopMs, readyMs } = await stack.n8n.restart();
		await stack.n8n.waitForWebhook(DEDUPE_PATH);
		afterId = await stack.n8n.lastExecutionId();
		const repeat = await deliver(id);
		const exs = await executionsAfter(afterId, 1);
		const second = await deliver(id); // after the empty execution has ended: answered from memory
		await sleep(1500);
		const [{ n: total }] = await stack.n8n.dbQuery(
			`SELECT COUNT(*) AS n FROM execution_entity WHERE workflowId = ? AND id > ?`,
			[DEDUPE.workflowId, Number(afterId)],
		);
		figures.push(
			`restart (stop ${seconds(stopMs)}, ready ${seconds(readyMs)}): repeat answered ${repeat.status}${repeat.duplicate ? ' dup' : ''}, next ${second.status}${second.duplicate ? ' dup' : ''}; ` +
				`executions ${exs.length} (emitting ${exs.flatMap((e) => e.emitted).length})`,
		);
		expect([repeat.status, second.status]).toEqual([200, 200]);
		// webhook() cannot ask n8n's store: the first repeat after a restart costs one empty execution,
		// whose execute() learns the id from the store; the next repeat is answered in webhook().
		expect(repeat.duplicate).toBe(false);
		expect(second.duplicate).toBe(true);
		expect(exs).toEqual([expect.objectContaining({ status: 'success', emitted: [] })]);
		expect(total).toBe(1);
	}, 240000);
});
