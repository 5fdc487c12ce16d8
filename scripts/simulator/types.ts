import type {
	CatalogueEntry,
	EndpointVersion,
	FetchCategory,
	FetchCategoryDefinition,
} from '../../nodes/ModelsLab/catalogue/types';
import type { Scenario } from './scenario';

/**
 * How a job's final callback is delivered (ModelsLab/docs-v2, webhooks.mdx, "Retry Policy"):
 * generation webhooks are "best-effort delivery, use fetch endpoint as fallback" (`once`: one
 * attempt, whatever the answer); workflow webhooks are "retried up to 3 times with exponential
 * backoff" (`retry`). `never` is a lost callback (best effort that failed).
 */
export type DeliveryPolicy = 'once' | 'retry' | 'never';

export interface CallbackRetryOptions {
	/** Attempts per delivery under the `retry` policy, the first included (default 4: one try and 3 retries). */
	maxAttempts: number;
	/** Wait before the first retry; doubles each time (default 100 ms). */
	baseDelayMs: number;
	/** Upper bound of one wait (default 2000 ms). */
	maxDelayMs: number;
	/** A callback attempt that gets no answer within this time counts as failed (default 10 000 ms). */
	timeoutMs: number;
}

export interface SimulatorOptions {
	/** Keys that pass the key check (default `['sim-key']`). */
	validKeys?: string[];
	/** HTTP code of the "Invalid API key" answer (default 401; ModelsLab sometimes answers 200). */
	invalidKeyHttpStatus?: number;
	/** HTTP code of the "Request not found" answer of fetch endpoints (default 404). */
	notFoundHttpStatus?: number;
	/** Time from submit to completion (default 50 ms); scenario `delay:<ms>` overrides it. */
	delayMs?: number;
	/** Scenario used when a request names none (default `success`); `setScenario` changes it. */
	defaultScenario?: string;
	/**
	 * `retry_after` (seconds) in 429 answers (default 30, as in ModelsLab/docs-v2 rate-limits.mdx,
	 * "Error Handling"); tests set it shorter.
	 */
	retryAfterSeconds?: number;
	/**
	 * Queued jobs allowed per key, across every endpoint (default 5). ModelsLab/docs-v2
	 * rate-limits.mdx: 5 (pay as you go), 10 (standard), 15 (premium), "per account, not per API
	 * endpoint"; a job holds its place until it completes. `setQueueCap` changes it per run;
	 * `Infinity` turns the cap off.
	 */
	queueCap?: number;
	/** Each job's duration is `delayMs` ± up to this many ms, uniformly (default 0); scenario `jitter:<ms>` overrides it. */
	jitterMs?: number;
	/**
	 * Final-callback policy for generation and training jobs (default `once`); workflow runs
	 * default to `retry`. `setDelivery` changes it per run; scenario tokens `once`, `retry`,
	 * `never` (= `lost`) per request.
	 */
	delivery?: DeliveryPolicy;
	/** Share of jobs (0..1) whose final callback is never sent, chosen at random per job (default 0): best-effort delivery that failed. */
	lostFraction?: number;
	/**
	 * Send no callback to an `http://` webhook URL (default false). ModelsLab/docs-v2 webhooks.mdx,
	 * card "HTTPS Required": "Your webhook URL must use HTTPS for security." The docs do not say
	 * what happens to an http:// one; this plays the case where nothing is sent (the job still
	 * ends, and its fetch answers the result). Off where tests call back over http loopback.
	 */
	httpsOnly?: boolean;
	/** Seed of the simulator's random numbers (jitter, `lostFraction`); default 1. */
	seed?: number;
	callbackRetry?: Partial<CallbackRetryOptions>;
	/** How long an `early` submit waits for the first callback attempt before answering (default 2000 ms). */
	earlyWaitMs?: number;
	/** How long an upload's URL serves its file (default 24 h, as general-api/base64-to-url.mdx says). */
	uploadTtlMs?: number;
	/** Each key's wallet balance at the start and after `reset()`, in USD (default 43.6, the example of general-api/wallet-balance.mdx); wallet.ts. */
	balance?: number;
	/**
	 * The TEST RATE (ours, not ModelsLab's) a job costs where ModelsLab documents no price for its
	 * endpoint, in USD (default 0.002); documented prices (catalogue/prices.ts) apply where they exist.
	 */
	pricePerJob?: number;
	/** Replace the catalogue (tests); defaults to nodes/ModelsLab/catalogue. */
	catalogue?: CatalogueEntry[];
	fetchCategories?: Record<FetchCategory, FetchCategoryDefinition>;
	/** Called with one line per request and per callback attempt (the CLI prints them). */
	log?: (line: string) => void;
}

export interface RequestRecord {
	method: string;
	/** Path without the query, e.g. `/api/v6/images/text2img`. */
	path: string;
	query: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON body (undefined when there was none or it was not JSON). */
	body: unknown;
	/** Epoch milliseconds. */
	time: number;
	/** HTTP code answered (set once the answer is sent). */
	status?: number;
	/** Scenario tokens that applied to this request, when any. */
	scenario?: string[];
	/** Epoch milliseconds when the answer was sent in full or the connection closed (bench 6 counts files streaming at once). */
	endTime?: number;
}

export interface CallbackAttempt {
	/** String form of the job id. */
	jobId: string;
	url: string;
	body: Record<string, unknown>;
	/** HTTP code answered by the receiver, or null when there was no answer. */
	responseCode: number | null;
	/** Connection error or timeout text when responseCode is null. */
	error?: string;
	/** 1 for the first try of a delivery, 2 for its first retry, … */
	attempt: number;
	/** Which copy of the callback this is: 1, or 1..n under `duplicate:<n>`. */
	delivery: number;
	/** `processing` callbacks under `progress`, or the final one. */
	phase: 'progress' | 'final';
	time: number;
}

export type JobKind = 'generation' | 'training' | 'workflow';

export interface SimJob {
	/** The id as answered to the client: a number, or a string under `stringId` and for trainings. */
	id: number | string;
	kind: JobKind;
	/** What goes in place of `{id}` in the fetch path: String(id), or `<workflowId>/runs/<executionId>`. */
	fetchId: string;
	entry: CatalogueEntry;
	version: EndpointVersion;
	/** The fetch path template that finds this job (with `{id}`). */
	fetchPath: string;
	/** Path parameters of the submit path (e.g. `workflowId`). */
	params: Record<string, string>;
	/** Request body without the key. */
	meta: Record<string, unknown>;
	trackId?: unknown;
	webhook?: string;
	scenario: Scenario;
	createdAt: number;
	completesAt: number;
	/** URLs of the output files (under /files). */
	output: string[];
	/** `<origin>/api` as seen by the client that submitted the job. */
	baseUrl: string;
	cancelled: boolean;
	/** The key that submitted the job: the account whose queue it takes a place in. */
	apiKey: string;
	/** How its final callback is delivered. */
	delivery: DeliveryPolicy;
}
