/**
 * Reading single fields of a ModelsLab answer defensively: ids of every documented form, strings,
 * numbers and lists that may be missing or of another type, messages (spelt three ways), and deep
 * copies that drop what a hostile body could use. payload.ts builds results from these.
 */
import type { IDataObject } from 'n8n-workflow';

/** A payload we refuse. `httpCode` is what a webhook answers with. */
export class InvalidPayloadError extends Error {
	constructor(
		message: string,
		readonly httpCode: 400 | 413 | 415 | 422 = 400,
	) {
		super(message);
		this.name = 'InvalidPayloadError';
	}
}

const MAX_DEPTH = 32;
const MAX_ID_LENGTH = 200;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

/** Deep copy of JSON data that drops prototype-polluting keys and refuses deep nesting. */
export function sanitize(value: unknown, depth = 0): unknown {
	if (depth > MAX_DEPTH) {
		throw new InvalidPayloadError(`The payload is nested more than ${MAX_DEPTH} levels deep`);
	}
	if (Array.isArray(value)) return value.map((entry) => sanitize(entry, depth + 1));
	if (isPlainObject(value)) {
		const copy: IDataObject = {};
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key)) continue;
			copy[key] = sanitize(value[key], depth + 1) as IDataObject[string];
		}
		return copy;
	}
	return value;
}

/** Turns an id ModelsLab sent as a number or a string into one canonical string. */
export function normalizeId(value: unknown, field = 'id'): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw new InvalidPayloadError(`"${field}" must be a finite number or a string`, 422);
		return String(value);
	}
	if (typeof value === 'string') {
		const id = value.trim();
		if (id === '') throw new InvalidPayloadError(`"${field}" is empty`, 422);
		if (id.length > MAX_ID_LENGTH) {
			throw new InvalidPayloadError(`"${field}" is longer than ${MAX_ID_LENGTH} characters`, 422);
		}
		return id;
	}
	throw new InvalidPayloadError(
		value === undefined
			? `The payload has no "${field}"`
			: `"${field}" must be a number or a string, not ${typeOf(value)}`,
		422,
	);
}

export function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

export function optionalString(body: IDataObject, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidPayloadError(`"${field}" must be a string, not ${typeOf(value)}`, 422);
}

export function optionalNumber(body: IDataObject, field: string): number | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new InvalidPayloadError(`"${field}" must be a number`, 422);
	}
	return number;
}

export function stringList(body: IDataObject, field: string): string[] {
	const value = body[field];
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') return [value];
	if (!Array.isArray(value)) {
		throw new InvalidPayloadError(`"${field}" must be a list of URLs, not ${typeOf(value)}`, 422);
	}
	return value.map((entry, index) => {
		if (typeof entry !== 'string') {
			throw new InvalidPayloadError(
				`"${field}[${index}]" must be a string, not ${typeOf(entry)}`,
				422,
			);
		}
		return entry;
	});
}

/** ModelsLab spells `message` as `messege` on some endpoints; workflows use `error`. */
export function readMessage(body: IDataObject): string | undefined {
	for (const field of ['message', 'messege', 'error']) {
		const value = body[field];
		if (typeof value === 'string' && value !== '') return clip(value);
		if (isPlainObject(value) && typeof value.message === 'string') return clip(value.message);
	}
	return undefined;
}

const MAX_MESSAGE_LENGTH = 1000;

/** Messages go into errors and items: a hostile or broken answer must not make them huge. */
export function clip(text: string, length = MAX_MESSAGE_LENGTH): string {
	return text.length > length
		? `${text.slice(0, length)}… (${text.length - length} more characters)`
		: text;
}
