/**
 * Binary inputs, between planning and submitting: every item's files are read and checked first
 * (size), then uploaded through ModelsLab, and their URLs put into the request bodies. A problem
 * with any item stops the node before a single job is submitted (with Continue On Fail, only that
 * item fails).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readUploads, uploadFile } from '../../shared/binaryInput';
import type { RequestPlan } from './requests';
import type { Submission } from './submit';

type Planned = RequestPlan | Submission;

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export async function uploadBinaryInputs(ctx: IExecuteFunctions, plans: Planned[]): Promise<Planned[]> {
	const withUploads = plans.filter((plan): plan is RequestPlan => 'request' in plan && !!plan.uploads?.length);
	if (withUploads.length === 0) return plans;
	const failed = new Map<number, Error>();
	const files = new Map<number, Awaited<ReturnType<typeof readUploads>>>();
	for (const plan of withUploads) {
		try {
			files.set(plan.itemIndex, await readUploads(ctx, plan.uploads!, plan.itemIndex));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, plan.itemIndex);
			failed.set(plan.itemIndex, error as Error);
		}
	}
	for (const plan of withUploads) {
		const read = files.get(plan.itemIndex);
		if (!read) continue;
		try {
			for (const { upload, data } of read) {
				const url = await uploadFile(ctx, upload, data, plan.itemIndex);
				const body = plan.request.body as IDataObject;
				if (upload.position === undefined) body[upload.key] = url;
				else (body[upload.key] as string[])[upload.position] = url;
			}
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, plan.itemIndex);
			failed.set(plan.itemIndex, error as Error);
		}
	}
	return plans.map((plan) => {
		const error = failed.get(plan.itemIndex);
		return error && 'request' in plan ? { itemIndex: plan.itemIndex, plan, error } : plan;
	});
}
