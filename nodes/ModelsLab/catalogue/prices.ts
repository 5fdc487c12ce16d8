/**
 * The prices ModelsLab documents, by endpoint path, each with its source. Searched for in
 * ModelsLab/docs-v2 at c1440bc8 (every .mdx page and openapi.json: "price", "cost", "credit",
 * "$"): only these three endpoints name a price. Every other endpoint has none in ModelsLab's
 * docs (its pricing page, https://modelslab.com/pricing, is not part of them), so the node shows
 * no estimate there and says so (`PRICE_UNKNOWN`) rather than guess.
 */
export interface DocumentedPrice {
	amount: number;
	currency: string;
	/** What one amount buys, in ModelsLab's words. */
	per: string;
	/** Where ModelsLab says it: repository, commit, file, line. */
	source: string;
}

export const PRICE_UNKNOWN = 'ModelsLab documents no price for this endpoint';

export const DOCUMENTED_PRICES: Readonly<Record<string, DocumentedPrice>> = {
	'/v6/video/text2video_ultra': {
		amount: 0.2,
		currency: 'USD',
		per: 'API call',
		source:
			'ModelsLab/docs-v2@c1440bc8 video-api/openapi.json line 136 (POST /video/text2video_ultra): "Costs $0.2 per API call."',
	},
	'/v6/video/img2video_ultra': {
		amount: 0.2,
		currency: 'USD',
		per: 'API call',
		source:
			'ModelsLab/docs-v2@c1440bc8 video-api/openapi.json line 310 (POST /video/img2video_ultra): "Costs $0.2 per API call."',
	},
	'/v3/lora_fine_tune': {
		amount: 1,
		currency: 'USD',
		per: 'training',
		source:
			'ModelsLab/docs-v2@c1440bc8 image-generation/train-model/lora-finetune.mdx line 13: "each training cost $1"',
	},
};

/** The documented price of a submit to `path` (below the Base URL), if ModelsLab documents one. */
export function documentedPrice(path: string): DocumentedPrice | undefined {
	return DOCUMENTED_PRICES[path.replace(/\/+$/, '')];
}
