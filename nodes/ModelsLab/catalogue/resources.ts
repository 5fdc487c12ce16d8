import type { ResourceDefinition } from './types';

/**
 * Resources of the ModelsLab node, in the order the editor lists them. The node adds a `job`
 * resource of its own (Custom Endpoint, Get Result); it is not part of the catalogue.
 */
export const RESOURCES: ResourceDefinition[] = [
	{
		value: 'image',
		name: 'Image',
		description:
			'Generate images from text or other images with Flux, SDXL, Imagen, Nano Banana and community models',
		modelFeature: 'imagen',
	},
	{
		value: 'video',
		name: 'Video',
		description: 'Generate videos from text, images or other videos, sync lips and transfer motion',
		modelFeature: 'video_fusion',
	},
	{
		value: 'audio',
		name: 'Audio',
		description:
			'Generate speech, music, songs and sound effects, convert voices, transcribe and dub',
		modelFeature: 'audio_gen',
	},
	{
		value: 'threeD',
		name: '3D',
		description: 'Generate 3D models (GLB, OBJ, STL, PLY) from a text prompt or an image',
	},
	{
		value: 'imageEditing',
		name: 'Image Editing',
		description:
			'Remove backgrounds and objects, upscale, outpaint, inpaint, caption and restyle existing images',
		modelFeature: 'imagen',
	},
	{
		value: 'faceSwap',
		name: 'Face Swap',
		description: 'Swap faces in images and videos',
	},
	{
		value: 'interior',
		name: 'Interior',
		description: 'Redesign rooms, facades and floor plans from a photo or a sketch',
	},
	{
		value: 'realtime',
		name: 'Realtime',
		description: 'Fast Stable Diffusion image generation without choosing a model',
	},
	{
		value: 'training',
		name: 'Training',
		description: 'Train your own LoRA or Dreambooth model on a set of images',
	},
	{
		value: 'workflow',
		name: 'Workflow',
		description: 'Run a workflow built in the ModelsLab workflow editor',
	},
];
