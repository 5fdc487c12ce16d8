/**
 * A throwaway PostgreSQL for n8n's queue mode: initdb into a new temp folder, `postgres` on a free
 * port (TCP 127.0.0.1 only, no socket file, no fsync: nothing here must survive), `CREATE DATABASE
 * n8n`; and a reader of n8n's tables through n8n's own `pg` module. PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user (or a system user it creates) through `runuser`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Query } from '../instance/types';
import { n8nModule } from '../paths';
import { forgetTempDir, removeOnProcessEnd } from '../processGroups';
import { startService } from '../service';
import { freePort } from '../waitFor';
import { onPath } from './services';

export const PG_DATABASE = 'n8n';
export const PG_SUPERUSER = 'postgres';
const PG_OS_USER_FALLBACK = 'n8n-e2e-pg';

type OsUser = { name: string; uid: number; gid: number };

/** The OS user PostgreSQL runs as when we are root: `postgres` if it exists, else a system user we create. */
function postgresOsUser(): OsUser {
	for (const name of [PG_SUPERUSER, PG_OS_USER_FALLBACK]) {
		try {
			const uid = Number(
				execFileSync('id', ['-u', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
			);
			const gid = Number(
				execFileSync('id', ['-g', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
			);
			return { name, uid, gid };
		} catch {}
	}
	execFileSync('useradd', [
		'--system',
		'--no-create-home',
		'--shell',
		'/usr/sbin/nologin',
		PG_OS_USER_FALLBACK,
	]);
	return postgresOsUser();
}

/** How to run `bin` as `user`: runuser (util-linux, also sets the user's groups), else a uid/gid switch. */
function asUser(
	user: OsUser | undefined,
	bin: string,
	args: string[],
): { command: string; args: string[]; uid?: number; gid?: number } {
	if (!user) return { command: bin, args };
	const runuser = onPath('runuser');
	if (runuser) return { command: runuser, args: ['-u', user.name, '--', bin, ...args] };
	return { command: bin, args, uid: user.uid, gid: user.gid };
}

export type RunningPostgres = Awaited<ReturnType<typeof startPostgres>>;

export async function startPostgres(version: string, pgBin: string) {
	const t0 = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	removeOnProcessEnd(dir);
	const removeDir = (): void => {
		fs.rmSync(dir, { recursive: true, force: true });
		forgetTempDir(dir);
	};
	const dataDir = path.join(dir, 'data');
	const user = process.getuid?.() === 0 ? postgresOsUser() : undefined;
	if (user) fs.chownSync(dir, user.uid, user.gid);
	const init = asUser(user, path.join(pgBin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		PG_SUPERUSER,
		'--auth=trust',
		'--encoding=UTF8',
		'--no-locale',
		'--no-sync',
	]);
	try {
		execFileSync(init.command, init.args, {
			cwd: dir,
			stdio: 'pipe',
			uid: init.uid,
			gid: init.gid,
		});
	} catch (err) {
		removeDir();
		throw new Error(`initdb failed: ${(err as { stderr?: Buffer }).stderr ?? err}`);
	}
	const initdbMs = Date.now() - t0;
	const port = await freePort();
	const settings = [
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=100',
		'TimeZone=UTC',
	];
	const run = asUser(user, path.join(pgBin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		'',
		...settings.flatMap((s) => ['-c', s]),
	]);
	const { Client } = n8nModule(version, 'pg');
	const connection = { host: '127.0.0.1', port, user: PG_SUPERUSER, database: 'postgres' };
	const service = await startService({
		name: `postgres port ${port}`,
		...run,
		cwd: dir,
		logFile: path.join(dir, 'postgres.log'),
		ready: {
			probe: async () => {
				const client = new Client(connection);
				try {
					await client.connect();
					await client.query('SELECT 1');
					return true;
				} catch {
					return false;
				} finally {
					await client.end().catch(() => {});
				}
			},
		},
		readyTimeoutMs: 30000,
		// fast shutdown: abort transactions, exit
		stopSignal: 'SIGINT',
		stopGraceMs: 10000,
	}).catch((err) => {
		removeDir();
		throw err;
	});
	try {
		const client = new Client(connection);
		await client.connect();
		await client.query(`CREATE DATABASE ${PG_DATABASE}`);
		await client.end();
	} catch (err) {
		await service.stop();
		removeDir();
		throw err;
	}
	return {
		port,
		dir,
		logFile: service.logFile,
		runAs: user?.name ?? os.userInfo().username,
		timings: { initdbMs, readyMs: Date.now() - t0 },
		pid: service.pid,
		/** Stops PostgreSQL, then removes the data folder. */
		async stop(): Promise<void> {
			await service.stop();
			removeDir();
		},
	};
}

/**
 * A `query` for startN8n on n8n's PostgreSQL: `?` placeholders become `$1…`; timestamps come back as
 * the same UTC text SQLite gives ("2026-01-01 12:00:00.000"), booleans as 1/0, like SQLite.
 */
export function pgReader(
	version: string,
	port: number,
): { query: Query; end: () => Promise<void> } {
	const pg = n8nModule(version, 'pg');
	const getTypeParser = (oid: number, format?: any) => {
		if (oid === 1184 || oid === 1114) return (v: string) => v.replace(/([+-]\d\d(:\d\d)?)$/, '');
		if (oid === 16) return (v: string) => (v === 't' ? 1 : 0);
		return pg.types.getTypeParser(oid, format);
	};
	const pool = new pg.Pool({
		host: '127.0.0.1',
		port,
		user: PG_SUPERUSER,
		database: PG_DATABASE,
		max: 4,
		types: { getTypeParser },
	});
	pool.on('error', () => {}); // a connection dropped while PostgreSQL stops
	return {
		async query(sql, params = []) {
			let n = 0;
			const { rows } = await pool.query(
				sql.replace(/\?/g, () => `$${++n}`),
				params,
			);
			return rows;
		},
		end: () => pool.end(),
	};
}
