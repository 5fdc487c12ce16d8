/**
 * The "real workflows" suite (issue 21, item 7): the ModelsLab node inside workflows a user builds,
 * one chain per scenario in one workflow (one import and activation), each chain on its own
 * webhook path and, where scenarios run at the same time, its own API key (the simulator's cap
 * of 5 is per key, ModelsLab/docs-v2 rate-limits.mdx: "Limits apply to your entire account").
 *
 *   files:   Webhook {photos[]} → Code (one item per photo) → Convert to File (base64 → binary
 *            `data`, image/png) → ModelsLab Image Editing › Remove Background (Image Input Type
 *            "Binary File", v1.1) → Results
 *   prompts: Webhook {prompts[]} → Split Out → ModelsLab Image › Text to Image (v1) → Results,
 *            optionally with Continue On Fail (onError: continueRegularOutput)
 *   loop:    Webhook {prompts[]} → Split Out → Loop Over Items (batch size 6) ⇄ ModelsLab; done → Done
 *
 * And what the suite reads back: per-key figures from the simulator's request log, and the
 * pairing of a Remove Background result with the photo it was given (job → its `image` URL →
 * the bytes uploaded at that URL → which photo).
 */
import { randomUUID } from 'node:crypto';
import type { Simulator, SimJob } from '../../../scripts/simulator/server';
import {
	CREDENTIAL,
	PKG,
	node,
	noOp,
	to,
	webhook,
	type Workflow,
	type WorkflowNode,
} from '../../e2e/support/workflows';
import type { ExtraCredential } from '../../e2e/support/stack';

type Json = Record<string, any>;

export const WORKFLOW_ID = 'rwRealWorkflows1';

export interface Chain {
	/** Prefix of every node name of the chain, and its webhook path (`rw-<label>`). */
	label: string;
	kind: 'files' | 'prompts' | 'loop';
	/** The API key of the chain's credential. */
	apiKey: string;
	continueOnFail?: boolean;
	/** Track ID (an expression) for the ModelsLab node. */
	trackId?: string;
}

/** Per-photo job lengths through the Track ID, a top-level string of the body (test/simulator/README.md, "Scenarios" 3). */
export const FILES_RESTART_TRACK_ID =
	"={{ 'photo ' + $itemIndex + ($itemIndex < 5 ? ' [sim:delay:2000]' : ' [sim:delay:22000]') }}";

export const CHAINS = {
	files: { label: 'files', kind: 'files', apiKey: 'sim-key' },
	cof: { label: 'cof', kind: 'prompts', apiKey: 'sim-key', continueOnFail: true },
	shared: { label: 'shared', kind: 'prompts', apiKey: 'sim-key' },
	loop: { label: 'loop', kind: 'loop', apiKey: 'sim-key' },
	cofRestart: { label: 'cof-restart', kind: 'prompts', apiKey: 'rw-key-c', continueOnFail: true },
	filesRestart: {
		label: 'files-restart',
		kind: 'files',
		apiKey: 'rw-key-d',
		trackId: FILES_RESTART_TRACK_ID,
	},
	sharedRestart: { label: 'shared-restart', kind: 'prompts', apiKey: 'rw-key-e' },
	forged: { label: 'forged', kind: 'prompts', apiKey: 'rw-key-g' },
} satisfies Record<string, Chain>;

export const ALL_KEYS = [...new Set(Object.values(CHAINS).map((chain) => chain.apiKey))];

/** Node names of a chain. */
export function names(chain: Chain) {
	return {
		webhook: `${chain.label} Webhook`,
		code: `${chain.label} Code`,
		toFile: `${chain.label} To File`,
		split: `${chain.label} Split`,
		loop: `${chain.label} Loop`,
		done: `${chain.label} Done`,
		modelsLab: `${chain.label} ModelsLab`,
		results: `${chain.label} Results`,
	};
}

export const pathOf = (chain: Chain) => `rw-${chain.label}`;

function credentialOf(chain: Chain): { id: string; name: string } {
	if (chain.apiKey === 'sim-key') return { id: CREDENTIAL.id, name: CREDENTIAL.name };
	return {
		id: `rwCred${chain.apiKey.replace(/[^a-z0-9]/gi, '')}`,
		name: `ModelsLab ${chain.apiKey}`,
	};
}

/** The credentials the chains use besides the stack's own (sim-key). */
export function extraCredentials(simBaseUrl: string): ExtraCredential[] {
	return ALL_KEYS.filter((key) => key !== 'sim-key').map((apiKey) => {
		const { id, name } = credentialOf({ apiKey } as Chain);
		return { id, name, type: CREDENTIAL.type, data: { apiKey, baseUrl: simBaseUrl } };
	});
}

