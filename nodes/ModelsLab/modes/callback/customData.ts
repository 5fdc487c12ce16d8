/**
 * Execution custom data across n8n versions: `this.customData` where the context has it
 * (n8n 2.x), otherwise `$execution.customData` through the expression proxy (n8n 1.x).
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

type Context = IExecuteFunctions | IWebhookFunctions;

interface CustomDataApi {
	set(key: string, value: string): void;
	get(key: string): string | undefined;
}

function direct(ctx: Context): CustomDataApi | undefined {
	try {
		const data = (ctx as { customData?: CustomDataApi }).customData;
		if (data && typeof data.get === 'function' && typeof data.set === 'function') return data;
	} catch {
		// The context has no execution data: fall back to the expression proxy.
	}
	return undefined;
}

export function setCustomData(ctx: IExecuteFunctions, values: Record<string, string>): void {
	const data =
		direct(ctx) ??
		(ctx.getWorkflowDataProxy(0).$execution as { customData: CustomDataApi }).customData;
	for (const [key, value] of Object.entries(values)) data.set(key, value);
}

export function getCustomData(ctx: Context, key: string): string | undefined {
	const data = direct(ctx);
	if (data) return data.get(key);
	const value = ctx.evaluateExpression(
		`{{ $execution.customData.get(${JSON.stringify(key)}) }}`,
		0,
	);
	return typeof value === 'string' && value !== '' ? value : undefined;
}
