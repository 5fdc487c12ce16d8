/**
 * README's Install section tells a user of today's n8n (Docker, 3.x) what to set: the names must be
 * n8n's (N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV, N8N_COMMUNITY_PACKAGES and N8N_UNVERIFIED_PACKAGES_ENABLED
 * in n8n's docs, "Environment variable installation", and @n8n/config's instance-settings-loader
 * config in n8n 2.41.1), and the pinned entry must be valid JSON of n8n's shape naming this
 * package's current version, so a release cannot leave an old version in the example.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
const install = readme.slice(
	readme.indexOf('## Install in n8n'),
	readme.indexOf('\n## ', readme.indexOf('## Install in n8n') + 1),
);

test('the Install section exists and links the verification checklist, which exists', () => {
	expect(install.length).toBeGreaterThan(200);
	expect(install).toContain('docs/verification.md');
	expect(readFileSync(join(root, 'docs', 'verification.md'), 'utf8')).toMatch(
		/^# n8n verification/,
	);
});

test("it names n8n's variables for env-managed and unverified installs", () => {
	for (const name of [
		'N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true',
		'N8N_COMMUNITY_PACKAGES=',
		'N8N_UNVERIFIED_PACKAGES_ENABLED=true',
	]) {
		expect(install).toContain(name);
	}
});

test("its N8N_COMMUNITY_PACKAGES is n8n's JSON shape, pinned to this version with a checksum", () => {
	const value = /N8N_COMMUNITY_PACKAGES='([^']+)'/.exec(install)?.[1];
	const entries = JSON.parse(value ?? 'null') as Array<Record<string, string>>;
	expect(entries).toEqual([
		{ name: pkg.name, version: pkg.version, checksum: expect.stringMatching(/^sha512-/) },
	]);
	expect(install).toContain(`npm view ${pkg.name}@${pkg.version} dist.integrity`);
});
