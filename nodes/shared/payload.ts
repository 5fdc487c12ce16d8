/**
 * Parsing, validating and normalising what ModelsLab sends: callbacks POSTed to a webhook URL
 * (`parsePayload`), the answers of submits (`parseSubmitAnswer`) and of fetches
 * (`parseFetchAnswer`). Their shapes differ per category and channel (a training status answer
 * has no id, an image-editing fetch in progress has none either, a workflow run keeps its files
 * in `output.output`); every documented shape is in the fixture corpus under
 * `scripts/simulator/corpus/`, and one test reads all of them through these functions. Both nodes
 * use this module, so an id is normalised, a status is mapped and a message is read in one place.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FetchCategory } from './fetchCategories';
import {
	InvalidPayloadError,
	clip,
	isPlainObject,
	normalizeId,
	optionalNumber,
	optionalString,
	readMessage,
	sanitize,
	stringList,
	typeOf,
} from './payloadFields';

export { InvalidPayloadError, clip, normalizeId, readMessage, sanitize } from './payloadFields';

/** What a job's state means for a workflow. */
export type JobOutcome = 'success' | 'failed' | 'processing';

/** The three families of payload ModelsLab documents. */
export type PayloadKind = 'generation' | 'training' | 'workflow';

export interface ModelsLabResult {
	outcome: JobOutcome;
	kind: PayloadKind;
	/** The request id (generations), training id, or workflow execution id; always a string. */
	id: string;
	trackId?: string;
	/** Status text as ModelsLab sent it (`success`, `failed`, `completed`, a training stage…). */
	status: string;
	/** Training stage or workflow execution status, when there is one. */
	stage?: string;
	output: string[];
	proxyLinks: string[];
	futureLinks: string[];
	meta?: IDataObject;
	generationTime?: number;
	eta?: number;
	fetchResult?: string;
	message?: string;
	/** The payload as received, without keys that could pollute prototypes. */
	raw: IDataObject;
}

