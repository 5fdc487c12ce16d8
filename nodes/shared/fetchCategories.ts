/** Names a row of FETCH_CATEGORIES: where a job of a given endpoint is fetched by id. */
export type FetchCategory =
	| 'imagesV6'
	| 'imagesV7'
	| 'realtime'
	| 'videoV6'
	| 'videoV7'
	| 'voiceV6'
	| 'voiceV7'
	| 'threeD'
	| 'imageEditing'
	| 'faceSwap'
	| 'interior'
	| 'training'
	| 'workflow';

export interface FetchCategoryDefinition {
	name: string;
	/** Path with `{id}` where the request id goes. */
	path: string;
	method: 'POST' | 'GET';
	/** How the key is sent (workflows use a header). */
	keyIn: 'body' | 'header';
}

/**
 * Where a job is fetched by id, relative to the credential's base URL
 * (default `https://modelslab.com/api`). `{id}` is replaced by the request id ModelsLab returned.
 *
 * Every category is `POST` with the key in the JSON body (`{"key": "..."}`), except workflows:
 * `GET` with the key in a `key` header. For workflows `{id}` stands for
 * `<workflowId>/runs/<executionId>` (the run's `workflow_id` and `execution_id`), so the URL
 * becomes `/v1/workflows/<workflowId>/runs/<executionId>`.
 */
export const FETCH_CATEGORIES: Record<FetchCategory, FetchCategoryDefinition> = {
	imagesV6: { name: 'Images (v6)', path: '/v6/images/fetch/{id}', method: 'POST', keyIn: 'body' },
	imagesV7: { name: 'Images (v7)', path: '/v7/images/fetch/{id}', method: 'POST', keyIn: 'body' },
	realtime: { name: 'Realtime', path: '/v6/realtime/fetch/{id}', method: 'POST', keyIn: 'body' },
	videoV6: { name: 'Video (v6)', path: '/v6/video/fetch/{id}', method: 'POST', keyIn: 'body' },
	videoV7: {
		name: 'Video Fusion (v7)',
		path: '/v7/video-fusion/fetch/{id}',
		method: 'POST',
		keyIn: 'body',
	},
	voiceV6: { name: 'Voice (v6)', path: '/v6/voice/fetch/{id}', method: 'POST', keyIn: 'body' },
	voiceV7: { name: 'Voice (v7)', path: '/v7/voice/fetch/{id}', method: 'POST', keyIn: 'body' },
	threeD: { name: '3D', path: '/v6/3d/fetch/{id}', method: 'POST', keyIn: 'body' },
	imageEditing: {
		name: 'Image Editing',
		path: '/v6/image_editing/fetch/{id}',
		method: 'POST',
		keyIn: 'body',
	},
	/** The DOCS path since 2026-02-26; the SDKs still call `/v6/deepfake/fetch/{id}`. */
	faceSwap: { name: 'Face Swap', path: '/v6/faceswap/fetch/{id}', method: 'POST', keyIn: 'body' },
	interior: { name: 'Interior', path: '/v6/interior/fetch/{id}', method: 'POST', keyIn: 'body' },
	/** `{id}` is the `training_id` (also called model_id in training callbacks). */
	training: {
		name: 'Training Status',
		path: '/v3/fine_tune_status/{id}',
		method: 'POST',
		keyIn: 'body',
	},
	/** `{id}` is `<workflowId>/runs/<executionId>`. */
	workflow: { name: 'Workflow Run', path: '/v1/workflows/{id}', method: 'GET', keyIn: 'header' },
};

/**
 * The fetch path of a job: the category's path with `{id}` filled in. Each `/`-separated part of
 * the id is URL-encoded, so a workflow id `<workflowId>/runs/<executionId>` keeps its slashes.
 */
export function fetchPath(category: FetchCategory, id: string): string {
	const definition = FETCH_CATEGORIES[category];
	if (!definition) throw new Error(`Unknown fetch category "${String(category)}"`);
	const encoded = String(id)
		.trim()
		.split('/')
		.map((part) => encodeURIComponent(part))
		.join('/');
	return definition.path.replace('{id}', encoded);
}
