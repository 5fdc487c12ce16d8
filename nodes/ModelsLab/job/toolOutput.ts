/**
 * What the node answers an AI agent with when it runs as the agent's tool: a short result the model
 * can read (status, ID, the file URLs and a one-line summary) instead of ModelsLab's whole payload,
 * which costs the model tokens and buries the URL it needs. The tool's *Output* follows n8n's UX
 * guidelines for AI tool nodes (n8n-io/n8n-docs, `docs/integrations/creating-nodes/build/reference/
 * ux-guidelines.md`, "AI tool nodes: 'Output' parameter"): Simplified (this), Raw (the whole
 * payload), Selected Fields (always with the ID). docs/agent-tool.md has the details.
 */
import type { IDataObject } from 'n8n-workflow';

import { TOOL_OUTPUT_RAW, TOOL_OUTPUT_SELECTED } from '../description/outputProperties';

/** How many URLs the summary line names; `output` always holds them all. */
const SUMMARY_URLS = 3;

function urlsOf(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((url): url is string => typeof url === 'string' && url !== '')
		: [];
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim()) return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

/** One line saying what happened to the job and what to do with it. */
export function toolSummary(json: IDataObject): string {
	const id = text(json.id);
	const job = id ? `ModelsLab job ${id}` : 'The ModelsLab job';
	const status = text(json.status) ?? 'unknown';
	const urls = urlsOf(json.output);
	if (status === 'success') {
		if (!urls.length) return `${job} succeeded but returned no file URL.`;
		const named = urls.slice(0, SUMMARY_URLS).join(', ');
		const more = urls.length > SUMMARY_URLS ? ` and ${urls.length - SUMMARY_URLS} more` : '';
		return `${job} succeeded with ${urls.length} file${urls.length === 1 ? '' : 's'}: ${named}${more}.`;
	}
	if (status === 'processing') {
		const eta = text(json.eta);
		const when = eta ? ` (ModelsLab estimates ${eta} s)` : '';
		return id
			? `${job} is still being generated${when}; fetch it later with Job › Get Result and ID ${id}.`
			: `${job} is still being generated${when}.`;
	}
	const reason = text(json.message) ?? text(json.error) ?? 'ModelsLab gave no reason';
	return id ? `${job} failed: ${reason}` : `No ModelsLab job was made: ${reason}`;
}

/**
 * The tool's answer for one item: `status`, `id`, `output` (the file URLs), why it failed
 * (`message` or `error`), `eta` while it runs, download errors when files were asked for, `summary`.
 */
export function toolResultJson(json: IDataObject): IDataObject {
	const short: IDataObject = { status: json.status ?? 'unknown' };
	if (json.id !== undefined) short.id = json.id;
	const urls = urlsOf(json.output);
	if (urls.length) short.output = urls;
	if (json.status === 'processing' && json.eta !== undefined) short.eta = json.eta;
	if (json.status !== 'success') {
		if (json.message !== undefined) short.message = json.message;
		if (json.error !== undefined) short.error = json.error;
	}
	if (json.downloadErrors !== undefined) short.downloadErrors = json.downloadErrors;
	short.summary = toolSummary(json);
	return short;
}

/**
 * The tool's answer for one item as its Output asks: undefined for Raw (the item stays whole), the
 * chosen fields plus the ID (and the error of an item that has one) for Selected Fields, else the
 * short result.
 */
export function toolAnswerJson(
	json: IDataObject,
	mode: string,
	fields: string[],
): IDataObject | undefined {
	if (mode === TOOL_OUTPUT_RAW) return undefined;
	if (mode !== TOOL_OUTPUT_SELECTED) return toolResultJson(json);
	const picked: IDataObject = {};
	if (json.id !== undefined) picked.id = json.id;
	for (const field of fields) {
		if (field === 'summary') picked.summary = toolSummary(json);
		else if (json[field] !== undefined) picked[field] = json[field];
	}
	if (json.error !== undefined) picked.error = json.error;
	return picked;
}
