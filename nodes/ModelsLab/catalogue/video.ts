import { MCP_REFERENCE, cli, docs, go, py, skills } from './sources';
import type { CatalogueEntry, CatalogueField, SourceRef } from './types';

/*
 * Video. Each entry's `source` names the files it follows: v6 from video-api/openapi.json and
 * its pages, v7 (Video Fusion) from the MCP tools reference, the Python SDK's providers, the
 * skills and the CLI. v7 is listed first where both exist. v6 scene_maker is deprecated
 * (2026-01-26) and left out.
 */

const v6 = (page: string): SourceRef => docs('video-api/openapi.json', `video-api/${page}`);
const v7 = (...also: SourceRef[]): SourceRef & { also: SourceRef[] } => ({
	...docs(MCP_REFERENCE, 'guides/model-selection.mdx'),
	also: [...also, skills('video-generation/SKILL.md'), cli()],
});
const PY_VIDEO = py('modelslab_py/schemas/video.py');
/** The Go SDK's v6 text2video/img2video request structs: the only source of a width/height minimum (64). */
const GO_VIDEO = go('pkg/schemas/video/video.go');
const PY_T2V = py(
	'modelslab_py/providers/alibaba/schemas.py', 'modelslab_py/providers/byteplus/schemas.py', 'modelslab_py/providers/klingai/schemas.py',
	'modelslab_py/providers/minimax/schemas.py', 'modelslab_py/providers/openai/schemas.py',
);

const PROMPT: CatalogueField = {
	name: 'prompt', label: 'Prompt', type: 'text',
	description: 'What happens in the video: subject, action, camera movement and style.',
	placeholder: 'a red fox running through fresh snow at sunrise, slow tracking shot, cinematic',
};
const NEGATIVE_PROMPT: CatalogueField = {
	name: 'negative_prompt', label: 'Negative Prompt', type: 'text',
	description: 'Things to keep out of the video, comma-separated.', placeholder: 'static, low quality, blurry, distorted',
};
const INIT_IMAGE: CatalogueField = {
	name: 'init_image', label: 'Init Image', type: 'url', placeholder: 'https://example.com/photo.png',
	description: 'URL of the image to animate (first frame).',
};
const INIT_VIDEO: CatalogueField = {
	name: 'init_video', label: 'Init Video', type: 'url', placeholder: 'https://example.com/clip.mp4',
	description: 'URL of the source video.',
};
const SEED: CatalogueField = {
	name: 'seed', label: 'Seed', type: 'number', min: 0, max: 4294967295, placeholder: '12345',
	description: 'The same seed with the same settings reproduces the same video. Leave unset for a random seed.',
};
const TEMP: CatalogueField = {
	name: 'temp', label: 'Temporary Links', type: 'boolean', modelsLabDefault: false,
	description: 'Whether outputs get temporary links valid for 24 hours, for regions that block the normal storage domain.',
};
const FPS: CatalogueField = {
	// v6: at most 16 (video-api/openapi.json, text2video line 667, img2video line 876, ultra lines
	// 771 and 999). v7: the MCP tools reference says only "Frames per second", no range.
	name: 'fps', label: 'FPS', type: 'number', min: 1, rangeIn: { v6: { max: 16 } }, placeholder: '16',
	description: 'Frames per second of the output: v6 at most 16; for v7 ModelsLab documents no range.',
};
const OUTPUT_TYPE: CatalogueField = {
	name: 'output_type', label: 'Output Type', type: 'options', versions: ['v6'],
	description: 'File format of the v6 output.',
	options: [
		{ name: 'MP4', value: 'mp4' },
		{ name: 'GIF', value: 'gif' },
	],
};

