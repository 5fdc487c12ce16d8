import { MCP_REFERENCE, docs, js, py, skills } from './sources';
import type { CatalogueEntry, CatalogueField, FieldOption } from './types';

/*
 * Image generation. Each entry's `source` names the files it follows: v6 from the docs'
 * openapi.json files, v7 from the MCP tools reference (the only docs page listing v7 fields) and
 * the Python SDK's provider schemas. v7 is listed first (skills: "v7 is the current version").
 * Fields no v7 source documents are limited to v6. Shared fields and option lists are exported
 * for realtime.ts and imageEditing.ts.
 */

/** v7 image fields: the MCP tools reference and the Python SDK's image providers. */
const V7_IMAGE_SOURCE = {
	...docs(MCP_REFERENCE, 'guides/model-selection.mdx'),
	also: [
		py('modelslab_py/providers/google/schemas.py', 'modelslab_py/providers/bfl/schemas.py', 'modelslab_py/providers/bfl/api.py', 'modelslab_py/providers/byteplus/schemas.py', 'modelslab_py/providers/runway/schemas.py'),
		skills('image-generation/SKILL.md'),
	],
};
const V6_ONLY = 'Fields no v7 source documents (seed, steps, guidance scale, scheduler, LoRA, the Stable Diffusion switches, base64, temp) are offered under v6 only; the Python SDK gives guidance_scale, scheduler and lora_model to Flux Pro models only in schemas that post to v6/images/text2img (providers/bfl/api.py).';

export const YES_NO: FieldOption[] = [
	{ name: 'Yes', value: 'yes' },
	{ name: 'No', value: 'no' },
];

export const SCHEDULER_OPTIONS: FieldOption[] = [
	{ name: 'DDPM', value: 'DDPMScheduler' },
	{ name: 'DDIM', value: 'DDIMScheduler' },
	{ name: 'PNDM', value: 'PNDMScheduler' },
	{ name: 'LMS Discrete', value: 'LMSDiscreteScheduler' },
	{ name: 'Euler Discrete', value: 'EulerDiscreteScheduler' },
	{ name: 'Euler Ancestral Discrete', value: 'EulerAncestralDiscreteScheduler' },
	{ name: 'DPM Solver Multistep', value: 'DPMSolverMultistepScheduler' },
	{ name: 'Heun Discrete', value: 'HeunDiscreteScheduler' },
	{ name: 'KDPM2 Discrete', value: 'KDPM2DiscreteScheduler' },
	{ name: 'DPM Solver Singlestep', value: 'DPMSolverSinglestepScheduler' },
	{ name: 'KDPM2 Ancestral Discrete', value: 'KDPM2AncestralDiscreteScheduler' },
	{ name: 'UniPC Multistep', value: 'UniPCMultistepScheduler' },
	{ name: 'DDIM Inverse', value: 'DDIMInverseScheduler' },
	{ name: 'DEIS Multistep', value: 'DEISMultistepScheduler' },
	{ name: 'IPNDM', value: 'IPNDMScheduler' },
	{ name: 'Karras VE', value: 'KarrasVeScheduler' },
	{ name: 'Score SDE VE', value: 'ScoreSdeVeScheduler' },
	{ name: 'LCM', value: 'LCMScheduler' },
];

const CONTROLNET_OPTIONS: FieldOption[] = [
	{ name: 'Canny', value: 'canny' }, { name: 'Depth', value: 'depth' }, { name: 'HED', value: 'hed' },
	{ name: 'MLSD', value: 'mlsd' }, { name: 'Normal', value: 'normal' }, { name: 'OpenPose', value: 'openpose' },
	{ name: 'Scribble', value: 'scribble' }, { name: 'Segmentation', value: 'segmentation' },
	{ name: 'Inpaint', value: 'inpaint' }, { name: 'Soft Edge', value: 'softedge' }, { name: 'Lineart', value: 'lineart' },
	{ name: 'Shuffle', value: 'shuffle' }, { name: 'Tile', value: 'tile' }, { name: 'Face Detector', value: 'face_detector' },
	{ name: 'QR Code', value: 'qrcode' }, { name: 'Blur', value: 'blur' }, { name: 'Pose', value: 'pose' },
	{ name: 'Gray', value: 'gray' }, { name: 'Low Quality', value: 'low_quality' },
];

