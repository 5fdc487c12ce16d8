/**
 * The endpoint catalogue: every ModelsLab endpoint the node offers, as data. The node's
 * Resource → Operation → fields UI and every request body are generated from it.
 */
import { audioEndpoints } from './audio';
import { faceSwapEndpoints } from './faceSwap';
import { FETCH_CATEGORIES, fetchPath } from '../../shared/fetchCategories';
import { imageEndpoints } from './image';
import { imageEditingEndpoints } from './imageEditing';
import { interiorEndpoints } from './interior';
import { realtimeEndpoints } from './realtime';
import { RESOURCES } from './resources';
import { threeDEndpoints } from './threeD';
import { trainingEndpoints } from './training';
import type { ApiVersion, CatalogueEntry, EndpointVersion, ModelFeature } from './types';
import { videoEndpoints } from './video';
import { workflowEndpoints } from './workflow';

export type * from './types';
export { FETCH_CATEGORIES, RESOURCES, fetchPath };
export { SOURCE_FILES } from './sources';

/** All entries, grouped by resource in the order of RESOURCES. */
export const CATALOGUE: CatalogueEntry[] = [
	...imageEndpoints,
	...videoEndpoints,
	...audioEndpoints,
	...threeDEndpoints,
	...imageEditingEndpoints,
	...faceSwapEndpoints,
	...interiorEndpoints,
	...realtimeEndpoints,
	...trainingEndpoints,
	...workflowEndpoints,
];

/** The entry for a resource and operation value, or undefined. */
export function findEntry(resource: string, operation: string): CatalogueEntry | undefined {
	return CATALOGUE.find((entry) => entry.resource === resource && entry.operation === operation);
}

/** The model search's `feature` filter for an entry's Model field (undefined: all models). */
export function modelFeatureOf(entry: CatalogueEntry): ModelFeature | undefined {
	const own = entry.modelId?.feature;
	if (own === false) return undefined;
	return own ?? RESOURCES.find((resource) => resource.value === entry.resource)?.modelFeature;
}

/**
 * The entry's endpoint for an API version: the given one, or the first (default) one when no
 * version is given. Throws when the entry has no such version, naming the allowed ones.
 */
export function entryVersion(entry: CatalogueEntry, version?: string): EndpointVersion {
	if (version === undefined || version === '') return entry.versions[0];
	const found = entry.versions.find((candidate) => candidate.version === (version as ApiVersion));
	if (!found) {
		const allowed = entry.versions.map((candidate) => candidate.version).join(', ');
		throw new Error(`${entry.name} has no API version "${version}"; allowed: ${allowed}`);
	}
	return found;
}
