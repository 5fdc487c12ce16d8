import { docs, py } from './sources';
import type { CatalogueEntry, CatalogueField, CatalogueSource } from './types';
import {
	BASE64,
	HEIGHT,
	INIT_IMAGE,
	INSTANT_RESPONSE,
	MASK_IMAGE,
	NEGATIVE_PROMPT,
	PROMPT,
	SAFETY_CHECKER,
	SAMPLES,
	SEED,
	STRENGTH,
	TEMP,
	WIDTH,
} from './image';

/*
 * Realtime Stable Diffusion: fast generation on a fixed model, so no model_id.
 * Each entry's `source` names the files it follows.
 */

function realtime(page: string): CatalogueSource {
	return {
		...docs('image-generation/realtime-stable-diffusion/openapi.json', `image-generation/realtime-stable-diffusion/${page}`),
		also: [py('modelslab_py/schemas/realtime.py')],
	};
}

const REALTIME_OPTIONS: CatalogueField[] = [
	NEGATIVE_PROMPT,
	{ ...WIDTH, description: 'Output width in pixels, at most 1024.' },
	{ ...HEIGHT, description: 'Output height in pixels, at most 1024.' },
	SAMPLES,
	SEED,
	SAFETY_CHECKER,
	INSTANT_RESPONSE,
	BASE64,
];

export const realtimeEndpoints: CatalogueEntry[] = [
	{
		resource: 'realtime', operation: 'textToImage', name: 'Text to Image',
		action: 'Generate an image from a text prompt in realtime',
		description: 'Generates images from a prompt on ModelsLab\'s realtime Stable Diffusion model, usually within seconds.',
		versions: [{ version: 'v6', path: '/v6/realtime/text2img', fetch: 'realtime' }],
		source: realtime('text-to-image.mdx'),
		method: 'POST', output: 'image',
		required: [PROMPT],
		optional: REALTIME_OPTIONS,
	},
	{
		resource: 'realtime', operation: 'imageToImage', name: 'Image to Image',
		action: 'Transform an image in realtime',
		description: 'Generates a new image from a source image and a prompt on the realtime model.',
		versions: [{ version: 'v6', path: '/v6/realtime/img2img', fetch: 'realtime' }],
		source: { ...realtime('image-to-image.mdx'), notes: 'temp is not in the openapi.json schema; the page\'s example sends it, so the node offers it here.' },
		method: 'POST', output: 'image',
		required: [
			{ ...PROMPT, description: 'How to change the source image: what the result should show and in which style.' },
			INIT_IMAGE,
		],
		optional: [STRENGTH, ...REALTIME_OPTIONS, TEMP],
	},
	{
		resource: 'realtime', operation: 'inpaint', name: 'Inpaint',
		action: 'Repaint the masked area of an image in realtime',
		description: 'Repaints the white area of a mask on the source image on the realtime model.',
		versions: [{ version: 'v6', path: '/v6/realtime/inpaint', fetch: 'realtime' }],
		source: realtime('inpaint.mdx'),
		method: 'POST', output: 'image',
		required: [
			{ ...PROMPT, description: 'What to paint into the masked (white) area.', placeholder: 'a cat sitting on a bench' },
			{ ...INIT_IMAGE, description: 'URL of the image to edit.' },
			MASK_IMAGE,
		],
		optional: [STRENGTH, ...REALTIME_OPTIONS],
	},
];
