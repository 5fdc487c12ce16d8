/**
 * Duplicates under load in a real n8n (issue 6, suite 3): JOBS distinct ModelsLab callbacks, each
 * delivered COPIES times (10), to the ModelsLab Trigger; once sequentially (each
 * job's copies back to back, as a sender that retries at once does) and once concurrently (all
 * deliveries shuffled, so the copies of a job interleave with other jobs, IN_FLIGHT requests at a
 * time). Every 10th job is a failure, so both outputs carry emissions. The client behaves like
 * ModelsLab: a 5xx, 408, 409, 425, 429 or no answer is sent again (5 attempts, 100 ms doubling).
 *
 * An emission is an item on "Emitted" (Success) or "Emitted Failed" in an execution saved in n8n's
 * database. Goal each time: exactly one emission per job, none lost; every delivery finally
 * answered 200 (a duplicate answered in webhook() starts nothing; one that got past it starts an
 * execution that emits nothing); n8n's dedupe store remembers every id.
 *
 * Size: 1,000 jobs on n8n 1.x (10,000 deliveries per mode, about 2 and 4.5 minutes here), 100 on
 * 2.x: with its default expression engine n8n 2.41.1 took 352 s for 2,000 sequential deliveries
 * and grew to 8 GB with 20 in flight (executions pile up faster than they finish), so 10,000 would
 * take half an hour and more memory than a shared machine has. Override with
 *   DEDUPE_JOBS=1000 DEDUPE_COPIES=10 DEDUPE_IN_FLIGHT=20 DEDUPE_SEED=<n>
 */
import { createHash } from 'node:crypto';
import { waitFor } from '../../scripts/n8n/instance';
import { majorOf } from '../../scripts/n8n/install';
import { E2E_VERSIONS, assertInstalled } from '../e2e/versions';
import { startStack, type Stack } from '../e2e/support/stack';
import { FINISHED, executionsWithData, itemsOn, keepLog, seconds } from './support/executions';
import { mapLimited } from '../../nodes/ModelsLab/job/submit';
import { DEDUPE, DEDUPE_PATH, dedupeWorkflow } from './support/workflows';

const jobsFor = (version: string) =>
	Number(process.env.DEDUPE_JOBS ?? (majorOf(version) >= 2 ? 100 : 1000));
const COPIES = Number(process.env.DEDUPE_COPIES ?? 10);
const IN_FLIGHT = Number(process.env.DEDUPE_IN_FLIGHT ?? 20);
/** Attempts per delivery, like ModelsLab and the simulator's sender. */
const ATTEMPTS = 5;
const retryable = (code: number) =>
	code === 0 || code === 408 || code === 409 || code === 425 || code === 429 || code >= 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fisher-Yates with a seeded generator, so a failing order can be replayed (DEDUPE_SEED). */
function shuffled<T>(list: T[], seed: number): T[] {
	const out = [...list];
	let state = seed >>> 0 || 1;
	const next = () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 2 ** 32;
	};
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** n8n's dedupe store keeps md5/base64 of each key; the trigger's key for a generation is `generation:<id>`. */
const storedKey = (id: string | number) =>
	createHash('md5')
		.update(`generation:${String(id)}`)
		.digest('base64');

