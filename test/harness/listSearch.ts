/**
 * Runs a node's resource-locator search the way the editor's request does in n8n
 * (`DynamicNodeParametersService.getResourceLocatorResults`): a throwaway workflow holding the node
 * as the editor currently has it, n8n-core's real `LoadOptionsContext` (so credentials and
 * `httpRequestWithAuthentication` behave as in n8n), then `methods.listSearch[method]`.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import type { N8nInstance } from './instance';

export interface ListSearchInput {
	nodeType: string;
	/** The node's parameters as the editor holds them (resource, operation…). */
	parameters: INodeParameters;
	method: string;
	filter?: string;
	paginationToken?: string;
	/** The parameter being searched, as n8n passes it (`parameters.<name>`). */
	path?: string;
}

export async function listSearch(
	instance: N8nInstance,
	input: ListSearchInput,
): Promise<INodeListSearchResult> {
	const node = instance.completeNode({
		name: 'Node',
		type: input.nodeType,
		parameters: input.parameters,
	});
	const workflow = instance.scratchWorkflow([node], 'list-search');
	const nodeType = instance.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.listSearch?.[input.method];
	if (!method)
		throw new Error(`Node type ${input.nodeType} has no listSearch method "${input.method}"`);
	const additionalData = instance.baseAdditionalData();
	// n8n hands the editor's current parameters to the context this way (getCurrentNodeParameter).
	additionalData.currentNodeParameters = workflow.getNode(node.name)!.parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		input.path ?? 'parameters.modelId',
	);
	return await method.call(context, input.filter, input.paginationToken);
}
