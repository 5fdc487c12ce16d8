/**
 * The secret in each callback URL. n8n 1.x resume URLs carry no token and execution ids are
 * sequential, so anyone could resume a waiting execution; we add our own. It is an HMAC of the
 * execution and node under the user's API key: unguessable, different for every execution,
 * and recomputable in webhook() without storing it anywhere.
 */
import { createHmac } from 'crypto';

export const TOKEN_PARAM = 'mlToken';
export const ITEM_PARAM = 'mlItem';

export function callbackSecret(apiKey: string, executionId: string, nodeName: string): string {
	return createHmac('sha256', apiKey).update(`modelslab-callback\n${executionId}\n${nodeName}`).digest('hex').slice(0, 40);
}

/** The execution's resume URL with our secret and the item index added (any query kept). */
export function callbackUrl(resumeUrl: string, secret: string, itemIndex: number): string {
	const url = new URL(resumeUrl);
	url.searchParams.set(TOKEN_PARAM, secret);
	url.searchParams.set(ITEM_PARAM, String(itemIndex));
	return url.toString();
}
