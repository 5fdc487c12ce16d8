/**
 * The batch's ids carried in each callback URL (nodes/ModelsLab/modes/callback/knownIds.ts): what a process
 * that took a batch over reads back must be exactly what the submitter knew, and short enough
 * for a URL.
 */
import {
	MAX_BATON_CHARS,
	OVERFLOW,
	decodeKnown,
	encodeKnown,
} from '../../../nodes/ModelsLab/modes/callback/knownIds';
import { callbackUrl, itemToken } from '../../../nodes/ModelsLab/modes/callback/token';

const roundTrip = (ids: string[], self: number) => decodeKnown(encodeKnown(ids, self));

test('v6 ids (increasing integers) come back exactly, unknown items stay unknown, the item itself is left out', () => {
	const ids = ['98000001', '98000007', '', '98000003', '98000150', ''];
	expect(roundTrip(ids, 4)).toEqual(['98000001', '98000007', '', '98000003']);
	expect(roundTrip(ids, 0)).toEqual(['', '98000007', '', '98000003', '98000150']);
});

test('ids that are not integers (v7, trainings) come back exactly, mixed with integers', () => {
	const ids = ['7f3a0c2e-1b4d-4c3a-9e2f-0a1b2c3d4e5f', '123', 'a.b~c,d|é', '', '12'];
	expect(roundTrip(ids, 3)).toEqual([
		'7f3a0c2e-1b4d-4c3a-9e2f-0a1b2c3d4e5f',
		'123',
		'a.b~c,d|é',
		'',
		'12',
	]);
});

test('nothing known, or only the item itself: nothing is carried', () => {
	expect(encodeKnown(['', '', ''], 1)).toBe('');
	expect(encodeKnown(['', '55', ''], 1)).toBe('');
	expect(decodeKnown('')).toEqual([]);
});

test('100 v6 ids of one batch fit in a few hundred characters, URL-safe as written', () => {
	let id = 120_000_000;
	const ids = Array.from({ length: 100 }, () =>
		String((id += 1 + Math.floor(Math.random() * 5000))),
	);
	const text = encodeKnown(ids, 99);
	expect(text.length).toBeLessThan(500);
	expect(encodeURIComponent(text)).toBe(text);
	expect(decodeKnown(text)).toEqual(ids.slice(0, 99));
	const url = new URL(callbackUrl('https://n8n.example.com/webhook-waiting/7', 'secret', 99, text));
	expect(url.searchParams.get('mlKnown')).toBe(text);
	expect(url.searchParams.get('mlToken')).toBe(itemToken('secret', 99, text));
});

test('more ids than a URL should carry: a mark is carried instead of them (the README says up to how many a restart keeps)', () => {
	const ids = Array.from({ length: 2000 }, (_, n) => `uuid-${n}-0000-0000-0000`);
	expect(encodeKnown(ids, 0)).toBe(OVERFLOW);
	expect(decodeKnown(OVERFLOW)).toBeUndefined();
	expect(decodeKnown('1.'.repeat(MAX_BATON_CHARS))).toBeUndefined();
});

test('text encodeKnown() cannot have written is refused, not half read', () => {
	for (const bad of ['1.x!', '~', '_zzzzzzzzzzzzz', '_5', '1..%20'])
		expect(decodeKnown(bad)).toBeUndefined();
});

test('the token covers the ids: the same item with another list has another token', () => {
	expect(itemToken('s', 3, '1.2')).not.toBe(itemToken('s', 3, '1.3'));
	expect(itemToken('s', 3, '')).toBe(itemToken('s', 3));
});
