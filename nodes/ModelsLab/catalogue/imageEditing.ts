import { docs, go, py } from './sources';
import type { CatalogueEntry, CatalogueField, CatalogueSource } from './types';
import {
	BASE64,
	INIT_IMAGE,
	INSTANT_RESPONSE,
	MASK_IMAGE,
	NEGATIVE_PROMPT,
	PROMPT,
	SAFETY_CHECKER,
	SAFETY_CHECKER_TYPE_OPTIONS,
	SEED,
	STRENGTH,
	TEMP,
	YES_NO,
} from './image';

/*
 * Image editing, all under /v6/image_editing/ (fetch imageEditing), plus Flux Kontext, which runs
 * on /v6/images/img2img. Source: DOCS image-editing/openapi.json and the body examples of the
 * *.mdx pages (which add init_image to mask_creator and drop prompt from caption). SK's paths
 * removebg, outpainting and create_mask are not used: DOCS and all SDKs agree on these.
 */

/** An image-editing entry's source: the category's openapi.json and the endpoint's page. */
function editing(page: string, notes?: string): CatalogueSource {
	return {
		...docs('image-editing/openapi.json', `image-editing/${page}`),
		also: [py('modelslab_py/schemas/image_editing.py')],
		...(notes ? { notes } : {}),
	};
}

/** The same, for the endpoints whose Go SDK request struct (image_editing.go) gives the width/height minimum. */
function editingGo(page: string, notes: string): CatalogueSource {
	const source = editing(page, notes);
	return { ...source, also: [...(source.also ?? []), go('pkg/schemas/image_editing/image_editing.go')] };
}

/**
 * The minimum width/height: no docs-v2 page or schema gives one; the Go SDK validates
 * `min=64,max=2048` on the request structs of outpaint, face gen, inpaint, headshot and flux
 * headshot (modelslab-go pkg/schemas/image_editing/image_editing.go lines 12, 69, 88, 102, 119).
 * Its maximum is looser than the pages', so the maximum comes from the page or schema.
 */
const GO_MIN_SIDE = 'width/height minimum 64: the Go SDK request struct (modelslab-go pkg/schemas/image_editing/image_editing.go, `validate:"omitempty,min=64,max=2048"`); docs-v2 gives no minimum, and the maximum follows docs-v2.';

const FACE_IMAGE: CatalogueField = {
	name: 'face_image', label: 'Face Image', type: 'url', placeholder: 'https://example.com/portrait.jpg',
	description: 'URL (or base64) of a clear photo of the face the results should resemble.',
};
const FACE_STEPS: CatalogueField = {
	name: 'num_inference_steps', label: 'Inference Steps', type: 'options', description: 'Number of denoising steps.',
	options: [
		{ name: '21', value: 21 },
		{ name: '31', value: 31 },
		{ name: '41', value: 41 },
	],
};
const FACE_OPTIONS: CatalogueField[] = [
	NEGATIVE_PROMPT,
	{
		name: 'width', label: 'Width', type: 'number', min: 64, max: 512, placeholder: '512',
		description: 'Output width in pixels, at most 512. Unset uses the width of the face image.',
	},
	{
		name: 'height', label: 'Height', type: 'number', min: 64, max: 768, placeholder: '768',
		description: 'Output height in pixels, at most 768. Unset uses the height of the face image.',
	},
	{
		name: 'samples', label: 'Samples', type: 'number', min: 1, max: 2, placeholder: '1',
		description: 'How many images to generate, 1–2.',
	},
	FACE_STEPS,
	{
		name: 's_scale', label: 'Face Structure Weight', type: 'number', min: 0, max: 2, modelsLabDefault: 1,
		placeholder: '1', description: 'How strongly the face structure of the face image is kept, 0–2.',
	},
	SAFETY_CHECKER,
	{
		name: 'safety_checker_type', label: 'Safety Checker Type', type: 'options', options: SAFETY_CHECKER_TYPE_OPTIONS,
		description: 'What ModelsLab does to an image flagged as NSFW when the safety checker is on.',
	},
	SEED,
	BASE64,
];
const FACE_NOTICE = 'ModelsLab deletes the output of this endpoint after 24 hours: keep the binary output or copy it elsewhere.';

