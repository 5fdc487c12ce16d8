import fs from 'node:fs';
import path from 'node:path';
import { groupMembers } from '../processGroups';
import type { N8nCommand } from './types';

/** Resident memory (MB) of every process in an n8n's group (n8n, and the task runner on 2.x), by name and pid. */
export function memoryMb(
	pgid: number | undefined,
	command: N8nCommand,
): Record<string, number> | undefined {
	if (!pgid) return undefined;
	const out: Record<string, number> = {};
	for (const pid of groupMembers(pgid)) {
		try {
			const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			const name = cmd.includes(command)
				? command === 'start'
					? 'n8n'
					: `n8n ${command}`
				: cmd.some((a) => a.includes('task-runner'))
					? 'task-runner'
					: path.basename(cmd.at(-2) ?? '?');
			out[`${name} ${pid}`] = Math.round(Number(rss?.[1] ?? 0) / 1024);
		} catch {}
	}
	return out;
}
