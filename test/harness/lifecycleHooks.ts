/**
 * The execution lifecycle hooks n8n's regular main process attaches
 * (`packages/cli/src/execution-lifecycle/execution-lifecycle-hooks.ts`), reduced to what the
 * database sees: on `workflowExecuteAfter`, `hookFunctionsFinalizeExecutionStatus` settles the
 * status, then `hookFunctionsSave` saves changed static data (never in manual mode) and writes
 * status, finished, stoppedAt, waitTill and the flatted execution data. Not replicated: progress
 * saving, pruning by save settings, `restoreBinaryDataId` (binary data written by a trigger's
 * `webhook()` before the execution existed stays under its temporary id, still readable), push
 * messages, error workflows, statistics.
 */
import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ExecutionStatus,
	IDataObject,
	IRun,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { withoutChangeFlag } from './clone';
import type { HarnessDatabase } from './database';

/** `determineFinalExecutionStatus` (`execution-lifecycle/shared/shared-hook-functions.ts`). */
export function determineFinalExecutionStatus(run: IRun): ExecutionStatus {
	const crashed = run.status === 'crashed';
	const canceled = run.status === 'canceled';
	const failed = run.status === 'error';
	let status: ExecutionStatus =
		!run.data.resultData?.error && !crashed && !canceled && !failed ? 'success' : 'error';
	if (crashed) status = 'crashed';
	if (canceled) status = 'canceled';
	if (run.waitTill) status = 'waiting';
	return status;
}

export function createLifecycleHooks(
	db: HarnessDatabase,
	executionId: string,
	workflowData: IWorkflowBase,
	mode: WorkflowExecuteMode,
): ExecutionLifecycleHooks {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	hooks.addHandler('workflowExecuteAfter', (fullRunData: IRun, newStaticData?: IDataObject) => {
		fullRunData.status = determineFinalExecutionStatus(fullRunData);
		if (mode !== 'manual' && newStaticData) {
			db.saveStaticData(workflowData.id, withoutChangeFlag(newStaticData));
		}
		db.updateExecution(executionId, {
			status: fullRunData.status,
			finished: fullRunData.finished === true,
			stoppedAt: fullRunData.stoppedAt,
			waitTill: fullRunData.waitTill ?? null,
			data: fullRunData.data,
		});
	});
	return hooks;
}