export const SAFETY_CHECKER_TYPE_OPTIONS: FieldOption[] = [
	{ name: 'Sensitive Content Text', value: 'sensitive_content_text' },
	{ name: 'Blur', value: 'blur' },
	{ name: 'Pixelate', value: 'pixelate' },
	{ name: 'Black', value: 'black' },
];

export const PROMPT: CatalogueField = {
	name: 'prompt', label: 'Prompt', type: 'text',
	description: 'What the image should show. Be specific about subject, style, lighting and composition.',
	placeholder: 'a red fox in the snow, golden hour, 85mm photo',
};
export const NEGATIVE_PROMPT: CatalogueField = {
	name: 'negative_prompt', label: 'Negative Prompt', type: 'text',
	description: 'Things to keep out of the result, comma-separated.',
	placeholder: 'blurry, low quality, watermark, extra fingers',
};
export const WIDTH: CatalogueField = {
	// v6: CommonImageGenerationParams (community-models/openapi.json) gives a maximum of 1024 and a
	// default of 512, no minimum; ModelsLab's Go SDK validates at least 64 (modelslab-go@583034f
	// pkg/schemas/community/community.go lines 12-13, realtime/realtime.go lines 17-18), as on the
	// video and image-editing entries. v7: the MCP tools reference (text-to-image, image-to-image)
	// says 512–1024, default 1024.
	name: 'width', label: 'Width', type: 'number', min: 64, max: 1024, rangeIn: { v7: { min: 512, max: 1024 } }, modelsLabDefault: 512,
	description: 'Output width in pixels: v6 64–1024 (default 512); v7 512–1024 (default 1024).', placeholder: '1024',
};
export const HEIGHT: CatalogueField = {
	// Same sources as WIDTH.
	name: 'height', label: 'Height', type: 'number', min: 64, max: 1024, rangeIn: { v7: { min: 512, max: 1024 } }, modelsLabDefault: 512,
	description: 'Output height in pixels: v6 64–1024 (default 512); v7 512–1024 (default 1024).', placeholder: '1024',
};
export const SAMPLES: CatalogueField = {
	name: 'samples', label: 'Samples', type: 'number', min: 1, max: 4, modelsLabDefault: 1,
	description: 'How many images to generate in one request, 1–4.', placeholder: '1',
};
export const SEED: CatalogueField = {
	name: 'seed', label: 'Seed', type: 'number', min: 0, placeholder: '12345',
	description: 'The same seed with the same settings reproduces the same result. Leave unset for a random seed.',
};
export const GUIDANCE_SCALE: CatalogueField = {
	name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, modelsLabDefault: 7.5,
	description: 'How closely the result follows the prompt, 1–20. Higher values follow it more literally.',
	placeholder: '7.5',
};
export const STRENGTH: CatalogueField = {
	name: 'strength', label: 'Strength', type: 'number', min: 0, max: 1, placeholder: '0.7',
	description: 'How far the result may move away from the init image, 0–1; 1 ignores the init image entirely.',
};
export const SAFETY_CHECKER: CatalogueField = {
	name: 'safety_checker', label: 'Safety Checker', type: 'boolean', modelsLabDefault: false,
	description: 'Whether ModelsLab checks results for NSFW content and replaces flagged images with a blank one.',
};
export const BASE64: CatalogueField = {
	name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false,
	description: 'Whether the output comes back as a base64 string instead of a URL; input images may then be base64 too.',
};
export const TEMP: CatalogueField = {
	name: 'temp', label: 'Temporary Links', type: 'boolean', modelsLabDefault: false,
	description: 'Whether outputs get temporary links valid for 24 hours, for regions that block the normal storage domain.',
};
export const INSTANT_RESPONSE: CatalogueField = {
	name: 'instant_response', label: 'Instant Response', type: 'boolean', modelsLabDefault: false,
	description: 'Whether ModelsLab answers at once with future links instead of waiting a minimum time first.',
};
/** Single source image, sent as a string under every version. */
export const INIT_IMAGE: CatalogueField = {
	name: 'init_image', label: 'Init Image', type: 'url',
	description: 'URL of the source image.', placeholder: 'https://example.com/photo.png',
};
export const MASK_IMAGE: CatalogueField = {
	name: 'mask_image', label: 'Mask Image', type: 'url', placeholder: 'https://example.com/mask.png',
	description: 'URL of a black-and-white mask the size of the init image: white areas are repainted, black areas kept.',
};

