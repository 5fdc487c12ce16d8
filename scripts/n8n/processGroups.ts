/**
 * Process groups and what this process leaves behind. Every service (n8n, PostgreSQL, Redis) runs in
 * its own process group, so stopping it also ends its children (n8n 2.x's task runner, PostgreSQL's
 * backends, runuser's child); the groups and temp folders still alive are ended and removed when
 * this process exits or gets SIGINT, SIGTERM or SIGHUP (a Ctrl+C does not reach another group).
 */
import fs from 'node:fs';

/** Pids whose process group is `pgid` (from /proc). */
export function groupMembers(pgid: number): number[] {
	const pids: number[] = [];
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid)
				pids.push(Number(d));
		} catch {}
	}
	return pids;
}

/** Sends `signal` to every process of the group; a group already gone is no error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {}
}

/**
 * Runs `cleanup` when this process exits or gets SIGINT, SIGTERM or SIGHUP, then lets the signal do
 * what it would have done (once the last such handler has run).
 */
export function onProcessEnd(cleanup: () => void): void {
	process.on('exit', cleanup);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			cleanup();
			if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
		});
	}
}

const liveGroups = new Set<number>();
const tempDirs = new Set<string>();

/** A process group started here: SIGKILLed if this process ends first. */
export function trackGroup(pgid: number): void {
	liveGroups.add(pgid);
}
export function untrackGroup(pgid: number): void {
	liveGroups.delete(pgid);
}

/** A temp folder removed if this process ends before `forgetTempDir` (after the groups are killed). */
export function removeOnProcessEnd(dir: string): void {
	tempDirs.add(dir);
}
export function forgetTempDir(dir: string): void {
	tempDirs.delete(dir);
}

onProcessEnd(() => {
	for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
	liveGroups.clear();
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
});
