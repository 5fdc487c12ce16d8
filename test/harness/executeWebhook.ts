/**
 * `executeWebhook` from `packages/cli/src/webhooks/webhook-helpers.ts` (n8n 2.x), the code both
 * production webhooks and waiting webhooks go through:
 *
 * 1. evaluate the webhook description's `responseMode` (default 'onReceived'), `responseCode`
 *    (default 200) and `responseData` (default the literal 'firstEntryJson');
 * 2. put req/res on additionalData, parse the body (requestBody.ts), call the node's `webhook()`;
 *    if it throws: answer 500 "Workflow Webhook Error: Workflow could not be started!" and still
 *    run the workflow with `[[{ json: {} }]]` and the error merged into resultData (replicated
 *    from the code, not checked against a real n8n);
 * 3. `noWebhookResponse: true`: the node answered through `getResponseObject()`;
 * 4. no `workflowData`: answer `webhookResponse` (or `{ message: 'Webhook call received' }`) with
 *    `responseCode` and stop: nothing runs and nothing is written;
 * 5. else prepare the execution data: a resumed execution gets the data on its node-execution-stack
 *    entry (`nodeExecutionStack[0].data.main = workflowData`) with `metadata.forwardAllOutputs`
 *    (n8n ≥ 2.39, so every output of the resumed node is forwarded; 1.x forwarded output 0 only),
 *    a new one gets `createRunExecutionData({ executionData: { nodeExecutionStack: [start node] } })`;
 * 6. run it (`WorkflowRunner.run`), then answer:
 *    - 'onReceived': once the execution exists, the evaluated `responseData` if set ('noData' → no
 *      body), else `webhookResponse`, else `{ message: 'Workflow was started' }`; because the
 *      default is the string 'firstEntryJson', a description without `responseData` answers the
 *      literal text `firstEntryJson` (seen in a real n8n);
 *    - 'lastNode': after the run, from the last node's first output (`firstEntryJson`,
 *      `allEntries`, `noData`; `firstEntryBinary` is not replicated), 500 "Error in workflow" if
 *      it failed;
 *    - 'responseNode', 'streaming', 'formPage', 'hostedChat': not replicated (answered 500).
 * Errors below 500 that are response errors (404, 409, 422) are answered as such, anything else
 * as 500 "There was a problem executing the workflow" (e.g. `ExecutionAlreadyResumingError`).
 * Response headers from the description (`responseHeaders`) are not replicated.
 */
