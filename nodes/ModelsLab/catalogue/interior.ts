import { docs, py } from './sources';
import type { CatalogueEntry, CatalogueField, CatalogueSource } from './types';

/*
 * Interior and architecture, under /v6/interior/ (fetch interior), no model_id. Each entry's
 * `source` names the files it follows (interior-api/openapi.json and the endpoint's page).
 */

function interior(page: string, notes?: string): CatalogueSource {
	return {
		...docs('interior-api/openapi.json', `interior-api/${page}`),
		also: [py('modelslab_py/schemas/interior.py')],
		...(notes ? { notes } : {}),
	};
}

const SPECIFIC_OBJECT_NOTE =
	'The page\'s example sends specific_object, but the openapi.json schema for this endpoint has no such field (only make and room_decorator do); the node follows the schema and leaves it out.';

const BASE64: CatalogueField = {
	name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false,
	description: 'Whether the output comes back as a base64 string instead of a URL.',
};
const INIT_IMAGE: CatalogueField = {
	name: 'init_image', label: 'Init Image', type: 'url', placeholder: 'https://example.com/living-room.jpg',
	description: 'URL of a photo of the room to redesign.',
};

/** Options shared by the prompt-driven redesign endpoints. */
const REDESIGN_OPTIONS: CatalogueField[] = [
	{
		name: 'negative_prompt', label: 'Negative Prompt', type: 'text', placeholder: 'bad quality, blurry, distorted furniture',
		description: 'Things to keep out of the result, comma-separated.',
	},
	{
		name: 'strength', label: 'Strength', type: 'number', min: 0, max: 1, placeholder: '0.99',
		description: 'How far the design may move away from the photo, 0–1; ModelsLab\'s examples use 0.99.',
	},
	{
		name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 51, placeholder: '51',
		description: 'Number of denoising steps; ModelsLab\'s examples use 51, its field notes list 21, 31 or 41.',
	},
	{
		name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, modelsLabDefault: 8, placeholder: '8',
		description: 'How closely the design follows the prompt, 1–20.',
	},
	{
		name: 'seed', label: 'Seed', type: 'number', min: 0, placeholder: '12345',
		description: 'The same seed with the same settings reproduces the same image; 0 or unset picks a random seed.',
	},
	BASE64,
	{
		name: 'temp', label: 'Temporary Links', type: 'boolean', modelsLabDefault: false,
		description: 'Whether outputs get temporary links valid for 24 hours.',
	},
];
const SPECIFIC_OBJECT: CatalogueField = {
	name: 'specific_object', label: 'Specific Object', type: 'string', placeholder: 'mid-century coffee table',
	description: 'A piece of furniture or decor that must appear in the redesigned room.',
};

