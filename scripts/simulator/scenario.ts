/**
 * Scenarios: how the simulator behaves for one request. A scenario is a list of tokens separated
 * by commas (`failed`, `delay:500,stringId`, `duplicate:3`). See README.md for the list.
 */
export interface Scenario {
	/** The tokens as given, e.g. `['delay:500', 'stringId']` (`['success']` when none). */
	tokens: string[];
	outcome: 'success' | 'failed';
	/** Answer `success` with the output in the submit answer; no callback. */
	immediate: boolean;
	/** Never send a callback (fetch still completes): the `never` delivery policy. */
	lost: boolean;
	/** Delivery policy of the final callback for this request (`once`, `retry`, `never`), replacing the run's. */
	delivery?: 'once' | 'retry' | 'never';
	/** Duration jitter (± ms), replacing the simulator's. */
	jitterMs?: number;
	/** Send the final callback before answering the submit request. */
	early: boolean;
	/** Completion delay, replacing the simulator's default. */
	delayMs?: number;
	/** How many times the final callback is delivered (default 1). */
	duplicates: number;
	/** Deliver the duplicates at the same time rather than one after the other. */
	concurrent: boolean;
	/** The first n submits carrying this scenario get 429. */
	rateLimit?: number;
	/** The first n submits carrying this scenario get 500. */
	serverError?: number;
	/** Answer the submit with HTTP 200 and `{status:"error"}`. */
	errorInOk: boolean;
	/** The first n submits carrying this scenario get no answer: the connection is closed. */
	hangUp?: number;
	/** The first n submits carrying this scenario get no answer: the connection stays open (a timeout). */
	stall?: number;
	/** Faults of this job's fetches (`fetchServerError:<n>`…): the first n fetches of the job get them. */
	fetchFaults: Faults;
	/** Faults of this job's output files (`fileServerError:<n>`…): the first n downloads of its files get them. */
	fileFaults: Faults;
	/** Put failure text in `messege` instead of `message`. */
	messege: boolean;
	/** Force the id type (default: numeric for generations, string for trainings). */
	idKind?: 'string' | 'numeric';
	/** Send intermediate `processing` callbacks (training: one per stage). */
	progress: boolean;
	/** Workflow callbacks in the `{event, workflow, execution}` envelope instead of the flat form. */
	envelope: boolean;
	/** Output files of this many bytes, streamed (a long video; what a memory bench downloads). */
	fileBytes?: number;
	/** Output files served without `Content-Length` (chunked), as a CDN may. */
	noLength: boolean;
}

