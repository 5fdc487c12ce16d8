/**
 * The secret in each callback URL. n8n 1.x resume URLs carry no token and execution ids are
 * sequential, so anyone could resume a waiting execution; we add our own. It is an HMAC of the
 * execution and node under the user's API key: unguessable, different for every execution,
 * and recomputable in webhook() without storing it anywhere.
 */
import { createHmac, randomBytes } from 'crypto';

import { KNOWN_PARAM } from './knownIds';

export const TOKEN_PARAM = 'mlToken';
export const ITEM_PARAM = 'mlItem';
/** The wait a callback URL belongs to (not secret: the secret below is keyed on it too). */
export const WAIT_PARAM = 'mlWait';
/**
 * Set on the URL of a job whose end starts no fixed item: the process that submitted the batch
 * gives a freed place whichever item is next (batch/places.ts), so a process that takes the batch
 * over must not start this job's chain successor on its callback (it waits until it has settled).
 */
export const FREE_PARAM = 'mlFree';

/**
 * `waitId` tells apart the waits of one node in one execution (a loop): a token of one wait is
 * worth nothing in the next. Waits started before wait ids existed have none ('').
 */
export function callbackSecret(
	apiKey: string,
	executionId: string,
	nodeName: string,
	waitId = '',
): string {
	const subject = `modelslab-callback\n${executionId}\n${nodeName}${waitId ? `\n${waitId}` : ''}`;
	return createHmac('sha256', apiKey).update(subject).digest('hex').slice(0, 40);
}

/** A new wait's id: short, URL-safe, unguessable enough to tell two waits apart (the secret is the HMAC's). */
export function newWaitId(): string {
	return randomBytes(6).toString('hex');
}

/**
 * The token of one item's callback URL: an HMAC of the item index (and of the ids the URL
 * carries, modes/callback/knownIds.ts) under the execution's secret. A callback carrying it is for that
 * item of this execution, so a process that has not seen the item's request id (another
 * queue-mode process, or n8n after a restart) can still trust it, and the ids it carries.
 */
export function itemToken(secret: string, itemIndex: number, known = '', free = false): string {
	const subject = known ? `item\n${itemIndex}\n${known}` : `item\n${itemIndex}`;
	return createHmac('sha256', secret)
		.update(free ? `${subject}\nfree` : subject)
		.digest('hex')
		.slice(0, 40);
}

/** The execution's resume URL with the item's token and index (and the batch's known ids, if any) added; any query kept. */
export function callbackUrl(
	resumeUrl: string,
	secret: string,
	itemIndex: number,
	known = '',
	waitId = '',
	free = false,
): string {
	const url = new URL(resumeUrl);
	url.searchParams.set(TOKEN_PARAM, itemToken(secret, itemIndex, known, free));
	url.searchParams.set(ITEM_PARAM, String(itemIndex));
	if (waitId) url.searchParams.set(WAIT_PARAM, waitId);
	if (known) url.searchParams.set(KNOWN_PARAM, known);
	if (free) url.searchParams.set(FREE_PARAM, '1');
	return url.toString();
}