export const imageEditingEndpoints: CatalogueEntry[] = [
	{
		resource: 'imageEditing', operation: 'removeBackground', name: 'Remove Background',
		action: 'Remove the background of an image',
		description: 'Removes the background of an image, or returns the foreground mask.',
		versions: [{ version: 'v6', path: '/v6/image_editing/removebg_mask', fetch: 'imageEditing' }],
		source: editing('removebg-createmask.mdx'),
		method: 'POST', output: 'image',
		required: [{ ...INIT_IMAGE, name: 'image', label: 'Image', description: 'URL (or base64) of the image.' }],
		optional: [
			{ name: 'only_mask', label: 'Only Mask', type: 'boolean', modelsLabDefault: false, description: 'Whether only the black-and-white mask is returned instead of the cut-out image.' },
			{ name: 'inverse_mask', label: 'Inverse Mask', type: 'boolean', modelsLabDefault: false, description: 'Whether the mask is inverted, keeping the background instead of the subject.' },
			{ name: 'post_process_mask', label: 'Post-Process Mask', type: 'boolean', modelsLabDefault: false, description: 'Whether the mask edges are cleaned up.' },
			{ name: 'alpha_matting', label: 'Alpha Matting', type: 'boolean', modelsLabDefault: false, description: 'Whether alpha matting refines soft edges such as hair.' },
			{
				name: 'alpha_matting_foreground_threshold', label: 'Alpha Matting Foreground Threshold', type: 'number',
				min: 0, max: 240, modelsLabDefault: 240, placeholder: '240', description: 'Alpha matting: brightness above which pixels count as foreground, 0–240.',
			},
			{
				name: 'alpha_matting_background_threshold', label: 'Alpha Matting Background Threshold', type: 'number',
				min: 0, max: 20, modelsLabDefault: 20, placeholder: '20', description: 'Alpha matting: brightness below which pixels count as background, 0–20.',
			},
			{
				name: 'alpha_matting_erode_size', label: 'Alpha Matting Erode Size', type: 'number',
				min: 0, max: 5, modelsLabDefault: 5, placeholder: '5', description: 'Alpha matting: how far the mask edge is eroded, 0–5 pixels.',
			},
			SEED,
			BASE64,
		],
	},
	{
		resource: 'imageEditing', operation: 'superResolution', name: 'Super Resolution',
		action: 'Upscale an image',
		description: 'Upscales an image and sharpens its details, optionally enhancing faces.',
		versions: [{ version: 'v6', path: '/v6/image_editing/super_resolution', fetch: 'imageEditing' }],
		source: editing('super-resolution.mdx'),
		method: 'POST', output: 'image',
		modelId: {
			required: false,
			examples: ['realesr-general-x4v3', 'RealESRGAN_x4plus', 'RealESRGAN_x4plus_anime_6B', 'RealESRGAN_x2plus', 'ultra_resolution'],
			description: 'Upscaler to use; ModelsLab uses realesr-general-x4v3 when empty.',
		},
		required: [{ ...INIT_IMAGE, description: 'URL of the image to upscale.' }],
		optional: [
			{ name: 'scale', label: 'Scale', type: 'number', min: 1, max: 4, modelsLabDefault: 3, placeholder: '4', description: 'Upscaling factor.' },
			{ name: 'face_enhance', label: 'Face Enhance', type: 'boolean', modelsLabDefault: false, description: 'Whether faces are restored while upscaling.' },
		],
	},
	{
		resource: 'imageEditing', operation: 'outpaint', name: 'Outpaint',
		action: 'Extend an image beyond its borders',
		description: 'Extends an image to a larger canvas, painting the new area to match.',
		versions: [{ version: 'v6', path: '/v6/image_editing/outpaint', fetch: 'imageEditing' }],
		source: editingGo('outpaint.mdx', GO_MIN_SIDE),
		method: 'POST', output: 'image',
		required: [{ ...INIT_IMAGE, name: 'image', label: 'Image', description: 'URL of the image to extend.' }],
		optional: [
			{ ...PROMPT, modelsLabDefault: 'high quality', description: 'What the extended area should show.', placeholder: 'a cozy cottage garden, lush greenery, high quality' },
			{ ...NEGATIVE_PROMPT, modelsLabDefault: 'low quality' },
			{ name: 'width', label: 'Width', type: 'number', min: 64, max: 1440, modelsLabDefault: 1280, placeholder: '1280', description: 'Width of the extended image in pixels, at most 1440.' },
			{ name: 'height', label: 'Height', type: 'number', min: 64, max: 1440, modelsLabDefault: 720, placeholder: '720', description: 'Height of the extended image in pixels, at most 1440.' },
			{ name: 'overlap_width', label: 'Overlap Width', type: 'number', min: 0, max: 42, modelsLabDefault: 10, placeholder: '32', description: 'Width of the band where old and new areas blend, 0–42 pixels.' },
			{ name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 30, modelsLabDefault: 10, placeholder: '15', description: 'Number of denoising steps, 1–30.' },
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, modelsLabDefault: 8, placeholder: '8', description: 'How closely the new area follows the prompt.' },
			SEED,
			{ ...TEMP, modelsLabDefault: true },
			BASE64,
		],
	},
	{
		resource: 'imageEditing', operation: 'objectRemoval', name: 'Object Removal',
		action: 'Remove an object from an image',
		description: 'Removes whatever the mask covers and fills the area with matching background.',
		versions: [{ version: 'v6', path: '/v6/image_editing/object_removal', fetch: 'imageEditing' }],
		source: editing('object-remover.mdx'),
		method: 'POST', output: 'image',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the image.' },
			{ ...MASK_IMAGE, description: 'URL of a mask that is white over the object to remove and black elsewhere.' },
		],
		optional: [],
	},
	{
		resource: 'imageEditing', operation: 'inpaint', name: 'Inpaint',
		action: 'Repaint the masked area of an image',
		description: 'Repaints the white area of a mask following the prompt, without choosing a model.',
		versions: [{ version: 'v6', path: '/v6/image_editing/inpaint', fetch: 'imageEditing' }],
		source: editingGo('inpaint.mdx', `openapi.json (InpaintRequest, lines 1366-1383) types base64 and instant_response as the strings "true"/"false". The page's example sends base64 as the boolean false (inpaint.mdx line 36) and the Python SDK's InpaintingSchema types it bool; instant_response is in no example or SDK for this endpoint, and is a boolean in every other schema that has it (video-api/openapi.json line 676, realtime-stable-diffusion/openapi.json line 239), so the node sends booleans for both. safety_checker is the string "yes"/"no" in both. ${GO_MIN_SIDE}`),
		method: 'POST', output: 'image',
		required: [
			{ ...PROMPT, description: 'What to paint into the masked (white) area.', placeholder: 'a cat sitting on a bench' },
			{ ...INIT_IMAGE, description: 'URL of the image to edit.' },
			MASK_IMAGE,
		],
		optional: [
			NEGATIVE_PROMPT,
			{ name: 'width', label: 'Width', type: 'number', min: 64, max: 1024, placeholder: '512', description: 'Output width in pixels, at most 1024. Unset uses the init image width.' },
			{ name: 'height', label: 'Height', type: 'number', min: 64, max: 1024, placeholder: '512', description: 'Output height in pixels, at most 1024. Unset uses the init image height.' },
			{ name: 'samples', label: 'Samples', type: 'number', min: 1, max: 4, modelsLabDefault: 1, placeholder: '1', description: 'How many images to generate, 1–4.' },
			{ name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 50, modelsLabDefault: 30, placeholder: '30', description: 'Number of denoising steps.' },
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 5, modelsLabDefault: 5, placeholder: '5', description: 'How closely the result follows the prompt, 1–5.' },
			{ ...STRENGTH, modelsLabDefault: 0.7 },
			{ name: 'safety_checker', label: 'Safety Checker', type: 'options', options: YES_NO, modelsLabDefault: 'no', description: 'Whether images flagged as NSFW are replaced by a blank image.' },
			SEED,
			INSTANT_RESPONSE,
			BASE64,
		],
	},
	{
		resource: 'imageEditing', operation: 'maskCreator', name: 'Mask Creator',
		action: 'Create a mask of an object in an image',
		description: 'Returns a black-and-white mask of the object you name, ready for inpainting or object removal.',
		versions: [{ version: 'v6', path: '/v6/image_editing/mask_creator', fetch: 'imageEditing' }],
		source: editing('mask-creator.mdx', `The openapi.json schema has no init_image; the page's example sends one (mask-creator.mdx line 18), and a mask needs an image, so the node requires it.`),
		method: 'POST', output: 'image',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the image.' },
			{ name: 'specific_object', label: 'Object', type: 'string', placeholder: 'the ball', description: 'The object to mask, in words.' },
		],
		optional: [BASE64],
	},
	{
		resource: 'imageEditing', operation: 'qwenEdit', name: 'Qwen Edit',
		action: 'Edit images with an instruction',
		description: 'Edits or combines one or more images following a written instruction, with Qwen Image Edit.',
		versions: [{ version: 'v6', path: '/v6/image_editing/qwen_edit', fetch: 'imageEditing' }],
		source: editing('qwen-edit.mdx'),
		method: 'POST', output: 'image',
		modelId: {
			required: false,
			examples: ['qwen-edit-2509', 'qwen-edit-2511'],
			description: 'Qwen Image Edit version; ModelsLab uses qwen-edit-2509 when empty.',
		},
		required: [
			{ ...PROMPT, description: 'The edit to make; refer to several images as image 1, image 2….', placeholder: 'the girl from image 1 holding the can from image 2' },
			{
				// qwen-edit.mdx, the Note under the endpoint: "Maximum number of images to be passed is 4."
				name: 'init_image', label: 'Init Images', type: 'urlList', maxItems: 4, placeholder: 'https://example.com/person.png',
				description: 'URLs of the images to edit or combine, in order: 1 to 4.',
			},
		],
		optional: [SAFETY_CHECKER, BASE64],
	},
	{
		resource: 'imageEditing', operation: 'caption', name: 'Caption',
		action: 'Describe an image in text',
		description: 'Writes a text description of an image, usable as a prompt.',
		versions: [{ version: 'v6', path: '/v6/image_editing/caption', fetch: 'imageEditing' }],
		source: editing('caption.mdx', `openapi.json lists prompt as required but defines no prompt property; the page's example and the Python SDK's CaptionSchema send none, which the node follows.`),
		method: 'POST', output: 'text',
		required: [{ ...INIT_IMAGE, description: 'URL of a PNG or JPEG image to describe.' }],
		optional: [
			{
				name: 'length', label: 'Length', type: 'options', modelsLabDefault: 'normal', description: 'Length of the caption.',
				options: [
					{ name: 'Short', value: 'short' },
					{ name: 'Normal', value: 'normal' },
					{ name: 'Long', value: 'long' },
				],
			},
			BASE64,
		],
	},
	{
		resource: 'imageEditing', operation: 'fashion', name: 'Fashion Try-On',
		action: 'Dress a model in a garment',
		description: 'Puts a garment from one image onto the person in another image.',
		versions: [{ version: 'v6', path: '/v6/image_editing/fashion', fetch: 'imageEditing' }],
		source: editing('fashion.mdx', `seed is not in the openapi.json schema; the page's example sends it (fashion.mdx line 28), so the node offers it.`),
		method: 'POST', output: 'image',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the photo of the person who tries the garment on.', placeholder: 'https://example.com/model.jpg' },
			{ name: 'cloth_image', label: 'Cloth Image', type: 'url', placeholder: 'https://example.com/tshirt.jpg', description: 'URL of the garment photo.' },
			{
				name: 'cloth_type', label: 'Cloth Type', type: 'options', description: 'Which part of the body the garment covers.',
				options: [
					{ name: 'Upper Body', value: 'upper_body' },
					{ name: 'Lower Body', value: 'lower_body' },
					{ name: 'Dress', value: 'dresses' },
				],
			},
		],
		optional: [
			{ ...PROMPT, description: 'Description of the desired photo.', placeholder: 'a realistic photo of a model wearing a white t-shirt' },
			NEGATIVE_PROMPT,
			FACE_STEPS,
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, placeholder: '7.5', description: 'How closely the result follows the prompt, 1–20.' },
			SEED,
			{ name: 'temp', label: 'Temporary Links', type: 'options', options: YES_NO, modelsLabDefault: 'no', description: 'Whether outputs get temporary links valid for 24 hours.' },
		],
	},
	{
		resource: 'imageEditing', operation: 'faceGen', name: 'Face Gen',
		action: 'Generate images of a face',
		description: 'Generates new images of the person in a face photo, in a chosen style.',
		versions: [{ version: 'v6', path: '/v6/image_editing/face_gen', fetch: 'imageEditing' }],
		source: editingGo('face-gen.mdx', `negative_prompt and seed are not in the openapi.json schema; the page's example sends both (face-gen.mdx lines 26 and 34), so the node offers them. ${GO_MIN_SIDE}`),
		method: 'POST', output: 'image',
		notice: FACE_NOTICE,
		required: [{ ...PROMPT, placeholder: 'a woman reading in a sunlit cafe, film photo' }, FACE_IMAGE],
		optional: [
			{
				name: 'style', label: 'Style', type: 'options', modelsLabDefault: 'realistic', description: 'Visual style of the result.',
				options: [
					{ name: 'Realistic', value: 'realistic' },
					{ name: 'Anime', value: 'anime' },
					{ name: 'Comic', value: 'comic' },
					{ name: 'Chibi', value: 'chibi' },
					{ name: '3D', value: '3d' },
				],
			},
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, placeholder: '7.5', description: 'How closely the result follows the prompt, 1–20.' },
			...FACE_OPTIONS,
		],
	},
	{
		resource: 'imageEditing', operation: 'headshot', name: 'Headshot',
		action: 'Generate a professional headshot',
		description: 'Generates headshots of the person in a face photo.',
		versions: [{ version: 'v6', path: '/v6/image_editing/head_shot', fetch: 'imageEditing' }],
		source: editingGo('head-shot.mdx', `negative_prompt and seed are not in the openapi.json schema; the page's example sends both (head-shot.mdx lines 26 and 34), so the node offers them. ${GO_MIN_SIDE}`),
		method: 'POST', output: 'image',
		notice: FACE_NOTICE,
		required: [{ ...PROMPT, placeholder: 'professional headshot, navy suit, grey studio background' }, FACE_IMAGE],
		optional: [
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 5, placeholder: '3', description: 'How closely the result follows the prompt, 1–5.' },
			...FACE_OPTIONS,
		],
	},
	{
		resource: 'imageEditing', operation: 'fluxHeadshot', name: 'Flux Headshot',
		action: 'Generate a headshot with Flux',
		description: 'Generates headshots of the person in a face photo with a Flux model.',
		versions: [{ version: 'v6', path: '/v6/image_editing/flux_headshot', fetch: 'imageEditing' }],
		source: editingGo('flux-headshot.mdx', `negative_prompt is not in the openapi.json schema; the page's example sends it (flux-headshot.mdx line 20), so the node offers it. ${GO_MIN_SIDE}`),
		method: 'POST', output: 'image',
		required: [
			{ ...PROMPT, placeholder: 'professional headshot, navy suit, grey studio background' },
			FACE_IMAGE,
			{ ...SEED, description: 'Seed of the generation (required here); the same seed reproduces the same image.' },
		],
		optional: [
			NEGATIVE_PROMPT,
			{ name: 'width', label: 'Width', type: 'number', min: 64, max: 1024, placeholder: '1024', description: 'Output width in pixels, at most 1024. Unset uses the face image width.' },
			{ name: 'height', label: 'Height', type: 'number', min: 64, max: 1024, placeholder: '1024', description: 'Output height in pixels, at most 1024. Unset uses the face image height.' },
			{ name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 26, placeholder: '21', description: 'Number of denoising steps, at most 26.' },
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 10, placeholder: '7.5', description: 'How closely the result follows the prompt, 1–10.' },
		],
	},
	{
		resource: 'imageEditing', operation: 'imageMixer', name: 'Image Mixer',
		action: 'Blend several images into one',
		description: 'Blends several images into a new one, guided by a prompt.',
		versions: [{ version: 'v6', path: '/v6/image_editing/img_mixer', fetch: 'imageEditing' }],
		source: editing('imagemixer.mdx', 'samples is left out: openapi.json gives it a maximum of 1 (ImageMixerRequest, line 1273) and the page\'s example sends 1 (imagemixer.mdx line 35), so one image is all the endpoint returns and the field has no other value to choose. No source gives a minimum width or height (the Go SDK has no image mixer).'),
		method: 'POST', output: 'image',
		required: [
			{ ...PROMPT, placeholder: 'a rose-headed man in a tailored suit' },
			// image-editing/openapi.json, ImageMixerRequest.init_image: maxItems 4.
			{ name: 'init_image', label: 'Init Images', type: 'urlList', maxItems: 4, placeholder: 'https://example.com/rose.png', description: 'URLs of the images to mix, at most 4.' },
		],
		optional: [
			NEGATIVE_PROMPT,
			{ name: 'width', label: 'Width', type: 'number', max: 1024, placeholder: '800', description: 'Output width in pixels, at most 1024. Unset uses the first image width.' },
			{ name: 'height', label: 'Height', type: 'number', max: 1024, placeholder: '600', description: 'Output height in pixels, at most 1024. Unset uses the first image height.' },
			{ name: 'steps', label: 'Steps', type: 'number', min: 1, max: 50, placeholder: '41', description: 'Number of denoising steps, 1–50.' },
			{ name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 1, max: 20, placeholder: '10', description: 'How closely the result follows the prompt, 1–20.' },
			SEED,
		],
	},
	{
		resource: 'imageEditing', operation: 'base64ToUrl', name: 'Base64 to URL',
		action: 'Upload a base64 image and get a URL',
		description: 'Uploads a base64-encoded image and returns a URL to use in other requests. The URL expires after 24 hours.',
		versions: [{ version: 'v6', path: '/v6/image_editing/base64_to_url', fetch: 'imageEditing' }],
		source: editing('base64-to-url.mdx'),
		method: 'POST', output: 'image',
		acceptsWebhook: false,
		acceptsTrackId: false,
		notice: 'This is an upload, not a generation: ModelsLab answers at once and sends no webhook.',
		required: [
			{
				name: 'init_image', label: 'Base64 Image', type: 'text', placeholder: 'data:image/png;base64,iVBORw0KGgo...',
				description: 'The image as a base64 data URI: data:image/png;base64, followed by the encoded file.',
			},
		],
		optional: [],
	},
	{
		resource: 'imageEditing', operation: 'fluxKontext', name: 'Flux Kontext',
		action: 'Edit an image with Flux Kontext',
		description: 'Edits an image, or combines two, following an instruction, with Flux Kontext (v6 img2img with model flux-kontext-dev).',
		versions: [{ version: 'v6', path: '/v6/images/img2img', fetch: 'imagesV6' }],
		source: {
			...docs('image-editing/openapi.json', 'image-editing/flux-kontext-img-to-image.mdx'),
			notes: 'The image-editing openapi.json documents /images/img2img with model_id flux-kontext-dev and its own fields (init_image_2, guidance, strength default 0.5, steps default 28), which differ from the community-models img2img schema; the node follows the Flux Kontext page. No source gives a minimum width or height.',
		},
		method: 'POST', output: 'image',
		modelId: { required: true, examples: ['flux-kontext-dev'], description: 'Must be flux-kontext-dev.' },
		required: [
			{ ...PROMPT, description: 'The edit to make; refer to the images as image one and image two.', placeholder: 'the girl from image one holding the can from image two' },
			{ ...INIT_IMAGE, description: 'URL of the main image to edit.' },
		],
		optional: [
			{ name: 'init_image_2', label: 'Second Init Image', type: 'url', placeholder: 'https://example.com/product.png', description: 'URL of a second image to take elements from.' },
			NEGATIVE_PROMPT,
			{ ...STRENGTH, modelsLabDefault: 0.5, description: 'How far the result may move away from the input, 0–1; 0 keeps it identical.' },
			{ name: 'guidance', label: 'Guidance', type: 'number', min: 1, max: 10, modelsLabDefault: 2.5, placeholder: '2.5', description: 'How closely the result follows the prompt.' },
			{ name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 50, modelsLabDefault: 28, placeholder: '28', description: 'Number of denoising steps, 1–50.' },
			{ name: 'width', label: 'Width', type: 'number', max: 1024, modelsLabDefault: 512, placeholder: '1024', description: 'Output width in pixels, at most 1024.' },
			{ name: 'height', label: 'Height', type: 'number', max: 1024, modelsLabDefault: 512, placeholder: '1024', description: 'Output height in pixels, at most 1024.' },
			{ name: 'samples', label: 'Samples', type: 'number', min: 1, max: 4, modelsLabDefault: 1, placeholder: '1', description: 'How many images to generate, 1–4.' },
			{ name: 'enhance_prompt', label: 'Enhance Prompt', type: 'boolean', description: 'Whether ModelsLab rewrites the prompt for better results.' },
			SAFETY_CHECKER,
			SEED,
			BASE64,
			TEMP,
		],
	},
];
