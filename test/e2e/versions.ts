import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { n8nDir } from '../../scripts/n8n/install';
import { EXTERNAL_LABEL, EXTERNAL_URL } from './support/external';

/** The pinned n8n versions the e2e suite runs against (install them with npm run n8n:install -- <version>). */
export const PINNED_VERSIONS = ['1.123.81', '2.41.1'];

/**
 * N8N_E2E_VERSIONS=1.123.81,2.41.1 (comma-separated) narrows or changes the list. With
 * N8N_E2E_EXTERNAL_URL (support/external.ts) the suite runs once, against that n8n.
 */
export const E2E_VERSIONS = EXTERNAL_URL
	? [EXTERNAL_LABEL]
	: (process.env.N8N_E2E_VERSIONS ?? PINNED_VERSIONS.join(','))
			.split(',')
			.map((v) => v.trim())
			.filter(Boolean);

/** Throws a helpful error when a version has not been installed yet. */
export function assertInstalled(version: string): void {
	if (EXTERNAL_URL && version === EXTERNAL_LABEL) return;
	if (!existsSync(join(n8nDir(version), '.installed.json'))) {
		throw new Error(`n8n ${version} is not installed: run npm run n8n:install -- ${version}`);
	}
}
