/**
 * The waiting-webhook server (`/webhook-waiting/:executionId{/:suffix}`) as n8n 2.41 runs it,
 * from `packages/cli/src/webhooks/waiting-webhooks.ts` (`WaitingWebhooks.executeWebhook` and
 * `getWebhookExecutionData`), plus the WaitTracker's timeout resume.
 *
 * Order of checks, as in 2.x:
 * 1. load the execution (a fresh copy); if it has a `resumeToken` (n8n ≥ 2.14), the request's
 *    `?signature=` must equal it (timing-safe), else 401 `{"error":"Invalid token"}`. A signature
 *    with a '/' in it is split, the part after it used as the suffix (old
 *    `resumeUrl + '/suffix'` URLs). 1.x has no token and no check.
 * 2. unknown execution → 404; status 'running' → 409 "is running already"; an error in
 *    resultData → 409 "has finished with error"; finished → 409 "has finished already".
 * 3. disable the waiting node (the stack entry, not the workflow's node), clear `waitTill`, pop the
 *    node's last run (so `webhook()` cannot see what `execute()` returned);
 * 4. find the node's webhook with the request method, `path === suffix ?? ''` and
 *    `restartWebhook: true` (non-form), else 404;
 * 5. `executeWebhook` (executeWebhook.ts). Without workflowData nothing is written and the
 *    execution stays waiting; with it, the execution is claimed (status must still be 'waiting',
 *    else 500 from `ExecutionAlreadyResumingError`, n8n ≥ ~2.8; 1.x had no such guard) and continued.
 *
 * 1.x differences, not replicated: no token; `runData.pop()` without keeping `inputOverride`; items
 * on outputs > 0 of the resumed node are dropped (no `forwardAllOutputs`); `$execution.customData`
 * instead of `this.customData` in `webhook()`; a missing restart webhook with Form/Wait children
 * answered `noWebhookResponse` instead of 404.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import type { IRunExecutionData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ExecutionHandle } from './executionHandle';
import { executeWebhook } from './executeWebhook';
import type { HttpRequestSpec, HttpResult } from './fakeHttp';
import { FakeResponse, createFakeRequest } from './fakeHttp';
import { ConflictError, NotFoundError } from './httpErrors';
import type { N8nInstance } from './instance';
import { getNodeWebhooks } from './nodeWebhooks';
import type { WebhookRequest } from './webhookRequest';
import { sanitizeWebhookRequest } from './webhookRequest';
import type { WebhookOutcome } from './webhookResponder';
import { sendWebhookOutcome } from './webhookResponder';

const RESUME_TOKEN_QUERY_PARAM = 'signature';

function validateToken(
	req: WebhookRequest,
	data: IRunExecutionData,
): { valid: boolean; webhookPath?: string } {
	const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`);
	let provided = url.searchParams.get(RESUME_TOKEN_QUERY_PARAM);
	const stored = data.resumeToken;
	let webhookPath: string | undefined;
	if (!provided || !stored) return { valid: false };
	if (provided.includes('/')) {
		const slash = provided.indexOf('/');
		webhookPath = provided.slice(slash + 1);
		provided = provided.slice(0, slash);
	}
	if (provided.length !== stored.length) return { valid: false };
	return { valid: timingSafeEqual(Buffer.from(provided), Buffer.from(stored)), webhookPath };
}

/**
 * Handles one request to `/webhook-waiting/<executionId>[/<suffix>]`. Throws the CLI's response
 * errors (404/409); calls `respond` with the answer otherwise. Returns the execution id when the
 * execution was continued.
 */
