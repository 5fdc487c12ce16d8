/**
 * startService(): the one way a long-running process is started here, shared by the n8n, PostgreSQL
 * and Redis starters. The process runs in its own process group (ended with this process if it is
 * still alive then); its output goes to `logFile`, each line prefixed with the ms since the start,
 * keeps the last 200 lines for error messages and is echoed to stderr on request. It counts as ready
 * once it prints `ready.line` or once `ready.probe()` answers true; if it exits or the time runs out
 * first it is stopped and the error says why, with the end of its log. A service can be stopped and
 * started again (n8n restarts keep their user folder and database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { groupMembers, signalGroup, trackGroup, untrackGroup } from './processGroups';
import { sleep, waitFor } from './waitFor';

export interface ServiceSpec {
	/** for messages and the log's start line, e.g. "n8n 1.123.81 worker", "postgres" */
	name: string;
	command: string;
	args: string[];
	cwd: string;
	/** the whole environment (not merged with this process's) */
	env?: NodeJS.ProcessEnv;
	/** run as this user (PostgreSQL refuses to run as root) */
	uid?: number;
	gid?: number;
	logFile: string;
	/** ready when a line of its output contains `line`, or when `probe()` resolves true (polled) */
	ready: { line: string } | { probe: () => Promise<boolean>; intervalMs?: number };
	readyTimeoutMs: number;
	/** the service's own clean shutdown (n8n and Redis: SIGTERM, PostgreSQL: SIGINT) */
	stopSignal: NodeJS.Signals;
	/** SIGKILL the group when the service has not exited this long after stopSignal */
	stopGraceMs: number;
	/** also copy its output to this process's stderr */
	echo?: boolean;
	/** written with the pid at each start */
	pidFile?: string;
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface Service {
	readonly name: string;
	readonly logFile: string;
	/** the pid (= process group id) while it runs */
	readonly pid: number | undefined;
	readonly running: boolean;
	/** how the last run ended, while it is stopped */
	readonly exited: Exit | undefined;
	/** Starts it again after stop(); resolves once it is ready. */
	start(): Promise<{ readyMs: number }>;
	/** stopSignal to the group, SIGKILL after stopGraceMs, then ends any process left in the group. */
	stop(): Promise<{ stopMs: number }>;
	/** the last lines it printed */
	tail(): string[];
}

const TAIL_LINES = 200;

/** Starts the service and resolves once it is ready (see the file's comment). */
export async function startService(spec: ServiceSpec): Promise<Service> {
	let child: ChildProcess | undefined;
	let exited: Exit | undefined;
	let tail: string[] = [];

	async function start(): Promise<{ readyMs: number }> {
		if (child) throw new Error(`${spec.name} is already running`);
		const t0 = Date.now();
		const log = fs.openSync(spec.logFile, 'a');
		fs.writeSync(
			log,
			`\n==== ${spec.name} ${new Date().toISOString()}: ${spec.command} ${spec.args.join(' ')}\n`,
		);
		tail = [];
		exited = undefined;
		const proc = spawn(spec.command, spec.args, {
			env: spec.env,
			cwd: spec.cwd,
			uid: spec.uid,
			gid: spec.gid,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child = proc;
		const pgid = proc.pid as number;
		trackGroup(pgid);
		if (spec.pidFile) fs.writeFileSync(spec.pidFile, String(pgid));
		const exit = new Promise<Exit>((resolve) =>
			proc.once('exit', (code, signal) => resolve({ code, signal })),
		);
		void exit.then((e) => {
			exited = e;
			untrackGroup(pgid);
			if (child === proc) child = undefined;
		});
		proc.once('close', () => fs.closeSync(log)); // after the last output

		let lineSeen: () => void = () => {};
		const seen = new Promise<void>((resolve) => (lineSeen = resolve));
		const onData = (chunk: Buffer): void => {
			const text = chunk.toString();
			const ms = String(Date.now() - t0).padStart(6);
			fs.writeSync(log, text.replace(/^(?=.)/gm, `+${ms} ms | `));
			if (spec.echo) process.stderr.write(text);
			tail.push(...text.split('\n'));
			if (tail.length > TAIL_LINES) tail = tail.slice(-TAIL_LINES);
			if ('line' in spec.ready && text.includes(spec.ready.line)) lineSeen();
		};
		proc.stdout?.on('data', onData);
		proc.stderr?.on('data', onData);
		proc.once('error', (err) => tail.push(`spawn error: ${err.message}`));

		const { ready } = spec;
		let settled = false;
		const isReady =
			'line' in ready
				? seen
				: waitFor(async () => settled || (await ready.probe()), spec.readyTimeoutMs + 1000, {
						intervalMs: ready.intervalMs ?? 100,
					}).then(() => undefined);
		isReady.catch(() => {}); // raced below; a late rejection is no news
		let timer: NodeJS.Timeout | undefined;
		const outcome = await Promise.race([
			isReady.then(() => 'ready' as const),
			exit.then((e) => `exited ${JSON.stringify(e)}`),
			new Promise<string>(
				(r) =>
					(timer = setTimeout(
						() => r(`not ready after ${spec.readyTimeoutMs} ms`),
						spec.readyTimeoutMs,
					)),
			),
		]);
		settled = true;
		clearTimeout(timer);
		if (outcome !== 'ready') {
			await stop();
			throw new Error(
				`${spec.name} did not start (${outcome}); log ${spec.logFile}:\n${tail.slice(-40).join('\n')}`,
			);
		}
		return { readyMs: Date.now() - t0 };
	}

	async function stop(): Promise<{ stopMs: number }> {
		const t0 = Date.now();
		const proc = child;
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
			child = undefined;
			return { stopMs: 0 };
		}
		const pgid = proc.pid as number;
		const gone = new Promise((r) => proc.once('exit', r));
		signalGroup(pgid, spec.stopSignal);
		const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), spec.stopGraceMs);
		await gone;
		clearTimeout(timer);
		// n8n 2.x's task runner normally exits with n8n, PostgreSQL's backends with the postmaster: end stragglers.
		if (groupMembers(pgid).length) {
			signalGroup(pgid, 'SIGKILL');
			await waitFor(() => groupMembers(pgid).length === 0, 5000, {
				what: `process group ${pgid} to end`,
				intervalMs: 50,
			});
		}
		untrackGroup(pgid);
		if (child === proc) child = undefined;
		await sleep(0); // let 'exit' listeners (exited) run first
		return { stopMs: Date.now() - t0 };
	}

	await start();
	return {
		name: spec.name,
		logFile: spec.logFile,
		get pid() {
			return child?.pid;
		},
		get running() {
			return !!child;
		},
		get exited() {
			return exited;
		},
		start,
		stop,
		tail: () => tail,
	};
}
