/**
 * Production webhooks of active workflows (`/webhook/<path>`), as n8n's `LiveWebhooks`
 * (`packages/cli/src/webhooks/live-webhooks.ts`) handles them: find the registered webhook for
 * method and path (trailing slash removed) or 404, build the workflow from its active version with
 * the stored static data, strip n8n's own cookies, run `executeWebhook` in mode 'webhook' and,
 * once answered, save the static data if `webhook()` changed it.
 *
 * The trigger node's `webhook()` output becomes the start node's input; `WorkflowExecute` then
 * runs the trigger node itself: a node that also has `execute()` gets it run on that output (so it
 * can dedupe and branch there), one without passes the output through.
 *
 * Not replicated: dynamic path segments (`:id`), CORS, form triggers, test webhooks.
 */
import type { Response } from 'express';

import { withoutChangeFlag } from './clone';
import { executeWebhook } from './executeWebhook';
import { NotFoundError, WebhookNotFoundError } from './httpErrors';
import type { N8nInstance } from './instance';
import { getNodeWebhooks } from './nodeWebhooks';
import type { WebhookRequest } from './webhookRequest';
import { sanitizeWebhookRequest } from './webhookRequest';
import type { WebhookOutcome } from './webhookResponder';

export async function handleLiveWebhook(
	instance: N8nInstance,
	req: WebhookRequest,
	res: Response,
	path: string,
	respond: (outcome: WebhookOutcome) => void,
): Promise<string | undefined> {
	const httpMethod = req.method;
	req.params = {};
	const webhookPath = path.endsWith('/') ? path.slice(0, -1) : path;
	const registered = instance.activeWorkflows.findWebhook(httpMethod, webhookPath);
	if (!registered) {
		throw new WebhookNotFoundError(
			webhookPath,
			httpMethod,
			instance.activeWorkflows.methodsFor(webhookPath),
		);
	}

	const workflowData = instance.activeWorkflows.workflowData(registered.workflowId);
	if (!workflowData)
		throw new NotFoundError(`Could not find workflow with id "${registered.workflowId}"`);
	const workflow = instance.createWorkflow(
		workflowData,
		instance.db.getStaticData(workflowData.id),
	);

	const additionalData = instance.baseAdditionalData(workflow.id);
	const webhookData = getNodeWebhooks(
		workflow,
		workflow.getNode(registered.node)!,
		additionalData,
	).find((webhook) => webhook.httpMethod === httpMethod && webhook.path === registered.path);
	const startNode = webhookData ? workflow.getNode(webhookData.node) : null;
	if (!webhookData || startNode === null)
		throw new NotFoundError('Could not find node to process webhook.');

	sanitizeWebhookRequest(req);

	return await executeWebhook(
		instance,
		{ workflow, webhookData, workflowData, startNode, mode: 'webhook', req, res },
		(outcome) => {
			if (outcome.kind !== 'error' && workflow.staticData.__dataChanged === true) {
				instance.db.saveStaticData(workflow.id, withoutChangeFlag(workflow.staticData));
				workflow.staticData.__dataChanged = false;
			}
			respond(outcome);
		},
	);
}
