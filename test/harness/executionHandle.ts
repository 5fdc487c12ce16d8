/**
 * A view of one execution as the database holds it. Every getter reads the current row, so a
 * handle stays valid across resumes (its status moves waiting → running → success, …).
 */
import type {
	ExecutionError,
	ExecutionStatus,
	INodeExecutionData,
	IRunExecutionData,
	ITaskData,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import type { ExecutionRecord } from './database';
import type { N8nInstance } from './instance';

export class ExecutionHandle {
	constructor(
		readonly instance: N8nInstance,
		readonly executionId: string,
	) {}

	/** The execution row, freshly read (a copy). */
	get record(): ExecutionRecord {
		const record = this.instance.db.findExecution(this.executionId);
		if (!record) throw new UserError(`Execution "${this.executionId}" does not exist`);
		return record;
	}

	get status(): ExecutionStatus {
		return this.instance.db.statusOf(this.executionId) ?? 'unknown';
	}

	get finished(): boolean {
		return this.record.finished;
	}

	get waitTill(): Date | undefined {
		return this.record.waitTill;
	}

	get runExecutionData(): IRunExecutionData {
		return this.record.data;
	}

	/** The execution's error (`resultData.error`), e.g. what a node threw. */
	get error(): ExecutionError | undefined {
		return this.record.data.resultData.error;
	}

	/** Execution custom data (`resultData.metadata`), what `this.customData.set()` wrote. */
	get customData(): Record<string, string> {
		return { ...(this.record.data.resultData.metadata ?? {}) };
	}

	get lastNodeExecuted(): string | undefined {
		return this.record.data.resultData.lastNodeExecuted;
	}

	/** The token n8n ≥ 2.14 puts in `$execution.resumeUrl` (`?signature=`), if the execution has one. */
	get resumeToken(): string | undefined {
		return this.record.data.resumeToken;
	}

	/**
	 * What `$execution.resumeUrl` evaluates to for this execution:
	 * `<webhookWaitingBaseUrl>/<executionId>`, plus `?signature=<resumeToken>` on n8n ≥ 2.14.
	 */
	get resumeUrl(): string {
		return this.resumeUrlWithSuffix();
	}

	/** `resumeUrl` with a path suffix added before the query, the way n8n matches a webhook `path`. */
	resumeUrlWithSuffix(suffix?: string): string {
		const url = new URL(`${this.instance.urls.webhookWaitingBaseUrl}/${this.executionId}`);
		if (suffix) url.pathname = `${url.pathname}/${suffix.replace(/^\/+/, '')}`;
		const token = this.resumeToken;
		if (token) url.searchParams.set('signature', token);
		return url.toString();
	}

	/** Every run of a node (`resultData.runData[nodeName]`). */
	runsOf(nodeName: string): ITaskData[] {
		return this.record.data.resultData.runData[nodeName] ?? [];
	}

	ran(nodeName: string): boolean {
		return this.runsOf(nodeName).length > 0;
	}

	/** The items a node put on an output in its last run (or `runIndex`); [] if none. */
	outputOf(nodeName: string, outputIndex = 0, runIndex?: number): INodeExecutionData[] {
		const runs = this.runsOf(nodeName);
		const run = runs[runIndex ?? runs.length - 1];
		return run?.data?.main?.[outputIndex] ?? [];
	}

	/** The error a node's last run recorded, if any. */
	nodeError(nodeName: string): ExecutionError | undefined {
		const runs = this.runsOf(nodeName);
		return runs[runs.length - 1]?.error;
	}

	/** Resolves when the execution's current run (e.g. after a resume) has ended. */
	async settled(): Promise<this> {
		await this.instance.settled(this.executionId);
		return this;
	}
}
