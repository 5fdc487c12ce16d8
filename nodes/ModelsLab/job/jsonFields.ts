/**
 * Values of the node's JSON and list parameters, as the user may give them: text to parse, or an
 * object or array an expression built; a clear error naming the parameter otherwise.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

/** Fields the node sets itself: never from the user's body, extra fields or files. */
export const NODE_FIELDS = new Set(['key', 'webhook', 'track_id']);

export function isEmpty(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

export function toList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') {
		return value
			.split(/[\n,]/)
			.map((part) => part.trim())
			.filter(Boolean);
	}
	return [value];
}

/** A JSON field's value: parsed when it is text, kept when an expression gave an object or array. */
export function parseJsonValue(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): unknown {
	if (typeof value !== 'string') return value;
	try {
		return jsonParse(value);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${what} is not valid JSON`, {
			itemIndex,
			description: 'Write JSON such as {"seed": 42} or [[0, 10]], or build it with an expression.',
		});
	}
}

export function parseJsonObject(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): IDataObject {
	if (isEmpty(value)) return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch {
			throw new NodeOperationError(ctx.getNode(), `${what} is not valid JSON`, {
				itemIndex,
				description: 'Write a JSON object such as {"seed": 42}, or build it with an expression.',
			});
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `${what} must be a JSON object`, { itemIndex });
	}
	return parsed as IDataObject;
}