/** What a request can get instead of its answer; tried in this order, each with its own count. */
export const FAULT_KINDS = ['serverError', 'rateLimit', 'hangUp', 'stall', 'errorInOk'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type Faults = Partial<Record<FaultKind, number>>;

const PHASED_FAULT = /^(fetch|file)(ServerError|RateLimit|HangUp|Stall|ErrorInOk)$/;

export const SCENARIO_NAMES = [
	'success',
	'immediate',
	'failed',
	'delay:<ms>',
	'duplicate:<n>',
	'duplicateConcurrent:<n>',
	'lost',
	'never',
	'once',
	'retry',
	'jitter:<ms>',
	'early',
	'rateLimit:<n>',
	'serverError:<n>',
	'errorInOk',
	'hangUp:<n>',
	'stall:<n>',
	'fetchServerError:<n>',
	'fetchRateLimit:<n>',
	'fetchHangUp:<n>',
	'fetchStall:<n>',
	'fetchErrorInOk:<n>',
	'fileServerError:<n>',
	'fileRateLimit:<n>',
	'fileHangUp:<n>',
	'fileStall:<n>',
	'fileErrorInOk:<n>',
	'messege',
	'stringId',
	'numericId',
	'progress',
	'envelope',
	'fileBytes:<n>',
	'noLength',
	'shape:<fixture name>',
] as const;

export class ScenarioError extends Error {}

function defaults(): Scenario {
	return {
		tokens: [],
		outcome: 'success',
		immediate: false,
		lost: false,
		early: false,
		duplicates: 1,
		concurrent: false,
		errorInOk: false,
		fetchFaults: {},
		fileFaults: {},
		messege: false,
		progress: false,
		envelope: false,
		noLength: false,
	};
}

/** Parses `failed,delay:200`; throws ScenarioError on an unknown token or a missing number. */
export function parseScenario(text: string): Scenario {
	const scenario = defaults();
	const tokens = text
		.split(/[,\s]+/)
		.map((token) => token.trim())
		.filter(Boolean);
	for (const token of tokens) {
		// `shape:<fixture name>`: payloads.ts answers with that documented variant.
		if (/^shape:[A-Za-z0-9_-]+$/.test(token)) continue;
		const match = /^([A-Za-z]+)(?::(\d+))?$/.exec(token);
		if (!match) throw new ScenarioError(`Unknown simulator scenario "${token}"`);
		const [, name, raw] = match;
		const number = raw === undefined ? undefined : Number(raw);
		const needNumber = (): number => {
			if (number === undefined)
				throw new ScenarioError(`Simulator scenario "${name}" needs a number, e.g. ${name}:2`);
			return number;
		};
		switch (name) {
			case 'success':
				scenario.outcome = 'success';
				break;
			case 'immediate':
				scenario.immediate = true;
				break;
			case 'failed':
				scenario.outcome = 'failed';
				break;
			case 'delay':
				scenario.delayMs = needNumber();
				break;
			case 'duplicate':
				scenario.duplicates = Math.max(1, needNumber());
				break;
			case 'duplicateConcurrent':
				scenario.duplicates = Math.max(1, needNumber());
				scenario.concurrent = true;
				break;
			case 'lost':
			case 'never':
				scenario.lost = true;
				scenario.delivery = 'never';
				break;
			case 'once':
				scenario.delivery = 'once';
				break;
			case 'retry':
				scenario.delivery = 'retry';
				break;
			case 'jitter':
				scenario.jitterMs = needNumber();
				break;
			case 'early':
				scenario.early = true;
				break;
			case 'rateLimit':
				scenario.rateLimit = needNumber();
				break;
			case 'serverError':
				scenario.serverError = needNumber();
				break;
			case 'errorInOk':
				scenario.errorInOk = true;
				break;
			case 'hangUp':
				scenario.hangUp = needNumber();
				break;
			case 'stall':
				scenario.stall = needNumber();
				break;
			case 'messege':
				scenario.messege = true;
				break;
			case 'stringId':
				scenario.idKind = 'string';
				break;
			case 'numericId':
				scenario.idKind = 'numeric';
				break;
			case 'progress':
				scenario.progress = true;
				break;
			case 'envelope':
				scenario.envelope = true;
				break;
			case 'fileBytes':
				scenario.fileBytes = needNumber();
				break;
			case 'noLength':
				scenario.noLength = true;
				break;
			default: {
				const phased = PHASED_FAULT.exec(name);
				if (!phased) throw new ScenarioError(`Unknown simulator scenario "${token}"`);
				const kind = (phased[2][0].toLowerCase() + phased[2].slice(1)) as FaultKind;
				(phased[1] === 'fetch' ? scenario.fetchFaults : scenario.fileFaults)[kind] = needNumber();
			}
		}
	}
	// `messege` alone means "a failure, reported in the misspelt field".
	if (scenario.messege && !scenario.errorInOk && !tokens.includes('success'))
		scenario.outcome = 'failed';
	scenario.tokens = tokens.length ? tokens : ['success'];
	return scenario;
}

const MARKER = /\[sim:([^\]]*)\]/;

/**
 * The scenario text a request asks for, by precedence: the `x-sim-scenario` header, a
 * `sim_scenario` body field, a `[sim:…]` marker in any top-level string field of the body
 * (the prompt, usually). Undefined when the request names none.
 */
export function scenarioTextOf(
	headers: Record<string, unknown>,
	body: unknown,
): string | undefined {
	const header = headers['x-sim-scenario'];
	if (typeof header === 'string' && header.trim()) return header;
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const record = body as Record<string, unknown>;
		if (typeof record.sim_scenario === 'string' && record.sim_scenario.trim())
			return record.sim_scenario;
		for (const value of Object.values(record)) {
			if (typeof value !== 'string') continue;
			const match = MARKER.exec(value);
			if (match) return match[1];
		}
	}
	return undefined;
}
