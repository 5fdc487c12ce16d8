/**
 * The small model list answered by `GET /api/v7/models?search=…&key=…`. Item fields follow what
 * the ModelsLab CLI reads from that endpoint (`model_id`, `model_name`/`name`, `provider`,
 * `feature`/`model_type`); `category` is the simulator's plain name for the feature.
 */
export interface SimModel {
	model_id: string;
	model_name: string;
	provider: string;
	/** ModelsLab's feature filter value: imagen, video_fusion, audio_gen, 3d. */
	feature: string;
	category: 'image' | 'video' | 'audio' | '3d';
	description: string;
}

export const MODELS: SimModel[] = [
	{
		model_id: 'flux',
		model_name: 'Flux Dev',
		provider: 'Black Forest Labs',
		feature: 'imagen',
		category: 'image',
		description: 'Fast, high-quality general images',
	},
	{
		model_id: 'sdxl',
		model_name: 'Stable Diffusion XL',
		provider: 'Stability AI',
		feature: 'imagen',
		category: 'image',
		description: 'Versatile base model',
	},
	{
		model_id: 'midjourney',
		model_name: 'MidJourney',
		provider: 'Community',
		feature: 'imagen',
		category: 'image',
		description: 'Artistic, stylized images',
	},
	{
		model_id: 'imagen-4',
		model_name: 'Google Imagen 4',
		provider: 'Google',
		feature: 'imagen',
		category: 'image',
		description: 'Latest Google image model',
	},
	{
		model_id: 'nano-banana-pro',
		model_name: 'Nano Banana Pro',
		provider: 'Google',
		feature: 'imagen',
		category: 'image',
		description: 'Image generation and editing',
	},
	{
		model_id: 'seedance-t2v',
		model_name: 'Seedance Text-to-Video',
		provider: 'BytePlus',
		feature: 'video_fusion',
		category: 'video',
		description: 'Text to video',
	},
	{
		model_id: 'seedance-i2v',
		model_name: 'Seedance Image-to-Video',
		provider: 'BytePlus',
		feature: 'video_fusion',
		category: 'video',
		description: 'Image to video',
	},
	{
		model_id: 'veo-3.1',
		model_name: 'Google Veo 3.1',
		provider: 'Google',
		feature: 'video_fusion',
		category: 'video',
		description: 'Premium video with audio',
	},
	{
		model_id: 'wan2.6-t2v',
		model_name: 'Wan 2.6 Text-to-Video',
		provider: 'Alibaba',
		feature: 'video_fusion',
		category: 'video',
		description: 'Text to video',
	},
	{
		model_id: 'eleven_multilingual_v2',
		model_name: 'ElevenLabs Multilingual v2',
		provider: 'ElevenLabs',
		feature: 'audio_gen',
		category: 'audio',
		description: 'Text to speech',
	},
	{
		model_id: 'music_v1',
		model_name: 'ElevenLabs Music',
		provider: 'ElevenLabs',
		feature: 'audio_gen',
		category: 'audio',
		description: 'Music generation',
	},
	{
		model_id: 'inworld-tts-1',
		model_name: 'Inworld TTS',
		provider: 'Inworld',
		feature: 'audio_gen',
		category: 'audio',
		description: 'Text to speech',
	},
];

/** Case-insensitive match of `search` in id or name; `feature` and `category` filter exactly. */
export function searchModels(query: {
	search?: string;
	feature?: string;
	category?: string;
}): SimModel[] {
	const search = (query.search ?? '').trim().toLowerCase();
	return MODELS.filter(
		(model) =>
			(!search ||
				model.model_id.toLowerCase().includes(search) ||
				model.model_name.toLowerCase().includes(search)) &&
			(!query.feature || model.feature === query.feature) &&
			(!query.category || model.category === query.category),
	);
}
