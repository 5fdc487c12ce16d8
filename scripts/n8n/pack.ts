import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npm pack` a package folder into `destDir` (default: a new temp folder); returns the .tgz path. */
export function packPackage(
	pkgDir: string,
	destDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-')),
): string {
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: pkgDir,
	}).toString();
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	return path.join(destDir, filename);
}
