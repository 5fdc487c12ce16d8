#!/usr/bin/env node
'use strict';
/**
 * n8n in queue mode, the way it is deployed at scale, on one machine and without Docker: a throwaway
 * PostgreSQL and Redis, then n8n **main** (`n8n start`: editor, activation, wait timeouts), **workers**
 * (`n8n worker`: run every production execution) and **webhook processors** (`n8n webhook`: production
 * webhooks and `/webhook-waiting/` resumes), each with its own user folder and the community package
 * installed, all on 127.0.0.1 and free ports. `WEBHOOK_URL` (1.x) / `N8N_WEBHOOK_URL` (2.x) points at the
 * first webhook processor, so resume URLs and callbacks go through it as behind a real load balancer.
 *
 *   const { startQueueN8n } = require('./queue');
 *   const q = await startQueueN8n({ version: '1.123.81', packageTgz, credentials, workflows });
 *   await q.postWebhook('my-path', { hello: 1 });         // to the webhook processor
 *   const ex = await q.waitForExecution({ workflowId, status: 'waiting' });   // reads PostgreSQL
 *   await q.postWebhook(await q.resumeUrl(ex.id), body);  // resume through the webhook processor
 *   await q.dispose();                                    // stops everything, removes every temp folder
 *
 *   node scripts/n8n/queue.js 1.123.81     # plain-Node proof with the probe package (~1 min), prints timings
 *   node scripts/n8n/queue.js --deps       # only find or install PostgreSQL and Redis
 *
 * Needs PostgreSQL (initdb, postgres) and Redis (redis-server). When they are missing and this runs
 * as root on Debian/Ubuntu, it installs them with apt-get (`postgresql redis-server`); otherwise it
 * says what to install. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user
 * (or a system user it creates) through `runuser`.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { startN8n, freePort, waitFor, packPackage, groupMembers, onProcessEnd } = require('./instance');
const { ensureInstalled, majorOf, n8nDir, REPO_ROOT } = require('./install');

/** @typedef {import('./instance').N8nInstance} N8nInstance */

const PG_DATABASE = 'n8n';
const PG_SUPERUSER = 'postgres';
const PG_OS_USER_FALLBACK = 'n8n-e2e-pg';
const APT_PACKAGES = { postgres: 'postgresql', redis: 'redis-server' };

// ------------------------------------------------------------------ process groups of the services
/** @type {Map<number, string>} process groups of PostgreSQL / Redis started here → temp folder to remove */
const serviceGroups = new Map();
/** @type {Set<string>} the n8n user folders' parent of each running stack */
const stackRoots = new Set();
function killServiceGroups() {
	for (const [pgid, dir] of serviceGroups) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {}
		fs.rmSync(dir, { recursive: true, force: true });
	}
	serviceGroups.clear();
	// instance.js ends the n8n process groups on the same events
	for (const dir of stackRoots) fs.rmSync(dir, { recursive: true, force: true });
	stackRoots.clear();
}
// Same contract as instance.js: services run in their own process groups, ended with this process.
onProcessEnd(killServiceGroups);

/**
 * A long-running service in its own process group, output appended to `logFile`.
 * @param {string} cmd @param {string[]} args @param {string} logFile @param {string} cleanupDir removed if this process dies
 * @param {{ uid?: number, gid?: number }} [ids] run as this user (when root and runuser is missing)
 */
function spawnService(cmd, args, logFile, cleanupDir, ids = {}) {
	const log = fs.openSync(logFile, 'a');
	const proc = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log], cwd: cleanupDir, ...ids });
	fs.closeSync(log);
	const pgid = /** @type {number} */ (proc.pid);
	serviceGroups.set(pgid, cleanupDir);
	/** @type {{ code: number | null, signal: string | null } | undefined} */
	let exited;
	proc.once('exit', (code, signal) => (exited = { code, signal }));
	return {
		pid: pgid,
		get exited() {
			return exited;
		},
		/**
		 * Ends the group: `signal` first (the service's own clean shutdown), SIGKILL after `graceMs`.
		 * @param {NodeJS.Signals} signal @param {number} [graceMs]
		 */
		async stop(signal, graceMs = 10000) {
			try {
				process.kill(-pgid, signal);
			} catch {}
			const deadline = Date.now() + graceMs;
			while (groupMembers(pgid).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
			if (groupMembers(pgid).length) {
				try {
					process.kill(-pgid, 'SIGKILL');
				} catch {}
				await waitFor(() => groupMembers(pgid).length === 0, 5000, { what: `process group ${pgid} to end` });
			}
			serviceGroups.delete(pgid);
		},
	};
}

