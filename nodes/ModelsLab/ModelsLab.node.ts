import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { unregisteredWebhookMethods } from '../shared/webhookMethods';
import { router } from './actions/router';
import { catalogueProperties, operationPickers, resourcePicker } from './description/catalogueProperties';
import { jobOperations, jobProperties } from './description/jobProperties';
import { SEPARATE_OUTPUT, waitProperties } from './description/waitProperties';
import { resumeWebhook } from './resume/resumeWebhook';

export class ModelsLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ModelsLab',
		name: 'modelsLab',
		icon: { light: 'file:modelslab.svg', dark: 'file:modelslab.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Generate images, video, audio and 3D, edit images and train models with ModelsLab, without polling',
		defaults: { name: 'ModelsLab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.failedJobs === "${SEPARATE_OUTPUT}" ? [{ type: "main", displayName: "Success" }, { type: "main", displayName: "Failed" }] : [{ type: "main" }] }}`,
		credentials: [{ name: 'modelsLabApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: '',
				restartWebhook: true,
			},
		],
		waitingNodeTooltip:
			'Waiting for ModelsLab to call back with the result. The request IDs are in this execution\'s custom data.',
		properties: [
			resourcePicker,
			...operationPickers(jobOperations),
			...catalogueProperties,
			...jobProperties,
			...waitProperties,
		],
};

	webhookMethods = unregisteredWebhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWebhook.call(this);
	}
}
