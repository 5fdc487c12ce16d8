/**
 * Compares catalogue entries with ModelsLab's OpenAPI schemas (the `openapi.json` files of
 * ModelsLab/docs-v2): for each entry version whose source cites an openapi.json, finds the
 * operation whose server path + path is the version's path, and compares the request body schema
 * with the entry's fields: names, required, types, enums, ranges and defaults. Pure: the files are
 * handed in (compareOpenapi.ts reads them from a docs-v2 checkout), so a test runs it on fixtures.
 */
import type {
	ApiVersion,
	CatalogueEntry,
	CatalogueField,
	SourceRef,
} from '../../nodes/ModelsLab/catalogue/types';

type Json = Record<string, unknown>;

export interface Difference {
	/** `resource.operation vN` */
	endpoint: string;
	/** The openapi.json file (and operation) compared with, or the one that was not found. */
	file: string;
	field?: string;
	text: string;
}

/** Fields every request has, handled by the node itself (key, webhook, track id). */
const NODE_FIELDS = new Set(['key', 'webhook', 'track_id']);

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `#/components/schemas/X` references and merges `allOf` (properties and required). */
function resolve(doc: Json, schema: unknown, depth = 0): Json {
	if (!isObject(schema) || depth > 10) return {};
	if (typeof schema.$ref === 'string') {
		const target = schema.$ref
			.replace(/^#\//, '')
			.split('/')
			.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
		return resolve(doc, target, depth + 1);
	}
	const parts = [
		...(Array.isArray(schema.allOf) ? schema.allOf : []),
		...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
		...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
	];
	if (!parts.length) return schema;
	const merged: Json = { ...schema, properties: { ...(schema.properties as Json) } };
	const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
	for (const part of parts) {
		const resolved = resolve(doc, part, depth + 1);
		const whole = Array.isArray(schema.allOf) && schema.allOf.includes(part);
		const properties = merged.properties as Json;
		for (const [name, property] of Object.entries(
			(resolved.properties as Json | undefined) ?? {},
		)) {
			// A oneOf/anyOf alternative that narrows a field the object already defines (song
			// generator: lyrics_generation `enum: [true]` in one branch, `[false]` in the other)
			// describes one case, not the field: the object's own definition stands.
			if (whole || !(name in properties)) properties[name] = property;
		}
		// oneOf/anyOf alternatives: only allOf parts make their fields required.
		if (whole)
			for (const name of (resolved.required as string[] | undefined) ?? []) required.add(name);
	}
	merged.required = [...required];
	return merged;
}

/** The JSON body schema of the operation at `path` (below the API root, e.g. `/v6/images/text2img`). */
export function requestSchema(
	doc: Json,
	path: string,
	method: string,
): { operation: string; schema: Json } | undefined {
	const servers = (Array.isArray(doc.servers) ? doc.servers : []) as Array<{ url?: string }>;
	const prefixes = servers.map((server) =>
		new URL(server.url ?? 'https://modelslab.com/api').pathname
			.replace(/^\/api/, '')
			.replace(/\/$/, ''),
	);
	const paths = isObject(doc.paths) ? doc.paths : {};
	for (const [candidate, item] of Object.entries(paths)) {
		if (!prefixes.some((prefix) => prefix + candidate === path) || !isObject(item)) continue;
		const operation = item[method.toLowerCase()];
		if (!isObject(operation)) continue;
		const body = isObject(operation.requestBody) ? operation.requestBody : {};
		const content = isObject(body.content) ? body.content : {};
		const json = content['application/json'];
		return {
			operation: `${method} ${candidate}`,
			schema: resolve(doc, isObject(json) ? json.schema : undefined),
		};
	}
	return undefined;
}

function jsonTypesOf(field: CatalogueField, version: ApiVersion): string[] {
	const array =
		field.type === 'urlList' ||
		(Array.isArray(field.sendAsArray)
			? field.sendAsArray.includes(version)
			: field.sendAsArray === true);
	if (array) return ['array'];
	switch (field.type) {
		case 'number':
			return ['number', 'integer'];
		case 'boolean':
			return ['boolean'];
		case 'json':
			return ['object'];
		case 'options': {
			const kinds = new Set((field.options ?? []).map((option) => typeof option.value));
			if (kinds.has('number')) return ['number', 'integer'];
			if (kinds.has('boolean')) return ['boolean'];
			return ['string'];
		}
		default:
			return ['string'];
	}
}

function sameValues(a: unknown[], b: unknown[]): boolean {
	const left = new Set(a.map(String));
	const right = new Set(b.map(String));
	return left.size === right.size && [...left].every((value) => right.has(value));
}

/** The differences between one field and its schema property. */
function compareField(field: CatalogueField, version: ApiVersion, property: Json): string[] {
	const found: string[] = [];
	const expected = jsonTypesOf(field, version);
	const types = (Array.isArray(property.type) ? property.type : [property.type]).filter(
		(type): type is string => typeof type === 'string',
	);
	if (types.length && !types.some((type) => expected.includes(type)))
		found.push(`type: schema ${types.join('|')}, catalogue ${field.type} (sends ${expected[0]})`);
	const schemaEnum = Array.isArray(property.enum) ? property.enum : undefined;
	if (
		schemaEnum &&
		field.options &&
		!sameValues(
			schemaEnum,
			field.options.map((o) => o.value),
		)
	)
		found.push(
			`enum: schema [${schemaEnum.join(', ')}], catalogue [${field.options.map((o) => String(o.value)).join(', ')}]`,
		);
	if (schemaEnum && !field.options)
		found.push(`enum: schema [${schemaEnum.join(', ')}], catalogue has no options`);
	const min = field.rangeIn?.[version]?.min ?? field.min;
	const max = field.rangeIn?.[version]?.max ?? field.max;
	const schemaMin = typeof property.minimum === 'number' ? property.minimum : undefined;
	const schemaMax = typeof property.maximum === 'number' ? property.maximum : undefined;
	if (schemaMin !== min && (schemaMin !== undefined || field.type === 'number'))
		found.push(`minimum: schema ${schemaMin ?? 'none'}, catalogue ${min ?? 'none'}`);
	if (schemaMax !== max && (schemaMax !== undefined || field.type === 'number'))
		found.push(`maximum: schema ${schemaMax ?? 'none'}, catalogue ${max ?? 'none'}`);
	const itemsMax = typeof property.maxItems === 'number' ? property.maxItems : undefined;
	if (itemsMax !== undefined && itemsMax !== field.maxItems)
		found.push(`maxItems: schema ${itemsMax}, catalogue ${field.maxItems ?? 'none'}`);
	if (
		property.default !== undefined &&
		field.modelsLabDefault !== undefined &&
		String(property.default) !== String(field.modelsLabDefault)
	)
		found.push(
			`default: schema ${JSON.stringify(property.default)}, catalogue ${JSON.stringify(field.modelsLabDefault)}`,
		);
	return found;
}

/** The openapi.json files of docs-v2 a version of an entry follows. */
export function openapiFilesOf(entry: CatalogueEntry, version: ApiVersion): string[] {
	const ref: (SourceRef & { also?: SourceRef[] }) | undefined =
		entry.source.versions?.[version] ?? (entry.versions.length === 1 ? entry.source : undefined);
	if (!ref) return [];
	return [ref, ...(ref.also ?? [])]
		.filter((source) => source.repo === 'ModelsLab/docs-v2')
		.flatMap((source) => source.files)
		.filter((file) => file.endsWith('openapi.json'));
}

/** Every difference between the catalogue and the openapi.json files (`read` gives a file's JSON, or undefined). */
export function compareCatalogue(
	catalogue: CatalogueEntry[],
	read: (file: string) => Json | undefined,
): Difference[] {
	const differences: Difference[] = [];
	for (const entry of catalogue) {
		for (const { version, path } of entry.versions) {
			const endpoint = `${entry.resource}.${entry.operation} ${version}`;
			const files = openapiFilesOf(entry, version);
			if (!files.length) continue;
			const match = files
				.map((file) => ({ file, doc: read(file) }))
				.map(({ file, doc }) => ({ file, found: doc && requestSchema(doc, path, entry.method) }))
				.find(({ found }) => found);
			if (!match?.found) {
				differences.push({
					endpoint,
					file: files.join(', '),
					text: `no operation ${entry.method} ${path} in the cited openapi.json`,
				});
				continue;
			}
			const where = `${match.file} (${match.found.operation})`;
			const add = (text: string, field?: string) =>
				differences.push({ endpoint, file: where, field, text });
			const { schema } = match.found;
			const properties = isObject(schema.properties) ? schema.properties : {};
			const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
			const fields = [
				...entry.required.map((f) => ({ f, req: true })),
				...entry.optional.map((f) => ({ f, req: false })),
			].filter(({ f }) => !f.versions || f.versions.includes(version));
			const offered = new Set(fields.map(({ f }) => f.renameIn?.[version] ?? f.name));
			const modelId =
				entry.modelId && (!entry.modelId.versions || entry.modelId.versions.includes(version));
			if (modelId) offered.add('model_id');
			if ('model_id' in properties && !modelId) add('in the schema, not offered', 'model_id');
			if (modelId && entry.modelId!.required !== required.has('model_id'))
				add(
					`required: schema ${required.has('model_id')}, catalogue ${entry.modelId!.required}`,
					'model_id',
				);
			for (const { f, req } of fields) {
				const name = f.renameIn?.[version] ?? f.name;
				const property = properties[name];
				if (!isObject(property)) {
					add('offered, not in the schema', name);
					continue;
				}
				if (req !== required.has(name))
					add(`required: schema ${required.has(name)}, catalogue ${req}`, name);
				for (const text of compareField(f, version, property)) add(text, name);
			}
			for (const name of Object.keys(properties)) {
				if (offered.has(name) || NODE_FIELDS.has(name)) continue;
				add(
					required.has(name) ? 'required in the schema, not offered' : 'in the schema, not offered',
					name,
				);
			}
		}
	}
	return differences;
}

/** One line per difference, grouped by endpoint. */
export function formatDifferences(differences: Difference[]): string {
	const lines: string[] = [];
	let last = '';
	for (const difference of differences) {
		const head = `${difference.endpoint}  [${difference.file}]`;
		if (head !== last) lines.push('', head);
		last = head;
		lines.push(`  ${difference.field ?? '(endpoint)'}: ${difference.text}`);
	}
	return lines.join('\n').trimStart();
}
