'use strict';
/**
 * Boots a real, pinned n8n headless on 127.0.0.1 and inspects it read-only through its SQLite file.
 * Usable from plain Node scripts and from jest (require it from a .ts test).
 *
 *   const { startN8n, packPackage } = require('../../scripts/n8n/instance');
 *   const n8n = await startN8n({ version: '1.123.81', packageTgz, workflows: [wf] });
 *   await n8n.postWebhook('my-path', { hello: 1 });
 *   const ex = await n8n.waitForExecution({ workflowId: wf.id, status: 'waiting' });
 *   await fetch(await n8n.resumeUrl(ex.id), { method: 'POST', ... });
 *   await n8n.stop();
 *
 * Install the version first: `node scripts/n8n/install.js <version>`.
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { n8nDir, n8nBin, nodeBinFor, majorOf } = require('./install');

/** What each n8n command prints once it serves (start: the main process; queue mode's worker and webhook). */
const READY_LINES = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests.',
};
const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-not-secret';

/** @type {Set<number>} process-group ids started by this module and still alive */
const liveGroups = new Set();
function killLiveGroups() {
	for (const pgid of liveGroups) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {}
	}
	liveGroups.clear();
}
/**
 * Runs `cleanup` when this process exits or gets SIGINT, SIGTERM or SIGHUP, then lets the signal do
 * what it would have done (once the last such handler has run).
 * @param {() => void} cleanup
 */
function onProcessEnd(cleanup) {
	process.on('exit', cleanup);
	for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.once(sig, () => {
			cleanup();
			if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
		});
	}
}
// n8n runs in its own process group (so stop() can end it and its task runner together), which also
// means a Ctrl+C does not reach it: end our groups when this process ends.
onProcessEnd(killLiveGroups);

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it). @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = /** @type {net.AddressInfo} */ (srv.address());
			srv.close(() => resolve(addr.port));
		});
	});
}

/** Pids whose process group is `pgid` (from /proc). @param {number} pgid @returns {number[]} */
function groupMembers(pgid) {
	const pids = [];
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) pids.push(Number(d));
		} catch {}
	}
	return pids;
}

/**
 * Polls `fn` until it returns a truthy value; returns that value.
 * @template T
 * @param {() => T | Promise<T>} fn
 * @param {number} [timeoutMs]
 * @param {{ intervalMs?: number, what?: string }} [opts]
 * @returns {Promise<NonNullable<T>>}
 */
async function waitFor(fn, timeoutMs = 30000, opts = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastErr;
	for (;;) {
		try {
			const v = await fn();
			if (v) return /** @type {NonNullable<T>} */ (v);
		} catch (err) {
			lastErr = err;
		}
		if (Date.now() > deadline) {
			const why = lastErr instanceof Error ? ` (last error: ${lastErr.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'condition'}${why}`);
		}
		await sleep(opts.intervalMs ?? 100);
	}
}

/**
 * `npm pack` a package folder into `destDir`; returns the .tgz path.
 * @param {string} pkgDir @param {string} [destDir]
 */
function packPackage(pkgDir, destDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'))) {
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: pkgDir }).toString();
	const [{ filename }] = JSON.parse(out);
	return path.join(destDir, filename);
}

/** A 16-character id like n8n's own workflow ids. */
function newWorkflowId() {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => abc[b % abc.length]).join('');
}

/**
 * A row of execution_entity (ids as strings). status: new, running, waiting, success, error,
 * canceled, crashed. Dates are SQLite text in UTC ("2026-01-01 12:00:00.000").
 * @typedef {object} ExecutionRow
 * @property {string} id
 * @property {string} workflowId
 * @property {string} status
 * @property {string} mode
 * @property {number} finished
 * @property {string | null} waitTill
 * @property {string | null} startedAt
 * @property {string | null} stoppedAt
 * @property {string} createdAt
 */

/**
 * An execution with its data decoded.
 * @typedef {ExecutionRow & {
 *   data: any,
 *   workflowData: any,
 *   runData: Record<string, any[]>,
 *   lastNodeExecuted: string | undefined,
 *   error: any,
 *   resumeToken: string | undefined,
 *   output(node: string, output?: number, run?: number): any[],
 * }} Execution
 * `data` is IRunExecutionData; `runData[node]` the node's runs (ITaskData[]); `output(node)` the json
 * of the items the node's last run put on output 0 (or the given output/run index).
 */

