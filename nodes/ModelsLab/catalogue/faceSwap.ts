import { docs, js, py } from './sources';
import type { CatalogueEntry, CatalogueField, CatalogueSource } from './types';

/*
 * Face swap, under /v6/faceswap/ (DOCS faceswap-api/openapi.json; the DOCS renamed deepfake to
 * faceswap on 2026-02-26). The SDKs and SK still call /v6/deepfake/…; if ModelsLab rejects the
 * faceswap path, the same operations exist there.
 */

function faceSwap(page: string): CatalogueSource {
	return {
		...docs('faceswap-api/openapi.json', `faceswap-api/${page}`),
		also: [py('modelslab_py/schemas/deepfake.py'), js('src/apis/deepfake.ts')],
		notes: 'The docs serve these under /v6/faceswap/ (renamed from deepfake on 2026-02-26); the SDKs still call /v6/deepfake/. The node follows the docs.',
	};
}

const DEEPFAKE_NOTE = ' Older SDKs call this endpoint under deepfake instead of faceswap.';
const WATERMARK: CatalogueField = {
	name: 'watermark', label: 'Watermark', type: 'boolean', modelsLabDefault: true,
	description: 'Whether ModelsLab adds a watermark to the result.',
};
const BASE64: CatalogueField = {
	name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false,
	description: 'Whether the input images are given as base64 strings instead of URLs.',
};
const OUTPUT_FORMAT: CatalogueField = {
	name: 'output_format', label: 'Output Format', type: 'string', modelsLabDefault: 'mp4', placeholder: 'mp4',
	description: 'File format of the output video.',
};
const NEW_FACE: CatalogueField = {
	name: 'target_image', label: 'New Face Image', type: 'url', placeholder: 'https://example.com/new-face.jpg',
	description: 'URL of a photo of the face to put into the image.',
};

export const faceSwapEndpoints: CatalogueEntry[] = [
	{
		resource: 'faceSwap', operation: 'singleFaceSwap', name: 'Swap One Face in an Image',
		action: 'Swap one specific face in an image',
		description: `Replaces one chosen face in an image with a new face; the reference image says which face to replace.${DEEPFAKE_NOTE}`,
		versions: [{ version: 'v6', path: '/v6/faceswap/single_face_swap', fetch: 'faceSwap' }],
		source: faceSwap('specific-face-swap.mdx'),
		method: 'POST', output: 'image',
		required: [
			{
				name: 'init_image', label: 'Image', type: 'url', placeholder: 'https://example.com/group-photo.jpg',
				description: 'URL of the image whose face is replaced.',
			},
			NEW_FACE,
			{
				name: 'reference_image', label: 'Reference Face Image', type: 'url', placeholder: 'https://example.com/face-to-replace.jpg',
				description: 'URL of a photo of the face in the image that should be replaced.',
			},
		],
		optional: [WATERMARK, BASE64],
	},
	{
		resource: 'faceSwap', operation: 'multipleFaceSwap', name: 'Swap All Faces in an Image',
		action: 'Swap all faces in an image',
		description: `Replaces every face detected in an image with the faces of another image.${DEEPFAKE_NOTE}`,
		versions: [{ version: 'v6', path: '/v6/faceswap/multiple_face_swap', fetch: 'faceSwap' }],
		source: faceSwap('multiple-face-swap.mdx'),
		method: 'POST', output: 'image',
		required: [
			{
				name: 'init_image', label: 'Image', type: 'url', placeholder: 'https://example.com/group-photo.jpg',
				description: 'URL of the image whose faces are replaced.',
			},
			{ ...NEW_FACE, label: 'New Faces Image', description: 'URL of an image with the faces to put in.' },
		],
		optional: [WATERMARK, BASE64],
	},
	{
		resource: 'faceSwap', operation: 'singleVideoSwap', name: 'Swap Faces in a Video',
		action: 'Swap the faces in a video',
		description: `Puts the face from an image onto the faces in a video (under one minute).${DEEPFAKE_NOTE}`,
		versions: [{ version: 'v6', path: '/v6/faceswap/single_video_swap', fetch: 'faceSwap' }],
		source: faceSwap('single-video-swap.mdx'),
		method: 'POST', output: 'video',
		required: [
			{
				name: 'init_image', label: 'New Face Image', type: 'url', placeholder: 'https://example.com/new-face.jpg',
				description: 'URL of a photo of the face to put into the video.',
			},
			{
				name: 'init_video', label: 'Video', type: 'url', placeholder: 'https://example.com/clip.mp4',
				description: 'URL of the video whose faces are replaced; it must be shorter than one minute.',
			},
		],
		optional: [OUTPUT_FORMAT, WATERMARK],
	},
	{
		resource: 'faceSwap', operation: 'specificVideoSwap', name: 'Swap One Face in a Video',
		action: 'Swap one specific face in a video',
		description: `Replaces one chosen face in a video with the face from an image; the reference image says which face.${DEEPFAKE_NOTE}`,
		versions: [{ version: 'v6', path: '/v6/faceswap/specific_video_swap', fetch: 'faceSwap' }],
		source: faceSwap('specific-video-swap.mdx'),
		method: 'POST', output: 'video',
		required: [
			{
				name: 'init_image', label: 'New Face Image', type: 'url', placeholder: 'https://example.com/new-face.jpg',
				description: 'URL of a photo of the face to put into the video.',
			},
			{
				name: 'init_video', label: 'Video', type: 'url', placeholder: 'https://example.com/clip.mp4',
				description: 'URL of the video in which one face is replaced.',
			},
			{
				name: 'reference_image', label: 'Reference Face Image', type: 'url', placeholder: 'https://example.com/face-to-replace.jpg',
				description: 'URL of a photo of the face in the video that should be replaced.',
			},
		],
		optional: [OUTPUT_FORMAT, WATERMARK],
	},
];
