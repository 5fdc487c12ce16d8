/**
 * The CLI's response errors (`packages/cli/src/errors/response-errors/*`) that the webhook paths
 * throw, with the same status, `errorCode` and hint, so `sendErrorResponse` answers the same JSON
 * (`{ code, message, hint? }`).
 */
import { OperationalError } from 'n8n-workflow';

export class ResponseError extends Error {
	constructor(
		message: string,
		readonly httpStatusCode: number,
		readonly errorCode: number = httpStatusCode,
		readonly hint?: string,
	) {
		super(message);
		this.name = new.target.name;
	}
}

export class NotFoundError extends ResponseError {
	constructor(message: string, hint?: string) {
		super(message, 404, 404, hint);
	}
}

export class ConflictError extends ResponseError {
	constructor(message: string, hint?: string) {
		super(message, 409, 409, hint);
	}
}

export class UnprocessableRequestError extends ResponseError {
	constructor(message: string, hint?: string) {
		super(message, 422, 422, hint);
	}
}

/** n8n's `WebhookNotFoundError` for a production URL (`webhook-not-found.error.ts`). */
export class WebhookNotFoundError extends NotFoundError {
	constructor(path: string, httpMethod: string, webhookMethods: string[]) {
		let message = `The requested webhook "${httpMethod} ${path}" is not registered.`;
		let hint = '';
		if (webhookMethods.length > 0) {
			const methods =
				webhookMethods.length === 1
					? webhookMethods[0]
					: `${webhookMethods.slice(0, -1).join(', ')} or ${webhookMethods[webhookMethods.length - 1]}`;
			message = `This webhook is not registered for ${httpMethod} requests. Did you mean to make a ${methods} request?`;
		} else {
			hint =
				"The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor. Note that unlike test URL calls, production URL calls aren't shown on the canvas (only in the executions list)";
		}
		super(message, hint || undefined);
	}
}

/** Thrown when a second caller tries to resume an execution another one is resuming (n8n ≥ ~2.8). */
export class ExecutionAlreadyResumingError extends OperationalError {
	constructor(executionId: string) {
		super('Execution is already being resumed by another process', { extra: { executionId } });
	}
}
