/** execute(): one entry, dispatching on the operation and the wait mode. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GET_RESULT } from './description/jobProperties';
import { GET_BALANCE } from './description/accountProperties';
import { getBalances } from './getBalance';
import { WAIT_CALLBACK, WAIT_POLL } from './description/waitProperties';
import { queueAll } from './modes/dontWait/queueAll';
import { getResults } from './getResult';
import {
	nodeRetryRefusal,
	readOptions,
	runsAsAgentTool,
	separateFailedOutput,
} from './job/options';
import { pollToOutputs } from './modes/poll/toOutputs';
import type { RequestPlan } from './job/plan';
import { planRequest } from './job/plan';
import { errorJson, outcomeOf, routeItems, toRoutedItems } from './job/outputs';
import type { Submission } from './job/submit';
import { defaultTrackId } from './job/submit';
import { throwOnSubmitError } from './job/submitErrors';
import { waitForCallbacks } from './modes/callback/start';
import { callbackTarget } from './modes/callback/reachability';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const separate = separateFailedOutput(this);
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === GET_RESULT) return routeItems(await getResults(this, items), separate);
	if (operation === GET_BALANCE) return [await getBalances(this, items)];
	// Every other operation submits paid jobs: n8n's own retry of the node would submit them again.
	const refusal = nodeRetryRefusal(this);
	if (refusal && !this.continueOnFail()) throw refusal;
	if (refusal) {
		// n8n's On Error › Continue would pass a thrown error's input items on as they came: say it in each.
		const refused = items.map((_, itemIndex) => ({
			item: { json: errorJson(refusal), pairedItem: { item: itemIndex } },
			failed: true,
		}));
		return routeItems(refused, separate);
	}

	// Every item's request is built and checked (binary inputs too: present, of the right kind,
	// within the upload limit) before any job is submitted; each item's files are uploaded just
	// before its own submit (submit.ts).
	const plans: Array<RequestPlan | Submission> = items.map((_, itemIndex) => {
		try {
			return planRequest(this, itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			return { itemIndex, error: error as Error };
		}
	});
	const options = readOptions(this, 0);
	let waitMode = this.getNodeParameter('waitMode', 0, WAIT_CALLBACK) as string;
	const toSubmit = plans.filter((plan): plan is RequestPlan => 'request' in plan);
	if (
		waitMode === WAIT_CALLBACK &&
		toSubmit.length &&
		toSubmit.every((plan) => !plan.acceptsWebhook)
	) {
		// This endpoint cannot call back (ModelsLab posts workflow results to the webhook set on
		// the workflow itself): wait by polling instead.
		waitMode = WAIT_POLL;
	}
	if (waitMode === WAIT_CALLBACK && runsAsAgentTool(this)) {
		// An agent's tool call must answer within the agent's run; pausing the execution there
		// would leave the agent with "processing" and the workflow waiting after it.
		waitMode = WAIT_POLL;
	}
	const executionId = this.getExecutionId();
	const poll = async () =>
		await pollToOutputs(
			this,
			plans,
			{ webhookFor: () => undefined, defaultTrackId: (plan) => defaultTrackId(executionId, plan) },
			separate,
		);
	if (waitMode === WAIT_CALLBACK) {
		const { resumeUrl, unreachable } = await callbackTarget(this);
		if (!unreachable)
			return await waitForCallbacks(this, resumeUrl, items, plans, options, separate);
		// Said before anything is submitted: poll (the batch still completes) and say why on every item.
		this.logger.warn(`ModelsLab: ${unreachable}`);
		const outputs = await poll();
		for (const output of outputs) for (const item of output) item.json.notice = unreachable;
		return outputs;
	}
	if (waitMode === WAIT_POLL) return await poll();
	// Don't wait: queue every item as the account's queue takes it, then answer with the ids.
	const submissions = await queueAll(this, plans, options, {
		webhookFor: (plan) =>
			String(this.getNodeParameter('callbackUrl', plan.itemIndex, '')).trim() || undefined,
		defaultTrackId: (plan) => defaultTrackId(executionId, plan),
	});
	throwOnSubmitError(this, submissions);

	// Don't wait: what ModelsLab answered, at once.
	return routeItems(
		await toRoutedItems(this, submissions.map(outcomeOf), (itemIndex) =>
			readOptions(this, itemIndex),
		),
		separate,
	);
}
