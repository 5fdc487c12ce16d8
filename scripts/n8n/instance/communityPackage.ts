import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Installs a package tarball into <userFolder>/.n8n/nodes as n8n's community-packages service does
 * (1.123 and 2.41): unpack into node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, `npm install` its own dependencies (if any) without scripts, record it in
 * nodes/package.json. n8n loads every node_modules/n8n-nodes-* folder there at start, and lets
 * them resolve `n8n-workflow` from n8n's own node_modules (NODE_PATH).
 */
export function installCommunityPackage(packageTgz: string, userFolder: string): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const unpack = fs.mkdtempSync(path.join(userFolder, 'unpack-'));
	execFileSync('tar', ['-xzf', path.resolve(packageTgz), '-C', unpack, '--strip-components=1']);
	const pkgFile = path.join(unpack, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
		fs.readFileSync(pkgFile, 'utf8'),
	);
	void [devDependencies, peerDependencies, optionalDependencies];
	fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.renameSync(unpack, target);
	if (Object.keys(pkg.dependencies ?? {}).length) {
		const args = [
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		];
		execFileSync('npm', args, { cwd: target, stdio: 'pipe' });
	}
	const hostFile = path.join(nodesDir, 'package.json');
	const host = fs.existsSync(hostFile)
		? JSON.parse(fs.readFileSync(hostFile, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	host.dependencies = { ...host.dependencies, [pkg.name]: pkg.version };
	fs.writeFileSync(hostFile, JSON.stringify(host, null, 2));
}
