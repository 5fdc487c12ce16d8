/**
 * Account › Get Balance: ModelsLab's wallet, read through its free endpoint (POST /wallet_balance,
 * ModelsLab/docs-v2 general-api/wallet-balance.mdx; nodes/shared/wallet.ts), once per input item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readWalletBalance } from '../shared/wallet';
import { errorJson } from './job/outputs';

export async function getBalances(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const { balance, currency, raw } = await readWalletBalance(ctx, itemIndex);
			out.push({ json: { balance, currency, raw }, pairedItem });
		} catch (error) {
			if (!ctx.continueOnFail()) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
			out.push({ json: errorJson(error as Error), pairedItem });
		}
	}
	return out;
}
