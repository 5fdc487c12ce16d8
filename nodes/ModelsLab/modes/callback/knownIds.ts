/**
 * The batch's request ids, carried by the jobs themselves.
 *
 * n8n saves nothing a waiting node's webhook() writes unless the execution resumes, and the
 * public node API has no other store a webhook() can write. So the ids of jobs submitted from
 * webhook() would live only in that process's memory. Instead, every job webhook() submits
 * carries, in its own callback URL (signed with the item's token, modes/callback/token.ts), the ids
 * of every item known at that moment. ModelsLab keeps that URL with the job and posts to it
 * when the job ends, so the next process to receive a callback (n8n after a restart, or another
 * queue-mode process) learns the batch's ids from it, fetches their results, and never submits
 * an item whose id it has learned.
 *
 * Encoding, positional from item 0 and '.'-separated (URL-safe, nothing for URLSearchParams to
 * escape): '' for an item with no id known; a numeric id as its difference from the previous
 * numeric id, in base 36, '_' for minus (v6 ids are increasing integers, so a batch's ids differ
 * by little); any other id as '~' and its base64url.
 */
export const KNOWN_PARAM = 'mlKnown';
/** Above this the ids are not carried (the URL would grow too long for a safe webhook field). */
export const MAX_BATON_CHARS = 3000;
/**
 * Carried instead when the ids do not fit: a process that takes the batch over then knows it
 * cannot learn every id, and so never starts a successor it cannot know was not started.
 */
export const OVERFLOW = '-';

const NUMERIC = /^(0|[1-9][0-9]{0,15})$/;

function toBase64Url(text: string): string {
	return Buffer.from(text, 'utf8')
		.toString('base64')
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
	return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** The ids known now (item `self` left out: its callback reports its own id); '' when none, OVERFLOW when too many to carry. */
export function encodeKnown(ids: string[], self: number): string {
	let last = 0;
	let end = 0;
	const entries = ids.map((id, index) => {
		if (!id || index === self) return '';
		end = index + 1;
		if (!NUMERIC.test(id)) return `~${toBase64Url(id)}`;
		const value = Number(id);
		const delta = value - last;
		last = value;
		return delta < 0 ? `_${(-delta).toString(36)}` : delta.toString(36);
	});
	const text = entries.slice(0, end).join('.');
	return text.length > MAX_BATON_CHARS ? OVERFLOW : text;
}

/** The ids a callback URL carries, by item ('' where none); undefined when the text is not one encodeKnown() writes. */
export function decodeKnown(text: string): string[] | undefined {
	if (text === '') return [];
	if (text.length > MAX_BATON_CHARS) return undefined;
	let last = 0;
	const ids: string[] = [];
	for (const entry of text.split('.')) {
		if (entry === '') ids.push('');
		else if (entry.startsWith('~')) {
			const id = fromBase64Url(entry.slice(1));
			if (!id) return undefined;
			ids.push(id);
		} else if (/^_?[0-9a-z]{1,12}$/.test(entry)) {
			const magnitude = parseInt(entry.replace('_', ''), 36);
			last += entry.startsWith('_') ? -magnitude : magnitude;
			if (!Number.isSafeInteger(last) || last < 0) return undefined;
			ids.push(String(last));
		} else return undefined;
	}
	return ids;
}
