/**
 * `npm run conformance:openapi -- --docs <ModelsLab/docs-v2 checkout> [--out <file>]`
 *
 * Compares every catalogue entry whose source cites a docs-v2 openapi.json with that schema
 * (openapiDiff.ts) and prints the differences, headed by the checkout's commit; with `--out`,
 * writes them to that file too (docs/conformance-openapi.txt holds the audited run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CATALOGUE } from '../../nodes/ModelsLab/catalogue';
import { SOURCE_FILES } from '../../nodes/ModelsLab/catalogue/sources';
import { compareCatalogue, formatDifferences } from './openapiDiff';

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index > 0 ? process.argv[index + 1] : undefined;
}

function main(): void {
	const docs = argument('--docs');
	if (!docs || !existsSync(join(docs, 'webhooks.mdx'))) {
		console.error(
			'Give a checkout of ModelsLab/docs-v2: npm run conformance:openapi -- --docs <path> [--out <file>]',
		);
		process.exit(2);
	}
	const commit = execFileSync('git', ['-C', docs, 'rev-parse', 'HEAD'], {
		encoding: 'utf8',
	}).trim();
	const cited = SOURCE_FILES['ModelsLab/docs-v2'].commit;
	const read = (file: string) => {
		const path = join(docs, file);
		return existsSync(path)
			? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
			: undefined;
	};
	const differences = compareCatalogue(CATALOGUE, read);
	const endpoints = new Set(differences.map((difference) => difference.endpoint)).size;
	const header = [
		`ModelsLab/docs-v2 ${commit}${commit.startsWith(cited) ? '' : ` (the catalogue cites ${cited})`}`,
		`Catalogue entries compared with the openapi.json their source cites: names, required, types, enums, ranges, list sizes, defaults.`,
		`${differences.length} differences in ${endpoints} endpoint versions (each kind explained in docs/conformance-openapi-explained.md).`,
		'',
	].join('\n');
	const text = `${header}\n${formatDifferences(differences)}\n`;
	process.stdout.write(text);
	const out = argument('--out');
	if (out) writeFileSync(out, text);
}

main();
