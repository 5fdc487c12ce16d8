/** When an item's submit fails and Continue On Fail is off: stop, without losing other jobs. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Submission } from './submit';

export function throwOnSubmitError(ctx: IExecuteFunctions, submissions: Submission[]): void {
	if (ctx.continueOnFail()) return;
	const failed = submissions.find((submission) => submission.error);
	if (!failed?.error) return;
	const submitted = submissions
		.filter((submission) => submission.result)
		.map((submission) => `item ${submission.itemIndex} → ${submission.result!.id}`);
	const error = failed.error;
	if (submitted.length) {
		const note = `Jobs were already submitted for other items (${submitted.join(', ')}); fetch them with Get Result.`;
		const description = (error as { description?: string }).description;
		if (error instanceof NodeOperationError || 'description' in error) {
			(error as { description?: string }).description = description
				? `${description} ${note}`
				: note;
		}
	}
	throw error;
}
