/**
 * The example workflows users import (examples/, examples/recipes/): every ModelsLab node in them
 * names an operation the node has, with the parameters that operation needs, in today's format.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { findEntry } from '../nodes/ModelsLab/catalogue';

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

const ROOT = join(__dirname, '..', 'examples');

function jsonFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return jsonFiles(full);
		return name.endsWith('.json') ? [full] : [];
	});
}

const files = jsonFiles(ROOT);
const modelsLabNodes = files.flatMap((file) =>
	(JSON.parse(readFileSync(file, 'utf8')) as { nodes: ExampleNode[] }).nodes
		.filter(
			(node) =>
				node.type === 'n8n-nodes-modelslab.modelsLab' ||
				node.type === 'n8n-nodes-modelslab.modelsLabTool',
		)
		.map((node) => [`${file.slice(ROOT.length + 1)} › ${node.name}`, node] as const),
);

test('there are examples, and a recipe that runs from the editor', () => {
	expect(files.length).toBeGreaterThanOrEqual(4);
	expect(modelsLabNodes.length).toBeGreaterThanOrEqual(4);
});

test.each(modelsLabNodes)(
	'%s uses an operation the node has, with its required fields',
	(_, node) => {
		const { resource, operation, apiVersion } = node.parameters as Record<string, string>;
		const entry = findEntry(resource, operation);
		expect(entry).toBeDefined();
		if (apiVersion) expect(entry!.versions.map((version) => version.version)).toContain(apiVersion);
		if (entry!.modelId?.required)
			expect(node.parameters.modelId).toEqual({
				__rl: true,
				mode: expect.stringMatching(/^(list|id)$/),
				value: expect.any(String),
			});
		const version = apiVersion || entry!.versions[0].version;
		// Free-text fields have no usable default, so a required one must be filled in.
		const mustFill = entry!.required.filter(
			(field) =>
				(!field.versions || field.versions.includes(version as never)) &&
				['string', 'text', 'url', 'urlList'].includes(field.type),
		);
		for (const field of mustFill)
			expect([field.name, node.parameters[field.name]]).toEqual([
				field.name,
				expect.stringMatching(/\S/),
			]);
		expect(Object.keys(node.credentials ?? {})).toEqual(['modelsLabApi']);
	},
);
