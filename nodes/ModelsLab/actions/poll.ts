/**
 * Poll mode, for an n8n that ModelsLab cannot call back: ask the fetch endpoint for each job,
 * first when ModelsLab's ETA has passed, then every Poll Interval, until it ends, the timeout
 * passes, or the execution is cancelled.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { FetchCategory } from '../catalogue/types';
import type { ModelsLabResult } from '../../shared/callback';
import { fetchJob } from '../../shared/fetchJob';
import type { NodeOptions } from './options';
import { readOptions } from './options';
import type { ItemOutcome } from './results';
import { errorJson, routeItems, toRoutedItems } from './results';
import type { Submission } from './submit';
import { mapLimited } from './submit';

interface PendingJob {
	itemIndex: number;
	id: string;
	category: FetchCategory;
	dueAt: number;
	checks: number;
	/** ModelsLab's fetch answers carry no track_id (only callbacks do): the submit's is kept. */
	trackId?: string;
}

function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

export async function pollJobs(ctx: IExecuteFunctions, submissions: Submission[], options: NodeOptions): Promise<ItemOutcome[]> {
	const outcomes = new Map<number, ItemOutcome>();
	const pending: PendingJob[] = [];
	const start = Date.now();
	const intervalMs = options.pollIntervalSeconds * 1000;
	for (const submission of submissions) {
		const { itemIndex, result, plan } = submission;
		if (!result || !plan) {
			outcomes.set(itemIndex, { itemIndex, error: errorJson(submission.error ?? new Error('No job was submitted')) });
		} else if (result.outcome !== 'processing') {
			outcomes.set(itemIndex, { itemIndex, result, fetchCategory: plan.fetch });
		} else {
			const etaMs = result.eta !== undefined && result.eta > 0 ? result.eta * 1000 : intervalMs;
			pending.push({ itemIndex, id: result.id, category: plan.fetch, dueAt: start + Math.min(etaMs, 10 * 60_000), checks: 0, trackId: result.trackId });
		}
	}
	const deadline = start + options.timeoutMinutes * 60_000;
	while (pending.length) {
		if (cancelled(ctx)) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled while polling ModelsLab', {
				description: `Jobs still running: ${pending.map((job) => job.id).join(', ')}. Fetch them later with Get Result.`,
			});
		}
		const now = Date.now();
		if (now >= deadline) {
			for (const job of pending.splice(0)) {
				outcomes.set(job.itemIndex, {
					itemIndex: job.itemIndex,
					fetchCategory: job.category,
					error: {
						status: 'failed',
						id: job.id,
						fetch_category: job.category,
						timedOut: true,
						error: `ModelsLab had not finished after ${options.timeoutMinutes} minutes (${job.checks} checks)`,
						errorDescription: 'The job may still finish: fetch it later with the Get Result operation and this ID.',
					},
				});
			}
			break;
		}
		const nextDue = Math.min(...pending.map((job) => job.dueAt));
		if (nextDue > now) {
			// Short naps, so a cancelled execution stops within a second.
			await sleep(Math.min(nextDue - now, 1000, deadline - now));
			continue;
		}
		const due = pending.filter((job) => job.dueAt <= Date.now());
		await mapLimited(due, options.concurrency, async (job) => {
			job.checks++;
			let result: ModelsLabResult;
			try {
				result = await fetchJob(ctx, job.category, job.id, job.itemIndex);
			} catch (error) {
				outcomes.set(job.itemIndex, {
					itemIndex: job.itemIndex,
					fetchCategory: job.category,
					error: errorJson(error as Error, { id: job.id, fetch_category: job.category }),
				});
				pending.splice(pending.indexOf(job), 1);
				return;
			}
			if (result.outcome === 'processing') {
				job.dueAt = Date.now() + intervalMs;
				return;
			}
			if (result.trackId === undefined) result.trackId = job.trackId;
			outcomes.set(job.itemIndex, { itemIndex: job.itemIndex, result, fetchCategory: job.category });
			pending.splice(pending.indexOf(job), 1);
		});
	}
	return [...outcomes.values()].sort((a, b) => a.itemIndex - b.itemIndex);
}

/**
 * Poll mode end to end: poll every submitted job, stop the node on the first failure unless
 * Continue On Fail is on (naming jobs still running), and route the results.
 */
export async function pollToOutputs(
	ctx: IExecuteFunctions,
	submissions: Submission[],
	separate: boolean,
): Promise<INodeExecutionData[][]> {
	const outcomes = await pollJobs(ctx, submissions, readOptions(ctx, 0));
	const failed = outcomes.find((outcome) => outcome.error);
	if (failed?.error && !ctx.continueOnFail()) {
		const still = outcomes.filter((outcome) => outcome.error?.timedOut).map((outcome) => outcome.error!.id);
		throw new NodeOperationError(ctx.getNode(), String(failed.error.error), {
			itemIndex: failed.itemIndex,
			description: still.length
				? `Still running: ${still.join(', ')}. Fetch them later with Get Result, or raise Timeout.`
				: String(failed.error.errorDescription ?? ''),
		});
	}
	return routeItems(await toRoutedItems(ctx, outcomes, (itemIndex) => readOptions(ctx, itemIndex)), separate);
}
