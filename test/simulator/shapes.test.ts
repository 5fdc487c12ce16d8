/**
 * The simulator answers only in documented shapes: for every catalogue endpoint version, the
 * submit answer, the fetch answers before and after the job ends, and the callback have no key
 * that the corpus (scripts/simulator/corpus) does not show for that category and channel, and the
 * node's own readers take each of them for the job's true state.
 */
import { CATALOGUE, FETCH_CATEGORIES } from '../../nodes/ModelsLab/catalogue';
import type { CatalogueEntry, EndpointVersion } from '../../nodes/ModelsLab/catalogue/types';
import { parseFetchAnswer, parsePayload, parseSubmitAnswer } from '../../nodes/shared/payload';
import type { FetchCategory } from '../../nodes/shared/fetchCategories';
import type { Channel } from '../../scripts/simulator/corpus';
import { loadCorpus } from '../../scripts/simulator/corpus';
import { createReceiver, type Receiver } from '../../scripts/simulator/receiver';
import {
	createSimulator,
	type RunningSimulator,
	type Simulator,
} from '../../scripts/simulator/server';

const KEY = 'sim-key';

function documentedKeys(category: FetchCategory, channel: Channel): Set<string> {
	return new Set(
		loadCorpus()
			.filter((f) => f.category === category && f.channel === channel)
			.flatMap((f) => Object.keys(f.body)),
	);
}

function undocumented(
	body: Record<string, unknown>,
	category: FetchCategory,
	channel: Channel,
): string[] {
	const known = documentedKeys(category, channel);
	return Object.keys(body).filter((key) => !known.has(key));
}

async function call(
	method: string,
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
) {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const versions: Array<[string, CatalogueEntry, EndpointVersion]> = CATALOGUE.filter(
	(entry) => entry.acceptsWebhook !== false || entry.output === 'workflow',
).flatMap((entry) =>
	entry.versions.map(
		(version) =>
			[`${entry.resource}.${entry.operation} ${version.version}`, entry, version] as [
				string,
				CatalogueEntry,
				EndpointVersion,
			],
	),
);

describe('the simulator answers in documented shapes only', () => {
	let sim: Simulator;
	let running: RunningSimulator;
	let receiver: Receiver;

	beforeAll(async () => {
		sim = createSimulator({ delayMs: 50 });
		running = await sim.start();
		receiver = await createReceiver();
	});
	afterAll(async () => {
		await receiver.close();
		await running.close();
	});

	describe.each(['success', 'failed'])('%s jobs', (outcome) => {
		test.each(versions)('%s', async (label, entry, version) => {
			sim.reset();
			receiver.received.length = 0;
			const category = version.fetch;
			const path = version.path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => `sim-${name}`);
			const keyInHeader = entry.keyIn === 'header';
			if (entry.output === 'workflow') sim.setWorkflowWebhook(receiver.url);
			const body = {
				prompt: 'x',
				webhook: receiver.url,
				track_id: 't-1',
				sim_scenario: `delay:300${outcome === 'failed' ? ',failed' : ''}`,
			};
			const submitted = await call(
				entry.method,
				running.baseUrl + path,
				keyInHeader ? body : { key: KEY, ...body },
				keyInHeader ? { key: KEY } : {},
			);
			expect({ label, extra: undocumented(submitted.body, category, 'submit') }).toEqual({
				label,
				extra: [],
			});
			const job = parseSubmitAnswer(submitted.body, category);
			expect({ label, outcome: job.outcome }).toEqual({ label, outcome: 'processing' });

			const definition = FETCH_CATEGORIES[category];
			const url = running.baseUrl + definition.path.replace('{id}', job.id);
			const fetchOnce = () =>
				definition.keyIn === 'header'
					? call(definition.method, url, undefined, { key: KEY })
					: call(definition.method, url, { key: KEY });
			const early = await fetchOnce();
			expect({
				label,
				status: early.status,
				extra: undocumented(early.body, category, 'fetch'),
			}).toEqual({ label, status: 200, extra: [] });
			expect({ label, outcome: parseFetchAnswer(early.body, category, job.id).outcome }).toEqual({
				label,
				outcome: 'processing',
			});

			const [callback] = await receiver.waitFor(1, 5000);
			expect({ label, extra: undocumented(callback.body, category, 'callback') }).toEqual({
				label,
				extra: [],
			});
			expect({ label, outcome: parsePayload(callback.body).outcome }).toEqual({ label, outcome });

			await sleep(20);
			const late = await fetchOnce();
			expect({ label, extra: undocumented(late.body, category, 'fetch') }).toEqual({
				label,
				extra: [],
			});
			if (late.body.status === 'error') {
				// v6 documents a failed fetch as {status: "error", message} in a 200; the node raises that message.
				expect({ label, outcome, message: late.body.message ?? late.body.messege }).toEqual({
					label,
					outcome: 'failed',
					message: expect.stringMatching(/failed/),
				});
			} else {
				expect({ label, outcome: parseFetchAnswer(late.body, category, job.id).outcome }).toEqual({
					label,
					outcome,
				});
			}
			sim.setWorkflowWebhook(undefined);
		});
	});
});

describe('shape:<name> picks another documented variant', () => {
	let sim: Simulator;
	let running: RunningSimulator;
	beforeAll(async () => {
		sim = createSimulator({ delayMs: 20 });
		running = await sim.start();
	});
	afterAll(async () => {
		await running.close();
	});

	test('a voice cover answer with its files in links, and a v7 fetch without an id, read by the node', async () => {
		const voice = CATALOGUE.find((entry) =>
			entry.versions.some((version) => version.fetch === 'voiceV6'),
		)!;
		const version = voice.versions.find((v) => v.fetch === 'voiceV6')!;
		const submitted = await call('POST', running.baseUrl + version.path, {
			key: KEY,
			sim_scenario: 'shape:fetch-success-links',
		});
		await sleep(60);
		const fetched = await call(
			'POST',
			`${running.baseUrl}/v6/voice/fetch/${String(submitted.body.id)}`,
			{ key: KEY },
		);
		expect(fetched.body).not.toHaveProperty('output');
		expect(parseFetchAnswer(fetched.body, 'voiceV6', String(submitted.body.id))).toMatchObject({
			outcome: 'success',
			output: [expect.stringMatching(/\/files\//)],
		});

		const image = CATALOGUE.find((entry) => entry.versions.some((v) => v.fetch === 'imagesV7'))!;
		const v7 = image.versions.find((v) => v.fetch === 'imagesV7')!;
		const queued = await call('POST', running.baseUrl + v7.path, {
			key: KEY,
			sim_scenario: 'delay:500,shape:fetch-processing-no-id',
		});
		const early = await call(
			'POST',
			`${running.baseUrl}/v7/images/fetch/${String(queued.body.id)}`,
			{ key: KEY },
		);
		expect(early.body).toEqual({ status: 'processing', message: 'Request is processing' });
		expect(parseFetchAnswer(early.body, 'imagesV7', String(queued.body.id))).toMatchObject({
			outcome: 'processing',
			id: String(queued.body.id),
		});
	});

	test('an unknown shape name is refused as an unknown documented shape', () => {
		expect(() => sim.setScenario('shape:not a name')).toThrow('Unknown simulator scenario');
	});
});
