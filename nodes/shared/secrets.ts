/** Comparing a secret from a request with the expected one, in constant time. */
import { timingSafeEqual } from 'crypto';

export function secretsMatch(expected: string, given: unknown): boolean {
	if (typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}
