/**
 * Running a workflow in-process through n8n-core's `WorkflowExecute.processRunExecutionData`, the
 * way n8n's `WorkflowRunner` runs an execution that already has its data (and the way
 * NodeTestHarness runs its fixtures): the start node goes on the node-execution stack with the
 * given input items, `additionalData` carries the execution id, the webhook URLs and lifecycle hooks
 * that persist the result, and the run continues until it ends or waits.
 */
import type {
	IConnections,
	IDataObject,
	INodeExecutionData,
	IPinData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialTypeSource, CredentialsInput } from './credentials';
import type { ExecutionHandle } from './executionHandle';
import type { NodeDefinition, N8nInstanceOptions } from './instance';
import { N8nInstance } from './instance';
import type { NodeTypesInput } from './nodeTypes';

export { ExecutionHandle } from './executionHandle';
export type { NodeDefinition, WorkflowDefinition } from './instance';
export { N8nInstance } from './instance';

export interface RunWorkflowOptions {
	/** Node types the workflow uses (added to the instance). */
	nodeTypes?: NodeTypesInput;
	/** Credential classes whose `authenticate`/`test` the nodes need (added to the instance). */
	credentialTypes?: CredentialTypeSource[];
	/** Credential data by type name, e.g. `{ modelsLabApi: { apiKey: 'k', baseUrl: '…' } }`. */
	credentials?: CredentialsInput;
	nodes: NodeDefinition[];
	connections: IConnections;
	/** Workflow id (default `workflow-<n>`); keep it stable to share static/processed data. */
	workflowId?: string;
	name?: string;
	settings?: IWorkflowSettings;
	/** Initial workflow static data. */
	staticData?: IDataObject;
	pinData?: IPinData;
	/** Default 'manual'. Static data is only saved after non-manual runs, as in n8n. */
	mode?: WorkflowExecuteMode;
	/** Default: `Workflow.getStartNode()` (the first trigger-like node). */
	startNode?: string;
	/** Items the start node receives; default `[{ json: {} }]`. */
	inputItems?: INodeExecutionData[];
	/** Instance to run on; default a shared one for the test file. */
	instance?: N8nInstance;
}

let defaultInstance: Promise<N8nInstance> | undefined;

/** The test file's shared instance, created on first use. */
export async function getDefaultInstance(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
	defaultInstance ??= N8nInstance.create(options);
	return await defaultInstance;
}

/** Creates an instance (an "n8n process" with its own database unless one is passed). */
export async function createInstance(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
	return await N8nInstance.create(options);
}

/** Runs a workflow until it finishes or waits, and returns a handle on the execution. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<ExecutionHandle> {
	const instance = options.instance ?? (await getDefaultInstance());
	if (options.nodeTypes) instance.nodeTypes.addAll(options.nodeTypes);
	if (options.credentialTypes) instance.credentials.addTypes(options.credentialTypes);
	if (options.credentials) instance.credentials.setCredentials(options.credentials);
	return await instance.startExecution(
		{
			id: options.workflowId,
			name: options.name,
			nodes: options.nodes,
			connections: options.connections,
			settings: options.settings,
			staticData: options.staticData,
			pinData: options.pinData,
		},
		{ mode: options.mode, startNode: options.startNode, inputItems: options.inputItems },
	);
}

/** `{ A: [B] , B: [C] }` style helper for linear `main` connections (`A → B → C`). */
export function chain(...nodeNames: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodeNames.length - 1; i++) {
		connections[nodeNames[i]] = { main: [[{ node: nodeNames[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
