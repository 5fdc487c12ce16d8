import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { unregisteredWebhookMethods } from '../shared/webhookMethods';
import { WEBHOOK_PATH, triggerProperties } from './properties';
import { emitCallbacks } from './emit';
import { receiveCallback } from './receive';

export class ModelsLabTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ModelsLab Trigger',
		name: 'modelsLabTrigger',
		icon: { light: 'file:modelslab.svg', dark: 'file:modelslab.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=Results of ModelsLab jobs',
		description:
			'Starts the workflow when ModelsLab posts the result of a job: once per job, by outcome',
		defaults: { name: 'ModelsLab Trigger' },
		inputs: [],
		outputs: `={{ $parameter.options?.emitProgress ? [{ type: "main", displayName: "Success" }, { type: "main", displayName: "Failed" }, { type: "main", displayName: "Progress" }] : [{ type: "main", displayName: "Success" }, { type: "main", displayName: "Failed" }] }}`,
		credentials: [
			{
				name: 'modelsLabApi',
				required: true,
				displayOptions: { show: { verifyWithModelsLab: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, not absent (n8n's default would be the text "firstEntryJson"): the body is
				// webhook()'s webhookResponse.
				responseData: '',
				path: WEBHOOK_PATH,
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = unregisteredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await emitCallbacks.call(this);
	}
}
