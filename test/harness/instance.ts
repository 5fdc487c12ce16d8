/**
 * One in-process "n8n": node types, credentials, a database and the URLs its webhook server
 * answers on. It plays the CLI parts n8n-core does not contain:
 * - `WorkflowRunner.run` / `runMainProcess` (`packages/cli/src/workflow-runner.ts`): register the
 *   execution, build additionalData (executionId, URLs, hooks, restartExecutionId) and run
 *   `new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow)`;
 * - `ActiveExecutions.add` (`packages/cli/src/active-executions.ts`): a resumed execution is
 *   claimed with an atomic "status = waiting" update, else `ExecutionAlreadyResumingError`;
 * - the regular-main lifecycle hooks (lifecycleHooks.ts) that persist every run's end;
 * - active workflows and their production webhooks (activeWorkflows.ts);
 * - the WaitTracker (`expireWait`, optionally on a timer).
 *
 * Not replicated: queue mode, concurrency limits, execution timeouts, pruning, sub-workflows
 * (`executeWorkflow` throws), the task runner (Code node), push messages to the editor.
 */
import { ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionStatus,
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeTypeDescription,
	IPinData,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UserError, Workflow, createRunExecutionData } from 'n8n-workflow';

import { ActiveWorkflows } from './activeWorkflows';
import { copy } from './clone';
import type { CredentialTypeSource, CredentialsInput } from './credentials';
import { HarnessCredentialsHelper } from './credentials';
import { HarnessDatabase } from './database';
import type { BinaryDataMode, HarnessEnvironment } from './environment';
import { setupEnvironment } from './environment';
import { ExecutionHandle } from './executionHandle';
import { ExecutionAlreadyResumingError } from './httpErrors';
import { createLifecycleHooks } from './lifecycleHooks';
import type { NodeTypesInput } from './nodeTypes';
import { NodeTypeRegistry } from './nodeTypes';
import { ProcessedDataManager } from './processedData';

export interface N8nInstanceOptions {
	nodeTypes?: NodeTypesInput;
	credentialTypes?: CredentialTypeSource[];
	/** Credential data by credential type name. */
	credentials?: CredentialsInput;
	/** Reuse a database, e.g. `HarnessDatabase.restore(old.db.save())` to simulate a restart. */
	database?: HarnessDatabase;
	/** Origin webhook URLs are built on; `startHttpServer` replaces it with the real one. */
	baseUrl?: string;
	/**
	 * n8n ≥ 2.14 gives every execution a random `resumeToken`: `$execution.resumeUrl` carries it as
	 * `?signature=` and the waiting-webhook server answers 401 without it. `false` creates
	 * executions without one, like n8n 1.x (and old rows in 2.x): no signature, no check.
	 */
	resumeTokens?: boolean;
	binaryDataMode?: BinaryDataMode;
	/**
	 * Replays n8n's WaitTracker on a timer: a waiting execution whose `waitTill` passes is resumed
	 * (its wait node forwards its input). Real n8n polls every 60 s and sets timers for waits due
	 * within 70 s; the harness fires exactly at `waitTill`. Off by default: call `expireWait`.
	 */
	autoExpireWaits?: boolean;
}

/** A node as a test writes it; `id`, `typeVersion`, `position` and `parameters` get defaults. */
export type NodeDefinition = Pick<INode, 'name' | 'type'> & Partial<INode>;

export interface WorkflowDefinition {
	id?: string;
	name?: string;
	nodes: NodeDefinition[];
	connections: IConnections;
	/** Default `{ executionOrder: 'v1' }`, what n8n gives new workflows. */
	settings?: IWorkflowSettings;
	/** Seeds the workflow's static data in the database. */
	staticData?: IDataObject;
	pinData?: IPinData;
}

export interface StartRunOptions {
	mode?: WorkflowExecuteMode;
	/** Node to start from; default `Workflow.getStartNode()`, else the first node without a parent. */
	startNode?: string;
	/** Items the start node receives; default `[{ json: {} }]`. */
	inputItems?: INodeExecutionData[];
}

const FINAL_STATUSES: ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

