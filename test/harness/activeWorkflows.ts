/**
 * Active (published) workflows and their production webhooks, as n8n's `ActiveWorkflowManager`
 * and `WebhookService` keep them: activating registers each node's non-restart webhooks under
 * `<method> <path>` (a taken key is "a conflict with one of the webhooks"), after running the
 * node's `webhookMethods.<name>.checkExists` and, if it answers false, `create`; deactivating runs
 * `delete`. Paths are n8n's: `<webhookId>/<path>`, or just `<path>` with `isFullPath`, or
 * `<workflowId>/<node name>/<path>` for a node without a webhookId.
 */
import { HookContext } from 'n8n-core';
import type {
	IWebhookData,
	IWorkflowBase,
	Workflow,
	WorkflowActivateMode,
	WebhookSetupMethodNames,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { copy, withoutChangeFlag } from './clone';
import type { N8nInstance, WorkflowDefinition } from './instance';
import { getNodeWebhooks } from './nodeWebhooks';

export interface RegisteredWebhook {
	workflowId: string;
	node: string;
	httpMethod: string;
	path: string;
}

export class ActiveWorkflows {
	private readonly workflows = new Map<string, IWorkflowBase>();

	private readonly webhooks = new Map<string, RegisteredWebhook>();

	constructor(private readonly instance: N8nInstance) {}

	async activate(definition: WorkflowDefinition) {
		const { instance } = this;
		const workflowData = instance.toWorkflowData(definition, true);
		if (definition.staticData !== undefined) {
			instance.db.saveStaticData(workflowData.id, copy(definition.staticData));
		}
		const workflow = instance.createWorkflow(
			workflowData,
			instance.db.getStaticData(workflowData.id),
		);
		const additionalData = instance.baseAdditionalData(workflowData.id);
		const registered: Array<RegisteredWebhook & { url: string }> = [];
		for (const node of Object.values(workflow.nodes)) {
			for (const webhookData of getNodeWebhooks(workflow, node, additionalData, true)) {
				const key = `${webhookData.httpMethod} ${webhookData.path}`;
				if (this.webhooks.has(key)) {
					throw new UserError('There is a conflict with one of the webhooks.', { extra: { key } });
				}
				const exists = await this.runWebhookMethod(
					'checkExists',
					workflow,
					webhookData,
					'activate',
				);
				if (!exists) await this.runWebhookMethod('create', workflow, webhookData, 'activate');
				const entry: RegisteredWebhook = {
					workflowId: workflowData.id,
					node: node.name,
					httpMethod: webhookData.httpMethod,
					path: webhookData.path,
				};
				this.webhooks.set(key, entry);
				registered.push({ ...entry, url: `${instance.urls.webhookBaseUrl}/${webhookData.path}` });
			}
		}
		if (workflow.staticData.__dataChanged === true) {
			instance.db.saveStaticData(workflowData.id, withoutChangeFlag(workflow.staticData));
		}
		this.workflows.set(workflowData.id, workflowData);
		return { workflowId: workflowData.id, webhooks: registered };
	}

	async deactivate(workflowId: string): Promise<void> {
		const workflowData = this.workflows.get(workflowId);
		if (!workflowData) return;
		const { instance } = this;
		const workflow = instance.createWorkflow(workflowData, instance.db.getStaticData(workflowId));
		const additionalData = instance.baseAdditionalData(workflowId);
		for (const node of Object.values(workflow.nodes)) {
			for (const webhookData of getNodeWebhooks(workflow, node, additionalData, true)) {
				await this.runWebhookMethod('delete', workflow, webhookData, 'update');
				this.webhooks.delete(`${webhookData.httpMethod} ${webhookData.path}`);
			}
		}
		this.workflows.delete(workflowId);
	}

	/** `WebhookService.runWebhookMethod`: the node's lifecycle method, in a HookContext. */
	private async runWebhookMethod(
		method: WebhookSetupMethodNames,
		workflow: Workflow,
		webhookData: IWebhookData,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const node = workflow.getNode(webhookData.node);
		if (!node) return undefined;
		const nodeType = this.instance.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookFn = nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[method];
		if (webhookFn === undefined) return undefined;
		const context = new HookContext(
			workflow,
			node,
			webhookData.workflowExecuteAdditionalData,
			'trigger',
			activation,
			webhookData,
		);
		return (await webhookFn.call(context)) as boolean;
	}

	/** The registered production webhook for a method and path, if any. */
	findWebhook(httpMethod: string, path: string): RegisteredWebhook | undefined {
		return this.webhooks.get(`${httpMethod} ${path}`);
	}

	/** Methods registered for a path (for n8n's "Did you mean to make a … request?"). */
	methodsFor(path: string): string[] {
		return [...this.webhooks.values()].filter((w) => w.path === path).map((w) => w.httpMethod);
	}

	/** The active version of a workflow (a copy). */
	workflowData(workflowId: string): IWorkflowBase | undefined {
		const data = this.workflows.get(workflowId);
		return data ? copy(data) : undefined;
	}
}