/** Optional fields shared by text to image, image to image and inpaint (v6 and v7). */
const GENERATION_OPTIONS: CatalogueField[] = [
	{ ...NEGATIVE_PROMPT, description: 'Things to keep out of the result, comma-separated. Flux models ignore it.' },
	WIDTH,
	HEIGHT,
	{
		name: 'aspect_ratio', label: 'Aspect Ratio', type: 'options', versions: ['v7'],
		description: 'Output aspect ratio for v7 models that take one (Imagen, Nano Banana, Seedream, Gen-4 Image).',
		options: [
			{ name: '1:1', value: '1:1' }, { name: '16:9', value: '16:9' }, { name: '9:16', value: '9:16' },
			{ name: '4:3', value: '4:3' }, { name: '3:4', value: '3:4' }, { name: '3:2', value: '3:2' },
			{ name: '2:3', value: '2:3' }, { name: '21:9', value: '21:9' },
		],
	},
	SAMPLES,
	{
		name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 50, versions: ['v6'],
		description: 'Number of denoising steps, 1–50. Community models cap it at 20; Flux accepts up to 50.',
		placeholder: '31',
	},
	// guidance_scale, scheduler and lora_model: v6 only. The SDK schemas that give them to Flux
	// (modelslab_py providers/bfl/schemas.py, Flux Pro and Flux Pro 1.1 [Ultra]) post to
	// v6/images/text2img (providers/bfl/api.py); no v7 source names them.
	{ ...GUIDANCE_SCALE, versions: ['v6'] },
	{ ...SEED, versions: ['v6'] },
	{
		name: 'scheduler', label: 'Scheduler', type: 'options', options: SCHEDULER_OPTIONS, versions: ['v6'],
		description: 'Sampler for Stable Diffusion models (SD 1.5, SDXL, midjourney). Flux models do not need it.',
	},
	{
		name: 'enhance_prompt', label: 'Enhance Prompt', type: 'boolean', modelsLabDefault: true, versions: ['v6'],
		description: 'Whether ModelsLab rewrites the prompt for better results. Flux ignores it.',
	},
	{ ...SAFETY_CHECKER, versions: ['v6'] },
	{
		name: 'safety_checker_type', label: 'Safety Checker Type', type: 'options', versions: ['v6'],
		options: SAFETY_CHECKER_TYPE_OPTIONS, modelsLabDefault: 'sensitive_content_text',
		description: 'What ModelsLab does to an image flagged as NSFW when the safety checker is on.',
	},
	{
		// v6 only: CommonImageGenerationParams documents it; the one SDK schema with lora_model on a
		// Flux model (modelslab_py providers/bfl/schemas.py, Flux Pro 1.1) posts to v6/images/text2img
		// (providers/bfl/api.py), and no v7 source names it.
		name: 'lora_model', label: 'LoRA Model', type: 'string', versions: ['v6'], placeholder: 'contrast-fix,yae-miko-genshin',
		description: 'LoRA model ID, or several comma-separated. Not supported by Flux.',
	},
	{
		name: 'lora_strength', label: 'LoRA Strength', type: 'string', versions: ['v6'], placeholder: '0.6,0.8',
		description: 'Strength of each LoRA, 0.1–1, comma-separated in the same order as the LoRA models.',
	},
	{
		name: 'vae', label: 'VAE', type: 'string', versions: ['v6'], placeholder: 'sdxl-vae-fp16-fix',
		description: 'ID of a custom VAE to decode the image with. Not supported by Flux.',
	},
	{
		name: 'clip_skip', label: 'CLIP Skip', type: 'number', versions: ['v6'], min: 1, max: 8, modelsLabDefault: 2,
		description: 'Number of CLIP layers to skip, 1–8. Not supported by Flux.', placeholder: '2',
	},
	{
		name: 'use_karras_sigmas', label: 'Use Karras Sigmas', type: 'boolean', versions: ['v6'], modelsLabDefault: true,
		description: 'Whether Stable Diffusion schedulers use Karras sigmas, which often gives cleaner images.',
	},
	{
		name: 'algorithm_type', label: 'Algorithm Type', type: 'options', versions: ['v6'], modelsLabDefault: 'none',
		description: 'Solver variant, used only with the DPM Solver Multistep scheduler.',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'DPM Solver+++', value: 'dpmsolver+++' },
		],
	},
	{
		name: 'ip_adapter_id', label: 'IP Adapter ID', type: 'options', versions: ['v6'],
		description: 'IP adapter that conditions the result on the IP adapter image. Not supported by Flux.',
		options: [
			{ name: 'SDXL', value: 'ip-adapter_sdxl' },
			{ name: 'SD 1.5', value: 'ip-adapter_sd15' },
			{ name: 'Plus Face SD 1.5', value: 'ip-adapter-plus-face_sd15' },
			{ name: 'Plus SDXL ViT-H', value: 'ip-adapter-plus_sdxl_vit-h' },
			{ name: 'Plus Face SDXL ViT-H', value: 'ip-adapter-plus-face_sdxl_vit-h' },
		],
	},
	{
		name: 'ip_adapter_image', label: 'IP Adapter Image', type: 'url', versions: ['v6'],
		description: 'URL of the reference image for the IP adapter.', placeholder: 'https://example.com/style.png',
	},
	{
		name: 'ip_adapter_scale', label: 'IP Adapter Scale', type: 'number', versions: ['v6'], min: 0, max: 1, placeholder: '0.6',
		description: 'How strongly the IP adapter image influences the result, 0–1.',
	},
	{ ...BASE64, versions: ['v6'] },
	{ ...TEMP, versions: ['v6'] },
];

