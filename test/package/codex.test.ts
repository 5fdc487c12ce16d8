/**
 * The codex files decide where n8n's node panel lists the nodes. n8n's community-node lint gained
 * `no-ai-codex-category` and `no-codex-subcategories` (n8n-io/n8n pull request 35870, in
 * packages/@n8n/eslint-plugin-community-nodes; not yet in the published plugin 0.32.0 that `npm run
 * lint` uses), and verification lints the published source with them: a node that does not import
 * `@n8n/ai-node-sdk` may not declare "AI" (the panel can drop such a node from its main search) nor
 * any subcategories. This test holds the line until the published plugin does.
 *
 * Allowed categories: the list n8n's docs give community nodes (n8n-io/n8n-docs,
 * docs/integrations/creating-nodes/build/reference/node-codex-files.md), with "Marketing & Content"
 * spelt "Marketing" as n8n's own codex files spell it (54 nodes of n8n-nodes-base 2.41.1, e.g.
 * Bannerbear, APITemplate.io, Edit Image). "Core Nodes", "HITL" and "AI" are n8n's own.
 */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

const COMMUNITY_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

const root = join(__dirname, '..', '..');
const nodesDir = join(root, 'nodes');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};

// every node package.json registers, as its source codex file
const codexFiles = pkg.n8n.nodes.map((distPath) =>
	distPath.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json'),
);

describe('codex files (n8n lint rules no-ai-codex-category and no-codex-subcategories)', () => {
	it('every registered node has a codex file, and no other .node.json exists', () => {
		const found = readdirSync(nodesDir, { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.flatMap((d) =>
				readdirSync(join(nodesDir, d.name))
					.filter((f) => f.endsWith('.node.json'))
					.map((f) => `nodes/${d.name}/${f}`),
			)
			.sort();
		expect(found).toEqual([...codexFiles].sort());
		expect(codexFiles.length).toBe(2);
	});

	describe.each(codexFiles)('%s', (file) => {
		const codex = JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
		const nodeSource = readFileSync(join(root, file.replace(/\.json$/, '.ts')), 'utf8');

		it('is the codex n8n reads: the node does not declare an inline codex, nor import the AI Node SDK', () => {
			// an inline description.codex would make n8n ignore this file; the SDK would exempt the node from the rules
			expect(nodeSource).not.toMatch(/\bcodex\s*:/);
			expect(nodeSource).not.toMatch(/@n8n\/ai-node-sdk/);
		});

		it('declares no "AI" category', () => {
			expect(codex.categories).not.toContain('AI');
		});

		it('declares no subcategories', () => {
			expect(codex).not.toHaveProperty('subcategories');
		});

		it("declares one or more categories, each from n8n's list for community nodes", () => {
			const categories = codex.categories as string[];
			expect(Array.isArray(categories)).toBe(true);
			expect(categories.length).toBeGreaterThan(0);
			for (const c of categories) expect(COMMUNITY_CATEGORIES).toContain(c);
		});
	});
});
