/**
 * Stop Below Balance, and ModelsLab's "insufficient credits": when a batch stops submitting.
 *
 * With Stop Below Balance set, the node asks ModelsLab's free wallet endpoint (POST
 * /wallet_balance, nodes/shared/wallet.ts) before the batch's first submit, then again before
 * every Max Queued Jobs-th submit after a check, and sooner where ModelsLab documents the
 * endpoint's price (catalogue/prices.ts): as soon as the last balance minus that price per submit
 * since could fall below the limit. So a batch of n items at cap c asks at most 1 + ceil(n / c)
 * times, and a balance below the limit stops it before the next submit. A wallet check that
 * fails (after the transport's retries) stops it too: a spending limit that cannot be checked
 * does not let jobs through.
 *
 * Whatever Stop Below Balance says, a submit ModelsLab refuses with HTTP 402 or an "insufficient
 * credits" message (ModelsLab/docs-v2 error-codes.mdx) stops the batch the same way: that item
 * fails with ModelsLab's message, and every item not submitted yet fails with the reason instead of
 * being sent to meet the same refusal. Jobs already queued run on and are returned.
 *
 * The state lives in the batch (BatchState.stopped, .wallet), in the process's memory: a process
 * that takes a callback-mode batch over (a restart, another queue-mode process) starts with no
 * known balance and checks at its own first submit, or meets the 402 itself.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatAmount, isInsufficientBalance, readWalletBalance } from '../../shared/wallet';
import { documentedPrice } from '../catalogue/prices';
import { errorJson } from '../job/outputs';
import type { RequestPlan } from '../job/plan';
import type { BatchState, WaitRecord } from './state';

type Context = IExecuteFunctions | IWebhookFunctions;

const TOP_UP =
	'Nothing was submitted for this item, so it cost nothing. Top up the wallet at https://modelslab.com/dashboard (or lower Stop Below Balance in Options) and run the failed items again; jobs already queued ran on and are in the output.';

/** The error an item gets when the batch stopped before its submit. */
export function stoppedError(ctx: Context, reason: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), reason, { itemIndex, description: TOP_UP });
}

async function check(ctx: Context, batch: BatchState, limit: number, plan: RequestPlan) {
	const wallet = batch.wallet!;
	wallet.checks++;
	let balance: number;
	let currency: string;
	try {
		({ balance, currency } = await readWalletBalance(ctx, plan.itemIndex));
	} catch (error) {
		return `Stopped before submitting: the balance could not be checked against Stop Below Balance ${formatAmount(limit)} (${(error as Error).message})`;
	}
	if (balance < limit)
		return `Stopped before submitting: balance ${formatAmount(balance)}${currency ? ` ${currency}` : ''} is below Stop Below Balance ${formatAmount(limit)}`;
	const price = documentedPrice(plan.request.path)?.amount;
	// Where ModelsLab documents the price: check again before the balance could cross the limit.
	const room = price ? Math.floor((balance - limit) / price) : Infinity;
	wallet.allowance = Math.max(1, Math.min(batch.cap, room));
	return undefined;
}

/** Why the batch stopped, if it did (read afresh: another caller may have stopped it meanwhile). */
function stoppedReason(batch: BatchState): string | undefined {
	return batch.stopped?.reason;
}

/**
 * Called just before an item's submit: why the batch must not submit it (it stopped, or the
 * balance is below the limit), or undefined to go on. Concurrent callers share one wallet call.
 */
export async function stopBeforeSubmit(
	ctx: Context,
	batch: BatchState,
	limit: number | undefined,
	plan: RequestPlan,
): Promise<string | undefined> {
	if (limit === undefined) return stoppedReason(batch);
	const wallet = (batch.wallet ??= { allowance: 0, checks: 0 });
	for (;;) {
		if (wallet.pending) {
			await wallet.pending;
			continue;
		}
		const reason = stoppedReason(batch);
		if (reason) return reason;
		if (wallet.allowance > 0) {
			wallet.allowance--;
			return undefined;
		}
		const pending = check(ctx, batch, limit, plan).then((reason) => {
			if (reason && !batch.stopped) batch.stopped = { reason };
		});
		wallet.pending = pending.finally(() => {
			wallet.pending = undefined;
		});
	}
}

/**
 * After a refused submit: when ModelsLab said the wallet is empty (402, "insufficient"), the
 * batch stops. Returns whether it did.
 */
export function stopOnInsufficient(batch: BatchState, itemIndex: number, error: Error): boolean {
	if (!isInsufficientBalance(error)) return false;
	const code = (error as { httpCode?: string }).httpCode;
	batch.stopped ??= {
		reason: `Stopped before submitting: ModelsLab refused item ${itemIndex}'s submit for lack of credit (${code ? `HTTP ${code}: ` : ''}${error.message.replace(/^ModelsLab: /, '')})`,
	};
	return true;
}

/** Items parked after a 429 are not at ModelsLab: once the batch stops they fail with its reason. */
export function failParked(ctx: Context, record: WaitRecord): void {
	const batch = record.batch!;
	if (!batch.stopped) return;
	for (const index of batch.parked.splice(0)) {
		const error = stoppedError(ctx, batch.stopped.reason, index);
		record.errors.set(index, errorJson(error));
		batch.failures.set(index, error);
	}
}
