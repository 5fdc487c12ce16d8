/**
 * Every catalogue entry, under every API version it has, submitted through the real node: the
 * path, the key, the webhook with our secret, the track_id, and only the fields that were set.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { CATALOGUE, FETCH_CATEGORIES } from '../../../nodes/ModelsLab/catalogue';
import type {
	ApiVersion,
	CatalogueEntry,
	CatalogueField,
} from '../../../nodes/ModelsLab/catalogue/types';
import { API, API_KEY, runModelsLab, startN8n, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

/** A value a user could type for the field, and what ModelsLab should then receive. */
function sample(
	field: CatalogueField,
	version: ApiVersion,
): { given: IDataObject[string]; sent: IDataObject[string] } {
	const asArray = Array.isArray(field.sendAsArray)
		? field.sendAsArray.includes(version)
		: field.sendAsArray === true;
	const wrap = (value: IDataObject[string]): IDataObject[string] =>
		asArray && !Array.isArray(value) ? ([value] as IDataObject[string]) : value;
	switch (field.type) {
		case 'number': {
			const min = field.rangeIn?.[version]?.min ?? field.min;
			const max = field.rangeIn?.[version]?.max ?? field.max;
			const value = min !== undefined ? min : max !== undefined ? Math.min(1, max) : 1;
			return { given: value, sent: wrap(value) };
		}
		case 'boolean':
			return { given: true, sent: wrap(true) };
		case 'options':
			return {
				given: field.options![field.options!.length - 1].value,
				sent: wrap(field.options![field.options!.length - 1].value),
			};
		case 'json':
			return { given: '{"a": 1}', sent: { a: 1 } };
		case 'urlList':
			return {
				given: 'https://example.com/a.png\nhttps://example.com/b.png',
				sent: ['https://example.com/a.png', 'https://example.com/b.png'],
			};
		case 'url':
			return { given: 'https://example.com/in.png', sent: wrap('https://example.com/in.png') };
		default:
			return { given: `${field.name} value`, sent: wrap(`${field.name} value`) };
	}
}

const applies = (field: CatalogueField, version: ApiVersion) =>
	!field.versions || field.versions.includes(version);

const cases = CATALOGUE.flatMap((entry) =>
	entry.versions.map(
		(version) =>
			[`${entry.resource} › ${entry.name} (${version.version})`, entry, version.version] as const,
	),
);