export const interiorEndpoints: CatalogueEntry[] = [
	{
		resource: 'interior', operation: 'make', name: 'Redesign Interior',
		action: 'Redesign a room from a photo',
		description: 'Redesigns the interior in a room photo following a prompt, keeping the room layout.',
		versions: [{ version: 'v6', path: '/v6/interior/make', fetch: 'interior' }],
		source: interior('interior.mdx', 'strength: the schema gives default 5 with "1.0 corresponds to full destruction of the initial image", and every example sends 0.99; the node models it as 0–1. num_inference_steps: default 51 in the schema and examples, while its description lists 21, 31 or 41; the node allows 1–51.'),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'The interior style, furniture, materials and mood.', placeholder: 'luxury bedroom with a wooden floor, a stylish table and a red carpet' },
			INIT_IMAGE,
		],
		optional: [
			...REDESIGN_OPTIONS,
			SPECIFIC_OBJECT,
			{ name: 'scale_down', label: 'Scale Down', type: 'number', min: 1, modelsLabDefault: 6, placeholder: '6', description: 'Factor by which the photo is scaled down before processing.' },
		],
	},
	{
		resource: 'interior', operation: 'roomDecorator', name: 'Room Decorator',
		action: 'Decorate a room from a photo',
		description: 'Decorates a room photo with furniture and decor following a prompt.',
		versions: [{ version: 'v6', path: '/v6/interior/room_decorator', fetch: 'interior' }],
		source: interior('room-decorator.mdx'),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'The decor you want: furniture, colours and mood.', placeholder: 'a luxurious bedroom with an elegant table, rich red carpet and wooden flooring' },
			INIT_IMAGE,
		],
		optional: [...REDESIGN_OPTIONS, SPECIFIC_OBJECT],
	},
	{
		resource: 'interior', operation: 'floorPlanning', name: 'Floor Planning',
		action: 'Render a floor plan',
		description: 'Turns a floor plan drawing or room photo into a rendered top-view floor plan.',
		versions: [{ version: 'v6', path: '/v6/interior/floor_planning', fetch: 'interior' }],
		source: interior('floor-planning.mdx', SPECIFIC_OBJECT_NOTE),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'How the floor plan should look and which rooms it shows.', placeholder: 'rendered floor plan of the apartment, top view, white background, kitchen, living room, bedroom' },
			{ ...INIT_IMAGE, placeholder: 'https://example.com/floor-plan.jpg', description: 'URL of the floor plan drawing or room image to base the plan on.' },
		],
		optional: REDESIGN_OPTIONS,
	},
	{
		resource: 'interior', operation: 'scenarioChanger', name: 'Scenario Changer',
		action: 'Change the surroundings of a photo',
		description: 'Keeps the subject of a photo (e.g. a house) and places it in a new environment.',
		versions: [{ version: 'v6', path: '/v6/interior/scenario_changer', fetch: 'interior' }],
		source: interior('scenario-changer.mdx', SPECIFIC_OBJECT_NOTE),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'The new environment, colours and mood.', placeholder: 'a beautiful house in the snow at dusk' },
			{ ...INIT_IMAGE, placeholder: 'https://example.com/house.jpg', description: 'URL of the photo whose surroundings change.' },
			{
				name: 'scenario', label: 'Scenario', type: 'options', description: 'The environment to place the subject in.',
				options: [
					{ name: 'Beach', value: 'beach' }, { name: 'Desert', value: 'desert' }, { name: 'Plain', value: 'plain' },
					{ name: 'Taiga', value: 'taiga' }, { name: 'Mountain', value: 'mountain' }, { name: 'Snow', value: 'snow' },
					{ name: 'Jungle', value: 'jungle' }, { name: 'City', value: 'city' }, { name: 'Underwater', value: 'underwater' },
					{ name: 'Urban', value: 'urban' }, { name: 'Forest', value: 'forest' },
				],
			},
		],
		optional: REDESIGN_OPTIONS,
	},
	{
		resource: 'interior', operation: 'sketchRendering', name: 'Sketch Rendering',
		action: 'Render a sketch realistically',
		description: 'Turns an architectural sketch or line drawing into a realistic render.',
		versions: [{ version: 'v6', path: '/v6/interior/sketch_rendering', fetch: 'interior' }],
		source: interior('sketch-rendering.mdx', SPECIFIC_OBJECT_NOTE),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'Materials, colours and atmosphere of the render.', placeholder: 'photorealistic render of this modern home, warm evening light' },
			{ ...INIT_IMAGE, placeholder: 'https://example.com/sketch.jpg', description: 'URL of the sketch or line art to render.' },
		],
		optional: REDESIGN_OPTIONS,
	},
	{
		resource: 'interior', operation: 'exteriorRestorer', name: 'Exterior Restorer',
		action: 'Refresh the exterior of a building',
		description: 'Restores or restyles the facade of a building in a photo.',
		versions: [{ version: 'v6', path: '/v6/interior/exterior_restorer', fetch: 'interior' }],
		source: interior('exterior-restorer.mdx', SPECIFIC_OBJECT_NOTE),
		method: 'POST', output: 'image',
		required: [
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'The refreshed exterior style, colours and mood.', placeholder: 'fresh white facade with golden trim and a tidy front garden' },
			{ ...INIT_IMAGE, placeholder: 'https://example.com/house-front.jpg', description: 'URL of the exterior photo.' },
		],
		optional: REDESIGN_OPTIONS,
	},
	{
		resource: 'interior', operation: 'objectRemoval', name: 'Object Removal',
		action: 'Remove an object from a room photo',
		description: 'Removes the named object from a room photo and fills the gap.',
		versions: [{ version: 'v6', path: '/v6/interior/object_removal', fetch: 'interior' }],
		source: interior('object-removal.mdx'),
		method: 'POST', output: 'image',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the room photo.' },
			{ name: 'object_name', label: 'Object Name', type: 'string', placeholder: 'sofa', description: 'The object to remove, in words.' },
		],
		optional: [BASE64],
	},
	{
		resource: 'interior', operation: 'interiorMixer', name: 'Interior Mixer',
		action: 'Place an object into a room photo',
		description: 'Adds an object from one image (e.g. a sofa) into a room photo.',
		versions: [{ version: 'v6', path: '/v6/interior/interior_mixer', fetch: 'interior' }],
		source: interior('interior-mixer.mdx'),
		method: 'POST', output: 'image',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the room photo to add the object to.' },
			{ name: 'object_image', label: 'Object Image', type: 'url', placeholder: 'https://example.com/sofa.jpg', description: 'URL of an image of the object to add.' },
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'Where and how to place the object.', placeholder: 'place the sofa from the object image against the left wall' },
		],
		optional: [
			{ name: 'width', label: 'Width', type: 'number', min: 512, max: 2048, placeholder: '1024', description: 'Output width in pixels, 512–2048. Unset keeps the room photo size.' },
			{ name: 'height', label: 'Height', type: 'number', min: 512, max: 2048, placeholder: '1024', description: 'Output height in pixels, 512–2048. Unset keeps the room photo size.' },
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, placeholder: '8', description: 'How closely the result follows the prompt.' },
			{ name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, modelsLabDefault: 8, placeholder: '8', description: 'Number of inference steps.' },
			BASE64,
		],
	},
];
