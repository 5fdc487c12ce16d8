/**
 * Finding PostgreSQL and Redis, and installing them with apt-get when they are missing and this runs
 * as root on a Debian-like system.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const APT_PACKAGES = { postgres: 'postgresql', redis: 'redis-server' };

/** The executable `name` on PATH, if any. */
export function onPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		const file = path.join(dir || '.', name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {}
	}
	return undefined;
}

/** Folder holding initdb and postgres: $N8N_QUEUE_PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, or PATH. */
function findPostgresBin(): string | undefined {
	const candidates: string[] = [];
	if (process.env.N8N_QUEUE_PG_BIN) candidates.push(process.env.N8N_QUEUE_PG_BIN);
	const debian = '/usr/lib/postgresql';
	if (fs.existsSync(debian)) {
		const majors = fs
			.readdirSync(debian)
			.filter((d) => /^\d+$/.test(d))
			.sort((a, b) => Number(b) - Number(a));
		candidates.push(...majors.map((m) => path.join(debian, m, 'bin')));
	}
	const initdb = onPath('initdb');
	if (initdb) candidates.push(path.dirname(initdb));
	return candidates.find(
		(dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')),
	);
}

export type Services = {
	pgBin: string;
	redisServer: string;
	installed: string[];
	installMs: number;
};

/**
 * Finds PostgreSQL and Redis; installs what is missing with apt-get when running as root on a
 * Debian-like system (unless `install` is false); otherwise throws saying what to install.
 */
export function ensureServices(
	opts: { install?: boolean; log?: (line: string) => void } = {},
): Services {
	const log = opts.log ?? ((line: string) => console.log(line));
	let pgBin = findPostgresBin();
	let redisServer = onPath('redis-server');
	const missing = [
		...(pgBin ? [] : [APT_PACKAGES.postgres]),
		...(redisServer ? [] : [APT_PACKAGES.redis]),
	];
	let installMs = 0;
	if (missing.length && opts.install !== false && process.getuid?.() === 0 && onPath('apt-get')) {
		const t0 = Date.now();
		log(`[queue] installing ${missing.join(' ')} with apt-get (not found on this machine)`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const lock = ['-o', 'DPkg::Lock::Timeout=300'];
		const stdio: ['ignore', 'ignore', 'inherit'] = ['ignore', 'ignore', 'inherit'];
		execFileSync('apt-get', [...lock, 'update', '-qq'], { env, stdio });
		execFileSync(
			'apt-get',
			[...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing],
			{ env, stdio },
		);
		installMs = Date.now() - t0;
		log(`[queue] apt-get install ${missing.join(' ')}: ${(installMs / 1000).toFixed(0)} s`);
		pgBin = findPostgresBin();
		redisServer = onPath('redis-server');
	}
	if (!pgBin || !redisServer) {
		const still = [
			...(pgBin ? [] : ['PostgreSQL (initdb and postgres)']),
			...(redisServer ? [] : ['Redis (redis-server)']),
		];
		throw new Error(
			`n8n queue mode needs ${still.join(' and ')}, not found on this machine. Install them: on Debian/Ubuntu ` +
				`as root \`apt-get install -y ${missing.join(' ')}\` (this script does it itself when run as root), ` +
				`on macOS \`brew install postgresql redis\`; or point N8N_QUEUE_PG_BIN at the folder holding initdb and ` +
				`postgres and put redis-server on PATH.`,
		);
	}
	return { pgBin, redisServer, installed: installMs ? missing : [], installMs };
}
