import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { conformanceMarkdown } from './conformance';

const FILE = join(__dirname, '..', '..', 'docs', 'modelslab-conformance.md');

test('docs/modelslab-conformance.md is generated from the current catalogue and corpus (npm run conformance)', () => {
	const generated = conformanceMarkdown();
	if (process.env.UPDATE_CONFORMANCE === '1') writeFileSync(FILE, generated);
	expect(readFileSync(FILE, 'utf8')).toBe(generated);
});
