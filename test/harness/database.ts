/**
 * What n8n keeps in its database and the harness needs: executions (`execution_entity` +
 * `execution_data`), workflow static data and `processed_data`.
 *
 * Execution data is stored flatted, as n8n does, and every read unflattens a fresh copy, as
 * `ExecutionRepository.findSingleExecution(id, { includeData: true, unflattenData: true })` does.
 * So a resume works on a copy: if `webhook()` returns no workflowData, the disabled node and the
 * popped run data are simply dropped and the stored execution stays as it was.
 */
import type {
	ExecutionStatus,
	IDataObject,
	IRunExecutionData,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { flatted } from './n8nDeps';
import { ProcessedDataStore } from './processedData';

/** An execution as loaded from the database. */
export interface ExecutionRecord {
	id: string;
	mode: WorkflowExecuteMode;
	status: ExecutionStatus;
	finished: boolean;
	startedAt: Date;
	stoppedAt?: Date;
	waitTill?: Date;
	workflowData: IWorkflowBase;
	data: IRunExecutionData;
}

interface StoredExecution {
	id: string;
	mode: WorkflowExecuteMode;
	status: ExecutionStatus;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string;
	waitTill?: string;
	workflowData: string;
	data: string;
}

export interface ExecutionUpdate {
	status?: ExecutionStatus;
	finished?: boolean;
	stoppedAt?: Date;
	waitTill?: Date | null;
	data?: IRunExecutionData;
}

interface SavedDatabase {
	nextExecutionId: number;
	executions: StoredExecution[];
	staticData: Array<[string, IDataObject]>;
	processedData: string;
}

const toIso = (date: Date | string | undefined) =>
	date === undefined ? undefined : new Date(date).toISOString();

export class HarnessDatabase {
	private readonly executions = new Map<string, StoredExecution>();

	private readonly staticData = new Map<string, string>();

	private nextExecutionId = 1;

	constructor(readonly processedData: ProcessedDataStore = new ProcessedDataStore()) {}

	/** Restores a database saved with `save()`: a "restarted" n8n with the same DB. */
	static restore(saved: string): HarnessDatabase {
		const parsed = JSON.parse(saved) as SavedDatabase;
		const db = new HarnessDatabase(ProcessedDataStore.restore(parsed.processedData));
		db.nextExecutionId = parsed.nextExecutionId;
		for (const execution of parsed.executions) db.executions.set(execution.id, execution);
		for (const [workflowId, data] of parsed.staticData)
			db.staticData.set(workflowId, JSON.stringify(data));
		return db;
	}

	save(): string {
		const saved: SavedDatabase = {
			nextExecutionId: this.nextExecutionId,
			executions: [...this.executions.values()],
			staticData: [...this.staticData.entries()].map(([id, data]) => [
				id,
				JSON.parse(data) as IDataObject,
			]),
			processedData: this.processedData.save(),
		};
		return JSON.stringify(saved);
	}

	/** Inserts an execution and returns its id; ids are sequential, as in n8n's table. */
	createExecution(input: {
		mode: WorkflowExecuteMode;
		status: ExecutionStatus;
		workflowData: IWorkflowBase;
		data: IRunExecutionData;
	}): string {
		const id = String(this.nextExecutionId++);
		this.executions.set(id, {
			id,
			mode: input.mode,
			status: input.status,
			finished: false,
			startedAt: new Date().toISOString(),
			workflowData: JSON.stringify(input.workflowData),
			data: flatted.stringify(input.data),
		});
		return id;
	}

	hasExecution(id: string): boolean {
		return this.executions.has(id);
	}

	executionIds(): string[] {
		return [...this.executions.keys()];
	}

	/** A fresh copy with data, or undefined for an unknown id. */
	findExecution(id: string): ExecutionRecord | undefined {
		const stored = this.executions.get(id);
		if (!stored) return undefined;
		return {
			id: stored.id,
			mode: stored.mode,
			status: stored.status,
			finished: stored.finished,
			startedAt: new Date(stored.startedAt),
			stoppedAt: stored.stoppedAt ? new Date(stored.stoppedAt) : undefined,
			waitTill: stored.waitTill ? new Date(stored.waitTill) : undefined,
			workflowData: JSON.parse(stored.workflowData) as IWorkflowBase,
			data: flatted.parse(stored.data) as IRunExecutionData,
		};
	}

	/** Status only, without unflattening data. */
	statusOf(id: string): ExecutionStatus | undefined {
		return this.executions.get(id)?.status;
	}

	updateExecution(id: string, update: ExecutionUpdate): void {
		const stored = this.executions.get(id);
		if (!stored) return;
		if (update.status !== undefined) stored.status = update.status;
		if (update.finished !== undefined) stored.finished = update.finished;
		if (update.stoppedAt !== undefined) stored.stoppedAt = toIso(update.stoppedAt);
		if (update.waitTill !== undefined)
			stored.waitTill = update.waitTill === null ? undefined : toIso(update.waitTill);
		if (update.data !== undefined) stored.data = flatted.stringify(update.data);
	}

	/**
	 * n8n 2.x `ExecutionRepository.updateExistingExecution(id, execution, 'waiting')`: updates only
	 * if the current status is `requireStatus` (an atomic UPDATE ... WHERE status = ?). False means
	 * another caller won (`ExecutionAlreadyResumingError`).
	 */
	updateExistingExecution(
		id: string,
		update: ExecutionUpdate,
		requireStatus: ExecutionStatus,
	): boolean {
		if (this.executions.get(id)?.status !== requireStatus) return false;
		this.updateExecution(id, update);
		return true;
	}

	getStaticData(workflowId: string): IDataObject | undefined {
		const data = this.staticData.get(workflowId);
		return data === undefined ? undefined : (JSON.parse(data) as IDataObject);
	}

	saveStaticData(workflowId: string, data: IDataObject): void {
		this.staticData.set(workflowId, JSON.stringify(data));
	}
}
