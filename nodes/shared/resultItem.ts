/**
 * A result as an n8n item's JSON, and back: the one shape both nodes output, the key a delivery
 * is deduplicated on, and reading such an item again (Get Result, the trigger's verification).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ModelsLabResult, PayloadKind } from './payload';
import { parsePayload } from './payload';

/**
 * The JSON an output item carries: ModelsLab's field names, one shape for both nodes, plus `kind`
 * (generation, training or workflow), which says how `raw` is read again (`readItemJson`).
 */
export function toItemJson(result: ModelsLabResult): IDataObject {
	const json: IDataObject = {
		status: result.outcome,
		id: result.id,
		kind: result.kind,
	};
	if (result.trackId !== undefined) json.track_id = result.trackId;
	if (result.stage !== undefined) json.stage = result.stage;
	json.output = result.output;
	if (result.proxyLinks.length) json.proxy_links = result.proxyLinks;
	if (result.futureLinks.length) json.future_links = result.futureLinks;
	if (result.meta !== undefined) json.meta = result.meta;
	if (result.generationTime !== undefined) json.generationTime = result.generationTime;
	if (result.eta !== undefined) json.eta = result.eta;
	if (result.fetchResult !== undefined) json.fetch_result = result.fetchResult;
	if (result.message !== undefined) json.message = result.message;
	json.modelslab_status = result.status;
	json.raw = result.raw;
	return json;
}

/**
 * The key a delivery is deduplicated on: one per job for its final result (the `id`, or the
 * training or workflow execution id, which have no `id`), one per stage for progress.
 */
export function dedupeKey(result: ModelsLabResult): string {
	const base = `${result.kind}:${result.id}`;
	return result.outcome === 'processing' ? `${base}:${result.stage ?? result.status}` : base;
}

const KINDS: PayloadKind[] = ['generation', 'training', 'workflow'];

/**
 * Reads an item `toItemJson` made back into a result: `raw` is the answer it came from, which may
 * be a fetch answer with no id (a verified training, a failed v6 job), so its kind and id go with it.
 */
export function readItemJson(json: IDataObject): ModelsLabResult {
	const kind = KINDS.find((candidate) => candidate === json.kind);
	const id = typeof json.id === 'string' && json.id !== '' ? json.id : undefined;
	const result = parsePayload(json.raw, { kind, id });
	if (kind === 'workflow' && id !== undefined) result.id = id;
	return result;
}
