/**
 * Per-item node parameters inside webhook(), so the scheduler can submit item k from a callback.
 *
 * IWebhookFunctions.getNodeParameter evaluates for item 0 only, but n8n-core's WebhookContext of
 * a waiting execution is built on the waiting node's own input items (webhook-context.js, 1.123
 * and 2.41: `connectionInputData = runExecutionData.executionData.nodeExecutionStack[0].data.main[0]`,
 * the stack entry n8n puts back when the node waits), and its public `evaluateExpression(expr,
 * itemIndex)` resolves `$json` and `$binary` against item `itemIndex` of them. So each expression in the node's
 * parameters (n8n fills in the defaults when it builds the Workflow) is evaluated for the item.
 */
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	NodeParameterValueType,
} from 'n8n-workflow';

function resolve(ctx: IWebhookFunctions, value: unknown, itemIndex: number): unknown {
	if (typeof value === 'string')
		return value.startsWith('=') ? ctx.evaluateExpression(value.slice(1), itemIndex) : value;
	if (Array.isArray(value)) return value.map((entry) => resolve(ctx, entry, itemIndex));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, resolve(ctx, entry, itemIndex)]),
		);
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
 * The waiting node's input items, as webhook() can reach them: each item's JSON and binary
 * binary properties (evaluated for that item; a file's bytes stay in n8n's binary store until the
 * item is uploaded, job/uploads.ts `readUpload`). Read lazily, one item at a time: a
 * callback plans only the item it submits.
 */
function inputItems(ctx: IWebhookFunctions): INodeExecutionData[] {
	const cache = new Map<number, INodeExecutionData>();
	let length: number | undefined;
	const count = () =>
		(length ??= Number(ctx.evaluateExpression('{{ $input.all().length }}', 0)) || 0);
	const item = (index: number): INodeExecutionData | undefined => {
		if (index < 0 || index >= count()) return undefined;
		let found = cache.get(index);
		if (!found) {
			const json = ctx.evaluateExpression('{{ $json }}', index);
			// `$binary` leaves out `data`, which holds the file itself in n8n's in-memory binary mode
			// (1.x's default); the item's own `binary` keeps it, and `id` in the other modes.
			const binary =
				ctx.evaluateExpression('{{ $input.item.binary }}', index) ??
				ctx.evaluateExpression('{{ $binary }}', index);
			found = {
				json: json && typeof json === 'object' ? (json as IDataObject) : {},
				...(binary && typeof binary === 'object' && Object.keys(binary).length
					? { binary: binary as unknown as IBinaryKeyData }
					: {}),
			};
			cache.set(index, found);
		}
		return found;
	};
	return new Proxy([] as INodeExecutionData[], {
		get: (target, property, receiver) => {
			if (property === 'length') return count();
			if (typeof property === 'string' && /^(0|[1-9][0-9]*)$/.test(property))
				return item(Number(property));
			return Reflect.get(target, property, receiver);
		},
	});
}

/**
 * The part of IExecuteFunctions that planRequest reads (getNode, per-item getNodeParameter, the
 * item's binary properties), answered from a webhook() context for any item of the waiting node's input.
 */
export function itemParameterContext(ctx: IWebhookFunctions): IExecuteFunctions {
	const items = inputItems(ctx);
	const getNodeParameter = (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: { extractValue?: boolean },
	) => {
		const raw = lookup(ctx.getNode().parameters, name);
		if (raw === undefined) return fallback as NodeParameterValueType;
		let value = resolve(ctx, raw, itemIndex);
		if (options?.extractValue && value && typeof value === 'object' && '__rl' in value)
			value = (value as unknown as { value: unknown }).value;
		return value as NodeParameterValueType;
	};
	const view = {
		getNode: () => ctx.getNode(),
		getNodeParameter,
		// readOptions (job/options.ts) reads per item when the context has input items, and
		// binary inputs are planned from the item's binary properties (job/uploads.ts).
		getInputData: () => items,
		continueOnFail: () => false,
		logger: ctx.logger,
	};
	return view as unknown as IExecuteFunctions;
}
