/**
 * Every documented shape in scripts/simulator/corpus, read through the path the node really uses:
 * callbacks through parsePayload, fetch answers through fetchJob (which knows the category and the
 * id it asked for), submit answers through the transport and readSubmitAnswer. A fixture added to
 * the corpus is tested here without writing a test.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { readSubmitAnswer } from '../../../nodes/ModelsLab/job/submit';
import type { RequestPlan } from '../../../nodes/ModelsLab/job/plan';
import type { ModelsLabResult } from '../../../nodes/shared/payload';
import { parsePayload } from '../../../nodes/shared/payload';
import { FETCH_CATEGORIES } from '../../../nodes/shared/fetchCategories';
import { fetchJob } from '../../../nodes/shared/fetchJob';
import { modelsLabRequest, retryAfterSeconds } from '../../../nodes/shared/transport';
import type { Fixture } from '../../../scripts/simulator/corpus';
import { loadCorpus } from '../../../scripts/simulator/corpus';

const NODE: INode = {
	id: 'corpus',
	name: 'ModelsLab',
	type: 'n8n-nodes-modelslab.modelsLab',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A context whose one HTTP call answers with the fixture, recording what was asked. */
function answering(fixture: Fixture) {
	const calls: Array<{ method: string; url: string }> = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiKey: 'key', baseUrl: 'https://modelslab.test/api' }),
		helpers: {
			httpRequestWithAuthentication: async (
				_name: string,
				options: { method: string; url: string },
			) => {
				calls.push({ method: options.method, url: options.url });
				return { statusCode: fixture.http, body: structuredClone(fixture.body), headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

function plan(fixture: Fixture): RequestPlan {
	return {
		itemIndex: 0,
		request: { method: 'POST', path: '/corpus', body: {}, idempotent: false },
		fetch: fixture.category,
		output:
			fixture.category === 'training'
				? 'training'
				: fixture.category === 'workflow'
					? 'workflow'
					: 'image',
		acceptsWebhook: true,
		acceptsTrackId: true,
		label: `${fixture.category} corpus`,
	};
}

async function readThroughNode(fixture: Fixture): Promise<ModelsLabResult> {
	if (fixture.channel === 'callback') return parsePayload(structuredClone(fixture.body));
	const { ctx, calls } = answering(fixture);
	if (fixture.channel === 'fetch') {
		const result = await fetchJob(ctx, fixture.category, fixture.requestId ?? '');
		const definition = FETCH_CATEGORIES[fixture.category];
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe(definition.method);
		return result;
	}
	const answer = await modelsLabRequest(ctx, plan(fixture).request, { maxRateLimitRetries: 0 });
	return readSubmitAnswer(ctx, plan(fixture), answer);
}

const corpus = loadCorpus();

describe('the fixture corpus', () => {
	it('covers every fetch category, and every generation category in every channel', () => {
		const categories = new Set(corpus.map((fixture) => fixture.category));
		expect([...categories].sort()).toEqual(Object.keys(FETCH_CATEGORIES).sort());
		for (const category of categories) {
			const channels = new Set(
				corpus.filter((fixture) => fixture.category === category).map((fixture) => fixture.channel),
			);
			expect([category, [...channels].sort()]).toEqual([category, ['callback', 'fetch', 'submit']]);
		}
	});

	it('names a source (repository, commit, file, place) for every shape', () => {
		for (const fixture of corpus) {
			for (const source of fixture.sources) {
				expect([fixture.name, source.repo, source.file, source.at].every(Boolean)).toBe(true);
				expect(source.commit).toMatch(/^[0-9a-f]{7,40}$/);
			}
		}
	});

	it('has, for every category, a submit answer that queues a job and a final fetch answer', () => {
		for (const category of Object.keys(FETCH_CATEGORIES)) {
			const of = corpus.filter((fixture) => fixture.category === category);
			expect([
				category,
				of.some((f) => f.channel === 'submit' && f.state === 'processing'),
			]).toEqual([category, true]);
			expect([
				category,
				of.some((f) => f.channel === 'submit' && f.state === 'rateLimited'),
			]).toEqual([category, true]);
			expect([category, of.some((f) => f.channel === 'fetch' && f.state === 'success')]).toEqual([
				category,
				true,
			]);
			expect([category, of.some((f) => f.channel === 'fetch' && f.state === 'notFound')]).toEqual([
				category,
				true,
			]);
		}
	});
});

describe.each(corpus.map((fixture) => [`${fixture.category}/${fixture.name}`, fixture] as const))(
	'%s',
	(_label, fixture) => {
		const { expect: wanted } = fixture;
		if (wanted.error !== undefined) {
			it(`is raised as an error that says "${wanted.error}"`, async () => {
				const error = await readThroughNode(fixture).then(
					(result) => {
						throw new Error(`read as ${result.outcome} ${result.id}, not as an error`);
					},
					(caught: Error & { httpCode?: string }) => caught,
				);
				expect(error.message).toContain(wanted.error);
				if (wanted.httpCode !== undefined) expect(error.httpCode).toBe(wanted.httpCode);
				if (wanted.retryAfter !== undefined)
					expect(retryAfterSeconds(fixture.body as IDataObject, {}, -1)).toBe(wanted.retryAfter);
			});
			return;
		}
		it(`is read as ${wanted.outcome}${wanted.output ? ` with ${wanted.output.length} file(s)` : ''}`, async () => {
			const result = await readThroughNode(fixture);
			expect(result.outcome).toBe(wanted.outcome);
			if (wanted.id !== undefined) expect(result.id).toBe(wanted.id);
			expect(result.output).toEqual(
				wanted.output ?? (wanted.outcome === 'success' ? expect.any(Array) : result.output),
			);
			// A finished training is a model, not files; every other success carries its files.
			if (wanted.outcome === 'success' && result.kind !== 'training')
				expect(result.output.length + result.proxyLinks.length).toBeGreaterThan(0);
			if (wanted.message !== undefined) expect(result.message).toBe(wanted.message);
			if (wanted.stage !== undefined) expect(result.stage).toBe(wanted.stage);
			if (wanted.trackId !== undefined) expect(result.trackId).toBe(wanted.trackId);
			if (wanted.eta !== undefined) expect(result.eta).toBe(wanted.eta);
		});
	},
);
