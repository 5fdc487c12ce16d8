/**
 * What the batch suites (issue 12, "Measure it") check on a finished batch, from n8n's run data
 * and the simulator's request log: every item has its own job's result (paired by prompt and id),
 * no prompt was accepted twice (a second paid job), and the figures each suite prints.
 */
import type { Simulator } from '../../../scripts/simulator/server';

type Json = Record<string, any>;

export const SUBMIT_PATH = '/api/v6/images/text2img';

export interface BatchFigures {
	/** Submits answered 200 (a job was created), and refused with 429. */
	accepted: number;
	refused: number;
	fetches: number;
	/** Prompts with more than one job at ModelsLab. */
	twice: string[];
}

export function batchFigures(sim: Simulator, prompts: string[]): BatchFigures {
	const mine = new Set(prompts);
	const submits = sim.requests.filter(
		(r) =>
			r.method === 'POST' && r.path === SUBMIT_PATH && mine.has(String((r.body as Json)?.prompt)),
	);
	const perPrompt = new Map<string, number>();
	for (const r of submits.filter((s) => s.status === 200)) {
		const prompt = String((r.body as Json).prompt);
		perPrompt.set(prompt, (perPrompt.get(prompt) ?? 0) + 1);
	}
	const jobIds = new Set(
		[...sim.jobs.values()]
			.filter((job) => mine.has(String(job.meta.prompt)))
			.map((job) => String(job.id)),
	);
	const fetchedId = (r: { path: string; body: unknown }) =>
		r.path.split('/').at(-1) === 'fetch'
			? String((r.body as Json)?.request_id)
			: r.path.split('/').at(-1)!;
	const fetches = sim.requests.filter(
		(r) => r.path.startsWith('/api/v6/images/fetch') && jobIds.has(fetchedId(r)),
	).length;
	return {
		accepted: submits.filter((r) => r.status === 200).length,
		refused: submits.filter((r) => r.status === 429).length,
		fetches,
		twice: [...perPrompt].filter(([, n]) => n > 1).map(([prompt]) => prompt),
	};
}

/**
 * Items of the batch that do not carry their own job's success: index → what they carry instead.
 * Empty when every item n is `{ status: success, id: <the job of prompts[n]>, meta.prompt: prompts[n] }`
 * with a PNG.
 */
export function unpaired(
	sim: Simulator,
	prompts: string[],
	results: Array<{ json: Json; binary?: Json }>,
): Record<number, string> {
	const jobOfPrompt = new Map(
		[...sim.jobs.values()].map((job) => [String(job.meta.prompt), String(job.id)]),
	);
	const wrong: Record<number, string> = {};
	prompts.forEach((prompt, n) => {
		const item = results[n];
		const ok =
			item?.json.status === 'success' &&
			String(item.json.id) === jobOfPrompt.get(prompt) &&
			item.json.meta?.prompt === prompt &&
			item.binary?.data?.mimeType === 'image/png';
		if (!ok)
			wrong[n] = item
				? JSON.stringify({
						status: item.json.status,
						id: item.json.id,
						error: item.json.error,
					}).slice(0, 160)
				: 'missing';
	});
	return wrong;
}

/** The prompts of an N-item batch, `[sim:never]` (callback lost) on the given items. */
export function batchPrompts(label: string, n: number, lost: number[]): string[] {
	const lose = new Set(lost);
	return Array.from(
		{ length: n },
		(_, i) => `${label} row ${i}${lose.has(i) ? ' [sim:never]' : ''}`,
	);
}

/** The figures line of one batch. */
export function figuresLine(
	name: string,
	version: string,
	f: BatchFigures,
	wallMs: number,
	restarts: number,
	extra = '',
): string {
	return (
		`${name} (${version}): submits ${f.accepted}, 429s ${f.refused}, fetches ${f.fetches}, ` +
		`submitted twice ${f.twice.length}, wall ${(wallMs / 1000).toFixed(1)} s, restarts ${restarts}${extra ? `, ${extra}` : ''}`
	);
}
