/** Removes the tarball folder globalSetup.ts packed into. */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default async function globalTeardown(): Promise<void> {
	const tgz = process.env.E2E_PACKAGE_TGZ;
	if (tgz) rmSync(dirname(tgz), { recursive: true, force: true });
}
