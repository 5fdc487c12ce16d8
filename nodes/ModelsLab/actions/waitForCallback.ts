/**
 * Resume-on-callback mode, the execute() half: submit every item with this execution's resume
 * URL (plus our secret and the item index) as `webhook`, remember the request ids, and put the
 * execution to wait. resume/resumeWebhook.ts is the other half.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../../shared/transport';
import { callbackSecret, callbackUrl } from '../resume/secret';
import { setCustomData } from '../resume/customData';
import { encodeIds, recordKey, rememberWait } from '../resume/waitState';
import type { FetchCategory } from '../catalogue/types';
import type { ModelsLabResult } from '../../shared/callback';
import type { NodeOptions } from './options';
import { pollToOutputs } from './poll';
import type { RequestPlan } from './requests';
import { errorJson, outcomeOf, routeItems, toRoutedItems } from './results';
import type { Submission } from './submit';
import { submitAll } from './submit';
import { throwOnSubmitError } from './submitErrors';

export function defaultTrackId(executionId: string, plan: RequestPlan): string {
	return `n8n-${executionId}-${plan.itemIndex}`;
}

export async function waitForCallbacks(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	plans: Array<RequestPlan | Submission>,
	options: NodeOptions,
	separate: boolean,
): Promise<INodeExecutionData[][]> {
	const executionId = ctx.getExecutionId();
	const nodeName = ctx.getNode().name;
	const resumeUrl = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof resumeUrl !== 'string' || !/^https?:\/\//.test(resumeUrl)) {
		throw new NodeOperationError(ctx.getNode(), 'n8n gave no resume URL for this execution', {
			description: 'Choose "By Polling" instead, and report this n8n version to the node\'s maintainers.',
		});
	}
	const { apiKey } = await ctx.getCredentials<{ apiKey: string }>(CREDENTIAL_NAME);
	const secret = callbackSecret(String(apiKey), executionId, nodeName);

	const submissions = await submitAll(ctx, plans, {
		concurrency: options.concurrency,
		webhookFor: (plan) => callbackUrl(resumeUrl, secret, plan.itemIndex),
		defaultTrackId: (plan) => defaultTrackId(executionId, plan),
	});
	throwOnSubmitError(ctx, submissions);

	const waiting = submissions.filter((submission) => submission.result?.outcome === 'processing');
	if (waiting.length === 0) {
		return routeItems(await toRoutedItems(ctx, submissions.map(outcomeOf), () => options), separate);
	}

	const ids = submissions.map((submission) => submission.result?.id ?? '');
	const fetch = submissions.map((submission) => submission.plan?.fetch ?? ('imagesV6' as FetchCategory));
	const encoded = encodeIds(ids, fetch);
	if (!encoded) {
		// Too many request ids to keep with the execution: rather than risk losing a job, poll.
		ctx.logger.warn(`ModelsLab: ${ids.length} request ids do not fit in custom data; polling instead of waiting`);
		return await pollToOutputs(ctx, submissions, separate);
	}
	setCustomData(ctx, encoded);

	const results = new Map<number, ModelsLabResult>();
	const errors = new Map<number, ReturnType<typeof errorJson>>();
	for (const submission of submissions) {
		if (submission.result && submission.result.outcome !== 'processing') results.set(submission.itemIndex, submission.result);
		if (submission.error) errors.set(submission.itemIndex, errorJson(submission.error));
	}
	rememberWait(recordKey(executionId, nodeName), {
		ids,
		fetch,
		secret,
		authoritative: true,
		results,
		errors,
		createdAt: Date.now(),
	});

	const waitTill = new Date(Date.now() + options.timeoutMinutes * 60_000);
	await ctx.putExecutionToWait(waitTill);
	return separate ? [items, []] : [items];
}
