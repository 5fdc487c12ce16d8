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
import { pollJobs } from './poll';
import type { RequestPlan } from './requests';
import { routeItems, toOutputItem, errorJson } from './results';
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
	const plansToSubmit = plans.filter((plan): plan is RequestPlan => 'request' in plan);
	if (plansToSubmit.length && plansToSubmit.every((plan) => !plan.acceptsWebhook)) {
		// This endpoint cannot call back (ModelsLab posts workflow results to the webhook set on
		// the workflow itself): wait by polling instead.
		const submissions = await submitAll(ctx, plans, {
			concurrency: options.concurrency,
			webhookFor: () => undefined,
			defaultTrackId: (plan) => defaultTrackId(ctx.getExecutionId(), plan),
		});
		throwOnSubmitError(ctx, submissions);
		const outcomes = await pollJobs(ctx, submissions, options);
		return routeItems(await Promise.all(outcomes.map(async (outcome) => await toOutputItem(ctx, outcome, options))), separate);
	}
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
		const routed = await Promise.all(
			submissions.map(async (submission) =>
				await toOutputItem(
					ctx,
					submission.result
						? { itemIndex: submission.itemIndex, result: submission.result, fetchCategory: submission.plan?.fetch }
						: { itemIndex: submission.itemIndex, error: errorJson(submission.error ?? new Error('No job was submitted')) },
					options,
				),
			),
		);
		return routeItems(routed, separate);
	}

	const ids = submissions.map((submission) => submission.result?.id ?? '');
	const fetch = submissions.map((submission) => submission.plan?.fetch ?? ('imagesV6' as FetchCategory));
	const encoded = encodeIds(ids, fetch);
	if (!encoded) {
		// Too many request ids to keep with the execution: rather than risk losing a job, poll.
		ctx.logger.warn(`ModelsLab: ${ids.length} request ids do not fit in custom data; polling instead of waiting`);
		const outcomes = await pollJobs(ctx, submissions, options);
		return routeItems(await Promise.all(outcomes.map(async (outcome) => await toOutputItem(ctx, outcome, options))), separate);
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
		authoritative: true,
		results,
		errors,
		createdAt: Date.now(),
	});

	const waitTill = new Date(Date.now() + options.timeoutMinutes * 60_000);
	await ctx.putExecutionToWait(waitTill);
	return separate ? [items, []] : [items];
}
