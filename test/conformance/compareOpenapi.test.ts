/** The OpenAPI comparison (scripts/conformance/openapiDiff.ts) on a tiny schema, not a docs checkout. */
import type { CatalogueEntry } from '../../nodes/ModelsLab/catalogue/types';
import { compareCatalogue, formatDifferences } from '../../scripts/conformance/openapiDiff';

const openapi = {
	servers: [{ url: 'https://modelslab.com/api/v6/images' }],
	paths: {
		'/text2img': {
			post: {
				requestBody: {
					content: { 'application/json': { schema: { $ref: '#/components/schemas/Request' } } },
				},
			},
		},
	},
	components: {
		schemas: {
			Request: {
				allOf: [{ $ref: '#/components/schemas/Common' }],
				required: ['key', 'prompt', 'model_id'],
				properties: {
					key: { type: 'string' },
					prompt: { type: 'string' },
					model_id: { type: 'string' },
					scheduler: { type: 'string', enum: ['a', 'b'] },
					stream: { type: 'boolean' },
				},
			},
			Common: {
				properties: {
					width: { type: 'integer', maximum: 1024, default: 512 },
					samples: { type: 'integer', minimum: 1, maximum: 4 },
				},
			},
		},
	},
};

const entry: CatalogueEntry = {
	resource: 'image',
	operation: 'textToImage',
	name: 'Text to Image',
	action: 'Generate an image',
	description: '',
	method: 'POST',
	versions: [{ version: 'v6', path: '/v6/images/text2img', fetch: 'imagesV6' }],
	output: 'image',
	modelId: { required: false, examples: ['flux'] },
	required: [{ name: 'prompt', label: 'Prompt', type: 'text', description: '' }],
	optional: [
		{
			name: 'width',
			label: 'Width',
			type: 'number',
			max: 1024,
			modelsLabDefault: 512,
			description: '',
		},
		{ name: 'samples', label: 'Samples', type: 'number', min: 1, max: 8, description: '' },
		{
			name: 'scheduler',
			label: 'Scheduler',
			type: 'options',
			options: [{ name: 'A', value: 'a' }],
			description: '',
		},
		{ name: 'seed', label: 'Seed', type: 'number', description: '' },
	],
	source: { repo: 'ModelsLab/docs-v2', files: ['x/openapi.json'], commit: 'c1440bc' },
};

test('finds every kind of difference, and none where the entry matches', () => {
	const differences = compareCatalogue([entry], (file) =>
		file === 'x/openapi.json' ? openapi : undefined,
	);
	expect(differences.map(({ field, text }) => `${field}: ${text}`)).toEqual([
		'model_id: required: schema true, catalogue false',
		'samples: maximum: schema 4, catalogue 8',
		'scheduler: enum: schema [a, b], catalogue [a]',
		'seed: offered, not in the schema',
		'stream: in the schema, not offered',
	]);
	expect(formatDifferences(differences).split('\n')[0]).toBe(
		'image.textToImage v6  [x/openapi.json (POST /text2img)]',
	);
});

test('says so when the cited openapi.json has no such operation', () => {
	const differences = compareCatalogue(
		[{ ...entry, versions: [{ version: 'v6', path: '/v6/images/img2img', fetch: 'imagesV6' }] }],
		() => openapi,
	);
	expect(differences).toEqual([
		{
			endpoint: 'image.textToImage v6',
			file: 'x/openapi.json',
			text: 'no operation POST /v6/images/img2img in the cited openapi.json',
		},
	]);
});

test('a oneOf branch narrowing a field the object defines is one case, not the field', () => {
	// voice-cloning/openapi.json SongGeneratorRequest: lyrics_generation is a boolean, and its
	// oneOf has an `enum: [true]` branch (which also requires caption) and an `enum: [false]` one.
	const song = {
		servers: [{ url: 'https://modelslab.com/api/v6' }],
		paths: {
			'/voice/song_generator': {
				post: {
					requestBody: {
						content: { 'application/json': { schema: { $ref: '#/components/schemas/Song' } } },
					},
				},
			},
		},
		components: {
			schemas: {
				Song: {
					required: ['key'],
					properties: {
						key: { type: 'string' },
						lyrics_generation: { type: 'boolean' },
						caption: { type: 'string' },
					},
					oneOf: [
						{
							required: ['lyrics_generation', 'caption'],
							properties: { lyrics_generation: { enum: [true] } },
						},
						{ properties: { lyrics_generation: { enum: [false] }, lyrics: { type: 'string' } } },
					],
				},
			},
		},
	};
	const songEntry: CatalogueEntry = {
		...entry,
		resource: 'audio',
		operation: 'songGenerator',
		versions: [{ version: 'v6', path: '/v6/voice/song_generator', fetch: 'voiceV6' }],
		modelId: undefined,
		required: [],
		optional: [
			{ name: 'lyrics_generation', label: 'Generate Lyrics', type: 'boolean', description: '' },
			{ name: 'caption', label: 'Caption', type: 'text', description: '' },
		],
	};
	const differences = compareCatalogue([songEntry], () => song);
	// lyrics only in a branch is still a schema field; the branch enums are not the field's.
	expect(differences.map(({ field, text }) => `${field}: ${text}`)).toEqual([
		'lyrics: in the schema, not offered',
	]);
});
