/**
 * Per-item node parameters inside webhook(), so the scheduler can submit item k from a callback.
 *
 * IWebhookFunctions.getNodeParameter evaluates for item 0 only, but n8n-core's WebhookContext of
 * a waiting execution is built on the waiting node's own input items (webhook-context.js, 1.123
 * and 2.41: `connectionInputData = runExecutionData.executionData.nodeExecutionStack[0].data.main[0]`,
 * the stack entry n8n puts back when the node waits), and its public `evaluateExpression(expr,
 * itemIndex)` resolves `$json` against item `itemIndex` of them. So each expression in the node's
 * parameters (n8n fills in the defaults when it builds the Workflow) is evaluated for the item.
 */
import type { IExecuteFunctions, IWebhookFunctions, NodeParameterValueType } from 'n8n-workflow';

function resolve(ctx: IWebhookFunctions, value: unknown, itemIndex: number): unknown {
	if (typeof value === 'string') return value.startsWith('=') ? ctx.evaluateExpression(value.slice(1), itemIndex) : value;
	if (Array.isArray(value)) return value.map((entry) => resolve(ctx, entry, itemIndex));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(ctx, entry, itemIndex)]));
	}
	return value;
}

function lookup(parameters: unknown, name: string): unknown {
	let value = parameters;
	for (const part of name.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/**
 * The part of IExecuteFunctions that planRequest reads (getNode, per-item getNodeParameter),
 * answered from a webhook() context for any item of the waiting node's input.
 */
export function itemParameterContext(ctx: IWebhookFunctions): IExecuteFunctions {
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: { extractValue?: boolean }) => {
		const raw = lookup(ctx.getNode().parameters, name);
		if (raw === undefined) return fallback as NodeParameterValueType;
		let value = resolve(ctx, raw, itemIndex);
		if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) value = (value as unknown as { value: unknown }).value;
		return value as NodeParameterValueType;
	};
	const view = {
		getNode: () => ctx.getNode(),
		getNodeParameter,
		// readOptions (actions/options.ts) reads per item when the context has input items.
		getInputData: () => [],
		continueOnFail: () => false,
		logger: ctx.logger,
	};
	return view as unknown as IExecuteFunctions;
}