/* v7 Video Fusion options (model-dependent: a model ignores what it does not support). */
const ASPECT_RATIO: CatalogueField = {
	name: 'aspect_ratio', label: 'Aspect Ratio', type: 'options', versions: ['v7'],
	description: 'Aspect ratio of the video. Models support different sets, e.g. Kling 16:9, 9:16, 1:1; Sora 16:9, 9:16.',
	options: [
		{ name: '16:9', value: '16:9' }, { name: '9:16', value: '9:16' }, { name: '1:1', value: '1:1' },
		{ name: '4:3', value: '4:3' }, { name: '3:4', value: '3:4' }, { name: '21:9', value: '21:9' },
		{ name: '9:21', value: '9:21' },
	],
};
const DURATION: CatalogueField = {
	name: 'duration', label: 'Duration', type: 'number', min: 4, max: 30, versions: ['v7'], placeholder: '5',
	description: 'Length of the video in seconds, at least 4. Models take fixed values, e.g. Kling 5 or 10, Sora 4, 8 or 12.',
};
const RESOLUTION: CatalogueField = {
	name: 'resolution', label: 'Resolution', type: 'options', versions: ['v7'],
	description: 'Output resolution preset, where the model offers several (e.g. Seedance 480p or 720p).',
	options: [
		{ name: '480p', value: '480p' },
		{ name: '720p', value: '720p' },
		{ name: '1080p', value: '1080p' },
	],
};
const PORTRAIT: CatalogueField = {
	name: 'portrait', label: 'Portrait', type: 'boolean', modelsLabDefault: false,
	description: 'Whether the video is generated in portrait (9:16) orientation.',
};
const INIT_AUDIO: CatalogueField = {
	name: 'init_audio', label: 'Init Audio', type: 'url', versions: ['v7'], placeholder: 'https://example.com/voice.mp3',
	description: 'URL of an audio track the video follows, for models that take one (Wan 2.5, OmniHuman; 5–30 seconds).',
};

/* v6 ultra (wan2.2 / ltx-2.3) options. */
const ULTRA_OPTIONS: CatalogueField[] = [
	NEGATIVE_PROMPT,
	SEED,
	{
		name: 'num_frames', label: 'Number of Frames', type: 'number', min: 1, modelsLabDefault: 81, placeholder: '81',
		description: 'Number of frames to generate; with the FPS it sets the length of the video.',
	},
	{ ...FPS, max: 16, description: 'Frames per second of the output, at most 16.' },
	PORTRAIT,
	{
		name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 0, max: 8, placeholder: '5',
		description: 'How closely the video follows the prompt, 0–8.',
	},
	{
		name: 'sample_shift', label: 'Sample Shift', type: 'number', min: 0, max: 10, modelsLabDefault: 5, placeholder: '5',
		description: 'Shift of the sampling schedule, 0–10; higher values favour motion over detail.',
	},
	TEMP,
];