function chainNodes(
	chain: Chain,
	y: number,
): { nodes: WorkflowNode[]; connections: Workflow['connections'] } {
	const n = names(chain);
	const credentials = { modelsLabApi: credentialOf(chain) };
	const options: Json = chain.trackId ? { trackId: chain.trackId } : {};
	const onError = chain.continueOnFail ? { onError: 'continueRegularOutput' } : {};
	const results = noOp(n.results, 1100, y);
	if (chain.kind === 'files') {
		const modelsLab = {
			...node(n.modelsLab, `${PKG}.modelsLab`, 1.1, 880, y, {
				resource: 'imageEditing',
				operation: 'removeBackground',
				imageInputType: 'binary',
				imageBinaryProperty: 'data',
				waitMode: 'callback',
				failedJobs: 'sameOutput',
				options,
			}),
			webhookId: randomUUID(),
			credentials,
			...onError,
		};
		return {
			nodes: [
				webhook(n.webhook, pathOf(chain), y),
				node(n.code, 'n8n-nodes-base.code', 2, 220, y, {
					jsCode: 'return $input.first().json.body.photos.map((photo) => ({ json: photo }));',
				}),
				node(n.toFile, 'n8n-nodes-base.convertToFile', 1.1, 440, y, {
					operation: 'toBinary',
					sourceProperty: 'b64',
					binaryPropertyName: 'data',
					options: { fileName: '={{ $json.name }}', mimeType: 'image/png' },
				}),
				modelsLab,
				results,
			],
			connections: {
				[n.webhook]: { main: [to(n.code)] },
				[n.code]: { main: [to(n.toFile)] },
				[n.toFile]: { main: [to(n.modelsLab)] },
				[n.modelsLab]: { main: [to(n.results)] },
			},
		};
	}
	const modelsLab = {
		...node(n.modelsLab, `${PKG}.modelsLab`, 1, 660, y, {
			resource: 'image',
			operation: 'textToImage',
			apiVersion: 'v6',
			modelId: { __rl: true, mode: 'list', value: 'flux' },
			prompt: '={{ $json.prompt }}',
			failedJobs: 'sameOutput',
			waitMode: 'callback',
			options,
		}),
		webhookId: randomUUID(),
		credentials,
		...onError,
	};
	const split = node(n.split, 'n8n-nodes-base.splitOut', 1, 220, y, {
		fieldToSplitOut: 'body.prompts',
		include: 'noOtherFields',
		options: { destinationFieldName: 'prompt' },
	});
	if (chain.kind === 'loop') {
		return {
			nodes: [
				webhook(n.webhook, pathOf(chain), y),
				split,
				node(n.loop, 'n8n-nodes-base.splitInBatches', 3, 440, y, { batchSize: 6, options: {} }),
				modelsLab,
				noOp(n.done, 660, y + 120),
			],
			connections: {
				[n.webhook]: { main: [to(n.split)] },
				[n.split]: { main: [to(n.loop)] },
				// Loop Over Items: output 0 "done" (every item once the loop is over), output 1 "loop".
				[n.loop]: { main: [to(n.done), to(n.modelsLab)] },
				[n.modelsLab]: { main: [to(n.loop)] },
			},
		};
	}
	return {
		nodes: [webhook(n.webhook, pathOf(chain), y), split, modelsLab, results],
		connections: {
			[n.webhook]: { main: [to(n.split)] },
			[n.split]: { main: [to(n.modelsLab)] },
			[n.modelsLab]: { main: [to(n.results)] },
		},
	};
}