/**
 * @typedef {object} ExecutionFilter
 * @property {string} [workflowId]
 * @property {string | number} [id]        this execution only
 * @property {string | number} [afterId]   only executions with a higher id (see lastExecutionId())
 * @property {string | string[]} [status]
 * @property {string} [node]               only once this node has run data (1.x can set the final
 *   status a moment before the data is written)
 * @property {(ex: Execution) => boolean} [predicate]
 * @property {number} [timeoutMs]          default 30 s
 */

/**
 * @typedef {object} StartOptions
 * @property {string} version             pinned n8n version, installed with install.js
 * @property {number} [port]              n8n HTTP port (default: a free one)
 * @property {number} [brokerPort]        task-runner broker port (default: a free one)
 * @property {string} [userFolder]        N8N_USER_FOLDER (default: a new temp folder, removed by dispose())
 * @property {string} [packageTgz]        community package tarball to install into <userFolder>/.n8n/nodes
 * @property {string} [customExtensionsDir] N8N_CUSTOM_EXTENSIONS (node types are then CUSTOM.<name>)
 * @property {object[]} [workflows]       workflows to import and activate before the first start
 * @property {object[]} [credentials]     credentials to import before the workflows:
 *   { id, name, type, data: { ...plaintext fields } } (the CLI encrypts `data` objects)
 * @property {string[]} [waitForWebhooks] more production webhooks to wait for at each start, as
 *   "path" or "METHOD path" (those of imported nodes with a webhookId and a literal `path` parameter
 *   are found automatically)
 * @property {Record<string,string>} [env] extra environment (wins over the defaults)
 * @property {number} [readyTimeoutMs]    default 90 s
 * @property {boolean} [echo]             also print n8n's log to this process's stderr
 * @property {boolean} [ui]               serve the editor UI (default false: N8N_DISABLE_UI=true, which
 *   halves 1.x's start time; turn it on to look at executions in a browser)
 * @property {'start' | 'worker' | 'webhook'} [command] the n8n command to run (default `start`); `worker`
 *   and `webhook` are queue mode's processes (pass the queue and database settings in `env`)
 * @property {string[]} [args]            extra arguments for that command, e.g. `--concurrency=5`
 * @property {(sql: string, params: unknown[]) => Promise<any[]>} [query] reads n8n's database for the
 *   helpers below instead of `<userFolder>/.n8n/database.sqlite`, for an instance on another database
 *   (e.g. `DB_TYPE=postgresdb` in `env`). SQL is written with `?` placeholders and double-quoted
 *   identifiers, which SQLite and PostgreSQL both read; the function translates placeholders if needed.
 */

/**
 * Starts n8n (importing `workflows` first) and resolves once it is ready and the webhooks of the
 * imported active workflows answer.
 * @param {StartOptions} options
 */