test.each(cases)('%s', async (_, entry: CatalogueEntry, version: ApiVersion) => {
	const endpoint = entry.versions.find((candidate) => candidate.version === version)!;
	const parameters: IDataObject = {
		resource: entry.resource,
		operation: entry.operation,
		waitMode: 'callback',
	};
	if (entry.versions.length > 1) parameters.apiVersion = version;
	const expected: IDataObject = { key: API_KEY };
	const pathValues: Record<string, string> = {};
	if (entry.modelId && (!entry.modelId.versions || entry.modelId.versions.includes(version))) {
		// An entry whose sources name no model (v7 dubbing) still sends the one the user picked.
		const model = entry.modelId.examples[0] ?? 'a-model-from-the-list';
		parameters.modelId = { __rl: true, mode: 'id', value: model };
		expected.model_id = model;
	}
	for (const field of entry.required.filter((candidate) => applies(candidate, version))) {
		const { given, sent } = sample(field, version);
		parameters[field.name] = given;
		if (entry.pathParams?.includes(field.name)) pathValues[field.name] = String(given);
		else if (field.type === 'json' && entry.keyIn === 'header')
			Object.assign(expected, sent as IDataObject);
		else expected[field.renameIn?.[version] ?? field.name] = sent;
	}
	// One optional field set: it must be sent; the others must not.
	const optional = entry.optional.find((candidate) => applies(candidate, version));
	if (optional) {
		const { given, sent } = sample(optional, version);
		parameters.additionalFields = { [optional.name]: given };
		expected[optional.renameIn?.[version] ?? optional.name] = sent;
	}
	const path = `/api${endpoint.path.replace(/\{(\w+)\}/g, (__, name: string) => encodeURIComponent(pathValues[name]))}`;
	let submitted: IDataObject | undefined;
	const scope = nock(API)
		.intercept(path, entry.method, (body: IDataObject) => {
			submitted = body;
			return true;
		})
		.reply(
			200,
			entry.output === 'workflow'
				? { status: 'success', message: 'queued', execution_id: 4242, workflow_id: 'wf-1' }
				: { status: 'processing', id: 4242, eta: entry.acceptsWebhook === false ? 0.01 : 10 },
		);
	if (entry.acceptsWebhook === false) {
		// No callback from this endpoint (workflow runs post to the webhook set on the workflow):
		// the node polls the fetch endpoint instead of waiting for a callback that never comes.
		const category = FETCH_CATEGORIES[endpoint.fetch];
		const fetched = nock(API)
			.intercept(
				entry.output === 'workflow'
					? '/api/v1/workflows/wf-1/runs/4242'
					: `/api${category.path.replace('{id}', '4242')}`,
				category.method,
			)
			.reply(
				200,
				entry.output === 'workflow'
					? {
							execution: {
								id: 4242,
								status: 'completed',
								output_data: { output: ['https://x/o.txt'] },
							},
							event: 'workflow.completed',
						}
					: { status: 'success', id: 4242, output: ['https://x/o.txt'] },
			);
		const handle = await runModelsLab(env.n8n, {
			...parameters,
			options: { downloadFiles: false, pollInterval: 0.05 },
		});
		expect(handle.error?.message).toBeUndefined();
		expect(handle.status).toBe('success');
		expect(fetched.isDone()).toBe(true);
		const { webhook, track_id: trackId, ...rest } = submitted!;
		expect(webhook).toBeUndefined();
		expect(rest).toEqual(expected);
		if (entry.acceptsTrackId === false) expect(trackId).toBeUndefined();
		expect(handle.outputOf('ModelsLab')[0].json.status).toBe('success');
		return;
	}
	const handle = await runModelsLab(env.n8n, parameters);
	expect(handle.error?.message).toBeUndefined();
	expect(scope.isDone()).toBe(true);
	const { webhook, track_id: trackId, ...rest } = submitted!;
	expect(rest).toEqual(expected);
	expect(handle.status).toBe('waiting');
	expect(String(webhook)).toContain(`/webhook-waiting/${handle.executionId}?`);
	expect(new URL(String(webhook)).searchParams.get('mlToken')).toMatch(/^[0-9a-f]{40}$/);
	if (entry.acceptsTrackId === false) expect(trackId).toBeUndefined();
	else expect(trackId).toBe(`n8n-${handle.executionId}-0`);
});

test('the catalogue is fully covered: at least 60 endpoints over 10 resources', () => {
	expect(cases.length).toBeGreaterThanOrEqual(CATALOGUE.length);
	expect(new Set(CATALOGUE.map((entry) => entry.resource)).size).toBe(10);
});

test('values saved before a field type was corrected are sent in the documented type ("yes" → true, 500 → "500")', async () => {
	const training = CATALOGUE.find(
		(entry) =>
			entry.output === 'training' &&
			entry.required.some((field) => field.name === 'max_train_steps'),
	)!;
	const textToImage = CATALOGUE.find(
		(entry) => entry.resource === 'image' && entry.operation === 'textToImage',
	)!;
	expect(training.required.find((field) => field.name === 'max_train_steps')?.type).toBe('string');
	expect(textToImage.optional.find((field) => field.name === 'upscale')?.type).toBe('boolean');
	const bodies: IDataObject[] = [];
	nock(API)
		.post(/\/api\/v[36]\/.*/, (body: IDataObject) => {
			bodies.push(body);
			return true;
		})
		.times(2)
		.reply(200, { status: 'processing', id: 77, eta: 5 });
	const trainingParameters: IDataObject = {
		resource: training.resource,
		operation: training.operation,
		waitMode: 'dontWait',
	};
	for (const field of training.required)
		trainingParameters[field.name] = sample(field, training.versions[0].version).given;
	trainingParameters.max_train_steps = 500;
	await runModelsLab(env.n8n, trainingParameters);
	await runModelsLab(env.n8n, {
		resource: 'image',
		operation: 'textToImage',
		waitMode: 'dontWait',
		apiVersion: 'v6',
		modelId: { __rl: true, mode: 'id', value: 'flux' },
		prompt: 'a fox',
		additionalFields: { upscale: 'yes' },
	});
	expect(bodies.map((body) => [body.max_train_steps, body.upscale])).toEqual([
		['500', undefined],
		[undefined, true],
	]);
});
