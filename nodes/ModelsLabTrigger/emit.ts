/**
 * execute(): n8n runs it on what webhook() returned. Here each job is let through once (n8n's
 * database-backed deduplication), files are downloaded, and items go to Success, Failed or
 * Progress.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelsLabResult } from '../shared/payload';
import { dedupeKey, readItemJson } from '../shared/resultItem';
import { attachOutputs, downloadSettings } from '../shared/binary';
import { checkOnce, releaseClaim, rememberSeen, wasSeen } from './dedupe';
import { scopeOf } from './receive';
import { DEFAULT_HISTORY_SIZE } from './properties';

async function isFirstDelivery(
	ctx: IExecuteFunctions,
	key: string,
	historySize: number,
): Promise<boolean> {
	if (ctx.getMode() === 'manual') return true; // "Listen for test event" always shows the call
	const scope = scopeOf(ctx);
	if (typeof ctx.helpers.checkProcessedAndRecord !== 'function') {
		throw new NodeOperationError(ctx.getNode(), 'This n8n has no deduplication helpers', {
			description: 'The ModelsLab Trigger needs n8n 1.60 or later.',
		});
	}
	// A job this process has seen recorded needs no query (the memory holds only ids n8n's store
	// confirmed): copies that got past webhook() together do not queue for the database again.
	if (wasSeen(scope, key)) return false;
	// Queued per workflow and node, not per job: n8n keeps every id of a node in ONE row and
	// rewrites it without a lock, so two different jobs checked at once lose an id. Callbacks that
	// queue up meanwhile are checked together in one call; ids recorded since they queued are not
	// asked again.
	try {
		return await checkOnce(scope, key, async (keys) => {
			const unknown = keys.filter((candidate) => !wasSeen(scope, candidate));
			if (unknown.length === 0) return [];
			const answer = await ctx.helpers.checkProcessedAndRecord(unknown, 'node', {
				mode: 'entries',
				maxEntries: historySize,
			});
			for (const recorded of unknown) rememberSeen(scope, recorded);
			return answer.new.map(String);
		});
	} catch (error) {
		// Not recorded: the next copy of this job must not be held back as "on its way".
		releaseClaim(scope, key);
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			description:
				"n8n's deduplication store could not record the job; a repeat of this callback will run again",
		});
	}
}

export async function emitCallbacks(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const emitProgress = options.emitProgress === true;
	const historySize = Number(options.historySize ?? DEFAULT_HISTORY_SIZE) || DEFAULT_HISTORY_SIZE;
	const outputs: INodeExecutionData[][] = emitProgress ? [[], [], []] : [[], []];
	for (const [itemIndex, item] of this.getInputData().entries()) {
		let result: ModelsLabResult;
		try {
			result = readItemJson(item.json);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`Not a ModelsLab result: ${(error as Error).message}`,
				{
					itemIndex,
					description:
						'The trigger expects the items its own webhook produced (check pinned data).',
				},
			);
		}
		if (!(await isFirstDelivery(this, dedupeKey(result), historySize))) continue;
		const output: INodeExecutionData = { json: item.json, pairedItem: { item: itemIndex } };
		if (options.downloadFiles === true)
			await attachOutputs(this, output, result, downloadSettings(options));
		if (result.outcome === 'success') outputs[0].push(output);
		else if (result.outcome === 'failed') outputs[1].push(output);
		else if (emitProgress) outputs[2].push(output);
	}
	return outputs;
}
