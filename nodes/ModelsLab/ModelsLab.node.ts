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
import { router } from './router';
import { listSearch } from './methods';
import {
	catalogueProperties,
	operationPickers,
	resourcePicker,
} from './description/catalogueProperties';
import { jobOperations, jobProperties } from './description/jobProperties';
import { SEPARATE_OUTPUT, waitProperties } from './description/waitProperties';
import { SIMPLIFY_DEFAULT_VERSION, outputProperties } from './description/outputProperties';
import { resumeWebhook } from './modes/callback/webhook';

export class ModelsLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ModelsLab',
		name: 'modelsLab',
		icon: { light: 'file:modelslab.svg', dark: 'file:modelslab.dark.svg' },
		group: ['transform'],
		// 1.1: Simplify is on by default (description/outputProperties.ts); version 1 keeps the full output.
		version: [1, SIMPLIFY_DEFAULT_VERSION],
		defaultVersion: SIMPLIFY_DEFAULT_VERSION,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Generate images, video, audio and 3D, edit images and train models with ModelsLab, without polling',
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
		// Shown on the node while the execution waits; the editor resolves it with $parameter and
		// $execution (id, resumeUrl) only, so the request ids are pointed to, not listed.
		waitingNodeTooltip:
			'={{ "Waiting for ModelsLab to call back with the results, each job for at most " + (($parameter.options && $parameter.options.timeoutMinutes) || 60) + " minutes. The request IDs of the jobs submitted first are in execution " + $execution.id + "\'s custom data (modelslab_request_ids); every job\'s track_id is n8n-" + $execution.id + "-<item index>." }}',
		properties: [
			resourcePicker,
			...operationPickers(jobOperations),
			...catalogueProperties,
			...jobProperties,
			...waitProperties,
			...outputProperties,
		],
	};

	methods = { listSearch };

	webhookMethods = unregisteredWebhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWebhook.call(this);
	}
}
