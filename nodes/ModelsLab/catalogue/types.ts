/**
 * The shape of the endpoint catalogue. The catalogue is data: the node's UI (resource,
 * operation, fields) and every request body are generated from it, so adding an endpoint
 * means adding one entry, never code.
 */
import type { FetchCategory } from '../../shared/fetchCategories';

export type { FetchCategory, FetchCategoryDefinition } from '../../shared/fetchCategories';

/** API generations ModelsLab serves. v6 and v7 coexist for images, video and audio. */
export type ApiVersion = 'v1' | 'v3' | 'v5' | 'v6' | 'v7';

/** What a finished job produces; decides file naming, MIME fallbacks and the simulator's files. */
export type OutputKind = 'image' | 'video' | 'audio' | 'model3d' | 'text' | 'training' | 'workflow';

export type FieldType =
	| 'string'
	| 'text'
	| 'number'
	| 'boolean'
	| 'options'
	| 'url'
	| 'urlList'
	| 'json';

export interface FieldOption {
	name: string;
	value: string | number | boolean;
	description?: string;
}

/** One body field of an endpoint. `name` is ModelsLab's JSON key. */
export interface CatalogueField {
	/** ModelsLab's JSON key, e.g. `init_image`. */
	name: string;
	/** Label in the editor, Title Case, e.g. `Init Image`. */
	label: string;
	type: FieldType;
	/** What ModelsLab does with it, its range or allowed values. Shown under the field. */
	description: string;
	/** Shown in the empty field: a real example value. */
	placeholder?: string;
	/** For type `options` (and suggested values otherwise). */
	options?: FieldOption[];
	/** Bounds for numbers, from ModelsLab's documentation. */
	min?: number;
	max?: number;
	/**
	 * A narrower range one API version documents (e.g. v7 image width 512–1024, from the MCP tools
	 * reference, where v6 documents only a maximum). Checked when the request is built; the editor
	 * shows `min`/`max`, which must cover every version's range.
	 */
	rangeIn?: Partial<Record<ApiVersion, { min?: number; max?: number }>>;
	/** For lists (`urlList`, `sendAsArray`): the most entries ModelsLab documents, checked when the request is built. */
	maxItems?: number;
	/**
	 * Only for optional fields: the value ModelsLab uses when the field is absent. Shown to the
	 * user as the field's default, but a field is sent only when the user has set it.
	 */
	modelsLabDefault?: string | number | boolean;
	/** Send as a JSON array even when the user gives one value (v7 `init_image`, for example). */
	sendAsArray?: boolean | ApiVersion[];
	/** Limit the field to some API versions of the entry (default: all). */
	versions?: ApiVersion[];
	/** v7 renamed some fields: the key to send under a given version. */
	renameIn?: Partial<Record<ApiVersion, string>>;
}

export interface EndpointVersion {
	version: ApiVersion;
	/** Path below the credential's base URL, e.g. `/v6/images/text2img`. */
	path: string;
	/** Where the job is fetched by id. */
	fetch: FetchCategory;
}

/** Repositories of ModelsLab's own documentation and SDKs that catalogue entries cite. */
export type SourceRepo =
	| 'ModelsLab/docs-v2'
	| 'ModelsLab/modelslab-py'
	| 'ModelsLab/modelslab-js'
	| 'ModelsLab/modelslab-go'
	| 'ModelsLab/modelslab-cli'
	| 'ModelsLab/skills';

/** Files of one ModelsLab repository at one commit that an entry (or a version of it) follows. */
export interface SourceRef {
	repo: SourceRepo;
	/** Paths inside the repository, e.g. `image-editing/openapi.json`. Each is listed in SOURCE_FILES. */
	files: string[];
	/** Short commit the files were read at; must be the commit SOURCE_FILES gives for the repository. */
	commit: string;
}

/** Where an entry's path and fields come from. */
export interface CatalogueSource extends SourceRef {
	/** Further sources the fields were checked against (SDKs, other doc pages). */
	also?: SourceRef[];
	/**
	 * Per API version, for entries with more than one: the source that version follows (its
	 * fields often come from other files, e.g. v7 from the SDK providers and the MCP reference).
	 * Every version of a multi-version entry must have one.
	 */
	versions?: Partial<Record<ApiVersion, SourceRef & { also?: SourceRef[] }>>;
	/** Where sources disagree or are silent: which one the node follows and why. */
	notes?: string;
}

export interface CatalogueEntry {
	/** Resource value this entry sits under (see RESOURCES). */
	resource: string;
	/** Operation value, camelCase, unique within the resource. */
	operation: string;
	/** Operation name in the editor, e.g. `Text to Image`. */
	name: string;
	/** Operation action in the editor, sentence case, e.g. `Generate an image from a text prompt`. */
	action: string;
	description: string;
	method: 'POST' | 'GET';
	/** First entry is the default version. */
	versions: EndpointVersion[];
	output: OutputKind;
	/** Needed for the request: shown as top-level fields, always sent. */
	required: CatalogueField[];
	/** Shown in "Additional Fields", sent only when set. */
	optional: CatalogueField[];
	/**
	 * Whether a `model_id` field is part of this endpoint (shown as a required or optional field).
	 * `versions` limits it to some API versions of the entry (default: all), e.g. v7 text to
	 * speech needs a model_id while v6 takes none.
	 */
	modelId?: {
		required: boolean;
		examples: string[];
		description?: string;
		versions?: ApiVersion[];
		/**
		 * The model search's `feature` filter for this endpoint, when it differs from the
		 * resource's; `false` searches every model.
		 */
		feature?: ModelFeature | false;
	};
	/** Whether the endpoint echoes `track_id` (training does not). Default true. */
	acceptsTrackId?: boolean;
	/**
	 * Whether the endpoint takes a `webhook` body field. Default true. False for endpoints that
	 * answer at once (base64_to_url) and for workflows, whose callback URL is set on the workflow.
	 */
	acceptsWebhook?: boolean;
	/** How the API key is sent for this endpoint: in the JSON body (default) or as a `key` header. */
	keyIn?: 'body' | 'header';
	/** Path parameters (e.g. `{workflowId}`) filled from required fields of the same name. */
	pathParams?: string[];
	/** A note shown to the user in the editor for this operation. */
	notice?: string;
	/** The ModelsLab documentation and SDK files the entry follows. Required for every entry. */
	source: CatalogueSource;
}

/** ModelsLab's model-search `feature` values (GET /v7/models?feature=…). */
export type ModelFeature = 'imagen' | 'video_fusion' | 'audio_gen';

export interface ResourceDefinition {
	value: string;
	name: string;
	description: string;
	/** Which models the Model field's search lists for this resource's endpoints. */
	modelFeature?: ModelFeature;
}
