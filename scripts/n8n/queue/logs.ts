/** What a queue-mode stack's processes wrote: kept logs, workers' jobs, n8n's event logs. */
import fs from 'node:fs';
import path from 'node:path';

/** Copies files into `dir` (before their folders are removed); returns the copies. */
export function copyAside(files: string[], dir: string): string[] {
	return files
		.filter((f) => fs.existsSync(f))
		.map((f) => {
			const to = path.join(dir, path.basename(f));
			fs.copyFileSync(f, to);
			return to;
		});
}

/** Copies n8n's logs (`<process>/n8n.log`, `<process>/.n8n/n8nEventLog*.log`) and the service logs to `dest`. */
export function keepLogs(root: string, serviceLogs: string[], dest: string): void {
	fs.mkdirSync(dest, { recursive: true });
	for (const proc of fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
		const dotN8n = path.join(root, proc.name, '.n8n');
		const files = [path.join(root, proc.name, 'n8n.log')];
		if (fs.existsSync(dotN8n)) {
			files.push(
				...fs
					.readdirSync(dotN8n)
					.filter((f) => f.startsWith('n8nEventLog'))
					.map((f) => path.join(dotN8n, f)),
			);
		}
		fs.mkdirSync(path.join(dest, proc.name), { recursive: true });
		copyAside(files, path.join(dest, proc.name));
	}
	copyAside(serviceLogs, dest);
}

export type WorkerJob = { worker: number; executionId: string; job: string; finished: boolean };

/**
 * Which worker ran which execution, from the workers' own log lines ("Worker started execution
 * <id> (job <job>)", "Worker finished execution …"): starting and each resume are one job each.
 */
export function workerJobs(workerLogFiles: string[]): WorkerJob[] {
	return workerLogFiles.flatMap((logFile, index) => {
		const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		const done = new Set(
			[...text.matchAll(/Worker finished execution \d+ \(job (\w+)\)/g)].map((m) => m[1]),
		);
		return [...text.matchAll(/Worker started execution (\d+) \(job (\w+)\)/g)].map((m) => ({
			worker: index + 1,
			executionId: m[1],
			job: m[2],
			finished: done.has(m[2]),
		}));
	});
}

export type N8nEvent = { eventName: string; ts: string; payload: Record<string, any> };

/**
 * The events an n8n process wrote to its own event log (`<userFolder>/.n8n/n8nEventLog*.log`, on by
 * default): e.g. `n8n.queue.job.enqueued` with `payload.executionId`, from the process that queued it.
 */
export function eventsOf(userFolder: string): N8nEvent[] {
	const dir = path.join(userFolder, '.n8n');
	const files = fs.existsSync(dir)
		? fs.readdirSync(dir).filter((f) => /^n8nEventLog.*\.log$/.test(f))
		: [];
	return files.flatMap((f) =>
		fs
			.readFileSync(path.join(dir, f), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.flatMap((line) => {
				try {
					return [JSON.parse(line) as N8nEvent];
				} catch {
					return []; // a line being written
				}
			}),
	);
}
