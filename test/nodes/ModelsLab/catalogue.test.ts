/**
 * Consistency of the endpoint catalogue. The node's UI and request bodies are generated from it,
 * so a slip here (a duplicate operation, a missing fetch category, a field the node adds itself)
 * breaks the node for every user.
 */
import {
	CATALOGUE,
	FETCH_CATEGORIES,
	RESOURCES,
	entryVersion,
	fetchPath,
	findEntry,
} from '../../../nodes/ModelsLab/catalogue';
import type {
	ApiVersion,
	CatalogueEntry,
	CatalogueField,
	SourceRef,
} from '../../../nodes/ModelsLab/catalogue';
import { SOURCE_FILES } from '../../../nodes/ModelsLab/catalogue/sources';

const label = (entry: CatalogueEntry) => `${entry.resource}/${entry.operation}`;
const fieldsOf = (entry: CatalogueEntry): CatalogueField[] => [
	...entry.required,
	...entry.optional,
];
const allFields = CATALOGUE.flatMap((entry) => fieldsOf(entry).map((field) => ({ entry, field })));

/** Words that stay lowercase inside a Title Case label (n8n's convention). */
const MINOR_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'at',
	'by',
	'for',
	'from',
	'in',
	'of',
	'on',
	'or',
	'the',
	'to',
	'with',
]);