// ------------------------------------------------------------------ finding / installing PostgreSQL and Redis
/** @param {string} name @returns {string | undefined} */
function onPath(name) {
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
function findPostgresBin() {
	const candidates = [];
	if (process.env.N8N_QUEUE_PG_BIN) candidates.push(process.env.N8N_QUEUE_PG_BIN);
	const debian = '/usr/lib/postgresql';
	if (fs.existsSync(debian)) {
		const majors = fs.readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
		candidates.push(...majors.map((m) => path.join(debian, m, 'bin')));
	}
	const initdb = onPath('initdb');
	if (initdb) candidates.push(path.dirname(initdb));
	return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
}

/**
 * Finds PostgreSQL and Redis; installs what is missing with apt-get when running as root on a
 * Debian-like system (unless `install` is false); otherwise throws saying what to install.
 * @param {{ install?: boolean, log?: (line: string) => void }} [opts]
 * @returns {{ pgBin: string, redisServer: string, installed: string[], installMs: number }}
 */
function ensureServices(opts = {}) {
	const log = opts.log ?? ((line) => console.log(line));
	let pgBin = findPostgresBin();
	let redisServer = onPath('redis-server');
	const missing = [...(pgBin ? [] : [APT_PACKAGES.postgres]), ...(redisServer ? [] : [APT_PACKAGES.redis])];
	let installMs = 0;
	if (missing.length && opts.install !== false && process.getuid?.() === 0 && onPath('apt-get')) {
		const t0 = Date.now();
		log(`[queue] installing ${missing.join(' ')} with apt-get (not found on this machine)`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const lock = ['-o', 'DPkg::Lock::Timeout=300'];
		execFileSync('apt-get', [...lock, 'update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
		execFileSync('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env, stdio: ['ignore', 'ignore', 'inherit'] });
		installMs = Date.now() - t0;
		log(`[queue] apt-get install ${missing.join(' ')}: ${(installMs / 1000).toFixed(0)} s`);
		pgBin = findPostgresBin();
		redisServer = onPath('redis-server');
	}
	const still = [...(pgBin ? [] : ['PostgreSQL (initdb and postgres)']), ...(redisServer ? [] : ['Redis (redis-server)'])];
	if (still.length) {
		throw new Error(
			`n8n queue mode needs ${still.join(' and ')}, not found on this machine. Install them: on Debian/Ubuntu ` +
				`as root \`apt-get install -y ${missing.join(' ')}\` (this script does it itself when run as root), ` +
				`on macOS \`brew install postgresql redis\`; or point N8N_QUEUE_PG_BIN at the folder holding initdb and ` +
				`postgres and put redis-server on PATH.`,
		);
	}
	return { pgBin: /** @type {string} */ (pgBin), redisServer: /** @type {string} */ (redisServer), installed: installMs ? missing : [], installMs };
}

// ------------------------------------------------------------------ PostgreSQL
/** The OS user PostgreSQL runs as when we are root: `postgres` if it exists, else a system user we create. */
function postgresOsUser() {
	for (const name of [PG_SUPERUSER, PG_OS_USER_FALLBACK]) {
		try {
			const uid = Number(execFileSync('id', ['-u', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
			const gid = Number(execFileSync('id', ['-g', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
			return { name, uid, gid };
		} catch {}
	}
	execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_OS_USER_FALLBACK]);
	return postgresOsUser();
}

/** n8n's own `pg` module (the same PostgreSQL client n8n uses). @param {string} version */
function pgModule(version) {
	return require(path.join(n8nDir(version), 'node_modules', 'pg'));
}

/**
 * initdb into a new temp folder, then `postgres` on a free port (TCP 127.0.0.1 only, no socket file,
 * no fsync: nothing here must survive), then `CREATE DATABASE n8n`.
 * @param {string} version @param {string} pgBin
 */
async function startPostgres(version, pgBin) {
	const t0 = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const asRoot = process.getuid?.() === 0;
	const user = asRoot ? postgresOsUser() : undefined;
	if (user) fs.chownSync(dir, user.uid, user.gid);
	// runuser (util-linux) also sets the user's groups; without it, switch uid/gid only
	const runuser = user && onPath('runuser');
	/** @param {string} bin @param {string[]} args @returns {[string, string[], { uid?: number, gid?: number }]} */
	const asPgUser = (bin, args) => {
		if (!user) return [bin, args, {}];
		if (runuser) return [runuser, ['-u', user.name, '--', bin, ...args], {}];
		return [bin, args, { uid: user.uid, gid: user.gid }];
	};
	const [initCmd, initArgs, initIds] = asPgUser(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', PG_SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
	try {
		execFileSync(initCmd, initArgs, { cwd: dir, stdio: 'pipe', ...initIds });
	} catch (err) {
		fs.rmSync(dir, { recursive: true, force: true });
		const e = /** @type {{ stderr?: Buffer }} */ (err);
		throw new Error(`initdb failed: ${e.stderr ?? err}`);
	}
	const initdbMs = Date.now() - t0;
	const port = await freePort();
	const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=100', 'TimeZone=UTC'];
	const [cmd, args, ids] = asPgUser(path.join(pgBin, 'postgres'), ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', '', ...settings.flatMap((s) => ['-c', s])]);
	const service = spawnService(cmd, args, logFile, dir, ids);
	const { Client } = pgModule(version);
	const connection = { host: '127.0.0.1', port, user: PG_SUPERUSER, database: 'postgres' };
	try {
		await waitFor(
			async () => {
				if (service.exited) throw new Error(`postgres exited ${JSON.stringify(service.exited)}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
				const client = new Client(connection);
				try {
					await client.connect();
					await client.query('SELECT 1');
					return true;
				} finally {
					await client.end().catch(() => {});
				}
			},
			30000,
			{ what: `PostgreSQL on port ${port}`, intervalMs: 100 },
		);
		const client = new Client(connection);
		await client.connect();
		await client.query(`CREATE DATABASE ${PG_DATABASE}`);
		await client.end();
	} catch (err) {
		await service.stop('SIGKILL');
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
	return {
		port,
		dir,
		logFile,
		runAs: user?.name ?? os.userInfo().username,
		timings: { initdbMs, readyMs: Date.now() - t0 },
		pid: service.pid,
		/** Fast shutdown (SIGINT: abort transactions, exit), then removes the data folder. */
		async stop() {
			await service.stop('SIGINT');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

// ------------------------------------------------------------------ Redis
/** @param {number} port @returns {Promise<boolean>} whether Redis answers PING with PONG */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let text = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			text += d.toString();
			if (text.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(text.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** redis-server on a free port, 127.0.0.1 only, no RDB snapshots, no AOF. @param {string} redisServer */
async function startRedis(redisServer) {
	const t0 = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no', '--daemonize', 'no'];
	const service = spawnService(redisServer, args, logFile, dir);
	try {
		await waitFor(
			async () => {
				if (service.exited) throw new Error(`redis-server exited ${JSON.stringify(service.exited)}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
				return redisPing(port);
			},
			15000,
			{ what: `Redis on port ${port}`, intervalMs: 50 },
		);
	} catch (err) {
		await service.stop('SIGKILL');
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
	return {
		port,
		dir,
		logFile,
		timings: { readyMs: Date.now() - t0 },
		pid: service.pid,
		async stop() {
			await service.stop('SIGTERM');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

// ------------------------------------------------------------------ reading n8n's PostgreSQL
/**
 * A read helper for instance.js's `query` option: `?` placeholders become `$1…`; timestamps come back
 * as the same UTC text SQLite gives ("2026-01-01 12:00:00.000"), booleans as 1/0, like SQLite.
 * @param {string} version @param {number} port
 */
function pgReader(version, port) {
	const pg = pgModule(version);
	/** @param {number} oid @param {any} [format] */
	const getTypeParser = (oid, format) => {
		if (oid === 1184 || oid === 1114) return (/** @type {string} */ v) => v.replace(/([+-]\d\d(:\d\d)?)$/, '');
		if (oid === 16) return (/** @type {string} */ v) => (v === 't' ? 1 : 0);
		return pg.types.getTypeParser(oid, format);
	};
	const pool = new pg.Pool({ host: '127.0.0.1', port, user: PG_SUPERUSER, database: PG_DATABASE, max: 4, types: { getTypeParser } });
	pool.on('error', () => {}); // a connection dropped while PostgreSQL stops
	return {
		/** @param {string} sql @param {unknown[]} [params] @returns {Promise<any[]>} */
		async query(sql, params = []) {
			let n = 0;
			const { rows } = await pool.query(sql.replace(/\?/g, () => `$${++n}`), params);
			return rows;
		},
		end: () => pool.end(),
	};
}

/** Copies files into `dir` (before their folders are removed); returns the copies. @param {string[]} files @param {string} dir */
function copyAside(files, dir) {
	return files.filter((f) => fs.existsSync(f)).map((f) => {
		const to = path.join(dir, path.basename(f));
		fs.copyFileSync(f, to);
		return to;
	});
}

/**
 * Copies n8n's logs (`<process>/n8n.log`, `<process>/.n8n/n8nEventLog*.log`) and the service logs to `dest`.
 * @param {string} root @param {string[]} serviceLogs @param {string} dest
 */
function keepLogs(root, serviceLogs, dest) {
	fs.mkdirSync(dest, { recursive: true });
	for (const proc of fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
		const dotN8n = path.join(root, proc.name, '.n8n');
		const files = [path.join(root, proc.name, 'n8n.log')];
		if (fs.existsSync(dotN8n)) files.push(...fs.readdirSync(dotN8n).filter((f) => f.startsWith('n8nEventLog')).map((f) => path.join(dotN8n, f)));
		fs.mkdirSync(path.join(dest, proc.name), { recursive: true });
		copyAside(files, path.join(dest, proc.name));
	}
	copyAside(serviceLogs, dest);
}

/**
 * Production webhooks of active workflows that a process must serve before it counts as ready
 * ("METHOD path"), found as instance.js finds them.
 * @param {object[]} workflows @param {string[]} extra
 */
function webhookPathsOf(workflows, extra) {
	const paths = extra.map((w) => (w.includes(' ') ? w : `POST ${w}`));
	for (const wf of /** @type {any[]} */ (workflows)) {
		for (const node of wf.nodes ?? []) {
			const p = node.parameters?.path;
			if (node.webhookId && typeof p === 'string' && p && !p.startsWith('=')) paths.push(`${node.parameters.httpMethod ?? 'POST'} ${p}`);
		}
	}
	return paths;
}

/**
 * @typedef {object} QueueOptions
 * @property {string} version                 pinned n8n version, installed with install.js
 * @property {string} [packageTgz]            community package installed into every process's user folder
 * @property {object[]} [credentials]         imported before the workflows (see instance.js)
 * @property {object[]} [workflows]           imported and activated before main starts
 * @property {string[]} [waitForWebhooks]     more production webhooks every webhook-serving process must answer
 * @property {number} [workers]               `n8n worker` processes (default 2)
 * @property {number} [workerConcurrency]     jobs per worker (`--concurrency`, n8n's default 10)
 * @property {number} [webhookProcessors]     `n8n webhook` processes (default 1); the first is the webhook base URL
 * @property {number} [webhookPort]           port of the first webhook processor (default: a free one), for
 *   workflows that must name their own production URLs before the stack starts
 * @property {Record<string, string>} [env]   extra environment for every n8n process
 * @property {Record<string, string>} [webhookEnv] extra environment for the webhook processors only
 *   (e.g. N8N_LOG_LEVEL=debug to log each waiting-webhook request)
 * @property {boolean} [installServices]      install missing PostgreSQL/Redis with apt-get when root (default true)
 * @property {number} [readyTimeoutMs]        per n8n process (default 180 s: they boot together on few cores)
 * @property {boolean} [echo]                 copy every n8n log to stderr
 * @property {string} [keepLogsIn]            copy every log (n8n's, its event logs, PostgreSQL's, Redis's) into
 *   this folder when the stack is disposed (default: $N8N_QUEUE_KEEP_LOGS; for CI artifacts and post-mortems)
 */

/**
 * Starts PostgreSQL, Redis, n8n main (imports, activation, migrations), then the workers and webhook
 * processors together. On any failure everything started so far is stopped and removed.
 * @param {QueueOptions} options
 */
async function startQueueN8n(options) {
	const { version } = options;
	const major = majorOf(version);
	const t0 = Date.now();
	const timings = /** @type {Record<string, number>} */ ({});
	const services = ensureServices({ install: options.installServices });
	timings.servicesInstallMs = services.installMs;
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-queue-${version}-`));
	stackRoots.add(root);
	const keepLogsIn = options.keepLogsIn ?? process.env.N8N_QUEUE_KEEP_LOGS;
	/** @type {string[]} log files of PostgreSQL and Redis (they live outside `root`) */
	const serviceLogs = [];
	/** @type {Array<() => Promise<void>>} undo steps, last first */
	const undo = [
		async () => {
			if (keepLogsIn) keepLogs(root, serviceLogs, path.join(keepLogsIn, path.basename(root)));
			fs.rmSync(root, { recursive: true, force: true });
			stackRoots.delete(root);
		},
	];
	const unwind = async () => {
		for (const step of undo.splice(0).reverse()) await step().catch(() => {});
	};
	/** @type {N8nInstance | undefined} */
	let main;
	/** @type {N8nInstance[]} */
	const workers = [];
	/** @type {N8nInstance[]} */
	const webhooks = [];
	try {
		const [pg, redis] = await Promise.all([startPostgres(version, services.pgBin), startRedis(services.redisServer)]);
		// (undone last first: the logs are copied once n8n has stopped, before the services' folders go)
		undo.push(pg.stop, redis.stop, async () => void serviceLogs.push(...copyAside([pg.logFile, redis.logFile], root)));
		timings.postgresMs = pg.timings.readyMs;
		timings.redisMs = redis.timings.readyMs;
		const reader = pgReader(version, pg.port);
		undo.push(reader.end);

		const mainPort = await freePort();
		const webhookPorts = await Promise.all(Array.from({ length: options.webhookProcessors ?? 1 }, (_, i) => (i === 0 && options.webhookPort) || freePort()));
		const webhookUrl = `http://127.0.0.1:${webhookPorts[0]}/`;
		/** @type {Record<string, string>} */
		const env = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_SUPERUSER,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			// resume URLs and production webhook URLs: the (first) webhook processor, as behind a load balancer
			...(major < 2 ? { WEBHOOK_URL: webhookUrl } : { N8N_WEBHOOK_URL: webhookUrl }),
			...(options.env ?? {}),
		};
		const common = { version, packageTgz: options.packageTgz, query: reader.query, echo: options.echo, readyTimeoutMs: options.readyTimeoutMs ?? 180000 };

		const tMain = Date.now();
		main = await startN8n({
			...common,
			port: mainPort,
			userFolder: path.join(root, 'main'),
			credentials: options.credentials,
			workflows: options.workflows,
			waitForWebhooks: options.waitForWebhooks,
			env,
		});
		undo.push(/** @type {N8nInstance} */ (main).stop);
		timings.mainMs = Date.now() - tMain;

		const tRest = Date.now();
		const paths = webhookPathsOf(options.workflows ?? [], options.waitForWebhooks ?? []);
		const starts = [
			...Array.from({ length: options.workers ?? 2 }, (_, i) =>
				startN8n({
					...common,
					command: 'worker',
					args: [`--concurrency=${options.workerConcurrency ?? 10}`],
					userFolder: path.join(root, `worker-${i + 1}`),
					env,
				}).then((w) => (workers[i] = w)),
			),
			...webhookPorts.map((port, i) =>
				startN8n({
					...common,
					command: 'webhook',
					port,
					userFolder: path.join(root, `webhook-${i + 1}`),
					waitForWebhooks: paths,
					env: { ...env, ...(options.webhookEnv ?? {}) },
				}).then((w) => (webhooks[i] = w)),
			),
		];
		const settled = await Promise.allSettled(starts);
		for (const inst of [...workers, ...webhooks]) if (inst) undo.push(inst.stop);
		const failed = settled.find((s) => s.status === 'rejected');
		if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
		timings.workersAndWebhooksMs = Date.now() - tRest;
		timings.totalMs = Date.now() - t0;

		const first = webhooks[0];
		const all = () => /** @type {N8nInstance[]} */ ([main, ...workers, ...webhooks]);

		/** Stops every n8n process (webhook processors and workers first, main last); PostgreSQL and Redis stay. */
		async function stopN8n() {
			await Promise.all([...webhooks, ...workers].map((i) => i.stop()));
			await /** @type {N8nInstance} */ (main).stop();
		}
		/** Starts main, then the workers and webhook processors. */
		async function startAll() {
			await /** @type {N8nInstance} */ (main).start();
			await Promise.all([...workers, ...webhooks].map((i) => i.start()));
		}

		return {
			version,
			main: /** @type {N8nInstance} */ (main),
			workers: /** @type {N8nInstance[]} */ (workers),
			webhooks: /** @type {N8nInstance[]} */ (webhooks),
			/** Base of production webhook and resume URLs (= the first webhook processor), ends with "/". */
			webhookUrl,
			/** Main's own base for webhooks (main also serves production webhooks unless told not to), ends with "/". */
			mainWebhookUrl: /** @type {N8nInstance} */ (main).webhookUrl,
			postgres: { port: pg.port, runAs: pg.runAs, logFile: pg.logFile },
			redis: { port: redis.port, logFile: redis.logFile },
			root,
			timings,
			/**
			 * The same URL (a resume URL, a production webhook URL) on another process: `main` or the
			 * i-th webhook processor. @param {string} url @param {'main' | number} target
			 */
			via(url, target) {
				const to = target === 'main' ? /** @type {N8nInstance} */ (main).webhookUrl : webhooks[target].webhookUrl;
				if (!url.startsWith(webhookUrl)) throw new Error(`${url} is not under ${webhookUrl}`);
				return to + url.slice(webhookUrl.length);
			},
			/** POST to the webhook processor (a path below /webhook/, or a full URL). */
			postWebhook: /** @type {N8nInstance['postWebhook']} */ (first.postWebhook),
			waitForWebhook: /** @type {N8nInstance['waitForWebhook']} */ (first.waitForWebhook),
			dbQuery: /** @type {N8nInstance['dbQuery']} */ (first.dbQuery),
			getExecutions: /** @type {N8nInstance['getExecutions']} */ (first.getExecutions),
			getExecution: /** @type {N8nInstance['getExecution']} */ (first.getExecution),
			waitForExecution: /** @type {N8nInstance['waitForExecution']} */ (first.waitForExecution),
			lastExecutionId: /** @type {N8nInstance['lastExecutionId']} */ (first.lastExecutionId),
			resumeToken: /** @type {N8nInstance['resumeToken']} */ (first.resumeToken),
			/** What n8n puts in `$execution.resumeUrl`: on the webhook processor. */
			resumeUrl: /** @type {N8nInstance['resumeUrl']} */ (first.resumeUrl),
			/**
			 * Which worker ran which execution, from the workers' own log lines ("Worker started execution
			 * <id> (job <job>)", "Worker finished execution …"): starting and each resume are one job each.
			 * @returns {Array<{ worker: number, executionId: string, job: string, finished: boolean }>}
			 */
			workerJobs() {
				return workers.flatMap((w, index) => {
					const text = fs.existsSync(w.logFile) ? fs.readFileSync(w.logFile, 'utf8') : '';
					const done = new Set([...text.matchAll(/Worker finished execution \d+ \(job (\w+)\)/g)].map((m) => m[1]));
					return [...text.matchAll(/Worker started execution (\d+) \(job (\w+)\)/g)].map((m) => ({
						worker: index + 1,
						executionId: m[1],
						job: m[2],
						finished: done.has(m[2]),
					}));
				});
			},
			/**
			 * The events an n8n process wrote to its own event log (`<userFolder>/.n8n/n8nEventLog*.log`, on by
			 * default): e.g. `n8n.queue.job.enqueued` with `payload.executionId`, from the process that queued it.
			 * @param {N8nInstance} inst
			 * @returns {Array<{ eventName: string, ts: string, payload: Record<string, any> }>}
			 */
			events(inst) {
				const dir = path.join(inst.userFolder, '.n8n');
				const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^n8nEventLog.*\.log$/.test(f)) : [];
				return files.flatMap((f) =>
					fs
						.readFileSync(path.join(dir, f), 'utf8')
						.split('\n')
						.filter((line) => line.startsWith('{'))
						.flatMap((line) => {
							try {
								return [JSON.parse(line)];
							} catch {
								return []; // a line being written
							}
						}),
				);
			},
			/** Resident memory (MB) per process of every n8n process. */
			memoryMb() {
				/** @type {Record<string, number>} */
				const out = {};
				for (const [i, inst] of all().entries()) {
					const role = i === 0 ? 'main' : i <= workers.length ? `worker-${i}` : `webhook-${i - workers.length}`;
					for (const [name, mb] of Object.entries(inst.memoryMb() ?? {})) out[`${role}: ${name}`] = mb;
				}
				return out;
			},
			/** The last lines each n8n process printed, labelled. */
			logTails() {
				return all()
					.map((inst, i) => `--- ${i === 0 ? 'main' : i <= workers.length ? `worker ${i}` : `webhook ${i - workers.length}`} (${inst.logFile})\n${inst.logTail().split('\n').slice(-25).join('\n')}`)
					.join('\n');
			},
			stopN8n,
			start: startAll,
			/** stopN8n() then start(): waiting executions, PostgreSQL and Redis survive it. */
			async restart() {
				const t = Date.now();
				await stopN8n();
				const stopMs = Date.now() - t;
				await startAll();
				return { stopMs, startMs: Date.now() - t - stopMs };
			},
			/** Stops every process this started and removes every temp folder. */
			dispose: unwind,
		};
	} catch (err) {
		const tails = [main, ...workers, ...webhooks]
			.filter(Boolean)
			.map((i) => `--- ${/** @type {any} */ (i).logFile}\n${/** @type {any} */ (i).logTail().split('\n').slice(-20).join('\n')}`)
			.join('\n');
		await unwind();
		if (tails && err instanceof Error) err.message += `\n${tails}`;
		throw err;
	}
}

/** @typedef {Awaited<ReturnType<typeof startQueueN8n>>} QueueN8n */

module.exports = { startQueueN8n, ensureServices, startPostgres, startRedis };

// ------------------------------------------------------------------ plain-Node proof
if (require.main === module) {
	const assert = require('node:assert/strict');
	const arg = process.argv[2];
	const run = async () => {
		if (arg === '--deps') {
			const s = ensureServices();
			console.log(`[queue] PostgreSQL ${s.pgBin}, Redis ${s.redisServer}${s.installed.length ? ` (installed ${s.installed.join(', ')})` : ''}`);
			return;
		}
		if (!arg) throw new Error('usage: node scripts/n8n/queue.js <n8n version> | --deps');
		ensureInstalled(arg);
		const probeDir = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'probe-package');
		const tgz = packPackage(probeDir);
		const workflow = JSON.parse(fs.readFileSync(path.join(probeDir, 'workflow.json'), 'utf8'));
		const credential = JSON.parse(fs.readFileSync(path.join(probeDir, 'credential.json'), 'utf8'));
		const t0 = Date.now();
		const q = await startQueueN8n({ version: arg, packageTgz: tgz, credentials: [credential], workflows: [workflow] });
		try {
			console.log(`[queue] n8n ${arg} up in ${Date.now() - t0} ms: ${JSON.stringify(q.timings)}`);
			const before = await q.lastExecutionId();
			assert.equal((await q.postWebhook('e2e-probe', { hello: 'queue' })).status, 200);
			const waiting = await q.waitForExecution({ workflowId: workflow.id, afterId: before, status: 'waiting', node: 'Probe Wait' });
			const url = await q.resumeUrl(waiting.id);
			assert.equal(url, waiting.output('Probe Wait')[0].resumeUrl, 'resume URL differs from $execution.resumeUrl');
			assert.ok(url.startsWith(`${q.webhookUrl}webhook-waiting/`), `resume URL ${url} is not on the webhook processor`);
			const t1 = Date.now();
			assert.equal((await q.postWebhook(url, { answer: 42 })).status, 200);
			const done = await q.waitForExecution({ id: waiting.id, status: 'success', node: 'Done' });
			assert.equal(done.output('Done')[0].body.answer, 42);
			const jobs = q.workerJobs().filter((j) => j.executionId === waiting.id);
			console.log(`[queue] execution ${waiting.id}: resumed through ${url} in ${Date.now() - t1} ms; worker jobs ${JSON.stringify(jobs)}`);
			assert.equal(jobs.length, 2, 'one worker job to start, one to resume');
			console.log(`[queue] memory MB ${JSON.stringify(q.memoryMb())}`);
			console.log('[queue] PASS');
		} catch (err) {
			console.error(q.logTails());
			throw err;
		} finally {
			await q.dispose();
			fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
		}
	};
	run().catch((err) => {
		console.error(`[queue] FAIL: ${err instanceof Error ? err.stack : err}`);
		process.exit(1);
	});
}