export class N8nInstance {
	readonly db: HarnessDatabase;

	readonly nodeTypes: NodeTypeRegistry;

	readonly credentials: HarnessCredentialsHelper;

	readonly resumeTokens: boolean;

	readonly autoExpireWaits: boolean;

	baseUrl: string;

	/** Executions whose run ended in a final status (success, error, canceled), in that order. */
	readonly finishedExecutions: ExecutionHandle[] = [];

	private readonly processedData: ProcessedDataManager;

	private readonly inFlight = new Map<string, Promise<void>>();

	private readonly listeners = new Set<() => void>();

	/** Active workflows and their production webhooks (see `activateWorkflow`). */
	readonly activeWorkflows: ActiveWorkflows = new ActiveWorkflows(this);

	private readonly waitTimers = new Map<string, NodeJS.Timeout>();

	private workflowCounter = 0;

	private constructor(
		readonly environment: HarnessEnvironment,
		options: N8nInstanceOptions,
	) {
		this.db = options.database ?? new HarnessDatabase();
		this.processedData = new ProcessedDataManager(this.db.processedData);
		this.nodeTypes = new NodeTypeRegistry(options.nodeTypes);
		this.credentials = new HarnessCredentialsHelper(options.credentialTypes, options.credentials);
		this.baseUrl = (options.baseUrl ?? 'http://127.0.0.1:5678').replace(/\/+$/, '');
		this.resumeTokens = options.resumeTokens ?? true;
		this.autoExpireWaits = options.autoExpireWaits ?? false;
	}

	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const environment = await setupEnvironment({ binaryDataMode: options.binaryDataMode });
		return new N8nInstance(environment, options);
	}

	/** The URLs n8n's `WorkflowExecuteAdditionalData.getBase` puts in additionalData. */
	get urls() {
		const base = this.baseUrl;
		return {
			instanceBaseUrl: `${base}/`,
			restApiUrl: `${base}/rest`,
			webhookBaseUrl: `${base}/webhook`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			formBaseUrl: `${base}/form`,
			formTestBaseUrl: `${base}/form-test`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
		};
	}

	handle(executionId: string): ExecutionHandle {
		if (!this.db.hasExecution(executionId)) throw new UserError(`No execution "${executionId}"`);
		return new ExecutionHandle(this, executionId);
	}

	/** Turns a test's workflow definition into what n8n stores (`IWorkflowBase`). */
	toWorkflowData(definition: WorkflowDefinition, active = false): IWorkflowBase {
		const id = definition.id ?? `workflow-${++this.workflowCounter}`;
		const nodes = definition.nodes.map((node) => this.completeNode(node));
		const now = new Date();
		return {
			id,
			name: definition.name ?? id,
			active,
			activeVersionId: active ? `${id}-version` : null,
			isArchived: false,
			createdAt: now,
			updatedAt: now,
			nodes,
			connections: copy(definition.connections),
			settings: { executionOrder: 'v1', ...(definition.settings ?? {}) },
			staticData: definition.staticData ? copy(definition.staticData) : undefined,
			pinData: definition.pinData ? copy(definition.pinData) : undefined,
		};
	}

	/**
	 * Defaults for a node, and `credentials` for every credential type its description declares and
	 * the instance has data for (n8n refuses `getCredentials` for a type the node does not carry).
	 */
	completeNode(definition: NodeDefinition): INode {
		let typeVersion = definition.typeVersion;
		if (typeVersion === undefined) {
			const { description } = this.nodeTypes.getByName(definition.type);
			if ('defaultVersion' in description && typeof description.defaultVersion === 'number') {
				typeVersion = description.defaultVersion;
			} else {
				const version = (description as INodeTypeDescription).version;
				typeVersion = Array.isArray(version) ? version[version.length - 1] : version;
			}
		}
		const node: INode = {
			...copy(definition),
			id: definition.id ?? definition.name,
			typeVersion,
			position: definition.position ?? [0, 0],
			parameters: copy(definition.parameters ?? {}),
		};
		if (!node.credentials) {
			const described = this.nodeTypes
				.getByNameAndVersion(node.type, typeVersion)
				.description.credentials?.map((credential) => credential.name)
				.filter((name) => this.credentials.hasCredentials(name));
			if (described?.length) {
				node.credentials = Object.fromEntries(
					described.map((name) => [name, { id: `${name}-id`, name: `${name} account` }]),
				);
			}
		}
		return node;
	}

	/**
	 * A `Workflow` built from stored workflow data (nodes are copied: `Workflow` writes parameter
	 * defaults into them), registered so its deduplication calls reach this instance's store.
	 */
	createWorkflow(workflowData: IWorkflowBase, staticData?: IDataObject): Workflow {
		const workflow = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: copy(workflowData.nodes),
			connections: copy(workflowData.connections),
			active: workflowData.activeVersionId !== null && workflowData.activeVersionId !== undefined,
			nodeTypes: this.nodeTypes,
			staticData: copy(staticData ?? workflowData.staticData ?? {}),
			settings: workflowData.settings,
			pinData: workflowData.pinData,
		});
		this.environment.processedDataRouter.register(workflow, this.processedData);
		return workflow;
	}

	/** A throwaway, inactive `Workflow` of the given (completed) nodes, as the editor's calls use. */
	scratchWorkflow(nodes: INode[], id = 'scratch'): Workflow {
		return this.createWorkflow({
			id,
			name: id,
			active: false,
			isArchived: false,
			nodes,
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		});
	}

	/** `WorkflowExecuteAdditionalData.getBase`, reduced to what node code can reach in-process. */
	baseAdditionalData(workflowId?: string): IWorkflowExecuteAdditionalData {
		const unsupported = (what: string) => async () => {
			throw new UserError(`${what} is not supported by the harness`);
		};
		const additionalData = {
			credentialsHelper: this.credentials,
			executeWorkflow: unsupported('Executing a sub-workflow'),
			getRunExecutionData: async (executionId: string) => this.db.findExecution(executionId)?.data,
			getRuntimeCredential: async () => undefined,
			startRunnerTask: unsupported('The task runner (Code node)'),
			logAiEvent: () => {},
			externalSecretsProxy: new ExternalSecretsProxy(),
			currentNodeExecutionIndex: 0,
			variables: {},
			workflowId,
			...this.urls,
		};
		return additionalData as unknown as IWorkflowExecuteAdditionalData;
	}

	/**
	 * `WorkflowRunner.runMainProcess` for an execution row that exists and is 'running': runs it to
	 * its end (success, error, canceled or waiting) and persists the result through the hooks.
	 */
	private async runExecution(
		executionId: string,
		workflowData: IWorkflowBase,
		runExecutionData: IRunExecutionData,
		mode: WorkflowExecuteMode,
		restartExecutionId?: string,
		loadStaticData = true,
	): Promise<void> {
		// With `loadStaticData` (new executions, webhook resumes) n8n reads the workflow's current
		// static data; the WaitTracker does not, so a timeout resume sees the snapshot stored with
		// the execution when it started.
		const staticData = loadStaticData
			? (this.db.getStaticData(workflowData.id) ?? workflowData.staticData)
			: workflowData.staticData;
		const workflow = this.createWorkflow(workflowData, staticData);
		const additionalData = this.baseAdditionalData(workflowData.id);
		additionalData.restartExecutionId = restartExecutionId;
		additionalData.executionId = executionId;
		additionalData.hooks = createLifecycleHooks(this.db, executionId, workflowData, mode);
		// In n8n this only updates the in-memory ActiveExecutions entry, never the row.
		additionalData.setExecutionStatus = () => {};
		try {
			await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
				workflow,
			);
		} catch (error) {
			// processRunExecutionData throws synchronously for WorkflowHasIssuesError; n8n then
			// saves the execution as failed (`failExecution`).
			const e = error as Error;
			runExecutionData.resultData.error = { ...e, message: e.message, stack: e.stack } as never;
			this.db.updateExecution(executionId, {
				status: 'error',
				finished: false,
				stoppedAt: new Date(),
				data: runExecutionData,
			});
		}
	}

	/** Runs `runExecution` in the background, tracked so callers can await it. */
	private track(executionId: string, run: Promise<void>): Promise<void> {
		const tracked = run.finally(() => {
			this.inFlight.delete(executionId);
			this.onRunEnded(executionId);
		});
		this.inFlight.set(executionId, tracked);
		return tracked;
	}

	private onRunEnded(executionId: string) {
		const record = this.db.findExecution(executionId);
		if (!record) return;
		if (FINAL_STATUSES.includes(record.status)) {
			this.finishedExecutions.push(new ExecutionHandle(this, executionId));
		} else if (record.status === 'waiting' && record.waitTill && this.autoExpireWaits) {
			this.scheduleWaitExpiry(executionId, record.waitTill);
		}
		for (const listener of [...this.listeners]) listener();
	}

	private scheduleWaitExpiry(executionId: string, waitTill: Date) {
		clearTimeout(this.waitTimers.get(executionId));
		const timer = setTimeout(
			() => {
				this.waitTimers.delete(executionId);
				// Node's timers may fire a millisecond before Date.now() reaches waitTill, and
				// expireWait() refuses a wait not yet due: try again then, instead of never.
				if (waitTill.getTime() > Date.now()) return this.scheduleWaitExpiry(executionId, waitTill);
				// An execution resumed meanwhile (its webhook came first) is no longer waiting: nothing to do.
				void this.expireWait(executionId).catch(() => {});
			},
			Math.max(0, waitTill.getTime() - Date.now()),
		);
		timer.unref();
		this.waitTimers.set(executionId, timer);
	}

	/** Waits until the current run of an execution (if any) has ended. */
	async settled(executionId: string): Promise<void> {
		await this.inFlight.get(executionId);
	}

	/** Starts a new execution the way a manual run or a trigger's emit does, and runs it to its end. */
	async startExecution(
		definition: WorkflowDefinition | IWorkflowBase,
		options: StartRunOptions = {},
	) {
		const workflowData = 'createdAt' in definition ? definition : this.toWorkflowData(definition);
		if ('staticData' in definition && definition.staticData !== undefined) {
			this.db.saveStaticData(workflowData.id, copy(definition.staticData));
		}
		workflowData.staticData = this.db.getStaticData(workflowData.id) ?? workflowData.staticData;
		const mode = options.mode ?? 'manual';
		const probe = this.createWorkflow(workflowData);
		// n8n's `getStartNode()` only knows trigger/poll nodes and its own start types; fall back to
		// the first node without a parent, which is what a manual run of such a workflow starts from.
		const startNode = options.startNode
			? probe.getNode(options.startNode)
			: (probe.getStartNode() ??
				Object.values(probe.nodes).find((node) => probe.getParentNodes(node.name).length === 0));
		if (!startNode)
			throw new UserError(`No start node "${options.startNode ?? '(default)'}" in the workflow`);
		const stack: IExecuteData[] = [
			{ node: startNode, data: { main: [options.inputItems ?? [{ json: {} }]] }, source: null },
		];
		const runExecutionData = this.newRunExecutionData(stack);
		const executionId = this.db.createExecution({
			mode,
			status: 'new',
			workflowData,
			data: runExecutionData,
		});
		this.db.updateExecution(executionId, { status: 'running' });
		await this.track(
			executionId,
			this.runExecution(executionId, workflowData, runExecutionData, mode),
		);
		return new ExecutionHandle(this, executionId);
	}

	/** `createRunExecutionData` (which draws a resumeToken), minus the token when disabled. */
	newRunExecutionData(nodeExecutionStack: IExecuteData[]): IRunExecutionData {
		const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack } });
		if (!this.resumeTokens) delete runExecutionData.resumeToken;
		return runExecutionData;
	}

	/**
	 * `WorkflowRunner.run` as `executeWebhook` calls it: a new execution, or (with
	 * `existingExecutionId`) the resumption of a waiting one, claimed atomically. Returns the id
	 * once the run has started; the run continues in the background (see `settled`).
	 */
	async runFromWebhook(input: {
		workflowData: IWorkflowBase;
		runExecutionData: IRunExecutionData;
		mode: WorkflowExecuteMode;
		existingExecutionId?: string;
	}): Promise<string> {
		const { workflowData, runExecutionData, mode, existingExecutionId } = input;
		let executionId: string;
		if (existingExecutionId !== undefined) {
			const claimed = this.db.updateExistingExecution(
				existingExecutionId,
				{ status: 'running', waitTill: null, data: runExecutionData },
				'waiting',
			);
			if (!claimed) throw new ExecutionAlreadyResumingError(existingExecutionId);
			executionId = existingExecutionId;
		} else {
			workflowData.staticData = this.db.getStaticData(workflowData.id) ?? workflowData.staticData;
			executionId = this.db.createExecution({
				mode,
				status: 'new',
				workflowData,
				data: runExecutionData,
			});
			this.db.updateExecution(executionId, { status: 'running' });
		}
		void this.track(
			executionId,
			this.runExecution(executionId, workflowData, runExecutionData, mode, existingExecutionId),
		);
		return executionId;
	}

	/**
	 * n8n's WaitTracker resuming an execution whose wait limit passed (`wait-tracker.ts`): load it,
	 * claim it, and run it with `restartExecutionId`. `WorkflowExecute` then sees `waitTill` still
	 * set, disables the waiting node and pops its run, so the node's stored input items go to
	 * output 0; neither `execute()` nor `webhook()` runs. If another caller resumed it first, n8n
	 * swallows `ExecutionAlreadyResumingError`; so does this.
	 */
	async expireWait(
		executionId: string,
		options: { force?: boolean } = {},
	): Promise<ExecutionHandle> {
		const record = this.db.findExecution(executionId);
		if (!record) throw new UserError('Execution does not exist.', { extra: { executionId } });
		if (record.finished)
			throw new UserError('The execution did succeed and can so not be started again.');
		if (record.status !== 'waiting' || !record.data.waitTill) {
			throw new UserError(`Execution "${executionId}" is not waiting (status ${record.status})`);
		}
		if (!options.force && new Date(record.data.waitTill).getTime() > Date.now()) {
			throw new UserError(
				`Execution "${executionId}" waits until ${new Date(record.data.waitTill).toISOString()}; pass { force: true } to expire it early`,
			);
		}
		clearTimeout(this.waitTimers.get(executionId));
		this.waitTimers.delete(executionId);
		const claimed = this.db.updateExistingExecution(
			executionId,
			{ status: 'running', waitTill: null, data: record.data },
			'waiting',
		);
		if (claimed) {
			await this.track(
				executionId,
				this.runExecution(
					executionId,
					record.workflowData,
					record.data,
					record.mode,
					executionId,
					false,
				),
			);
		}
		return new ExecutionHandle(this, executionId);
	}

	/**
	 * Resolves with the first `count` executions that ended in a final status, or rejects after
	 * `timeoutMs` saying how many did.
	 */
	async waitForExecutions(count: number, timeoutMs = 5000): Promise<ExecutionHandle[]> {
		if (this.finishedExecutions.length >= count) return this.finishedExecutions.slice(0, count);
		return await new Promise<ExecutionHandle[]>((resolve, reject) => {
			const check = () => {
				if (this.finishedExecutions.length >= count) {
					clearTimeout(timer);
					this.listeners.delete(check);
					resolve(this.finishedExecutions.slice(0, count));
				}
			};
			const timer = setTimeout(() => {
				this.listeners.delete(check);
				reject(
					new Error(
						`Expected ${count} finished executions within ${timeoutMs} ms, got ${this.finishedExecutions.length}`,
					),
				);
			}, timeoutMs);
			this.listeners.add(check);
		});
	}

	/** Activates a workflow: its production webhooks answer under `/webhook/<path>`. */
	async activateWorkflow(definition: WorkflowDefinition) {
		return await this.activeWorkflows.activate(definition);
	}

	async deactivateWorkflow(workflowId: string): Promise<void> {
		await this.activeWorkflows.deactivate(workflowId);
	}

	/** Stops wait timers. */
	close(): void {
		for (const timer of this.waitTimers.values()) clearTimeout(timer);
		this.waitTimers.clear();
	}
}
