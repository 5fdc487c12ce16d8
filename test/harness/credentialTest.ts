/**
 * Runs a credential type's `test` request the way n8n's `CredentialsTester`
 * (`packages/cli/src/services/credentials-tester.service.ts`) does for request-based tests: defaults
 * applied to the data, a temporary `n8n-nodes-base.noOp`-named node whose only property routes
 * `test.request`, run through n8n-core's `RoutingNode` (so the credential's `authenticate` is
 * applied as in a real test), then the `rules`: `responseCode` on a failed request,
 * `responseSuccessBody` on a successful one. Function-style tests (`testedBy` on a node) are not
 * replicated.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRunExecutionData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { N8nInstance } from './instance';

interface ErrorWithResponse {
	message: string;
	cause?: { response?: { status: number; statusText?: string }; code?: string };
}

const getPath = (value: unknown, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>(
			(current, key) => (current as Record<string, unknown> | undefined)?.[key],
			value,
		);

/** Tests the instance's stored data for `typeName` (or the given data). */
export async function testCredentials(
	instance: N8nInstance,
	typeName: string,
	data?: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const type = instance.credentials.getType(typeName);
	if (!type.test)
		return { status: 'Error', message: 'No testing function found for this credential.' };
	const testRequest = type.test;

	const raw = data ?? instance.credentials.storedData(typeName) ?? {};
	const additionalData = instance.baseAdditionalData();
	let credentialsDecrypted: ICredentialsDecrypted;
	try {
		credentialsDecrypted = {
			id: `${typeName}-id`,
			name: `${typeName} account`,
			type: typeName,
			data: await instance.credentials.applyDefaults(additionalData, raw, typeName, 'internal'),
		};
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as ErrorWithResponse;
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const json = response?.[0]?.[0]?.json;
			if (getPath(json, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