import type {
	IDataObject,
	IExecuteData,
	INode,
	IRunExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowDataProxyAdditionalKeys,
	NodeParameterValueType,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { OperationalError, UnexpectedError, resolveWebhookDescriptionField } from 'n8n-workflow';

import { ResponseError } from './httpErrors';
import type { N8nInstance } from './instance';
import { runWebhook } from './nodeWebhooks';
import type { WebhookRequest } from './webhookRequest';
import { parseRequestBody } from './webhookRequest';
import type { WebhookOutcome } from './webhookResponder';
import type { Response } from 'express';

export interface ExecuteWebhookInput {
	workflow: Workflow;
	webhookData: IWebhookData;
	workflowData: IWorkflowBase;
	startNode: INode;
	mode: WorkflowExecuteMode;
	/** Set when resuming a waiting execution. */
	runExecutionData?: IRunExecutionData;
	/** Set when resuming a waiting execution. */
	executionId?: string;
	req: WebhookRequest;
	res: Response;
}

const SUPPORTED_RESPONSE_MODES = ['onReceived', 'lastNode'];
const KNOWN_RESPONSE_MODES = [
	'onReceived',
	'lastNode',
	'responseNode',
	'formPage',
	'streaming',
	'hostedChat',
];

/** `WebhookExecutionContext`: native resolution first, else the expression engine. */
function describe(
	input: ExecuteWebhookInput,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
	property: string,
	defaultValue: NodeParameterValueType | undefined,
	complex: boolean,
): unknown {
	const { workflow, startNode, webhookData, mode } = input;
	const native = resolveWebhookDescriptionField(
		startNode,
		webhookData.webhookDescription,
		property,
	);
	if (native.resolved) return native.value;
	const value = webhookData.webhookDescription[property];
	if (complex) {
		return workflow.expression.getComplexParameterValue(
			startNode,
			value as string,
			mode,
			additionalKeys,
			undefined,
			defaultValue,
		);
	}
	return workflow.expression.getSimpleParameterValue(
		startNode,
		value as string | boolean | undefined,
		mode,
		additionalKeys,
		undefined,
		defaultValue as string | number | boolean | undefined,
	);
}

/** `prepareExecutionData` from webhook-helpers.ts. */
function prepareExecutionData(
	instance: N8nInstance,
	startNode: INode,
	webhookResultData: IWebhookResponseData,
	runExecutionData: IRunExecutionData | undefined,
	runExecutionDataMerge: object,
	executionId: string | undefined,
	mode: WorkflowExecuteMode,
	workflowData: IWorkflowBase,
): IRunExecutionData {
	const nodeExecutionStack: IExecuteData[] = [
		{ node: startNode, data: { main: webhookResultData.workflowData ?? [] }, source: null },
	];
	const prepared = runExecutionData ?? instance.newRunExecutionData(nodeExecutionStack);
	if (executionId !== undefined) {
		const resuming = prepared.executionData!.nodeExecutionStack[0];
		resuming.data.main = webhookResultData.workflowData ?? [];
		resuming.metadata = { ...resuming.metadata, forwardAllOutputs: true };
	}
	if (Object.keys(runExecutionDataMerge).length !== 0)
		Object.assign(prepared, runExecutionDataMerge);
	if (['manual', 'evaluation'].includes(mode)) prepared.resultData.pinData = workflowData.pinData;
	return prepared;
}

/** `extractWebhookOnReceivedResponse`. */
function onReceivedBody(responseData: unknown, webhookResultData: IWebhookResponseData): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResultData.webhookResponse !== undefined)
		return webhookResultData.webhookResponse as unknown;
	return { message: 'Workflow was started' };
}

/** The 'lastNode' answer once the run has ended. */
function lastNodeOutcome(
	instance: N8nInstance,
	executionId: string,
	responseData: unknown,
	responseCode: number,
	responsePropertyName: unknown,
): WebhookOutcome {
	const record = instance.db.findExecution(executionId);
	const resultData = record?.data.resultData;
	const lastNode = resultData?.lastNodeExecuted;
	const runs = lastNode ? resultData?.runData[lastNode] : undefined;
	const lastTask = runs?.[runs.length - 1];
	if (!record || resultData?.error || lastTask?.error !== undefined) {
		return { kind: 'legacy', data: { message: 'Error in workflow' }, responseCode: 500 };
	}
	if (lastTask === undefined) {
		return {
			kind: 'legacy',
			data: { message: 'Workflow executed successfully but the last node did not return any data' },
			responseCode,
		};
	}
	const items = lastTask.data?.main?.[0] ?? [];
	if (responseData === 'noData') return { kind: 'static', body: undefined, code: responseCode };
	if (responseData === 'allEntries') {
		return { kind: 'static', body: items.map((item) => item.json), code: responseCode };
	}
	if (responseData === 'firstEntryJson' || responseData === undefined) {
		if (items.length === 0) {
			return { kind: 'error', error: new OperationalError('No item to return was found') };
		}
		const json = items[0].json as IDataObject;
		const body = typeof responsePropertyName === 'string' ? json[responsePropertyName] : json;
		return { kind: 'static', body, code: responseCode };
	}
	return {
		kind: 'error',
		error: new UnexpectedError(
			`The harness does not replicate responseData "${String(responseData)}"`,
		),
	};
}

/**
 * Runs a webhook call. `respond` is called once with the answer (later calls are ignored, as with
 * n8n's promise-wrapped callback). Returns the execution id when an execution was started or resumed.
 */