describe.each(E2E_VERSIONS)('duplicates under load in real n8n %s', (version) => {
	const JOBS = jobsFor(version);
	let stack: Stack;
	let suiteStart = 0;
	/** Set when the file ends, so a test that timed out stops posting. */
	let stopped = false;

	beforeAll(async () => {
		suiteStart = Date.now();
		assertInstalled(version);
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: () => [dedupeWorkflow()],
			waitForWebhooks: [DEDUPE_PATH],
			// Up to 20,000 executions: n8n must not prune any of them while they are counted.
			env: { EXECUTIONS_DATA_PRUNE: 'false' },
		});
	}, 240000);

	afterAll(async () => {
		stopped = true;
		console.log(`duplicates (${version}): whole file ${seconds(Date.now() - suiteStart)}`);
		keepLog(stack?.n8n, 'duplicates');
		await stack?.dispose();
	});

	async function deliverAll(
		mode: 'sequential' | 'concurrent',
		ids: Array<string | number>,
		deliveries: Array<string | number>,
		inFlight: number,
	) {
		const { n8n, simServer } = stack;
		const url = `${n8n.webhookUrl}webhook/${DEDUPE_PATH}?token=${DEDUPE.token}`;
		const failedId = new Set(ids.filter((_, i) => i % 10 === 9));
		expect(stopped).toBe(false);
		const body = (id: string | number) =>
			JSON.stringify(
				failedId.has(id)
					? { status: 'failed', id, message: 'Processing failed (dedupe test)', output: [] }
					: {
							status: 'success',
							id,
							output: [`${simServer.url}/files/${id}-0.png`],
							meta: { prompt: `job ${id}` },
							generationTime: 1.5,
						},
			);
		const afterId = await n8n.lastExecutionId();
		const t0 = Date.now();
		let peakMb = 0;
		const sampler = setInterval(() => {
			peakMb = Math.max(
				peakMb,
				Object.values(n8n.memoryMb() ?? {}).reduce((a, b) => a + b, 0),
			);
		}, 1000);
		const codes = new Map<number, number>();
		const answers = await mapLimited(deliveries, inFlight, async (id) => {
			let status = 0;
			let duplicate = false;
			for (let attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
				try {
					const res = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: body(id),
					});
					status = res.status;
					duplicate =
						((await res.json().catch(() => undefined)) as { duplicate?: boolean } | undefined)
							?.duplicate === true;
				} catch {
					status = 0;
				}
				codes.set(status, (codes.get(status) ?? 0) + 1);
				if (!retryable(status)) break;
				await sleep(Math.min(2000, 100 * 2 ** (attempt - 1)));
			}
			return { status, duplicate };
		}).finally(() => clearInterval(sampler));
		const postedMs = Date.now() - t0;
		const started = answers.filter((a) => a.status === 200 && !a.duplicate).length;
		// Every delivery that got past webhook() started an execution: wait until they all exist and ended.
		const statuses = FINISHED.map((s) => `'${s}'`).join(',');
		await waitFor(
			async () => {
				const [row] = await n8n.dbQuery(
					`SELECT COUNT(*) AS total, SUM(CASE WHEN status IN (${statuses}) THEN 1 ELSE 0 END) AS done FROM execution_entity WHERE workflowId = ? AND id > ?`,
					[DEDUPE.workflowId, Number(afterId)],
				);
				return row.total >= started && row.done === row.total;
			},
			1800000,
			{ what: `${started} trigger executions to finish`, intervalMs: 250 },
		);
		const wallMs = Date.now() - t0;

		// 1.x can set an execution's status a moment before it writes its data: the final data is
		// there once the trigger's own run is (an execution's first save has no run data).
		let incomplete = 0;
		let reads = 0;
		const exs = await waitFor(
			async () => {
				reads++;
				const list = await executionsWithData(n8n, DEDUPE.workflowId, afterId);
				incomplete = list.filter((ex) => !ex.runData[DEDUPE.trigger]).length;
				return incomplete === 0 ? list : undefined;
			},
			60000,
			{ what: 'every execution to have its data written', intervalMs: 500 },
		).catch(async () => {
			console.log(
				`duplicates (${version}, ${mode}): ${incomplete} executions still have no run data after 60 s`,
			);
			return await executionsWithData(n8n, DEDUPE.workflowId, afterId);
		});
		const success = exs.flatMap((ex) =>
			itemsOn(ex, DEDUPE.emitted).map(({ json }) => json.id as string | number),
		);
		const failed = exs.flatMap((ex) =>
			itemsOn(ex, DEDUPE.emittedFailed).map(({ json }) => json.id as string | number),
		);
		const emitted = [...success, ...failed];
		const emittedSet = new Set(emitted.map(String));
		const lost = ids.filter((id) => !emittedSet.has(String(id)));
		const [row] = await n8n.dbQuery('SELECT value FROM processed_data WHERE workflowId = ?', [
			DEDUPE.workflowId,
		]);
		const stored = new Set<string>(JSON.parse(row?.value ?? '{"data":[]}').data);
		const forgotten = ids.filter((id) => !stored.has(storedKey(id)));
		const figures = {
			tried: deliveries.length,
			emitted: emitted.length,
			suppressed: deliveries.length - emitted.length,
			lost: lost.length,
			answeredDuplicate: answers.filter((a) => a.duplicate).length,
			executions: exs.length,
			emptyExecutions: exs.filter(
				(ex) => !ex.runData[DEDUPE.emitted] && !ex.runData[DEDUPE.emittedFailed],
			).length,
		};
		console.log(
			`duplicates (${version}, ${mode}): tried ${figures.tried}, emitted ${figures.emitted}, suppressed ${figures.suppressed}, lost ${figures.lost}, ${seconds(wallMs)}` +
				`\n  ${mode === 'concurrent' ? `${inFlight} in flight, shuffled` : 'one at a time, each job’s copies back to back'}; ` +
				`posting took ${seconds(postedMs)}; answered "duplicate" at the webhook ${figures.answeredDuplicate}, ` +
				`executions ${figures.executions} (${figures.emptyExecutions} emitted nothing: suppressed by n8n's dedupe store); ` +
				`Success ${success.length}, Failed ${failed.length}; store remembers ${JOBS - forgotten.length}/${JOBS}; ` +
				`HTTP answers ${[...codes].map(([code, n]) => `${code || 'none'}×${n}`).join(' ')}; n8n peak RSS ${peakMb} MB; ` +
				`run data complete at read ${reads}`,
		);
		return { answers, exs, success, failed, emitted, lost, forgotten, failedId, figures };
	}

	function expectExactlyOnce(
		result: Awaited<ReturnType<typeof deliverAll>>,
		ids: Array<string | number>,
	) {
		const { answers, exs, success, failed, emitted, lost, forgotten, failedId } = result;
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		expect(
			exs
				.filter((ex) => ex.status !== 'success')
				.map((ex) => [ex.id, ex.status, ex.error?.message]),
		).toEqual([]);
		expect(lost).toEqual([]);
		expect(emitted).toHaveLength(JOBS);
		expect(new Set(emitted.map(String)).size).toBe(JOBS);
		expect(new Set(success.map(String))).toEqual(
			new Set(ids.filter((id) => !failedId.has(id)).map(String)),
		);
		expect(new Set(failed.map(String))).toEqual(new Set([...failedId].map(String)));
		expect(forgotten).toEqual([]);
	}

	const TEST_TIMEOUT = 45 * 60_000;

	test(
		`sequential: ${JOBS} jobs × ${COPIES} deliveries, each job's copies back to back → ${JOBS} emissions`,
		async () => {
			const ids = Array.from({ length: JOBS }, (_, i) => 7_000_001 + i);
			const deliveries = ids.flatMap((id) => Array<number>(COPIES).fill(id));
			expectExactlyOnce(await deliverAll('sequential', ids, deliveries, 1), ids);
		},
		TEST_TIMEOUT,
	);

	test(
		`concurrent: ${JOBS} jobs × ${COPIES} deliveries shuffled, ${IN_FLIGHT} in flight → ${JOBS} emissions`,
		async () => {
			const ids = Array.from(
				{ length: JOBS },
				(_, i) => `sim-dedupe-${String(i).padStart(4, '0')}`,
			);
			const seed = Number(process.env.DEDUPE_SEED ?? Date.now() % 2 ** 31);
			const deliveries = shuffled(
				ids.flatMap((id) => Array<string>(COPIES).fill(id)),
				seed,
			);
			console.log(
				`duplicates (${version}, concurrent): order seed ${seed} (DEDUPE_SEED to replay)`,
			);
			expectExactlyOnce(await deliverAll('concurrent', ids, deliveries, IN_FLIGHT), ids);
		},
		TEST_TIMEOUT,
	);
});