function isTitleCase(text: string): boolean {
	return text.split(' ').every((word, index) => {
		if (index > 0 && MINOR_WORDS.has(word)) return true;
		return /^[A-Z0-9(]/.test(word);
	});
}

function paths(): Set<string> {
	return new Set(
		CATALOGUE.flatMap((entry) =>
			entry.versions.map((version) => `${entry.method} ${version.path}`),
		),
	);
}

describe('catalogue structure', () => {
	it('has entries', () => {
		expect(CATALOGUE.length).toBeGreaterThan(50);
	});

	it('keeps operation values unique within a resource', () => {
		const seen = new Set<string>();
		const duplicates = CATALOGUE.map(label).filter((key) =>
			seen.has(key) ? true : (seen.add(key), false),
		);
		expect(duplicates).toEqual([]);
	});

	it('uses camelCase resource and operation values', () => {
		for (const entry of CATALOGUE) {
			expect(entry.operation).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			expect(entry.resource).toMatch(/^[a-z][a-zA-Z0-9]*$/);
		}
		for (const resource of RESOURCES) expect(resource.value).toMatch(/^[a-z][a-zA-Z0-9]*$/);
	});

	it('puts every entry under a known resource and gives every resource entries', () => {
		const resourceValues = RESOURCES.map((resource) => resource.value);
		expect(new Set(resourceValues).size).toBe(resourceValues.length);
		expect(resourceValues).not.toContain('job');
		for (const entry of CATALOGUE) expect(resourceValues).toContain(entry.resource);
		for (const value of resourceValues) {
			expect(CATALOGUE.filter((entry) => entry.resource === value).length).toBeGreaterThan(0);
		}
		expect(RESOURCES.find((resource) => resource.value === 'threeD')?.name).toBe('3D');
	});

	it('gives every entry at least one version, each with a known fetch category', () => {
		for (const entry of CATALOGUE) {
			expect(entry.versions.length).toBeGreaterThan(0);
			const versions = entry.versions.map((version) => version.version);
			expect(new Set(versions).size).toBe(versions.length);
			for (const version of entry.versions) {
				expect(Object.keys(FETCH_CATEGORIES)).toContain(version.fetch);
			}
		}
	});

	it('uses paths that start with /v and contain placeholders only for path parameters', () => {
		for (const entry of CATALOGUE) {
			for (const version of entry.versions) {
				expect(version.path).toMatch(/^\/v\d\//);
				expect(version.path.startsWith(`/${version.version}/`)).toBe(true);
				const placeholders = [...version.path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
				expect(placeholders.sort()).toEqual([...(entry.pathParams ?? [])].sort());
				expect(version.path.replace(/\{\w+\}/g, '')).not.toMatch(/[{}]/);
			}
		}
	});

	it('fills every path parameter from a required field of the same name', () => {
		for (const entry of CATALOGUE) {
			for (const param of entry.pathParams ?? []) {
				expect(entry.required.map((field) => field.name)).toContain(param);
			}
		}
	});

	it('describes resources as n8n options (no final period), entries and notices in full sentences', () => {
		for (const resource of RESOURCES) expect(resource.description).toMatch(/[^.]$/);
		for (const entry of CATALOGUE) {
			expect([label(entry), entry.description]).toEqual([
				label(entry),
				expect.stringMatching(/\.$/),
			]);
			if (entry.notice) expect(entry.notice).toMatch(/\.$/);
			if (entry.modelId?.description) expect(entry.modelId.description).toMatch(/\.$/);
			expect(isTitleCase(entry.name)).toBe(true);
			expect(entry.action).toMatch(/^[A-Z][^.]*[^.]$/);
		}
	});

	it('gives model_id examples and limits it to versions of the entry', () => {
		for (const entry of CATALOGUE) {
			if (!entry.modelId) continue;
			// No example only where no ModelsLab source names a model (v7 dubbing), and the entry says so.
			if (entry.modelId.examples.length === 0)
				expect(entry.modelId.description).toMatch(/no ModelsLab source names/);
			const versions = entry.versions.map((version) => version.version);
			for (const version of entry.modelId.versions ?? []) expect(versions).toContain(version);
		}
	});
});

describe('catalogue fields', () => {
	it('keeps field names unique within an entry', () => {
		for (const entry of CATALOGUE) {
			const names = fieldsOf(entry).map((field) => field.name);
			expect([label(entry), names.length]).toEqual([label(entry), new Set(names).size]);
		}
	});

	it('never declares the fields the node adds itself', () => {
		const reserved = ['key', 'webhook', 'track_id', 'model_id'];
		for (const { entry, field } of allFields) {
			expect([label(entry), reserved.includes(field.name)]).toEqual([label(entry), false]);
			for (const renamed of Object.values(field.renameIn ?? {}))
				expect(reserved).not.toContain(renamed);
		}
	});

	it('uses Title Case display names', () => {
		const bad = allFields
			.filter(({ field }) => !isTitleCase(field.label))
			.map(({ field }) => field.label);
		expect(bad).toEqual([]);
	});

	it('ends every description with a period', () => {
		const bad = allFields
			.filter(({ field }) => !/\.$/.test(field.description.trim()))
			.map(({ entry, field }) => `${label(entry)}.${field.name}`);
		expect(bad).toEqual([]);
	});

	it('gives options fields unique options, and defaults that are among them', () => {
		for (const { entry, field } of allFields) {
			if (field.type !== 'options') continue;
			const where = `${label(entry)}.${field.name}`;
			expect([where, (field.options ?? []).length > 0]).toEqual([where, true]);
			for (const option of field.options ?? []) {
				if (option.description)
					expect([where, option.description]).toEqual([where, expect.stringMatching(/[^.]$/)]);
			}
			const values = (field.options ?? []).map((option) => option.value);
			expect([where, new Set(values).size]).toEqual([where, values.length]);
			if (field.modelsLabDefault !== undefined)
				expect([where, values]).toEqual([where, expect.arrayContaining([field.modelsLabDefault])]);
		}
	});

	it('gives free-text, URL and number fields a placeholder', () => {
		const bad = allFields
			.filter(({ field }) => !['boolean', 'options'].includes(field.type) && !field.placeholder)
			.map(({ entry, field }) => `${label(entry)}.${field.name}`);
		expect(bad).toEqual([]);
	});

	it('keeps number bounds and defaults consistent', () => {
		for (const { entry, field } of allFields) {
			const where = `${label(entry)}.${field.name}`;
			if (field.type !== 'number') {
				expect([where, field.min, field.max]).toEqual([where, undefined, undefined]);
				continue;
			}
			if (field.min !== undefined && field.max !== undefined)
				expect([where, field.min <= field.max]).toEqual([where, true]);
			const value = field.modelsLabDefault;
			if (value === undefined) continue;
			expect([where, typeof value]).toEqual([where, 'number']);
			if (field.min !== undefined)
				expect([where, (value as number) >= field.min]).toEqual([where, true]);
			if (field.max !== undefined)
				expect([where, (value as number) <= field.max]).toEqual([where, true]);
		}
	});

	it('sets ModelsLab defaults only on optional fields, of the field type', () => {
		for (const entry of CATALOGUE) {
			for (const field of entry.required)
				expect([label(entry), field.name, field.modelsLabDefault]).toEqual([
					label(entry),
					field.name,
					undefined,
				]);
			for (const field of entry.optional) {
				if (field.type === 'boolean' && field.modelsLabDefault !== undefined)
					expect(typeof field.modelsLabDefault).toBe('boolean');
			}
		}
	});

	it('refers only to API versions the entry has', () => {
		for (const { entry, field } of allFields) {
			const versions = entry.versions.map((version) => version.version);
			const where = `${label(entry)}.${field.name}`;
			const referenced: ApiVersion[] = [
				...(field.versions ?? []),
				...(Object.keys(field.renameIn ?? {}) as ApiVersion[]),
				...(Array.isArray(field.sendAsArray) ? field.sendAsArray : []),
			];
			for (const version of referenced)
				expect([where, versions]).toEqual([where, expect.arrayContaining([version])]);
			if (field.versions) expect([where, field.versions.length > 0]).toEqual([where, true]);
		}
	});

	it('uses list types for arrays and url types for media links', () => {
		for (const { entry, field } of allFields) {
			const where = `${label(entry)}.${field.name}`;
			if (field.type === 'url' || field.type === 'urlList') {
				expect([where, field.placeholder]).toEqual([where, expect.stringMatching(/^https:\/\//)]);
			}
			if (field.sendAsArray) expect([where, field.type]).toEqual([where, 'url']);
		}
	});
});

describe('required coverage', () => {
	const required = [
		'POST /v6/images/text2img',
		'POST /v7/images/text-to-image',
		'POST /v6/images/img2img',
		'POST /v7/images/image-to-image',
		'POST /v6/images/inpaint',
		'POST /v7/images/inpaint',
		'POST /v6/images/controlnet',
		'POST /v6/video/text2video',
		'POST /v7/video-fusion/text-to-video',
		'POST /v6/video/img2video',
		'POST /v7/video-fusion/image-to-video',
		'POST /v6/video/text2video_ultra',
		'POST /v6/video/img2video_ultra',
		'POST /v7/video-fusion/video-to-video',
		'POST /v7/video-fusion/lip-sync',
		'POST /v7/video-fusion/motion-control',
		'POST /v6/video/video2video',
		'POST /v6/video/watermark_remover',
		'POST /v6/voice/text_to_speech',
		'POST /v7/voice/text-to-speech',
		'POST /v6/voice/voice_to_voice',
		'POST /v7/voice/speech-to-speech',
		'POST /v6/voice/music_gen',
		'POST /v7/voice/music-gen',
		'POST /v6/voice/song_generator',
		'POST /v6/voice/sfx',
		'POST /v7/voice/sound-generation',
		'POST /v7/voice/speech-to-text',
		'POST /v6/voice/create_dubbing',
		'POST /v7/voice/create-dubbing',
		'POST /v6/voice/voice_cover',
		'POST /v6/voice/text_to_audio',
		'POST /v6/voice/lyrics_generator',
		'POST /v7/voice/song-extender',
		'POST /v7/voice/song-inpaint',
		'POST /v6/3d/text_to_3d',
		'POST /v6/3d/image_to_3d',
		...[
			'removebg_mask',
			'super_resolution',
			'outpaint',
			'object_removal',
			'inpaint',
			'mask_creator',
			'qwen_edit',
			'caption',
			'fashion',
			'face_gen',
			'head_shot',
			'flux_headshot',
			'img_mixer',
			'base64_to_url',
		].map((name) => `POST /v6/image_editing/${name}`),
		...['single_face_swap', 'multiple_face_swap', 'single_video_swap', 'specific_video_swap'].map(
			(name) => `POST /v6/faceswap/${name}`,
		),
		...[
			'make',
			'room_decorator',
			'floor_planning',
			'scenario_changer',
			'sketch_rendering',
			'exterior_restorer',
			'object_removal',
			'interior_mixer',
		].map((name) => `POST /v6/interior/${name}`),
		'POST /v6/realtime/text2img',
		'POST /v6/realtime/img2img',
		'POST /v6/realtime/inpaint',
		'POST /v3/lora_fine_tune',
		'POST /v3/fine_tune',
		'POST /v1/workflows/{workflowId}/run',
	];

	it.each(required)('covers %s', (path) => {
		expect(paths()).toContain(path);
	});

	it('pairs v6 and v7 forms in one entry where both exist', () => {
		const pairs: Array<[string, string]> = [
			['/v6/images/text2img', '/v7/images/text-to-image'],
			['/v6/images/img2img', '/v7/images/image-to-image'],
			['/v6/video/text2video', '/v7/video-fusion/text-to-video'],
			['/v6/voice/text_to_speech', '/v7/voice/text-to-speech'],
			['/v6/voice/create_dubbing', '/v7/voice/create-dubbing'],
		];
		for (const [v6, v7] of pairs) {
			const entry = CATALOGUE.find((candidate) =>
				candidate.versions.some((version) => version.path === v6),
			);
			expect(entry?.versions.map((version) => version.path)).toEqual(
				expect.arrayContaining([v6, v7]),
			);
		}
	});

	it('sends the v7 init_image of image to image as an array', () => {
		const entry = findEntry('image', 'imageToImage')!;
		const initImage = entry.required.find((field) => field.name === 'init_image');
		expect(initImage?.sendAsArray).toEqual(['v7']);
	});

	it('renames fields that v7 renamed', () => {
		const dubbing = findEntry('audio', 'dubbing')!;
		expect(dubbing.required.find((field) => field.name === 'output_lang')?.renameIn).toEqual({
			v7: 'target_language',
		});
		const sfx = findEntry('audio', 'soundEffects')!;
		expect(sfx.optional.find((field) => field.name === 'duration')?.renameIn).toEqual({
			v7: 'time in seconds',
		});
	});

	it('describes training and workflows as the node expects', () => {
		const lora = CATALOGUE.find((entry) => entry.versions[0].path === '/v3/lora_fine_tune')!;
		expect(lora.acceptsTrackId).toBe(false);
		expect(lora.output).toBe('training');
		expect(lora.required.find((field) => field.name === 'images')?.type).toBe('urlList');
		const fineTune = CATALOGUE.find((entry) => entry.versions[0].path === '/v3/fine_tune')!;
		expect(fineTune.description).toMatch(/legacy/i);

		const run = findEntry('workflow', 'run')!;
		expect(run).toMatchObject({
			keyIn: 'header',
			pathParams: ['workflowId'],
			output: 'workflow',
			acceptsTrackId: false,
		});
		expect(run.notice).toMatch(/webhook/i);
		expect(run.required.map((field) => [field.name, field.type])).toEqual([
			['workflowId', 'string'],
			['inputs', 'json'],
		]);
		expect(run.required[0].label).toBe('Workflow ID');
	});

	it('models the ControlNet yes/no switches as options', () => {
		const controlnet = findEntry('image', 'controlnet')!;
		for (const name of ['auto_hint', 'guess_mode']) {
			const field = controlnet.optional.find((candidate) => candidate.name === name);
			expect(field?.type).toBe('options');
			expect(field?.options?.map((option) => option.value)).toEqual(['yes', 'no']);
		}
		expect(controlnet.description).toContain('/api/v5/controlnet');
	});

	it('routes Flux Kontext through v6 img2img and fetches it as a v6 image', () => {
		const kontext = findEntry('imageEditing', 'fluxKontext')!;
		expect(kontext.versions).toEqual([
			{ version: 'v6', path: '/v6/images/img2img', fetch: 'imagesV6' },
		]);
		expect(kontext.modelId?.examples).toContain('flux-kontext-dev');
	});

	it('uses the field names, types and values the docs give (issue 13)', () => {
		const field = (resource: string, operation: string, name: string) => {
			const entry = findEntry(resource, operation)!;
			return fieldsOf(entry).find((candidate) => candidate.name === name);
		};
		expect(findEntry('threeD', 'imageTo3d')!.required.map((candidate) => candidate.name)).toEqual([
			'image',
		]);
		expect(field('audio', 'dubbing', 'init_video')?.renameIn).toEqual({ v7: 'init_audio' });
		expect(
			findEntry('audio', 'songInpaint')!
				.required.map((candidate) => candidate.name)
				.sort(),
		).toEqual(['init_audio', 'lyrics', 'prompt', 'sections']);
		expect(
			field('training', 'loraFineTune', 'training_type')?.options?.map((option) => option.value),
		).toEqual(['men', 'women', 'couple', 'null']);
		expect(field('training', 'loraFineTune', 'max_train_steps')?.type).toBe('string');
		for (const name of ['upscale', 'highres_fix', 'multi_lingual']) {
			expect([name, field('image', 'textToImage', name)?.type]).toEqual([name, 'boolean']);
			expect([name, field('image', 'imageToImage', name)]).toEqual([name, undefined]);
		}
		expect(findEntry('video', 'imageToVideo')!.required.map((candidate) => candidate.name)).toEqual(
			['init_image'],
		);
	});

	it('offers v7 image fields only where a v7 source documents them', () => {
		const v7 = (operation: string) =>
			findEntry('image', operation)!
				.optional.filter((candidate) => !candidate.versions || candidate.versions.includes('v7'))
				.map((candidate) => candidate.name)
				.sort();
		// guidance_scale, scheduler and lora_model: the SDK's Flux Pro schemas post them to v6 only (issue 24).
		expect(v7('textToImage')).toEqual([
			'aspect_ratio',
			'height',
			'negative_prompt',
			'samples',
			'width',
		]);
		expect(v7('imageToImage')).toEqual([
			'aspect_ratio',
			'height',
			'init_image_2',
			'negative_prompt',
			'samples',
			'strength',
			'width',
		]);
		expect(v7('inpaint')).toEqual(['negative_prompt', 'strength']);
		// v6 keeps its own fields.
		expect(
			findEntry('image', 'inpaint')!.optional.find((candidate) => candidate.name === 'width')
				?.versions,
		).toEqual(['v6']);
	});

	it('gives no model_id to realtime and 3D', () => {
		for (const entry of CATALOGUE.filter((candidate) =>
			['realtime', 'threeD'].includes(candidate.resource),
		)) {
			expect(entry.modelId).toBeUndefined();
		}
	});
});

describe('catalogue sources', () => {
	/** Every problem with one citation: unknown repository, wrong commit, no files, unknown files. */
	function problems(where: string, ref: SourceRef | undefined): string[] {
		if (!ref) return [`${where}: no source`];
		const known = SOURCE_FILES[ref.repo];
		if (!known) return [`${where}: unknown repository ${String(ref.repo)}`];
		const found: string[] = [];
		if (ref.commit !== known.commit)
			found.push(`${where}: ${ref.repo} at ${ref.commit}, files listed at ${known.commit}`);
		if (ref.files.length === 0) found.push(`${where}: names no file`);
		for (const file of ref.files)
			if (!known.files.includes(file))
				found.push(`${where}: ${ref.repo} ${file} is not a known doc file`);
		return found;
	}

	function allProblems(entry: CatalogueEntry): string[] {
		const where = label(entry);
		const source = entry.source;
		if (!source) return [`${where}: no source`];
		const found = [
			...problems(where, source),
			...(source.also ?? []).flatMap((ref) => problems(`${where} (also)`, ref)),
		];
		const versions = entry.versions.map((version) => version.version);
		for (const version of Object.keys(source.versions ?? {}) as ApiVersion[]) {
			if (!versions.includes(version))
				found.push(`${where}: source for ${version}, which the entry does not have`);
		}
		if (versions.length > 1) {
			for (const version of versions) {
				const own = source.versions?.[version];
				found.push(...problems(`${where} ${version}`, own));
				for (const ref of own?.also ?? [])
					found.push(...problems(`${where} ${version} (also)`, ref));
			}
		}
		if (source.notes !== undefined) {
			if (!/\.$/.test(source.notes.trim())) found.push(`${where}: notes must be full sentences`);
		}
		return found;
	}

	it('names a source for every entry and, in entries with several versions, for every version', () => {
		expect(CATALOGUE.flatMap(allProblems)).toEqual([]);
	});

	it('cites only doc files from the committed list, each listed once', () => {
		for (const [repo, { commit, files }] of Object.entries(SOURCE_FILES)) {
			expect([repo, commit]).toEqual([repo, expect.stringMatching(/^[0-9a-f]{7}$/)]);
			expect([repo, new Set(files).size]).toEqual([repo, files.length]);
			for (const file of files)
				expect([repo, file]).toEqual([
					repo,
					expect.stringMatching(/^[\w./-]+\.(json|mdx|md|py|ts|go)$/),
				]);
		}
	});

	it('fails for an entry without a source, a version without one, or an unknown file', () => {
		const entry = findEntry('image', 'textToImage')!;
		const { source, ...withoutSource } = entry;
		expect(allProblems(withoutSource as CatalogueEntry)).toEqual(['image/textToImage: no source']);
		const { v7, ...onlyV6 } = source.versions!;
		expect(v7).toBeDefined();
		expect(allProblems({ ...entry, source: { ...source, versions: onlyV6 } })).toEqual([
			'image/textToImage v7: no source',
		]);
		const unknown = { ...source, files: ['image-generation/no-such-page.mdx'] };
		expect(allProblems({ ...entry, source: unknown })).toEqual([
			'image/textToImage: ModelsLab/docs-v2 image-generation/no-such-page.mdx is not a known doc file',
		]);
		expect(allProblems({ ...entry, source: { ...source, commit: '0000000' } })).toEqual([
			'image/textToImage: ModelsLab/docs-v2 at 0000000, files listed at c1440bc',
		]);
	});

	it('records where sources disagree on the fields the issue named', () => {
		expect(findEntry('threeD', 'imageTo3d')!.source.notes).toMatch(/`image`/);
		expect(findEntry('audio', 'songInpaint')!.source.notes).toMatch(/MCP reference/);
		expect(findEntry('audio', 'dubbing')!.source.notes).toMatch(/init_audio/);
		expect(findEntry('training', 'loraFineTune')!.source.notes).toMatch(/women/);
	});
});

describe('fetch categories', () => {
	it('uses relative paths with one {id} and the right key transport', () => {
		for (const [name, category] of Object.entries(FETCH_CATEGORIES)) {
			expect([name, category.path]).toEqual([name, expect.stringMatching(/^\/v\d\/[^{}]*\{id\}$/)]);
			expect([name, category.keyIn]).toEqual([name, name === 'workflow' ? 'header' : 'body']);
			expect([name, category.method]).toEqual([name, name === 'workflow' ? 'GET' : 'POST']);
		}
	});

	it('builds fetch paths', () => {
		expect(fetchPath('imagesV6', '123456')).toBe('/v6/images/fetch/123456');
		expect(fetchPath('videoV7', 'abc-def')).toBe('/v7/video-fusion/fetch/abc-def');
		expect(fetchPath('training', 'F5jvdzGnYi')).toBe('/v3/fine_tune_status/F5jvdzGnYi');
		expect(fetchPath('workflow', 'wf-uuid/runs/12345')).toBe('/v1/workflows/wf-uuid/runs/12345');
		expect(fetchPath('voiceV6', 'a b?c')).toBe('/v6/voice/fetch/a%20b%3Fc');
	});
});

describe('helpers', () => {
	it('finds entries by resource and operation', () => {
		expect(findEntry('image', 'textToImage')?.name).toBe('Text to Image');
		expect(findEntry('image', 'nope')).toBeUndefined();
		expect(findEntry('job', 'getResult')).toBeUndefined();
	});

	it('picks the given version, the first by default, and rejects unknown ones', () => {
		const entry = findEntry('image', 'textToImage')!;
		expect(entryVersion(entry)).toBe(entry.versions[0]);
		expect(entryVersion(entry, '')).toBe(entry.versions[0]);
		expect(entryVersion(entry, 'v6').path).toBe('/v6/images/text2img');
		expect(entryVersion(entry, 'v7').path).toBe('/v7/images/text-to-image');
		expect(() => entryVersion(entry, 'v5')).toThrow(/v7, v6/);
	});
});
