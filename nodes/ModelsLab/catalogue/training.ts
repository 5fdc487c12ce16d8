import { docs, skills } from './sources';
import type { CatalogueEntry, CatalogueField, FieldOption } from './types';

/*
 * Training (v3). Each entry's `source` names the files it follows: lora_fine_tune from
 * image-generation/train-model/openapi.json and lora-finetune.mdx; fine_tune only from the
 * webhook guide's list (current docs have no page for it). Training responses carry training_id, fetched at /v3/fine_tune_status/{id};
 * the schema has no track_id. Training callbacks arrive once per stage (deploying_gpu …
 * model_ready).
 */

const TRAINING_TYPES: FieldOption[] = [
	{ name: 'Men', value: 'men', description: 'Faces of men' },
	{ name: 'Women', value: 'women', description: 'Faces of women' },
	{ name: 'Couple', value: 'couple', description: 'Couples; every training image shows both people' },
	{ name: 'Object or Anything Else', value: 'null', description: 'Objects, styles or anything that is not a face' },
];
const INSTANCE_PROMPT: CatalogueField = {
	name: 'instance_prompt', label: 'Instance Prompt', type: 'string', placeholder: 'photo of ambika0 man',
	description: 'How prompts will call the trained subject: a rare token plus its class, e.g. photo of ambika0 man.',
};
const CLASS_PROMPT: CatalogueField = {
	name: 'class_prompt', label: 'Class Prompt', type: 'string', placeholder: 'photo of a man',
	description: 'The general class of the subject, used to keep the model from forgetting it, e.g. photo of a man.',
};
const IMAGES: CatalogueField = {
	name: 'images', label: 'Images', type: 'urlList', placeholder: 'https://example.com/subject-1.png',
	description: 'Direct, public URLs of the training images, cropped to 512x512; about 7–8 images works well.',
};

export const trainingEndpoints: CatalogueEntry[] = [
	{
		resource: 'training', operation: 'loraFineTune', name: 'LoRA Fine-Tune',
		action: 'Train a LoRA model on your images',
		description: 'Trains a LoRA on your images; the result is a model ID you can use in image generation. Each training costs about $1.',
		versions: [{ version: 'v3', path: '/v3/lora_fine_tune', fetch: 'training' }],
		source: {
			...docs('image-generation/train-model/openapi.json', 'image-generation/train-model/lora-finetune.mdx'),
			notes: 'training_type: the schema enum is men, women, couple, null; the page\'s table says female instead of women. The node follows the schema. max_train_steps and seed are strings in the schema and every example, and the node sends strings.',
		},
		method: 'POST', output: 'training',
		acceptsTrackId: false,
		notice: 'Training takes about 25–30 minutes. ModelsLab sends a callback at each stage (deploying_gpu, training_started … model_ready).',
		required: [
			INSTANCE_PROMPT,
			CLASS_PROMPT,
			IMAGES,
			{ name: 'training_type', label: 'Training Type', type: 'options', options: TRAINING_TYPES, description: 'What the images show.' },
			{
				name: 'max_train_steps', label: 'Max Train Steps', type: 'string', placeholder: '18',
				description: 'Training steps: about twice the number of images, 10–50. Sent as a string, as the docs type it.',
			},
		],
		optional: [
			{
				name: 'base_model_type', label: 'Base Model Type', type: 'options', modelsLabDefault: 'sdxl',
				description: 'Base model family the LoRA is trained for.',
				options: [
					{ name: 'SDXL', value: 'sdxl' },
					{ name: 'SD 1.5 (Normal)', value: 'normal' },
				],
			},
			{
				name: 'lora_type', label: 'LoRA Type', type: 'options', modelsLabDefault: 'lora', description: 'Kind of adapter to train.',
				options: [
					{ name: 'LoRA', value: 'lora' },
					{ name: 'LyCORIS', value: 'lycoris' },
				],
			},
			{
				name: 'negative_prompt', label: 'Negative Prompt', type: 'text',
				placeholder: 'lowres, bad anatomy, bad hands, text, error, missing fingers, blurry',
				description: 'Things the trained model should avoid, comma-separated. ModelsLab uses a standard quality list when unset.',
			},
			{
				name: 'seed', label: 'Seed', type: 'string', modelsLabDefault: '0', placeholder: '12345',
				description: 'Seed for reproducible training; 0 picks a random seed. Sent as a string, as the docs type it.',
			},
			{
				name: 'wandb_key', label: 'Weights and Biases API Key', type: 'string', placeholder: 'a1b2c3d4e5f6...',
				description: 'Your Weights & Biases API key, to monitor the training run there.',
			},
		],
	},
	{
		resource: 'training', operation: 'fineTune', name: 'Dreambooth Fine-Tune (Legacy)',
		action: 'Train a full Dreambooth model on your images',
		description:
			'Legacy, unverified: full Dreambooth training at /v3/fine_tune. Only the older stablediffusionapi.com docs describe it; the current ModelsLab docs list it as webhook-enabled but have no page for it. Prefer LoRA Fine-Tune.',
		versions: [{ version: 'v3', path: '/v3/fine_tune', fetch: 'training' }],
		source: {
			...docs('webhooks.mdx'),
			also: [skills('webhooks/SKILL.md')],
			notes: 'Only the webhook lists name fine_tune; no current ModelsLab page documents its fields. The fields are inferred from lora_fine_tune and the older stablediffusionapi.com docs.',
		},
		method: 'POST', output: 'training',
		acceptsTrackId: false,
		notice: 'Legacy endpoint that the current ModelsLab docs do not describe; it may change or fail.',
		required: [
			INSTANCE_PROMPT,
			CLASS_PROMPT,
			{
				name: 'base_model_id', label: 'Base Model ID', type: 'string', placeholder: 'realistic-vision-51',
				description: 'ID of the public model to fine-tune.',
			},
			IMAGES,
			{ name: 'training_type', label: 'Training Type', type: 'options', options: TRAINING_TYPES, description: 'What the images show.' },
		],
		optional: [],
	},
];
