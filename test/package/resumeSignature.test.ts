/**
 * Our callback URL is `$execution.resumeUrl` with two query parameters of ours added (mlToken,
 * mlItem: nodes/ModelsLab/modes/callback/token.ts). That is safe only while n8n does not sign the query of
 * the resume URL it hands to ordinary nodes. How n8n checks `?signature=` (read from the published
 * builds, packages/cli/dist/webhooks/waiting-webhooks.js and n8n-core's signature-helpers.js):
 *  - 1.123: no token in `$execution.resumeUrl`; an HMAC over path and query (what
 *    `getSignedResumeUrl()` makes) is checked only when the execution asked for it
 *    (`setSignatureValidationRequired()`) and the waiting node's `operation` is "sendAndWait".
 *  - 2.41: `$execution.resumeUrl` carries `signature=<resumeToken>`, compared as a plain token for
 *    every node except a "sendAndWait" one, whose URL gets the HMAC check instead.
 * So the node keeps `$execution.resumeUrl` (a `getSignedResumeUrl()` HMAC would be refused by 2.x's
 * token compare, 401), and must never be a "sendAndWait" node. These tests use n8n-core 2.41's own
 * functions: the first fails if n8n starts putting a signature over the URL into
 * `$execution.resumeUrl`; the e2e suite (scenarios 1 and 8, both majors) fails with 401 if a real n8n
 * refuses our query.
 */
import type { IRunExecutionData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import {
	WAITING_TOKEN_QUERY_PARAM,
	buildResumeUrlSuffix,
	generateUrlSignature,
	getAdditionalKeys,
	prepareUrlForSigning,
	validateUrlSignature,
} from 'n8n-core';

import { ModelsLab } from '../../nodes/ModelsLab/ModelsLab.node';
import {
	ITEM_PARAM,
	TOKEN_PARAM,
	callbackUrl,
	itemToken,
} from '../../nodes/ModelsLab/modes/callback/token';

const BASE = 'https://n8n.example.com/webhook-waiting';
const HMAC_SECRET = 'instance-hmac-secret';
const RESUME_TOKEN = 'f'.repeat(64);

/** `$execution.resumeUrl` exactly as n8n-core computes it for an execution with a resume token. */
function resumeUrlFromN8n(): string {
	const additionalData = {
		executionId: '42',
		webhookWaitingBaseUrl: BASE,
		formWaitingBaseUrl: BASE,
		variables: {},
	};
	const runExecutionData = { resumeToken: RESUME_TOKEN, resultData: { runData: {} } };
	const keys = getAdditionalKeys(
		additionalData as unknown as IWorkflowExecuteAdditionalData,
		'webhook',
		runExecutionData as unknown as IRunExecutionData,
	);
	return (keys.$execution as { resumeUrl: string }).resumeUrl;
}

describe('resume URLs n8n may sign', () => {
	test("n8n puts the execution's resume token into $execution.resumeUrl, not a signature over the URL", () => {
		const url = new URL(resumeUrlFromN8n());
		expect(url.pathname).toBe('/webhook-waiting/42');
		expect(url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)).toBe(RESUME_TOKEN);
		// if this ever holds, n8n signs path and query and our added parameters would break the URL
		expect(url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)).not.toBe(
			generateUrlSignature(prepareUrlForSigning(url), HMAC_SECRET),
		);
	});

	test("our callback URL keeps n8n's path and token unchanged, so n8n's token compare still accepts it", () => {
		const resumeUrl = resumeUrlFromN8n();
		const ours = new URL(callbackUrl(resumeUrl, 'a'.repeat(40), 3));
		expect(ours.origin + ours.pathname).toBe(
			new URL(resumeUrl).origin + new URL(resumeUrl).pathname,
		);
		expect(ours.searchParams.getAll(WAITING_TOKEN_QUERY_PARAM)).toEqual([RESUME_TOKEN]);
		// our token is the item's own (an HMAC of its index under the execution's secret)
		expect(ours.searchParams.get(TOKEN_PARAM)).toBe(itemToken('a'.repeat(40), 3));
		expect(ours.searchParams.get(ITEM_PARAM)).toBe('3');
		expect([TOKEN_PARAM, ITEM_PARAM]).not.toContain(WAITING_TOKEN_QUERY_PARAM);
	});

	test('an HMAC-signed resume URL (getSignedResumeUrl) would be refused once we add our parameters', () => {
		// what getSignedResumeUrl() builds for node "node-id" of execution 42, and n8n's own check of it
		const signed = new URL(`${BASE}${buildResumeUrlSuffix('42', 'node-id')}`);
		signed.searchParams.set(
			WAITING_TOKEN_QUERY_PARAM,
			generateUrlSignature(prepareUrlForSigning(signed), HMAC_SECRET),
		);
		const check = (href: string) => {
			const url = new URL(href);
			return validateUrlSignature(
				url.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? '',
				url,
				HMAC_SECRET,
			);
		};
		expect(check(signed.toString())).toBe(true);
		expect(check(callbackUrl(signed.toString(), 'a'.repeat(40), 0))).toBe(false);
	});

	test('the ModelsLab node can never be a "sendAndWait" node, the only kind whose resume URL n8n checks by HMAC', () => {
		const operations = new ModelsLab().description.properties.filter(
			(property) => property.name === 'operation',
		);
		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) {
			const values = (operation.options ?? []).map((option) =>
				'value' in option ? option.value : undefined,
			);
			expect(values.length).toBeGreaterThan(0);
			expect(values).not.toContain(SEND_AND_WAIT_OPERATION);
			expect(operation.default).not.toBe(SEND_AND_WAIT_OPERATION);
		}
	});
});
