import type {
	CatalogueEntry,
	EndpointVersion,
	FetchCategory,
	FetchCategoryDefinition,
} from '../../nodes/ModelsLab/catalogue/types';

/**
 * The simulated endpoints, built from the catalogue: every version path of every entry
 * (`submit`) and every fetch category path (`fetch`). A POST fetch path ending in `/{id}` also
 * answers without the id, reading `request_id` from the body (`fetchByBody`), as
 * `/v6/images/fetch` does at ModelsLab.
 */
export type SimRoute =
	| {
			kind: 'submit';
			method: 'GET' | 'POST';
			template: string;
			keyIn: 'body' | 'header';
			entry: CatalogueEntry;
			version: EndpointVersion;
			fetchPath: string;
	  }
	| {
			kind: 'fetch' | 'fetchByBody';
			method: 'GET' | 'POST';
			template: string;
			keyIn: 'body' | 'header';
			category: FetchCategory;
			fetchPath: string;
	  };

export interface RouteMatch {
	route: SimRoute;
	params: Record<string, string>;
}

function segmentsOf(path: string): string[] {
	return path.split('/').filter(Boolean);
}

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export function buildRoutes(
	catalogue: CatalogueEntry[],
	fetchCategories: Record<FetchCategory, FetchCategoryDefinition>,
): SimRoute[] {
	const routes: SimRoute[] = [];
	const seen = new Set<string>();
	const add = (route: SimRoute) => {
		const id = `${route.method} ${route.template}`;
		if (seen.has(id)) return;
		seen.add(id);
		routes.push(route);
	};
	for (const entry of catalogue) {
		for (const version of entry.versions) {
			add({
				kind: 'submit',
				method: entry.method,
				template: version.path,
				keyIn: entry.keyIn ?? 'body',
				entry,
				version,
				fetchPath: fetchCategories[version.fetch].path,
			});
		}
	}
	for (const [category, definition] of Object.entries(fetchCategories) as Array<
		[FetchCategory, FetchCategoryDefinition]
	>) {
		add({
			kind: 'fetch',
			method: definition.method,
			template: definition.path,
			keyIn: definition.keyIn,
			category,
			fetchPath: definition.path,
		});
	}
	for (const [category, definition] of Object.entries(fetchCategories) as Array<
		[FetchCategory, FetchCategoryDefinition]
	>) {
		if (definition.method !== 'POST' || !definition.path.endsWith('/{id}')) continue;
		const template = definition.path.slice(0, -'/{id}'.length);
		add({
			kind: 'fetchByBody',
			method: 'POST',
			template,
			keyIn: definition.keyIn,
			category,
			fetchPath: definition.path,
		});
	}
	return routes;
}

/**
 * Matches a path (below `/api`) against a template. `{name}` matches one segment, except a
 * trailing `{id}`, which takes the rest of the path (workflow runs are fetched at
 * `/v1/workflows/{id}` with `{id}` = `<workflowId>/runs/<executionId>`).
 */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
	const want = segmentsOf(template);
	const got = segmentsOf(path);
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		const param = PARAM.exec(want[i]);
		const isLast = i === want.length - 1;
		if (param && isLast && param[1] === 'id') {
			if (got.length <= i) return undefined;
			params.id = got.slice(i).map(decodeURIComponent).join('/');
			return params;
		}
		if (i >= got.length) return undefined;
		if (param) params[param[1]] = decodeURIComponent(got[i]);
		else if (want[i] !== got[i]) return undefined;
	}
	return got.length === want.length ? params : undefined;
}

function literalCount(template: string): number {
	return segmentsOf(template).filter((segment) => !PARAM.test(segment)).length;
}

/** The most specific route (most literal segments) for this method and path. */
export function matchRoute(
	routes: SimRoute[],
	method: string,
	path: string,
): RouteMatch | undefined {
	let best: RouteMatch | undefined;
	for (const route of routes) {
		if (route.method !== method) continue;
		const params = matchTemplate(route.template, path);
		if (!params) continue;
		if (!best || literalCount(route.template) > literalCount(best.route.template))
			best = { route, params };
	}
	return best;
}

/** Fills `{name}` placeholders; `{id}` is not encoded as a whole (it may hold `/`). */
export function fillTemplate(template: string, params: Record<string, string>): string {
	return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
		const value = params[name] ?? '';
		return name === 'id'
			? value.split('/').map(encodeURIComponent).join('/')
			: encodeURIComponent(value);
	});
}
