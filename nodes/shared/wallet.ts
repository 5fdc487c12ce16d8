/**
 * ModelsLab's wallet: `POST /wallet_balance` with the key in the body, which costs nothing
 * (ModelsLab/docs-v2 general-api/wallet-balance.mdx and general-api/openapi.json
 * `WalletBalanceResponse`: `{status: "success", data: {balance: 43.6, currency: "USD"}}`; the
 * credential's test calls the same endpoint). And how ModelsLab says a submit found too little in
 * it: HTTP 402 `{status: "error", message: "Insufficient credits. Please add more credits to
 * continue."}` (ModelsLab/docs-v2 error-codes.mdx, "402 - Payment Required"; authentication.mdx's
 * table: "402 | Insufficient credits").
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { modelsLabRequest } from './transport';

export interface WalletBalance {
	/** The balance as a number (ModelsLab's schema types it as one; a numeric string is read too). */
	balance: number;
	/** ModelsLab's currency code, e.g. `USD` ('' when the answer names none). */
	currency: string;
	/** ModelsLab's answer as it came. */
	raw: IDataObject;
}

export async function readWalletBalance(
	ctx: IExecuteFunctions | IWebhookFunctions,
	itemIndex?: number,
): Promise<WalletBalance> {
	const raw = await modelsLabRequest(
		ctx,
		{ method: 'POST', path: '/wallet_balance', body: {}, idempotent: true },
		{ itemIndex },
	);
	const data = (raw.data && typeof raw.data === 'object' ? raw.data : raw) as IDataObject;
	const balance =
		typeof data.balance === 'string' && data.balance.trim() !== ''
			? Number(data.balance)
			: data.balance;
	if (typeof balance !== 'number' || !Number.isFinite(balance)) {
		throw new NodeApiError(ctx.getNode(), raw as JsonObject, {
			message: "ModelsLab's wallet answer has no balance",
			description:
				'POST /wallet_balance answered without a number in data.balance (ModelsLab documents {status: "success", data: {balance, currency}}). The raw answer is in the error details.',
			itemIndex,
		});
	}
	return { balance, currency: typeof data.currency === 'string' ? data.currency : '', raw };
}

/** Whether a refused submit says the wallet is empty: HTTP 402, or a message about too little credit. */
export function isInsufficientBalance(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	if (error instanceof NodeApiError && error.httpCode === '402') return true;
	return /insufficient\s+(credit|balance|fund)/i.test(error.message);
}

/** An amount as people read money: at least two decimals (1 → "1.00", 0.425 → "0.425"). */
export function formatAmount(amount: number): string {
	const fixed = amount.toFixed(2);
	return Number(fixed) === amount ? fixed : String(amount);
}