async function startN8n(options) {
	const { version } = options;
	const command = options.command ?? 'start';
	const readyLine = READY_LINES[command];
	const major = majorOf(version);
	const bin = n8nBin(version);
	if (!fs.existsSync(path.join(n8nDir(version), '.installed.json'))) {
		throw new Error(`n8n ${version} is not installed: run node scripts/n8n/install.js ${version}`);
	}
	const nodeBin = nodeBinFor(version);
	const ownFolder = !options.userFolder;
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
	const dotN8n = path.join(userFolder, '.n8n');
	fs.mkdirSync(dotN8n, { recursive: true });
	const dbFile = path.join(dotN8n, 'database.sqlite');
	const logFile = path.join(userFolder, 'n8n.log');
	const port = options.port ?? (await freePort());
	const brokerPort = options.brokerPort ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const webhookUrl = `${baseUrl}/`;

	/** @type {Record<string, string>} */
	const env = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? userFolder,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		// base of production webhook and resume URLs (2.x deprecates WEBHOOK_URL for N8N_WEBHOOK_URL)
		...(major < 2 ? { WEBHOOK_URL: webhookUrl } : { N8N_WEBHOOK_URL: webhookUrl }),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		GENERIC_TIMEZONE: 'UTC',
		EXECUTIONS_MODE: 'regular',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		N8N_DISABLE_UI: options.ui ? 'false' : 'true',
		...(major < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		...(options.customExtensionsDir ? { N8N_CUSTOM_EXTENSIONS: options.customExtensionsDir } : {}),
		...(options.env ?? {}),
	};

	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	/** @type {string[]} */
	let tail = [];
	/** @type {string[]} workflow ids imported and activated by this instance */
	const workflowIds = [];
	/** @type {string[]} production webhook paths (POST unless stated) to wait for at start */
	const webhookPaths = (options.waitForWebhooks ?? []).map((w) => (w.includes(' ') ? w : `POST ${w}`));
	const timings = /** @type {Record<string, number>} */ ({});

	/** Runs an n8n CLI command (server must not be running). @param {string[]} args */
	function cli(args) {
		const t0 = Date.now();
		try {
			const out = execFileSync(nodeBin, [bin, ...args], { env, cwd: userFolder, stdio: 'pipe' }).toString();
			fs.appendFileSync(logFile, `\n$ n8n ${args.join(' ')} (${Date.now() - t0} ms)\n${out}`);
			return out;
		} catch (err) {
			const e = /** @type {{ stdout?: Buffer, stderr?: Buffer }} */ (err);
			const out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
			fs.appendFileSync(logFile, `\n$ n8n ${args.join(' ')} FAILED (${Date.now() - t0} ms)\n${out}`);
			throw new Error(`n8n ${args.join(' ')} failed:\n${out.split('\n').slice(-30).join('\n')}`);
		}
	}

	/**
	 * Installs the tarball into <userFolder>/.n8n/nodes as n8n's community-packages service does
	 * (1.123 and 2.41): unpack into node_modules/<name>, drop dev/peer/optional dependencies from its
	 * package.json, `npm install` its own dependencies (if any) without scripts, record it in
	 * nodes/package.json. n8n loads every node_modules/n8n-nodes-* folder there at start, and lets
	 * them resolve `n8n-workflow` from n8n's own node_modules (NODE_PATH).
	 */
	function installPackage() {
		if (!options.packageTgz) return;
		const t0 = Date.now();
		const nodesDir = path.join(dotN8n, 'nodes');
		const unpack = fs.mkdtempSync(path.join(userFolder, 'unpack-'));
		execFileSync('tar', ['-xzf', path.resolve(options.packageTgz), '-C', unpack, '--strip-components=1']);
		const pkgFile = path.join(unpack, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
		fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
		const target = path.join(nodesDir, 'node_modules', pkg.name);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.renameSync(unpack, target);
		if (Object.keys(pkg.dependencies ?? {}).length) {
			const args = ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];
			execFileSync('npm', args, { cwd: target, stdio: 'pipe' });
		}
		const hostFile = path.join(nodesDir, 'package.json');
		const host = fs.existsSync(hostFile) ? JSON.parse(fs.readFileSync(hostFile, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
		host.dependencies = { ...host.dependencies, [pkg.name]: pkg.version };
		fs.writeFileSync(hostFile, JSON.stringify(host, null, 2));
		timings.packageInstallMs = Date.now() - t0;
	}

	/**
	 * Imports workflows and activates them (1.x update:workflow --active=true, 2.x publish:workflow).
	 * n8n must be stopped: a running server does not see CLI changes.
	 * @param {object[]} list @param {boolean} [activate]
	 */
	function importStopped(list, activate = true) {
		if (!list.length) return [];
		const t0 = Date.now();
		const dir = fs.mkdtempSync(path.join(userFolder, 'import-'));
		const ids = list.map((wf, i) => {
			const w = /** @type {any} */ ({ active: false, settings: {}, ...structuredClone(wf) });
			w.id ??= newWorkflowId();
			fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(w));
			for (const node of w.nodes ?? []) {
				const p = node.parameters?.path;
				if (activate && node.webhookId && typeof p === 'string' && p && !p.startsWith('=')) {
					webhookPaths.push(`${node.parameters.httpMethod ?? 'POST'} ${p}`);
				}
			}
			return /** @type {string} */ (w.id);
		});
		cli(['import:workflow', '--separate', `--input=${dir}`]);
		for (const id of activate ? ids : []) {
			cli(major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
		}
		workflowIds.push(...ids);
		timings.importMs = Date.now() - t0;
		return ids;
	}

	/** Imports credentials with plaintext `data` (n8n must be stopped). @param {object[]} list */
	function importCredentialsStopped(list) {
		if (!list.length) return;
		const t0 = Date.now();
		const file = path.join(fs.mkdtempSync(path.join(userFolder, 'import-')), 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(list));
		cli(['import:credentials', `--input=${file}`]);
		timings.credentialsImportMs = Date.now() - t0;
	}

	async function start() {
		if (child) throw new Error('n8n is already running');
		const t0 = Date.now();
		const log = fs.openSync(logFile, 'a');
		fs.writeSync(log, `\n==== n8n ${version} ${command} ${new Date().toISOString()} port ${port}\n`);
		tail = [];
		const proc = spawn(nodeBin, [bin, command, ...(options.args ?? [])], { env, cwd: userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		child = proc;
		liveGroups.add(/** @type {number} */ (proc.pid));
		fs.writeFileSync(path.join(userFolder, 'n8n.pid'), String(proc.pid));
		let ready = false;
		const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
		proc.once('exit', () => {
			liveGroups.delete(/** @type {number} */ (proc.pid));
			if (child === proc) child = undefined;
		});
		proc.once('close', () => fs.closeSync(log)); // after the last output
		const readyP = new Promise((resolve) => {
			/** @param {Buffer} chunk */
			const onData = (chunk) => {
				const text = chunk.toString();
				const ms = String(Date.now() - t0).padStart(6);
				fs.writeSync(log, text.replace(/^(?=.)/gm, `+${ms} ms | `));
				if (options.echo) process.stderr.write(text);
				tail.push(...text.split('\n'));
				if (tail.length > 200) tail = tail.slice(-200);
				if (!ready && text.includes(readyLine)) {
					ready = true;
					resolve(true);
				}
			};
			proc.stdout?.on('data', onData);
			proc.stderr?.on('data', onData);
		});
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const timeout = new Promise((r) => (timer = setTimeout(() => r({ timeout: true }), options.readyTimeoutMs ?? 90000)));
		const outcome = await Promise.race([readyP, exited.then((e) => ({ exited: e })), timeout]);
		clearTimeout(timer);
		if (outcome !== true) {
			await stop();
			throw new Error(`n8n ${version} did not start (${JSON.stringify(outcome)}); log ${logFile}:\n${tail.slice(-40).join('\n')}`);
		}
		timings.readyMs = Date.now() - t0;
		for (const entry of webhookPaths) {
			const [method, p] = entry.split(' ');
			await waitForWebhook(p, method);
		}
		timings.webhooksMs = Date.now() - t0;
		return { readyMs: timings.readyMs, webhooksMs: timings.webhooksMs };
	}

	/** Stops the n8n process group this instance started (SIGTERM, then SIGKILL after 20 s). */
	async function stop() {
		const proc = child;
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
			child = undefined;
			return;
		}
		const t0 = Date.now();
		const gone = new Promise((r) => proc.once('exit', r));
		const pgid = /** @type {number} */ (proc.pid);
		try {
			process.kill(-pgid, 'SIGTERM');
		} catch {}
		const timer = setTimeout(() => {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {}
		}, 20000);
		await gone;
		clearTimeout(timer);
		// The task runner (2.x) is in the same group and normally exits with n8n; end any straggler.
		if (groupMembers(pgid).length) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {}
		}
		liveGroups.delete(pgid);
		child = undefined;
		timings.stopMs = Date.now() - t0;
	}

	/** stop() then start(); returns { stopMs, readyMs, webhooksMs }. Waiting executions survive it. */
	async function restart() {
		await stop();
		const stopMs = timings.stopMs;
		const r = await start();
		return { stopMs, ...r };
	}

	/** Stops n8n and removes the user folder if this module created it. */
	async function dispose() {
		await stop();
		if (ownFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	/**
	 * Imports more credentials (stops and starts n8n if it is running).
	 * @param {object | object[]} creds
	 */
	async function importCredentials(creds) {
		const running = !!child;
		if (running) await stop();
		importCredentialsStopped(Array.isArray(creds) ? creds : [creds]);
		if (running) await start();
	}

	/**
	 * Imports and activates more workflows. If n8n is running it is stopped and started again
	 * (about 10 to 20 s: each CLI call boots n8n). Prefer passing `workflows` to startN8n.
	 * @param {object | object[]} wfs  workflow JSON (an `id` is generated when missing)
	 * @param {{ activate?: boolean }} [opts] activate (1.x) / publish (2.x) them, default true
	 * @returns {Promise<string[]>} workflow ids
	 */
	async function importWorkflows(wfs, opts = {}) {
		const running = !!child;
		if (running) await stop();
		const ids = importStopped(Array.isArray(wfs) ? wfs : [wfs], opts.activate ?? true);
		if (running) await start();
		return ids;
	}

	// ---------------------------------------------------------------- HTTP helpers
	/**
	 * Waits until a production webhook is registered. For a non-GET webhook n8n answers a GET with
	 * 404 "... not registered for GET requests. Did you mean to make a POST request?" once it exists.
	 * @param {string} webhookPath @param {string} [method] @param {number} [timeoutMs]
	 */
	async function waitForWebhook(webhookPath, method = 'POST', timeoutMs = 30000) {
		const url = `${webhookUrl}webhook/${webhookPath.replace(/^\//, '')}`;
		await waitFor(
			async () => {
				if (method === 'GET') return (await fetch(url)).status !== 404;
				const text = await (await fetch(url)).text();
				return text.includes('Did you mean to make a') && text.includes(method);
			},
			timeoutMs,
			{ what: `webhook ${method} ${webhookPath}`, intervalMs: 100 },
		);
	}

	/**
	 * POSTs JSON (or a string as is) to a production webhook path (`/webhook/<path>`) or any URL
	 * (e.g. a resume URL). Never throws on HTTP errors: check `status`.
	 * @param {string} pathOrUrl @param {unknown} [body] @param {{ headers?: Record<string,string>, method?: string }} [opts]
	 * @returns {Promise<{ status: number, headers: Headers, text: string, json: any }>}
	 */
	async function postWebhook(pathOrUrl, body = {}, opts = {}) {
		const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${webhookUrl}webhook/${pathOrUrl.replace(/^\//, '')}`;
		const method = opts.method ?? 'POST';
		const hasBody = !['GET', 'HEAD'].includes(method);
		const res = await fetch(url, {
			method,
			headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
			body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {}
		return { status: res.status, headers: res.headers, text, json };
	}

	// ---------------------------------------------------------------- database (read-only)
	/** @type {any} */
	let sqlite3;
	/** @type {{ parse(s: string): any }} */
	let flatted;
	function libs() {
		const nm = path.join(n8nDir(version), 'node_modules');
		if (!options.query) sqlite3 ??= require(path.join(nm, 'sqlite3'));
		flatted ??= require(path.join(nm, 'flatted'));
		return { sqlite3, flatted };
	}

	/**
	 * Runs a read-only SQL query on n8n's database.sqlite.
	 * @param {string} sql @param {unknown[]} [params] @returns {Promise<any[]>}
	 */
	function dbQuery(sql, params = []) {
		if (options.query) return options.query(sql, params);
		const { sqlite3 } = libs();
		return new Promise((resolve, reject) => {
			const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (/** @type {Error|null} */ openErr) => {
				if (openErr) return reject(openErr);
				db.configure('busyTimeout', 5000);
				db.all(sql, params, (/** @type {Error|null} */ err, /** @type {any[]} */ rows) => {
					db.close();
					if (err) reject(err);
					else resolve(rows);
				});
			});
		});
	}

	/**
	 * Executions (newest first) without their data.
	 * @param {string | Omit<ExecutionFilter, 'predicate' | 'node' | 'timeoutMs'>} [filterOrWorkflowId]
	 * @returns {Promise<ExecutionRow[]>}
	 */
	async function getExecutions(filterOrWorkflowId = {}) {
		const filter = typeof filterOrWorkflowId === 'string' ? { workflowId: filterOrWorkflowId } : filterOrWorkflowId;
		const where = [];
		const params = [];
		const statuses = filter.status ? [filter.status].flat() : [];
		if (filter.workflowId) where.push('"workflowId" = ?') && params.push(filter.workflowId);
		if (filter.id !== undefined) where.push('id = ?') && params.push(Number(filter.id));
		if (filter.afterId !== undefined) where.push('id > ?') && params.push(Number(filter.afterId));
		if (statuses.length) where.push(`status IN (${statuses.map(() => '?').join(',')})`) && params.push(...statuses);
		const rows = await dbQuery(
			`SELECT * FROM execution_entity ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`,
			params,
		);
		return rows.map((r) => ({ ...r, id: String(r.id) }));
	}

	/**
	 * One execution with its data decoded (flatted JSON), or undefined.
	 * @param {string | number} id
	 * @returns {Promise<Execution | undefined>}
	 */
	async function getExecution(id) {
		const [row] = await dbQuery(
			`SELECT e.*, d.data AS "_data", d."workflowData" AS "_workflowData" FROM execution_entity e
			 LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id = ?`,
			[Number(id)],
		);
		if (!row) return undefined;
		const { _data, _workflowData, ...entity } = row;
		const data = _data ? libs().flatted.parse(_data) : undefined;
		const resultData = data?.resultData ?? {};
		/** @type {Record<string, any[]>} */
		const runData = resultData.runData ?? {};
		return {
			...entity,
			id: String(entity.id),
			data,
			// a JSON column comes back parsed from PostgreSQL, as text from SQLite
			workflowData: typeof _workflowData === 'string' ? JSON.parse(_workflowData) : (_workflowData ?? undefined),
			runData,
			lastNodeExecuted: resultData.lastNodeExecuted,
			error: resultData.error,
			resumeToken: data?.resumeToken,
			output(node, output = 0, run = -1) {
				const r = (runData[node] ?? []).at(run);
				return (r?.data?.main?.[output] ?? []).map((/** @type {any} */ it) => it.json);
			},
		};
	}

	/**
	 * Waits for an execution matching the filter (the newest matching one wins).
	 * @param {ExecutionFilter} [filter]
	 * @returns {Promise<Execution>}
	 */
	async function waitForExecution(filter = {}) {
		const { predicate, node, timeoutMs, ...rowFilter } = filter;
		return waitFor(
			async () => {
				for (const { id } of await getExecutions(rowFilter)) {
					const ex = await getExecution(id);
					if (!ex) continue;
					if (node && !ex.runData[node]) continue;
					if (predicate && !predicate(ex)) continue;
					return ex;
				}
				return undefined;
			},
			timeoutMs ?? 30000,
			{ what: `execution ${JSON.stringify({ ...filter, predicate: !!predicate })}`, intervalMs: 100 },
		);
	}

	/** Highest execution id so far (0 if none): pass as `afterId` to wait for the next one. */
	async function lastExecutionId() {
		const [row] = await dbQuery(`SELECT MAX(id) AS id FROM execution_entity`);
		return String(row?.id ?? 0);
	}

	/**
	 * The resume token of an execution: 2.x (since 2.14) keeps it in the execution data,
	 * `execution_data.data` → `resumeToken` (flatted); undefined on 1.x.
	 * @param {string|number} id
	 * @returns {Promise<string | undefined>}
	 */
	async function resumeToken(id) {
		return (await getExecution(id))?.data?.resumeToken ?? undefined;
	}

	/**
	 * The resume URL of a (waiting) execution, as n8n builds it for `$execution.resumeUrl`:
	 * `<webhookUrl>webhook-waiting/<id>`, plus `?signature=<resumeToken>` on 2.x.
	 * @param {string|number} id @param {string} [suffix] optional restart-webhook path suffix
	 */
	async function resumeUrl(id, suffix) {
		const url = new URL(`${webhookUrl}webhook-waiting/${id}`);
		if (suffix) url.pathname += `/${suffix.replace(/^\//, '')}`;
		const token = await resumeToken(id);
		if (token) url.searchParams.set('signature', token);
		return url.toString();
	}

	/** Resident memory (MB) of every process in the n8n group (n8n, and the task runner on 2.x). */
	function memoryMb() {
		if (!child?.pid) return undefined;
		/** @type {Record<string, number>} */
		const out = {};
		for (const pid of groupMembers(child.pid)) {
			try {
				const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
				const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
				const name = cmd.includes(command) ? (command === 'start' ? 'n8n' : `n8n ${command}`) : cmd.some((a) => a.includes('task-runner')) ? 'task-runner' : path.basename(cmd.at(-2) ?? '?');
				out[`${name} ${pid}`] = Math.round(Number(rss?.[1] ?? 0) / 1024);
			} catch {}
		}
		return out;
	}

	installPackage();
	importCredentialsStopped(options.credentials ?? []);
	importStopped(options.workflows ?? []);
	await start();

	return {
		version,
		port,
		brokerPort,
		baseUrl,
		/** base of production webhooks (`<webhookUrl>webhook/<path>`) and resume URLs, ends with "/" */
		webhookUrl,
		userFolder,
		dbFile,
		logFile,
		workflowIds,
		timings,
		get pid() {
			return child?.pid;
		},
		start,
		stop,
		restart,
		dispose,
		importWorkflows,
		importCredentials,
		waitForWebhook,
		postWebhook,
		dbQuery,
		getExecutions,
		getExecution,
		waitForExecution,
		lastExecutionId,
		resumeToken,
		resumeUrl,
		memoryMb,
		/** last lines n8n printed */
		logTail: () => tail.join('\n'),
	};
}

/** @typedef {Awaited<ReturnType<typeof startN8n>>} N8nInstance */

module.exports = { startN8n, packPackage, waitFor, freePort, newWorkflowId, groupMembers, onProcessEnd };