export const videoEndpoints: CatalogueEntry[] = [
	{
		resource: 'video', operation: 'textToVideo', name: 'Text to Video',
		action: 'Generate a video from a text prompt',
		description: 'Generates a video from a text prompt with Seedance, Veo, Kling, Sora, Wan and other video models.',
		versions: [
			{ version: 'v7', path: '/v7/video-fusion/text-to-video', fetch: 'videoV7' },
			{ version: 'v6', path: '/v6/video/text2video', fetch: 'videoV6' },
		],
		source: { ...v6('text-to-video.mdx'), versions: { v7: v7(PY_T2V), v6: { ...v6('text-to-video.mdx'), also: [PY_VIDEO, GO_VIDEO] } }, notes: 'seed, steps, guidance, frames, output_type and temp are v6 fields; no v7 source documents them, so they are offered under v6 only. v6 width and height go to 512 (openapi.json lines 592 and 598) and fps to 16 (line 667); the only v6 minimum is the Go SDK\'s 64 (modelslab-go pkg/schemas/video/video.go line 13, `min=64,max=2048`). v7 width and height 512–1024 (tools-reference.mdx lines 267-273); v7 fps has no documented range.' },
		method: 'POST', output: 'video',
		modelId: {
			required: true,
			examples: ['seedance-t2v', 'veo-3.1', 'kling-v2-5-turbo-t2v', 'sora-2', 'wan2.6-t2v', 'cogvideox', 'wanx'],
			description: 'v7 takes any ModelsLab text-to-video model; v6 takes only cogvideox or wanx.',
		},
		required: [PROMPT],
		optional: [
			NEGATIVE_PROMPT,
			ASPECT_RATIO,
			DURATION,
			RESOLUTION,
			{
				name: 'generate_audio', label: 'Generate Audio', type: 'boolean', versions: ['v7'],
				description: 'Whether models that can (Veo 3, Wan 2.5) also generate a soundtrack.',
			},
			{
				name: 'enhance_prompt', label: 'Enhance Prompt', type: 'boolean', versions: ['v7'],
				description: 'Whether the model rewrites the prompt for better results.',
			},
			INIT_AUDIO,
			{ ...PORTRAIT, versions: ['v7'] },
			{
				name: 'camera_fixed', label: 'Camera Fixed', type: 'boolean', versions: ['v7'],
				description: 'Whether the camera stays still (Seedance).',
			},
			{
				name: 'width', label: 'Width', type: 'number', min: 64, max: 1024, rangeIn: { v6: { max: 512 }, v7: { min: 512, max: 1024 } },
				placeholder: '512', description: 'Video width in pixels: v6 64–512 (default 512); v7 512–1024.',
			},
			{
				name: 'height', label: 'Height', type: 'number', min: 64, max: 1024, rangeIn: { v6: { max: 512 }, v7: { min: 512, max: 1024 } },
				placeholder: '512', description: 'Video height in pixels: v6 64–512 (default 512); v7 512–1024.',
			},
			FPS,
			{ ...SEED, versions: ['v6'] },
			{
				name: 'num_frames', label: 'Number of Frames', type: 'number', min: 1, max: 25, modelsLabDefault: 25,
				versions: ['v6'], placeholder: '25', description: 'Number of frames to generate, at most 25.',
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 20, versions: ['v6'], placeholder: '20', description: 'Number of denoising steps, 1–50.',
			},
			{
				name: 'guidance_scale', label: 'Guidance Scale', type: 'number', min: 0, max: 8, modelsLabDefault: 7,
				versions: ['v6'], placeholder: '7', description: 'How closely the video follows the prompt, 0–8.',
			},
			{ ...OUTPUT_TYPE, modelsLabDefault: 'gif' },
			{
				name: 'clip_skip', label: 'CLIP Skip', type: 'number', min: 1, max: 2, versions: ['v6'], placeholder: '2',
				description: 'Number of CLIP layers to skip, at most 2; skipping 2 often looks better.',
			},
			{
				name: 'use_improved_sampling', label: 'Use Improved Sampling', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
				description: 'Whether an improved sampling technique keeps consecutive frames more consistent.',
			},
			{
				name: 'improved_sampling_seed', label: 'Improved Sampling Seed', type: 'number', min: 0, versions: ['v6'], placeholder: '12345',
				description: 'Seed for the improved sampling, for reproducible videos.',
			},
			{
				name: 'upscale_width', label: 'Upscale Width', type: 'number', min: 1, max: 1024, modelsLabDefault: 1024, versions: ['v6'],
				placeholder: '1024', description: 'Width the video is upscaled to, at most 1024.',
			},
			{
				name: 'upscale_height', label: 'Upscale Height', type: 'number', min: 1, max: 1024, modelsLabDefault: 640, versions: ['v6'],
				placeholder: '640', description: 'Height the video is upscaled to, at most 1024.',
			},
			{
				name: 'upscale_strength', label: 'Upscale Strength', type: 'number', min: 0, max: 1, modelsLabDefault: 0.6, versions: ['v6'],
				placeholder: '0.6', description: 'Strength of the upscaling, 0–1; higher values change the video more.',
			},
			{
				name: 'upscale_guidance_scale', label: 'Upscale Guidance Scale', type: 'number', min: 0, max: 8, versions: ['v6'],
				placeholder: '8', description: 'Guidance scale of the upscaling pass, 0–8 (the docs give 0–8 with a default of 12).',
			},
			{
				name: 'upscale_num_inference_steps', label: 'Upscale Inference Steps', type: 'number', min: 1, max: 50, modelsLabDefault: 20,
				versions: ['v6'], placeholder: '20', description: 'Number of denoising steps of the upscaling pass, at most 50.',
			},
			{
				name: 'instant_response', label: 'Instant Response', type: 'boolean', modelsLabDefault: false,
				versions: ['v6'], description: 'Whether ModelsLab answers at once with future links for a queued request.',
			},
			{ ...TEMP, versions: ['v6'] },
		],
	},
	{
		resource: 'video', operation: 'imageToVideo', name: 'Image to Video',
		action: 'Animate an image into a video',
		description: 'Animates a still image into a video, guided by a prompt.',
		versions: [
			{ version: 'v7', path: '/v7/video-fusion/image-to-video', fetch: 'videoV7' },
			{ version: 'v6', path: '/v6/video/img2video', fetch: 'videoV6' },
		],
		source: { ...v6('img-to-video.mdx'), versions: { v7: v7(PY_T2V), v6: { ...v6('img-to-video.mdx'), also: [PY_VIDEO, GO_VIDEO] } }, notes: 'prompt is optional in both the v6 schema and the MCP reference (v7). v7 sends init_image as an array (skills video-generation). v6 width/height: at most 512 (openapi.json lines 829 and 834), at least 64 (Go SDK pkg/schemas/video/video.go line 28, `min=64,max=2048`; docs-v2 gives no minimum).' },
		method: 'POST', output: 'video',
		modelId: {
			required: true,
			examples: ['seedance-i2v', 'kling-v2-1-i2v', 'wan2.6-i2v', 'Hailuo-2.3-i2v', 'omni-human', 'svd'],
			description: 'v7 takes any ModelsLab image-to-video model; v6 takes only svd.',
		},
		required: [
			{ ...INIT_IMAGE, sendAsArray: ['v7'], description: 'URL of the image to animate (first frame). Under v7 it is sent as a one-element array.' },
		],
		optional: [
			{ ...PROMPT, description: 'How the image should move: action, camera movement and mood.', placeholder: 'the clouds drift slowly, birds fly across the sky' },
			NEGATIVE_PROMPT,
			ASPECT_RATIO,
			DURATION,
			RESOLUTION,
			{ ...PORTRAIT, versions: ['v7'] },
			{ ...INIT_AUDIO, description: 'URL of an audio track: talking-head models (omni-human, Wan 2.5) animate the image to it.' },
			{
				name: 'width', label: 'Width', type: 'number', min: 64, max: 512, versions: ['v6'], placeholder: '512',
				description: 'Video width in pixels, at most 512.',
			},
			{
				name: 'height', label: 'Height', type: 'number', min: 64, max: 512, versions: ['v6'], placeholder: '512',
				description: 'Video height in pixels, at most 512.',
			},
			{
				name: 'num_frames', label: 'Number of Frames', type: 'number', min: 1, max: 25, modelsLabDefault: 16,
				versions: ['v6'], placeholder: '16', description: 'Number of frames to generate, at most 25.',
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 50,
				modelsLabDefault: 20, versions: ['v6'], placeholder: '20', description: 'Number of denoising steps, 1–50.',
			},
			{
				name: 'min_guidance_scale', label: 'Min Guidance Scale', type: 'number', min: 1, max: 8,
				modelsLabDefault: 1, versions: ['v6'], placeholder: '1', description: 'Guidance scale at the first frame, 1–8.',
			},
			{
				name: 'max_guidance_scale', label: 'Max Guidance Scale', type: 'number', min: 1, max: 8,
				modelsLabDefault: 3, versions: ['v6'], placeholder: '3', description: 'Guidance scale at the last frame, 1–8.',
			},
			{
				name: 'motion_bucket_id', label: 'Motion Bucket ID', type: 'number', min: 1, max: 255,
				modelsLabDefault: 127, versions: ['v6'], placeholder: '127',
				description: 'Amount of motion for svd, 1–255: higher values move more.',
			},
			{
				name: 'noise_aug_strength', label: 'Noise Augmentation Strength', type: 'number', min: 0, max: 1,
				versions: ['v6'], placeholder: '0.02', description: 'Noise added to the image before animating, 0–1; more noise, less likeness.',
			},
			{ ...FPS, versions: ['v6'], max: 16, description: 'Frames per second of the output, at most 16.' },
			OUTPUT_TYPE,
			{ ...TEMP, versions: ['v6'] },
		],
	},
	{
		resource: 'video', operation: 'textToVideoUltra', name: 'Text to Video Ultra',
		action: 'Generate a high-quality video from a text prompt',
		description: 'Generates a higher-quality video from a prompt with Wan 2.2 or LTX 2.3 (v6 only).',
		versions: [{ version: 'v6', path: '/v6/video/text2video_ultra', fetch: 'videoV6' }],
		source: { ...v6('text-to-video-ultra.mdx'), also: [PY_VIDEO], notes: 'The page\'s example sends shift_sample; openapi.json and the Python SDK name it sample_shift, which the node sends.' },
		method: 'POST', output: 'video',
		modelId: { required: true, examples: ['wan2.2', 'ltx-2.3'], description: 'wan2.2 (ModelsLab\'s default) or ltx-2.3.' },
		required: [PROMPT],
		optional: [
			{
				name: 'resolution', label: 'Resolution', type: 'number', min: 1, max: 480, placeholder: '480',
				description: 'Output resolution (short side in pixels), at most 480.',
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 30,
				modelsLabDefault: 25, placeholder: '25', description: 'Number of denoising steps, 1–30.',
			},
			...ULTRA_OPTIONS,
		],
	},
	{
		resource: 'video', operation: 'imageToVideoUltra', name: 'Image to Video Ultra',
		action: 'Animate an image into a high-quality video',
		description: 'Animates a still image into a higher-quality video with Wan 2.2 or LTX 2.3 (v6 only).',
		versions: [{ version: 'v6', path: '/v6/video/img2video_ultra', fetch: 'videoV6' }],
		source: { ...v6('image-to-video-ultra.mdx'), also: [PY_VIDEO] },
		method: 'POST', output: 'video',
		modelId: { required: true, examples: ['wan2.2', 'ltx-2.3'], description: 'wan2.2 (ModelsLab\'s default) or ltx-2.3.' },
		required: [
			{ ...INIT_IMAGE, description: 'URL of the image to animate (first frame).' },
			{ ...PROMPT, description: 'How the image should move: action, camera movement and mood.', placeholder: 'the woman turns her head and smiles, soft wind in her hair' },
		],
		optional: [
			{
				name: 'resolution', label: 'Resolution', type: 'number', min: 1, max: 720, placeholder: '720',
				description: 'Output resolution (short side in pixels); wan2.2 goes up to 720.',
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 25,
				modelsLabDefault: 25, placeholder: '25', description: 'Number of denoising steps, 1–25.',
			},
			...ULTRA_OPTIONS,
			{
				name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false,
				description: 'Whether the init image is given as a base64 string instead of a URL.',
			},
		],
	},
	{
		resource: 'video', operation: 'videoToVideo', name: 'Video to Video',
		action: 'Transform a video with a text prompt',
		description: 'Restyles or edits an existing video following a prompt (v7 only), e.g. with Runway Gen-4 Aleph.',
		versions: [{ version: 'v7', path: '/v7/video-fusion/video-to-video', fetch: 'videoV7' }],
		source: { ...v7(py('modelslab_py/providers/runway/schemas.py')), notes: 'init_video is sent as an array (skills video-generation: "v7 expects array"); the CLI sends a string.' },
		method: 'POST', output: 'video',
		modelId: { required: true, examples: ['gen4_aleph'], description: 'Video-to-video model, e.g. gen4_aleph.' },
		required: [
			{ ...PROMPT, description: 'How to transform the video (gen4_aleph: at most 1000 characters).', placeholder: 'turn the street into a snowy winter scene at night' },
			{ ...INIT_VIDEO, sendAsArray: true, description: 'URL of the source video (gen4_aleph: MP4, WebM, MOV or Ogg, at most 16 MB). Sent as a one-element array.' },
		],
		optional: [
			NEGATIVE_PROMPT,
			{
				name: 'init_image', label: 'Reference Image', type: 'url', placeholder: 'https://example.com/style.png',
				description: 'URL of an optional reference image for the look of the result.',
			},
			{
				name: 'aspect_ratio', label: 'Aspect Ratio', type: 'string', placeholder: '1280:720',
				description: 'Output aspect ratio; gen4_aleph takes 1280:720, 720:1280, 1104:832, 960:960, 832:1104, 1584:672 or 848:480.',
			},
			DURATION,
			SEED,
			{
				name: 'public_figure_threshold', label: 'Public Figure Threshold', type: 'options',
				description: 'How strictly the model moderates the likeness of public figures.',
				options: [
					{ name: 'Auto', value: 'auto' },
					{ name: 'Low', value: 'low' },
					{ name: 'Medium', value: 'medium' },
					{ name: 'High', value: 'high' },
				],
			},
		],
	},
	{
		resource: 'video', operation: 'lipSync', name: 'Lip Sync',
		action: 'Sync lip movements in a video to audio',
		description: 'Re-animates the mouth of the person in a video so it matches an audio track (v7 only).',
		versions: [{ version: 'v7', path: '/v7/video-fusion/lip-sync', fetch: 'videoV7' }],
		source: v7(py('modelslab_py/providers/sync/schemas.py')),
		method: 'POST', output: 'video',
		modelId: { required: true, examples: ['lipsync-2'], description: 'Lip-sync model, e.g. lipsync-2 (Sync Labs).' },
		required: [
			{ ...INIT_VIDEO, description: 'URL of the video showing the face to animate.' },
			{ ...INIT_AUDIO, description: 'URL of the speech the lips should follow.' },
		],
		optional: [],
	},
	{
		resource: 'video', operation: 'motionControl', name: 'Motion Control',
		action: 'Transfer motion from a video to an image',
		description: 'Animates the character in an image with the motion of a reference video (v7 only).',
		versions: [{ version: 'v7', path: '/v7/video-fusion/motion-control', fetch: 'videoV7' }],
		source: { ...v7(), notes: 'keep_original_sound is the string "yes"/"no" in the MCP reference.' },
		method: 'POST', output: 'video',
		modelId: { required: true, examples: ['kling-motion-control'], description: 'Motion-control model, e.g. kling-motion-control.' },
		required: [
			{ ...INIT_IMAGE, description: 'URL of the image of the character or subject to animate.' },
			{ ...INIT_VIDEO, description: 'URL of the video whose motion is copied.' },
			{
				name: 'character_orientation', label: 'Character Orientation', type: 'options',
				description: 'Whether the character keeps the orientation of the image or follows the video.',
				options: [
					{ name: 'Image', value: 'image' },
					{ name: 'Video', value: 'video' },
				],
			},
		],
		optional: [
			{ ...PROMPT, description: 'Optional guidance for the scene, at most 2500 characters.' },
			{
				name: 'mode', label: 'Mode', type: 'options', description: 'Quality mode: standard or professional.',
				options: [
					{ name: 'Standard', value: 'std' },
					{ name: 'Professional', value: 'pro' },
				],
			},
			{
				name: 'keep_original_sound', label: 'Keep Original Sound', type: 'options',
				description: 'Whether the sound of the reference video is kept.',
				options: [
					{ name: 'Yes', value: 'yes' },
					{ name: 'No', value: 'no' },
				],
			},
		],
	},
	{
		resource: 'video', operation: 'videoToVideoV6', name: 'Video to Video (v6)',
		action: 'Generate a video from a video and a reference image',
		description: 'Generates a new video from a source video and a reference image with the v6 video2video endpoint (hidden in the current docs).',
		versions: [{ version: 'v6', path: '/v6/video/video2video', fetch: 'videoV6' }],
		source: { ...v6('video-to-video.mdx'), notes: 'seed and base64 are not in the openapi.json schema; the page\'s example sends both (video-to-video.mdx lines 28 and 31), so the node offers them. resolution: openapi.json gives a maximum of 720 and says "It allows 480 and 720 resolutions" (line 926); the node offers those two values.' },
		method: 'POST', output: 'video',
		required: [
			{ ...INIT_IMAGE, description: 'URL of the reference image.' },
			{ ...INIT_VIDEO, description: 'URL of the source video.' },
		],
		optional: [
			{
				name: 'to_animate', label: 'To Animate', type: 'boolean', modelsLabDefault: false,
				description: 'Turn on only for high-motion videos; keep it off for standard ones.',
			},
			{
				name: 'resolution', label: 'Resolution', type: 'options', description: 'Output resolution; higher takes longer.',
				options: [
					{ name: '480', value: 480 },
					{ name: '720', value: 720 },
				],
			},
			{
				name: 'num_inference_steps', label: 'Inference Steps', type: 'number', min: 1, max: 10,
				modelsLabDefault: 6, placeholder: '6', description: 'Number of inference steps, 1–10; more is slower and may look better.',
			},
			SEED,
			{
				name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false,
				description: 'Whether the init image and video are given as base64 strings instead of URLs.',
			},
		],
	},
	{
		resource: 'video', operation: 'watermarkRemover', name: 'Watermark Remover',
		action: 'Remove a watermark from a video',
		description: 'Removes watermarks from a video (v6 only).',
		versions: [{ version: 'v6', path: '/v6/video/watermark_remover', fetch: 'videoV6' }],
		source: v6('watermark-remover.mdx'),
		method: 'POST', output: 'video',
		required: [{ ...INIT_VIDEO, description: 'URL of the video with the watermark.' }],
		optional: [],
	},
];