/**
 * Text to image only (v6 TextToImageRequest): booleans in the docs, not the "yes"/"no" strings
 * the node used to send; img2img and inpaint do not document them.
 */
const TEXT_TO_IMAGE_OPTIONS: CatalogueField[] = [
	{
		name: 'upscale', label: 'Upscale', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
		description: 'Whether ModelsLab doubles the output resolution (512x512 becomes 1024x1024). Not supported by Flux.',
	},
	{
		name: 'highres_fix', label: 'Highres Fix', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
		description: 'Whether a high-resolution fix pass runs to reduce artefacts at large sizes. Not supported by Flux.',
	},
	{
		name: 'multi_lingual', label: 'Multi Lingual', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
		description: 'Whether a prompt written in a language other than English is translated first.',
	},
];

/**
 * The fields as offered under v7 by one endpoint: a field no v7 source documents for it keeps
 * only its other versions (and disappears when v7 was its only one).
 */
function documentedInV7(fields: CatalogueField[], documented: string[]): CatalogueField[] {
	return fields.flatMap((field) => {
		const versions = field.versions ?? ['v7', 'v6'];
		if (!versions.includes('v7') || documented.includes(field.name)) return [field];
		const others = versions.filter((version) => version !== 'v7');
		return others.length > 0 ? [{ ...field, versions: others }] : [];
	});
}

const IMAGE_MODEL_DESCRIPTION =
	'A public ModelsLab model or one you trained.';

