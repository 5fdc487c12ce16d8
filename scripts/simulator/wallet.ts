/**
 * The wallet of each key. `POST /api/wallet_balance` answers the key's balance in the shape of
 * ModelsLab/docs-v2 general-api/wallet-balance.mdx (`{status: "success", data: {balance,
 * currency: "USD"}}`, general-api/openapi.json `WalletBalanceResponse`). Each job a submit creates
 * takes its price from the balance at once; a submit the balance cannot pay for creates no job
 * and gets HTTP 402 with the body of ModelsLab/docs-v2 error-codes.mdx ("402 - Payment Required",
 * corpus imagesV6/submit-insufficient-credits.json). When ModelsLab charges (at submit or at the
 * end) and whether it refuses at "balance below the price" or at "balance 0" is not documented:
 * the simulator charges at submit and refuses below the price, the stricter reading.
 *
 * The price of a job: the one ModelsLab documents for its endpoint (nodes/ModelsLab/catalogue/
 * prices.ts: $0.2 per text2video_ultra / img2video_ultra call, $1 per LoRA training), else the
 * simulator's TEST RATE (`pricePerJob`, default 0.002 USD): a number of ours, not ModelsLab's,
 * for endpoints whose price ModelsLab does not document. Endpoints that answer at once without a
 * job (base64_to_url) cost nothing.
 */
import { documentedPrice } from '../../nodes/ModelsLab/catalogue/prices';
import { fixture } from './corpus';
import type { SimContext } from './context';
import type { SimRoute } from './routeTable';

type SubmitRoute = Extract<SimRoute, { kind: 'submit' }>;

/** Money in millionths, so a balance drained job by job stays exact. */
const round = (amount: number) => Math.round(amount * 1e6) / 1e6;

export function balanceOf(ctx: SimContext, apiKey: string): number {
	return ctx.balances.get(apiKey) ?? ctx.options.balance;
}

export function setBalance(ctx: SimContext, apiKey: string, amount: number): void {
	if (!Number.isFinite(amount)) throw new Error(`A balance must be a number (got ${amount})`);
	ctx.balances.set(apiKey, round(amount));
}

/** What a job of this endpoint costs in the simulator, and why (documented, or the test rate). */
export function jobPrice(ctx: SimContext, route: SubmitRoute): number {
	if (route.entry.acceptsWebhook === false && route.entry.output !== 'workflow') return 0;
	return documentedPrice(route.version.path)?.amount ?? ctx.options.pricePerJob;
}

/** Takes the job's price from the key's wallet; false (nothing taken) when it cannot pay. */
export function charge(ctx: SimContext, apiKey: string, price: number): boolean {
	const balance = balanceOf(ctx, apiKey);
	if (price > 0 && balance < price) return false;
	ctx.balances.set(apiKey, round(balance - price));
	return true;
}

/** The documented 402 answer (error-codes.mdx). */
export function insufficientBody(): Record<string, unknown> {
	return { ...fixture('imagesV6', 'submit-insufficient-credits').body };
}

export function walletBody(ctx: SimContext, apiKey: string): Record<string, unknown> {
	return { status: 'success', data: { balance: balanceOf(ctx, apiKey), currency: 'USD' } };
}