/** One workflow holding the given chains (default: every scenario's). */
export function realWorkflow(chains: Chain[] = Object.values(CHAINS), id = WORKFLOW_ID): Workflow {
	const parts = chains.map((chain, i) => chainNodes(chain, i * 300));
	return {
		id,
		name: 'ModelsLab reliability: real workflows',
		nodes: parts.flatMap((part) => part.nodes),
		connections: Object.assign({}, ...parts.map((part) => part.connections)),
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Distinct "photos": a PNG signature and a text naming the photo (the simulator stores any image/* bytes). */
export interface Photo {
	name: string;
	bytes: Buffer;
}

export function photos(label: string, n: number): Photo[] {
	return Array.from({ length: n }, (_, i) => ({
		name: `${label}-photo-${i}.png`,
		bytes: Buffer.concat([
			Buffer.from('89504e470d0a1a0a', 'hex'),
			Buffer.from(`${label} photo ${i}`),
		]),
	}));
}

export const photosBody = (list: Photo[]) => ({
	photos: list.map((photo) => ({ name: photo.name, b64: photo.bytes.toString('base64') })),
});

export const SUBMIT_PATHS = new Set([
	'/api/v6/images/text2img',
	'/api/v6/image_editing/removebg_mask',
]);

export interface KeyFigures {
	/** Submits answered 200 (a job), refused with 429, and fetches, of this key since `since`. */
	accepted: number;
	refused: number;
	fetches: number;
	uploads: number;
}

export function keyFigures(
	sim: Simulator,
	apiKey: string,
	since: number,
	exceptPrompts: (prompt: string) => boolean = () => false,
): KeyFigures {
	const mine = sim.requests.filter((r) => r.time >= since && (r.body as Json)?.key === apiKey);
	const submits = mine.filter(
		(r) =>
			r.method === 'POST' &&
			SUBMIT_PATHS.has(r.path) &&
			!exceptPrompts(String((r.body as Json)?.prompt ?? '')),
	);
	return {
		accepted: submits.filter((r) => r.status === 200).length,
		refused: submits.filter((r) => r.status === 429).length,
		fetches: mine.filter((r) => r.path.includes('/fetch')).length,
		uploads: mine.filter((r) => r.path.endsWith('/base64_to_url')).length,
	};
}

/** Prompts with more than one job (a second paid job). */
export function promptsTwice(sim: Simulator, prompts: string[]): string[] {
	const count = new Map<string, number>();
	for (const job of sim.jobs.values()) {
		const prompt = String(job.meta.prompt);
		if (prompts.includes(prompt)) count.set(prompt, (count.get(prompt) ?? 0) + 1);
	}
	return [...count].filter(([, n]) => n > 1).map(([prompt]) => prompt);
}

/** The photo each Remove Background job of this key was given: job id → photo index (-1: not one of these). */
export async function photoOfJobs(
	sim: Simulator,
	apiKey: string,
	list: Photo[],
): Promise<Map<string, number>> {
	const byJob = new Map<string, number>();
	for (const job of [...sim.jobs.values()].filter(
		(j: SimJob) => j.apiKey === apiKey && typeof j.meta.image === 'string',
	)) {
		// The job's `image` is the URL the upload answered; the simulator serves the uploaded bytes there.
		const res = await fetch(String(job.meta.image));
		const bytes = Buffer.from(await res.arrayBuffer());
		byJob.set(
			String(job.id),
			list.findIndex((photo) => photo.bytes.equals(bytes)),
		);
	}
	return byJob;
}

/** Photos given to more than one job. */
export function photosTwice(byJob: Map<string, number>): number[] {
	const count = new Map<number, number>();
	for (const index of byJob.values()) count.set(index, (count.get(index) ?? 0) + 1);
	return [...count].filter(([index, n]) => index >= 0 && n > 1).map(([index]) => index);
}

/**
 * Items that do not carry the result of their own photo's job: index → what they carry instead.
 * Item n must be `status: success` with the id of the job that was given photo n, that job's
 * output URL, and a PNG in `data`.
 */
export function unpairedFiles(
	sim: Simulator,
	byJob: Map<string, number>,
	list: Photo[],
	results: Array<{ json: Json; binary?: Json }>,
): Record<number, string> {
	const wrong: Record<number, string> = {};
	list.forEach((_, n) => {
		const item = results[n];
		const id = String(item?.json.id);
		const job = sim.jobs.get(id);
		const output = Array.isArray(item?.json.output) ? item.json.output[0] : item?.json.output;
		const ok =
			item?.json.status === 'success' &&
			byJob.get(id) === n &&
			job !== undefined &&
			output === job.output[0] &&
			item.binary?.data?.mimeType === 'image/png';
		if (!ok) {
			wrong[n] = item
				? JSON.stringify({
						status: item.json.status,
						id: item.json.id,
						photo: byJob.get(id),
						error: item.json.error,
					}).slice(0, 200)
				: 'missing';
		}
	});
	return wrong;
}

/**
 * This process only resolves loopback names: the simulator's callbacks to a forged host
 * (`attacker.invalid`) fail here at once instead of asking a DNS server. Returns the names refused.
 */
export function loopbackOnlyDns(): { refused: string[]; restore(): void } {
	// The module object itself (an `import * as` copy would not reach http's lookups).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const dns = require('node:dns') as { lookup: (...args: any[]) => void };
	const refused: string[] = [];
	const original = dns.lookup;
	const guarded = function (this: unknown, hostname: string, ...rest: any[]) {
		const loopback =
			hostname === 'localhost' ||
			hostname === '127.0.0.1' ||
			hostname === '::1' ||
			/^127\./.test(hostname);
		if (!loopback) {
			refused.push(hostname);
			const callback = rest.at(-1) as (error: NodeJS.ErrnoException) => void;
			const error: NodeJS.ErrnoException = Object.assign(
				new Error(`getaddrinfo ENOTFOUND ${hostname} (loopback only in this suite)`),
				{
					code: 'ENOTFOUND',
					hostname,
				},
			);
			process.nextTick(() => callback(error));
			return;
		}
		return original.call(this, hostname, ...rest);
	};
	dns.lookup = guarded;
	return {
		refused,
		restore() {
			dns.lookup = original;
		},
	};
}
