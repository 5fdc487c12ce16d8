/**
 * Modules the harness must take from n8n-core's own dependency tree, not from the top level.
 *
 * `node_modules/@n8n/di` at the top level is 0.16 (pulled in by @n8n/node-cli) while n8n-core
 * 2.41.1 uses its nested 0.17 copy. A DI container is a module singleton, so reading
 * `InstanceSettings` or `BinaryDataService` through the top-level copy fails with
 * "[DI] InstanceSettings is not decorated with Service". Everything here is therefore required
 * relative to n8n-core (or n8n-workflow), exactly as n8n's own code resolves it.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

/** The part of @n8n/di's `Container` the harness uses. */
export interface DiContainer {
	get<T>(type: abstract new (...args: never[]) => T): T;
	set<T>(type: abstract new (...args: never[]) => T, instance: T): void;
	has(type: abstract new (...args: never[]) => unknown): boolean;
}

const requireFromCore = createRequire(require.resolve('n8n-core'));
const requireFromWorkflow = createRequire(require.resolve('n8n-workflow'));
const requireFromBackendCommon = createRequire(requireFromCore.resolve('@n8n/backend-common'));

/** n8n-core's DI container (the one `Container.get(InstanceSettings)` inside n8n-core uses). */
export const Container = (requireFromCore('@n8n/di') as { Container: DiContainer }).Container;

/**
 * Sets `contentType`, `encoding` and `contentDisposition` on a request, as n8n's
 * `rawBodyReader` middleware does before any webhook handler runs.
 */
export const parseIncomingMessage = (
	requireFromCore('@n8n/backend-network') as {
		parseIncomingMessage: (message: IncomingMessage) => void;
	}
).parseIncomingMessage;

/**
 * n8n stores `execution_data.data` as flatted JSON and unflattens it on every read; the
 * harness does the same so that a resumed execution sees exactly what a DB round trip leaves
 * (Dates become strings, class instances become plain objects, `undefined` keys vanish).
 */
export const flatted = requireFromBackendCommon('flatted') as {
	stringify(value: unknown): string;
	parse(text: string): unknown;
};

/** xml2js, a dependency of n8n-workflow, for XML webhook bodies (n8n's body parser uses it). */
export const xml2js = requireFromWorkflow('xml2js') as {
	Parser: new (options: Record<string, unknown>) => {
		parseStringPromise(xml: string): Promise<unknown>;
	};
};