export const imageEndpoints: CatalogueEntry[] = [
	{
		resource: 'image', operation: 'textToImage', name: 'Text to Image',
		action: 'Generate an image from a text prompt',
		description: 'Generates images from a text prompt with any ModelsLab image model.',
		versions: [
			{ version: 'v7', path: '/v7/images/text-to-image', fetch: 'imagesV7' },
			{ version: 'v6', path: '/v6/images/text2img', fetch: 'imagesV6' },
		],
		method: 'POST', output: 'image',
		modelId: {
			required: true,
			examples: ['flux', 'sdxl', 'nano-banana-pro', 'seedream-4.5', 'midjourney', 'imagen-4', 'gen4_image'],
			description: IMAGE_MODEL_DESCRIPTION,
		},
		required: [PROMPT],
		optional: [...GENERATION_OPTIONS, ...TEXT_TO_IMAGE_OPTIONS],
		source: {
			...docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-text-to-image.mdx'),
			also: [docs('image-generation/flux/openapi.json', 'image-generation/flux/flux-text-to-image.mdx')],
			versions: {
				v7: V7_IMAGE_SOURCE,
				v6: {
					...docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-text-to-image.mdx'),
					also: [docs('image-generation/flux/openapi.json')],
				},
			},
			notes: `v6 fields follow TextToImageRequest; num_inference_steps is capped at 20 by community models and 50 by Flux (flux/openapi.json), so the node allows 50. lora_strength is typed integer but described as comma-separated 0.1–1 values: the node sends a string. ${V6_ONLY}`,
		},
	},
	{
		resource: 'image', operation: 'imageToImage', name: 'Image to Image',
		action: 'Transform an image with a text prompt',
		description: 'Generates a new image from a source image and a prompt. The output keeps the source image size.',
		versions: [
			{ version: 'v7', path: '/v7/images/image-to-image', fetch: 'imagesV7' },
			{ version: 'v6', path: '/v6/images/img2img', fetch: 'imagesV6' },
		],
		method: 'POST', output: 'image',
		modelId: {
			required: true,
			examples: ['flux', 'sdxl', 'nano-banana-pro', 'seedream-4.5-i2i', 'flux-kontext-pro', 'realistic-vision-51'],
			description: IMAGE_MODEL_DESCRIPTION,
		},
		required: [
			{ ...PROMPT, description: 'How to change the source image: what the result should show and in which style.' },
			{ ...INIT_IMAGE, sendAsArray: ['v7'], description: 'URL of the source image. Under v7 it is sent as a one-element array.' },
		],
		optional: [
			STRENGTH,
			{
				name: 'init_image_2', label: 'Second Init Image', type: 'url', versions: ['v7'],
				description: 'URL of a second reference image, for v7 models that combine two images (Nano Banana, Gen-4 Image Turbo).',
				placeholder: 'https://example.com/product.png',
			},
			// MCP reference image-to-image.
			...documentedInV7(GENERATION_OPTIONS, ['negative_prompt', 'width', 'height', 'aspect_ratio', 'samples']),
		],
		source: {
			...docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-image-to-image.mdx'),
			versions: {
				v7: V7_IMAGE_SOURCE,
				v6: docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-image-to-image.mdx'),
			},
			notes: `v6 ImageToImageRequest requires only init_image (and model_id); the MCP reference requires prompt for v7, so the node requires it under both. ${V6_ONLY}`,
		},
	},
	{
		resource: 'image', operation: 'inpaint', name: 'Inpaint',
		action: 'Repaint the masked area of an image',
		description: 'Repaints the white area of a mask on the source image following the prompt.',
		versions: [
			{ version: 'v7', path: '/v7/images/inpaint', fetch: 'imagesV7' },
			{ version: 'v6', path: '/v6/images/inpaint', fetch: 'imagesV6' },
		],
		method: 'POST', output: 'image',
		modelId: {
			required: true,
			examples: ['flux', 'sdxl', 'lazymixv4-inpaint'],
			description: IMAGE_MODEL_DESCRIPTION,
		},
		required: [
			{ ...PROMPT, description: 'What to paint into the masked (white) area.', placeholder: 'a cat sitting on a bench' },
			{ ...INIT_IMAGE, description: 'URL of the image to edit.' },
			MASK_IMAGE,
		],
		// MCP reference inpaint-image: only negative_prompt and strength besides the required fields.
		optional: [STRENGTH, ...documentedInV7(GENERATION_OPTIONS, ['negative_prompt'])],
		source: {
			...docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-inpainting.mdx'),
			versions: {
				v7: { ...docs(MCP_REFERENCE), also: [skills('image-generation/SKILL.md')] },
				v6: docs('image-generation/community-models/openapi.json', 'image-generation/community-models/dreambooth-inpainting.mdx'),
			},
			notes: `v6 InpaintingRequest requires init_image and mask_image; the MCP reference also requires prompt for v7, so the node requires it under both. The page's example sends steps; the schema names it num_inference_steps, which the node sends. ${V6_ONLY}`,
		},
	},
	{
		resource: 'image', operation: 'controlnet', name: 'ControlNet',
		action: 'Generate an image guided by a ControlNet',
		description:
			'Generates an image whose structure (edges, depth, pose…) follows a reference image. Calls /api/v6/images/controlnet, the SDKs\' path; the docs still show the older /api/v5/controlnet.',
		versions: [{ version: 'v6', path: '/v6/images/controlnet', fetch: 'imagesV6' }],
		method: 'POST', output: 'image',
		modelId: {
			required: false,
			examples: ['realistic-vision-51', 'sdxl', 'flux'],
			description: 'Base model, public or trained. Multi-ControlNet does not work with flux.',
		},
		required: [
			{
				name: 'controlnet_model', label: 'ControlNet Model', type: 'options', options: CONTROLNET_OPTIONS,
				description: 'Which ControlNet conditions the image. For multi-ControlNet set a comma-separated list with an expression, e.g. canny,depth.',
			},
			{ ...INIT_IMAGE, description: 'URL of the reference image the ControlNet reads.' },
		],
		optional: [
			{
				name: 'controlnet_type', label: 'ControlNet Type', type: 'options', options: CONTROLNET_OPTIONS,
				description: 'ControlNet type; should match the ControlNet model.',
			},
			{ ...PROMPT, description: 'What the image should show. Leave it empty and turn on Guess Mode to let the model guess.' },
			NEGATIVE_PROMPT,
			{
				name: 'control_image', label: 'Control Image', type: 'url', placeholder: 'https://example.com/pose.png',
				description: 'URL of a ready-made control image (edge map, depth map, pose). Without it ModelsLab derives one from the init image.',
			},
			{ ...MASK_IMAGE, description: 'URL of a mask for the inpaint ControlNet: white areas are repainted.' },
			{
				name: 'auto_hint', label: 'Auto Hint', type: 'options', options: YES_NO, modelsLabDefault: 'yes',
				description: 'Whether ModelsLab builds the control hint image from the init image automatically.',
			},
			{
				name: 'guess_mode', label: 'Guess Mode', type: 'options', options: YES_NO, modelsLabDefault: 'no',
				description: 'Set to Yes when you send no prompt: the model guesses what the init image shows and creates variations.',
			},
			{
				name: 'controlnet_conditioning_scale', label: 'Conditioning Scale', type: 'number', min: 0.1, max: 5,
				description: 'How strongly the ControlNet guides the result, 0.1–5.', placeholder: '0.8',
			},
			{ ...STRENGTH, modelsLabDefault: 0.55 },
			WIDTH,
			HEIGHT,
			SAMPLES,
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'options',
				description: 'Number of denoising steps: 21 or 31.',
				options: [
					{ name: '21', value: 21 },
					{ name: '31', value: 31 },
				],
			},
			GUIDANCE_SCALE,
			SEED,
			{
				name: 'scheduler', label: 'Scheduler', type: 'options', options: SCHEDULER_OPTIONS, modelsLabDefault: 'UniPCMultistepScheduler',
				description: 'Sampler used for generation.',
			},
			{
				name: 'lora_model', label: 'LoRA Model', type: 'string', placeholder: 'contrast-fix,yae-miko-genshin',
				description: 'LoRA model ID, or several comma-separated.',
			},
			{
				name: 'lora_strength', label: 'LoRA Strength', type: 'string', placeholder: '0.6,0.8',
				description: 'Strength of each LoRA, 0.1–1, comma-separated in the same order as the LoRA models.',
			},
			{
				name: 'enhance_prompt', label: 'Enhance Prompt', type: 'options', options: YES_NO, modelsLabDefault: 'yes',
				description: 'Whether ModelsLab rewrites the prompt for better results.',
			},
			{
				name: 'safety_checker', label: 'Safety Checker', type: 'options', options: YES_NO, modelsLabDefault: 'no',
				description: 'Whether images flagged as NSFW are replaced by a blank image.',
			},
			{
				name: 'use_karras_sigmas', label: 'Use Karras Sigmas', type: 'options', options: YES_NO, modelsLabDefault: 'yes',
				description: 'Whether the scheduler uses Karras sigmas, which often gives cleaner images.',
			},
			{
				name: 'algorithm_type', label: 'Algorithm Type', type: 'options', modelsLabDefault: 'none',
				description: 'Solver variant, used only with the DPM Solver Multistep scheduler.',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'DPM Solver+++', value: 'dpmsolver+++' },
				],
			},
			{
				name: 'vae', label: 'VAE', type: 'string', placeholder: 'sdxl-vae-fp16-fix',
				description: 'ID of a custom VAE to decode the image with.',
			},
			{
				name: 'clip_skip', label: 'CLIP Skip', type: 'number', min: 1, max: 8, placeholder: '2',
				description: 'Number of CLIP layers to skip, 1–8.',
			},
			{
				name: 'ip_adapter_id', label: 'IP Adapter ID', type: 'options',
				description: 'IP adapter that conditions the result on the IP adapter image.',
				options: [
					{ name: 'SDXL', value: 'ip-adapter_sdxl' },
					{ name: 'SD 1.5', value: 'ip-adapter_sd15' },
					{ name: 'Plus Face SD 1.5', value: 'ip-adapter-plus-face_sd15' },
				],
			},
			{
				name: 'ip_adapter_image', label: 'IP Adapter Image', type: 'url', placeholder: 'https://example.com/style.png',
				description: 'URL of the reference image for the IP adapter.',
			},
			{
				name: 'ip_adapter_scale', label: 'IP Adapter Scale', type: 'number', min: 0, max: 1, placeholder: '0.6',
				description: 'How strongly the IP adapter image influences the result, 0–1.',
			},
			{
				name: 'tomesd', label: 'ToMe SD', type: 'options', options: YES_NO, modelsLabDefault: 'yes',
				description: 'Whether token merging is used for faster generation.',
			},
			{
				name: 'upscale', label: 'Upscale', type: 'options', options: YES_NO, modelsLabDefault: 'no',
				description: 'Whether the output resolution is doubled (512x512 becomes 1024x1024).',
			},
			{
				name: 'base64', label: 'Base64', type: 'options', options: YES_NO, modelsLabDefault: 'no',
				description: 'Whether the output is a base64 string; the init, mask and control images may then be base64 too.',
			},
			{
				name: 'temp', label: 'Temporary Links', type: 'options', options: YES_NO, modelsLabDefault: 'no',
				description: 'Whether outputs get temporary links valid for 24 hours.',
			},
		],
		source: {
			...docs('image-generation/controlnet/openapi.json', 'image-generation/controlnet/controlnet-main.mdx'),
			also: [py('modelslab_py/core/apis/community.py'), js('src/apis/community.ts')],
			notes: 'The docs serve ControlNet at /api/v5/controlnet; the SDKs call /api/v6/images/controlnet, which the node follows. The docs type every switch as the string "yes"/"no" here (not boolean). controlnet_model and init_image are optional in the schema but every example sends them: the node requires them.',
		},
	},
];
