import { cli, docs, go, js, py } from './sources';
import type { CatalogueEntry, CatalogueField } from './types';

/* 3D (v6 only, no model_id). Each entry's `source` names the files it follows. */

const OUTPUT_FORMAT: CatalogueField = {
	name: 'output_format', label: 'Output Format', type: 'options', modelsLabDefault: 'glb',
	description: 'File format of the 3D model.',
	options: [
		{ name: 'GLB', value: 'glb' },
		{ name: 'OBJ', value: 'obj' },
		{ name: 'STL', value: 'stl' },
		{ name: 'PLY', value: 'ply' },
	],
};
const RENDER: CatalogueField = {
	name: 'render', label: 'Render Video', type: 'boolean', modelsLabDefault: false,
	description: 'Whether ModelsLab also renders a turntable (NeRF) video of the model.',
};
const SEED: CatalogueField = {
	name: 'seed', label: 'Seed', type: 'number', min: 0, modelsLabDefault: 0, placeholder: '12345',
	description: 'The same seed with the same settings reproduces the same model; 0 picks a random seed.',
};
const TEMP: CatalogueField = {
	name: 'temp', label: 'Temporary Links', type: 'options', modelsLabDefault: 'no',
	description: 'Whether the output files go to temporary storage (links valid for 24 hours).',
	options: [
		{ name: 'Yes', value: 'yes' },
		{ name: 'No', value: 'no' },
	],
};
const MESH_SIMPLIFY: CatalogueField = {
	name: 'mesh_simplify', label: 'Mesh Simplify', type: 'number', min: 0.9, max: 0.98, modelsLabDefault: 0.9,
	placeholder: '0.95', description: 'How much the mesh is simplified, 0.9–0.98; higher gives fewer polygons.',
};
const CHUNK_SIZE: CatalogueField = {
	name: 'chunk_size', label: 'Chunk Size', type: 'number', min: 1, max: 12000, modelsLabDefault: 8192,
	placeholder: '8192', description: 'Size of the processing chunks, at most 12000; affects GPU memory use.',
};
const SS_GUIDANCE: CatalogueField = {
	name: 'ss_guidance_strength', label: 'Structure Guidance Strength', type: 'number', min: 0, modelsLabDefault: 7.5,
	placeholder: '7.5', description: 'Guidance strength of the sparse-structure stage, which shapes the overall form.',
};
const SLAT_GUIDANCE: CatalogueField = {
	name: 'slat_guidance_strength', label: 'Detail Guidance Strength', type: 'number', min: 0, max: 10,
	modelsLabDefault: 3, placeholder: '3', description: 'Guidance strength of the latent (SLAT) stage that refines details, 0–10.',
};

export const threeDEndpoints: CatalogueEntry[] = [
	{
		resource: 'threeD', operation: 'textTo3d', name: 'Text to 3D',
		action: 'Generate a 3D model from a text prompt',
		description: 'Generates a 3D model (GLB, OBJ, STL or PLY) from a text prompt.',
		versions: [{ version: 'v6', path: '/v6/3d/text_to_3d', fetch: 'threeD' }],
		source: {
			...docs('3d-api/openapi.json', '3d-api/text-to-3d.mdx'),
			also: [py('modelslab_py/schemas/threed.py'), cli()],
			notes: 'temp is the string "yes"/"no" in the docs (not a boolean), which the node sends.',
		},
		method: 'POST', output: 'model3d',
		required: [
			{
				name: 'prompt', label: 'Prompt', type: 'text', placeholder: 'a full body mesh of a corgi, low poly',
				description: 'The object to model.',
			},
		],
		optional: [
			{
				name: 'negative_prompt', label: 'Negative Prompt', type: 'text', placeholder: 'blurry, deformed',
				description: 'Things to keep out of the model, comma-separated.',
			},
			OUTPUT_FORMAT,
			{
				name: 'resolution', label: 'Resolution', type: 'number', min: 1, max: 512, modelsLabDefault: 512,
				placeholder: '512', description: 'Resolution of the generated model, at most 512.',
			},
			RENDER,
			{
				name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 0, modelsLabDefault: 3,
				placeholder: '3', description: 'How closely the model follows the prompt; higher is more literal, lower more creative.',
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, modelsLabDefault: 30,
				placeholder: '30', description: 'Number of generation steps.',
			},
			SS_GUIDANCE,
			{
				name: 'ss_sampling_steps', label: 'Structure Sampling Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 50, placeholder: '50', description: 'Sampling steps of the sparse-structure stage, 1–50.',
			},
			SLAT_GUIDANCE,
			{
				name: 'slat_sampling_steps', label: 'Detail Sampling Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 50, placeholder: '50', description: 'Sampling steps of the detail (SLAT) stage, 1–50.',
			},
			MESH_SIMPLIFY,
			{
				name: 'foreground_ratio', label: 'Foreground Ratio', type: 'number', min: 0, max: 1, modelsLabDefault: 0.85,
				placeholder: '0.85', description: 'Share of the frame the object takes up, 0–1.',
			},
			{
				name: 'remove_bg', label: 'Remove Background', type: 'boolean', modelsLabDefault: false,
				description: 'Whether the background is removed from the generated model.',
			},
			CHUNK_SIZE,
			SEED,
			TEMP,
		],
	},
	{
		resource: 'threeD', operation: 'imageTo3d', name: 'Image to 3D',
		action: 'Generate a 3D model from an image',
		description: 'Generates a 3D model (GLB, OBJ, STL or PLY) from a photo of an object.',
		versions: [{ version: 'v6', path: '/v6/3d/image_to_3d', fetch: 'threeD' }],
		source: {
			...docs('3d-api/openapi.json', '3d-api/image-to-3d.mdx'),
			also: [
				py('modelslab_py/schemas/threed.py'),
				js('src/schemas/threed.ts'),
				go('pkg/schemas/threed/threed.go'),
				cli(),
			],
			notes: 'The image field: openapi.json requires `image` (its properties list also describes an `init_image`), and the Python, TypeScript and Go SDKs send `image`; the page\'s example and the CLI send `init_image`. The node follows the schema\'s required list and the three SDKs: `image`.',
		},
		method: 'POST', output: 'model3d',
		required: [
			{
				name: 'image', label: 'Image', type: 'url', placeholder: 'https://example.com/chair.png',
				description: 'URL of an image of the object, ideally on a plain background.',
			},
		],
		optional: [
			{
				name: 'multi_image', label: 'Multi Image', type: 'boolean', modelsLabDefault: false,
				description: 'Whether several images of the same object are processed together.',
			},
			OUTPUT_FORMAT,
			{
				name: 'resolution', label: 'Resolution', type: 'number', min: 1, max: 512, modelsLabDefault: 256,
				placeholder: '256', description: 'Resolution of the generated model, at most 512.',
			},
			RENDER,
			SS_GUIDANCE,
			{
				name: 'ss_sampling_steps', label: 'Structure Sampling Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 12, placeholder: '12', description: 'Sampling steps of the sparse-structure stage, 1–50.',
			},
			SLAT_GUIDANCE,
			{
				name: 'slat_sampling_steps', label: 'Detail Sampling Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 12, placeholder: '12', description: 'Sampling steps of the detail (SLAT) stage, 1–50.',
			},
			MESH_SIMPLIFY,
			CHUNK_SIZE,
			SEED,
			TEMP,
		],
	},
];
