#!/usr/bin/env node
/**
 * Runs the static analysis of n8n's own scanner (`analyzePackage` from @n8n/scan-community-package,
 * the step n8n runs before it lists or verifies a community package) on one folder, offline.
 *
 *   node test/package/scan.mjs source  <dir>   # package.json + nodes/ and credentials/ sources
 *   node test/package/scan.mjs tarball <dir>   # an unpacked tarball: compiled .js + package.json
 *
 * The two file sets are the scanner's own (`SOURCE_FILE_PATTERNS` for the attested source, and
 * `['**\/*.js', 'package.json']` for the downloaded tarball, as in `analyzePackageByName`). The
 * scanner's other steps (provenance check, downloading the tarball and the source from npm and
 * GitHub) need the network and a published version, so they are not run here.
 *
 * Prints the result as one JSON line; exits 0 when the scanner passes, 1 when it finds anything.
 * A separate process because the scanner is an ES module and jest runs CommonJS, and because the
 * scanner's lint plugin must load without jest's NODE_ENV=test (see below).
 */
import { resolve } from 'node:path';

// eslint-plugin-n8n-nodes-base reads NODE_ENV when it loads: under "test" (jest sets it) its
// filename rules check fixture names instead of the real ones. n8n runs the scanner without it.
delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const [kind, dir] = process.argv.slice(2);
if (!dir || (kind !== 'source' && kind !== 'tarball')) {
	process.stderr.write('usage: node test/package/scan.mjs source|tarball <dir>\n');
	process.exit(2);
}

const result = await analyzePackage(resolve(dir), kind === 'source' ? SOURCE_FILE_PATTERNS : TARBALL_FILE_PATTERNS);
process.stdout.write(
	JSON.stringify({ passed: result.passed, message: result.message ?? null, details: result.details ?? null }) + '\n',
);
process.exit(result.passed ? 0 : 1);