const SUCCESS = new Set(['success', 'completed', 'succeeded', 'model_ready']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled', 'failure']);
const PROCESSING = new Set([
	'processing',
	'queued',
	'pending',
	'running',
	'in_progress',
	'started',
]);
/** Training stages before `model_ready`, in ModelsLab's order. */
export const TRAINING_STAGES = [
	'deploying_gpu',
	'training_started',
	'training_success',
	'trained_model_compressing',
	'trained_model_uploading',
	'trained_model_uploaded',
	'deploying_model',
	'model_ready',
];

function mapStatus(status: string): JobOutcome | undefined {
	const normalized = status.toLowerCase();
	if (SUCCESS.has(normalized)) return 'success';
	if (FAILED.has(normalized)) return 'failed';
	if (PROCESSING.has(normalized) || TRAINING_STAGES.includes(normalized)) return 'processing';
	return undefined;
}

function requireStatus(body: IDataObject, field = 'status'): string {
	const status = body[field];
	if (status === undefined || status === null || status === '') {
		throw new InvalidPayloadError(`The payload has no "${field}"`, 422);
	}
	if (typeof status !== 'string') {
		throw new InvalidPayloadError(`"${field}" must be a string, not ${typeOf(status)}`, 422);
	}
	return status;
}

/** The files of a workflow result: `{output: [...]}` (flat callback, status answer) or `{images: [...]}` (envelope callback). */
function workflowFiles(data: unknown): { output: string[]; proxyLinks: string[] } {
	if (Array.isArray(data))
		return { output: stringList({ output: data }, 'output'), proxyLinks: [] };
	if (!isPlainObject(data)) return { output: [], proxyLinks: [] };
	const output = stringList(data, 'output');
	return {
		output: output.length ? output : stringList(data, 'images'),
		proxyLinks: stringList(data, 'proxy_links'),
	};
}

function parseWorkflow(body: IDataObject, fallbackId?: string): ModelsLabResult {
	// Documented shapes: the envelope callback {event, workflow:{…}, execution:{…, output_data:{images}}}
	// (webhooks.mdx), the flat callback {event, execution_id, workflow_id, status, output:{output}}
	// (workflows-api/overview.mdx) and the status answer {status:"success", execution:{…},
	// output:{output, proxy_links}, error} (workflows-api/get-execution-status.mdx).
	const execution = isPlainObject(body.execution) ? body.execution : undefined;
	const source = execution ?? body;
	const rawId = execution ? (execution.id ?? fallbackId) : (body.execution_id ?? fallbackId);
	const id = normalizeId(rawId, execution ? 'execution.id' : 'execution_id');
	const stage = requireStatus(source);
	let outcome = mapStatus(stage);
	if (!outcome) throw new InvalidPayloadError(`Unknown workflow status "${clip(stage, 100)}"`, 422);
	const message = readMessage(source) ?? (execution ? readMessage(body) : undefined);
	const error = source.error ?? (execution ? body.error : undefined);
	if (outcome === 'success' && typeof error === 'string' && error !== '') outcome = 'failed';
	const files = workflowFiles(
		source.output_data ?? source.output ?? (execution ? body.output : undefined),
	);
	return {
		outcome,
		kind: 'workflow',
		id,
		status: stage,
		stage,
		output: files.output,
		proxyLinks: files.proxyLinks,
		futureLinks: [],
		meta: isPlainObject(body.workflow) ? body.workflow : undefined,
		message,
		raw: body,
	};
}

function parseTraining(body: IDataObject, fallbackId?: string): ModelsLabResult {
	// The submit answer has `training_id` and the stage in `messege`; the status answer has only
	// `status`, `messege` and `data` (the fetch knows the id); a callback has `training_status`,
	// `logs` and the id as `model_id` (image-generation/train-model/openapi.json, lora-finetune.mdx).
	const id = normalizeId(body.training_id ?? body.model_id ?? body.id ?? fallbackId, 'training_id');
	const status = requireStatus(body);
	const stage = optionalString(body, 'training_status') ?? optionalString(body, 'messege');
	let outcome = mapStatus(status);
	if (!outcome) throw new InvalidPayloadError(`Unknown status "${clip(status, 100)}"`, 422);
	// Training answers `success` at every stage: only `model_ready` means the model exists.
	if (outcome === 'success' && stage !== undefined && stage !== 'model_ready')
		outcome = 'processing';
	return {
		outcome,
		kind: 'training',
		id,
		trackId: optionalString(body, 'track_id'),
		status,
		stage,
		output: stringList(body, 'output'),
		proxyLinks: [],
		futureLinks: [],
		message: optionalString(body, 'logs') ?? readMessage(body),
		eta: optionalNumber(body, 'eta'),
		raw: body,
	};
}

function isTraining(body: IDataObject): boolean {
	return (
		body.training_status !== undefined ||
		body.training_id !== undefined ||
		(body.id === undefined && body.model_id !== undefined && typeof body.model_id !== 'object')
	);
}

/** What the caller knows about a payload before reading it: its kind, and the id it asked for. */
export interface PayloadHint {
	kind?: PayloadKind;
	/** The id a fetch asked for: used when the answer carries none (training status, image editing in progress). */
	id?: string;
}

function checkedBody(input: unknown): IDataObject {
	if (input === undefined || input === null || input === '') {
		throw new InvalidPayloadError('The body is empty: ModelsLab sends a JSON object');
	}
	if (typeof input === 'string' || Buffer.isBuffer(input)) {
		throw new InvalidPayloadError('The body is not JSON: ModelsLab sends a JSON object', 415);
	}
	if (!isPlainObject(input)) {
		throw new InvalidPayloadError(`The body must be a JSON object, not ${typeOf(input)}`);
	}
	const body = sanitize(input) as IDataObject;
	if (Object.keys(body).length === 0)
		throw new InvalidPayloadError('The body is an empty JSON object');
	return body;
}

function detectKind(body: IDataObject): PayloadKind {
	if (typeof body.event === 'string' && body.event.startsWith('workflow')) return 'workflow';
	if (isTraining(body)) return 'training';
	return 'generation';
}

function parseGeneration(body: IDataObject, fallbackId?: string): ModelsLabResult {
	const status = requireStatus(body);
	const outcome = mapStatus(status);
	if (!outcome) throw new InvalidPayloadError(`Unknown status "${clip(status, 100)}"`, 422);
	const id = normalizeId(body.id ?? body.request_id ?? fallbackId, 'id');
	// Files: `output`, a voice cover's `links` (voice-cloning/openapi.json, VoiceResponse), or
	// `output_url`, as ModelsLab's CLI reads it (modelslab-cli@a7506ca generate.go, extractOutputURLs).
	const listed = stringList(body, 'output');
	const linked = listed.length ? listed : stringList(body, 'links');
	const output = linked.length ? linked : stringList(body, 'output_url');
	const result: ModelsLabResult = {
		outcome,
		kind: 'generation',
		id,
		trackId: optionalString(body, 'track_id'),
		status,
		output,
		proxyLinks: stringList(body, 'proxy_links'),
		futureLinks: stringList(body, 'future_links'),
		meta: isPlainObject(body.meta) ? body.meta : undefined,
		generationTime:
			optionalNumber(body, 'generationTime') ?? optionalNumber(body, 'generation_time'),
		eta: optionalNumber(body, 'eta'),
		fetchResult: optionalString(body, 'fetch_result'),
		message: readMessage(body),
		raw: body,
	};
	if (outcome === 'success' && output.length === 0 && result.proxyLinks.length === 0) {
		result.outcome = 'failed';
		result.message = result.message ?? 'ModelsLab reported success but sent no output';
	}
	return result;
}

/**
 * Parses one payload: a callback, or an answer when `hint` says what it is. Throws
 * InvalidPayloadError (with the HTTP code a webhook should answer) when it is not a ModelsLab
 * callback or response.
 */
export function parsePayload(input: unknown, hint: PayloadHint = {}): ModelsLabResult {
	const body = checkedBody(input);
	const kind = hint.kind ?? detectKind(body);
	if (kind === 'workflow') return parseWorkflow(body, hint.id);
	if (kind === 'training') return parseTraining(body, hint.id);
	return parseGeneration(body, hint.id);
}

/** The kind of job a fetch category holds. */
export function kindOf(category: FetchCategory): PayloadKind {
	if (category === 'training') return 'training';
	if (category === 'workflow') return 'workflow';
	return 'generation';
}

/**
 * Reads the answer of a fetch by id. The category says which shape to expect, and the id asked
 * for stands in where the answer has none. A workflow's id stays the `<workflowId>/runs/<id>` asked for.
 */
export function parseFetchAnswer(
	input: unknown,
	category: FetchCategory,
	requestedId: string,
): ModelsLabResult {
	const result = parsePayload(input, { kind: kindOf(category), id: requestedId });
	if (category === 'workflow') result.id = requestedId;
	return result;
}

/**
 * Reads the answer of a submit. A workflow run answers `{execution_id, workflow_id, status_url}`
 * (workflows-api/run-workflow.mdx): its id becomes `<workflowId>/runs/<executionId>`, the form the
 * status endpoint takes; every other category answers in the shape its callbacks have.
 */
export function parseSubmitAnswer(input: unknown, category: FetchCategory): ModelsLabResult {
	const body = checkedBody(input);
	if (category === 'workflow' && body.execution_id !== undefined && body.execution === undefined) {
		const executionId = normalizeId(body.execution_id, 'execution_id');
		const workflowId =
			body.workflow_id === undefined ? '' : normalizeId(body.workflow_id, 'workflow_id');
		return {
			outcome: 'processing',
			kind: 'workflow',
			id: `${workflowId}/runs/${executionId}`,
			status: optionalString(body, 'status') ?? 'pending',
			output: [],
			proxyLinks: [],
			futureLinks: [],
			message: readMessage(body),
			raw: body,
		};
	}
	return parsePayload(body, { kind: kindOf(category) });
}