export async function executeWebhook(
	instance: N8nInstance,
	input: ExecuteWebhookInput,
	respond: (outcome: WebhookOutcome) => void,
): Promise<string | undefined> {
	const { workflow, webhookData, workflowData, startNode, mode, req, res } = input;
	let { runExecutionData } = input;
	let executionId = input.executionId;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(startNode.type, startNode.typeVersion);
	const additionalKeys: IWorkflowDataProxyAdditionalKeys = { $executionId: executionId };

	const additionalData = instance.baseAdditionalData(workflow.id);
	if (executionId) additionalData.executionId = executionId;

	const responseMode = String(describe(input, additionalKeys, 'responseMode', 'onReceived', false));
	const responseCode = Number(describe(input, additionalKeys, 'responseCode', 200, false));
	const responseData = describe(input, additionalKeys, 'responseData', 'firstEntryJson', true);
	const responsePropertyName = describe(
		input,
		additionalKeys,
		'responsePropertyName',
		undefined,
		false,
	);

	if (!KNOWN_RESPONSE_MODES.includes(responseMode)) {
		const message = `The response mode '${responseMode}' is not valid!`;
		respond({ kind: 'error', error: new UnexpectedError(message) });
		throw new ResponseError(message, 500, 500);
	}
	if (!SUPPORTED_RESPONSE_MODES.includes(responseMode)) {
		respond({
			kind: 'error',
			error: new UnexpectedError(`The harness does not replicate response mode '${responseMode}'`),
		});
		return undefined;
	}

	additionalData.httpRequest = req;
	additionalData.httpResponse = res;

	let didSendResponse = false;
	const send = (outcome: WebhookOutcome) => {
		if (didSendResponse) return;
		didSendResponse = true;
		respond(outcome);
	};
	let runExecutionDataMerge: object = {};

	try {
		await parseRequestBody(req, startNode, workflow, mode, additionalKeys);

		let webhookResultData: IWebhookResponseData;
		try {
			webhookResultData = await runWebhook(
				workflow,
				webhookData,
				startNode,
				additionalData,
				mode,
				runExecutionData ?? null,
			);
		} catch (caught) {
			const err = caught as Error;
			const webhookType = ['formTrigger', 'form'].includes(nodeType.description.name)
				? 'Form'
				: 'Webhook';
			send({
				kind: 'error',
				error: new UnexpectedError(`Workflow ${webhookType} Error: Workflow could not be started!`),
			});
			runExecutionDataMerge = {
				resultData: {
					runData: {},
					lastNodeExecuted: startNode.name,
					error: { ...err, message: err.message, stack: err.stack },
				},
			};
			webhookResultData = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}

		if (webhookResultData.noWebhookResponse === true) send({ kind: 'none' });

		if (webhookResultData.workflowData === undefined) {
			if (webhookResultData.webhookResponse !== undefined) {
				send({ kind: 'legacy', data: webhookResultData.webhookResponse, responseCode });
			} else {
				send({ kind: 'legacy', data: { message: 'Webhook call received' }, responseCode });
			}
			return undefined;
		}

		const shouldDeferOnReceivedResponse = responseMode === 'onReceived' && !didSendResponse;

		runExecutionData = prepareExecutionData(
			instance,
			startNode,
			webhookResultData,
			runExecutionData,
			runExecutionDataMerge,
			executionId,
			mode,
			workflowData,
		);

		executionId = await instance.runFromWebhook({
			workflowData,
			runExecutionData,
			mode,
			existingExecutionId: executionId,
		});

		if (shouldDeferOnReceivedResponse) {
			additionalKeys.$executionId = executionId;
			additionalKeys.$execution = {
				id: executionId,
				mode: mode === 'manual' ? 'test' : 'production',
				resumeUrl: `${instance.urls.webhookWaitingBaseUrl}/${executionId}`,
				resumeFormUrl: `${instance.urls.formWaitingBaseUrl}/${executionId}`,
			};
			const evaluated = describe(input, additionalKeys, 'responseData', 'firstEntryJson', true);
			send({
				kind: 'static',
				body: onReceivedBody(evaluated, webhookResultData),
				code: responseCode,
			});
		}

		if (!didSendResponse) {
			const startedId = executionId;
			void instance.settled(startedId).then(() => {
				send(
					lastNodeOutcome(instance, startedId, responseData, responseCode, responsePropertyName),
				);
			});
		}
		return executionId;
	} catch (caught) {
		const e = caught as Error;
		const error =
			e instanceof ResponseError && e.httpStatusCode < 500
				? e
				: new OperationalError('There was a problem executing the workflow', { cause: e });
		if (didSendResponse) throw error;
		send({ kind: 'error', error });
		return undefined;
	}
}