export async function handleWaitingWebhook(
	instance: N8nInstance,
	req: WebhookRequest,
	res: Response,
	params: { executionId: string; suffix?: string },
	respond: (outcome: WebhookOutcome) => void,
): Promise<string | undefined> {
	const { executionId } = params;
	let { suffix } = params;
	sanitizeWebhookRequest(req);
	req.params = {};

	const execution = instance.db.findExecution(executionId);

	if (execution?.data.resumeToken) {
		const { valid, webhookPath } = validateToken(req, execution.data);
		if (!valid) {
			res.status(401).json({ error: 'Invalid token' });
			respond({ kind: 'none' });
			return undefined;
		}
		if (!suffix && webhookPath) suffix = webhookPath;
	}

	if (!execution) throw new NotFoundError(`The execution "${executionId}" does not exist.`);
	if (execution.status === 'running') {
		throw new ConflictError(`The execution "${executionId}" is running already.`);
	}
	if (execution.data?.resultData?.error) {
		throw new ConflictError(`The execution "${executionId}" has finished with error.`);
	}
	if (execution.finished) {
		// Sic: n8n's message lacks the closing quote.
		throw new ConflictError(`The execution "${executionId} has finished already.`);
	}

	const lastNodeExecuted = execution.data.resultData.lastNodeExecuted as string;

	// Disabled so the wait does not start over when the stack entry runs again.
	execution.data.executionData!.nodeExecutionStack[0].node.disabled = true;
	execution.data.waitTill = undefined;

	const stackEntry = execution.data.executionData?.nodeExecutionStack[0];
	if (stackEntry?.node?.type?.endsWith('HitlTool')) {
		stackEntry.node.rewireOutputLogTo = NodeConnectionTypes.AiTool;
	}
	const runs = execution.data.resultData.runData[lastNodeExecuted];
	const popped = runs[runs.length - 1];
	runs.pop();
	if (popped?.inputOverride) {
		runs.push({
			startTime: 0,
			executionTime: 0,
			executionIndex: 0,
			source: popped.source ?? [],
			inputOverride: popped.inputOverride,
		});
	}

	const { workflowData } = execution;
	const workflow = instance.createWorkflow(workflowData);
	const startNode = workflow.getNode(lastNodeExecuted);
	if (startNode === null) throw new NotFoundError('Could not find node to process webhook.');

	const additionalData = instance.baseAdditionalData(workflow.id);
	const webhookData = getNodeWebhooks(workflow, startNode, additionalData).find(
		(webhook) =>
			webhook.httpMethod === req.method &&
			webhook.path === (suffix ?? '') &&
			webhook.webhookDescription.restartWebhook === true &&
			(webhook.webhookDescription.nodeType === 'form') === false,
	);
	if (webhookData === undefined) {
		throw new NotFoundError(
			`The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`,
		);
	}

	return await executeWebhook(
		instance,
		{
			workflow,
			webhookData,
			workflowData,
			startNode,
			mode: execution.mode,
			runExecutionData: execution.data,
			executionId: execution.id,
			req,
			res,
		},
		respond,
	);
}

export interface ResumeRequest extends HttpRequestSpec {
	/** Path suffix after the execution id (matched against the restart webhook's `path`). */
	suffix?: string;
	/** Leave out the `?signature=` token the handle's resume URL carries (to test the 401). */
	withoutToken?: boolean;
	/** Default true: also wait for the continued run to end before resolving. */
	waitForRun?: boolean;
}

export interface ResumeResult extends HttpResult {
	/** Whether the execution was continued (webhook() returned workflowData and the claim won). */
	resumed: boolean;
}

/**
 * Replays one call of a waiting execution's resume URL in-process: what a POST to
 * `$execution.resumeUrl` does in n8n, without a socket. Resolves with the answer and, by default,
 * after the continued run has ended (the handle then shows the new status and outputs).
 */
export async function resumeExecution(
	handle: ExecutionHandle,
	request: ResumeRequest = {},
): Promise<ResumeResult> {
	const { instance, executionId } = handle;
	const url = new URL(request.url ?? handle.resumeUrlWithSuffix(request.suffix));
	if (request.withoutToken) url.searchParams.delete(RESUME_TOKEN_QUERY_PARAM);
	const path = url.pathname.split('/').filter(Boolean);
	const suffix = path.length > 2 ? path.slice(2).join('/') : undefined;
	const req = createFakeRequest({ ...request, url: url.toString() }, url.pathname);
	const res = new FakeResponse();

	let resumedId: string | undefined;
	try {
		resumedId = await handleWaitingWebhook(
			instance,
			req,
			res.asExpress(),
			{ executionId: path[1] ?? executionId, suffix },
			(outcome) => sendWebhookOutcome(res.asExpress(), outcome),
		);
	} catch (error) {
		sendWebhookOutcome(res.asExpress(), { kind: 'error', error: error as Error });
	}
	const result = await res.finished;
	if (resumedId !== undefined && request.waitForRun !== false) await instance.settled(resumedId);
	return { ...result, resumed: resumedId !== undefined };
}

/** The WaitTracker's resume of an execution whose wait limit passed (see `N8nInstance.expireWait`). */
export async function expireWait(
	handle: ExecutionHandle,
	options: { force?: boolean } = {},
): Promise<ExecutionHandle> {
	return await handle.instance.expireWait(handle.executionId, options);
}
