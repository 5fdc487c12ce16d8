/**
 * n8n's own CLI, run while the server is stopped (a running server does not see CLI changes): import
 * credentials, import workflows and activate them (1.x update:workflow --active=true, 2.x
 * publish:workflow). Each call boots n8n, a few seconds.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A 16-character id like n8n's own workflow ids. */
export function newWorkflowId(): string {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => abc[b % abc.length]).join('');
}

/**
 * Production webhooks of active workflows that a process must serve before it counts as ready
 * ("METHOD path"): `extra` ("path" means POST), then those of nodes with a webhookId and a literal path.
 */
export function webhookPathsOf(workflows: object[], extra: string[] = []): string[] {
	const paths = extra.map((w) => (w.includes(' ') ? w : `POST ${w}`));
	for (const wf of workflows as any[]) {
		for (const node of wf.nodes ?? []) {
			const p = node.parameters?.path;
			if (node.webhookId && typeof p === 'string' && p && !p.startsWith('=')) {
				paths.push(`${node.parameters.httpMethod ?? 'POST'} ${p}`);
			}
		}
	}
	return paths;
}

export interface N8nCli {
	/** Runs one n8n CLI command, logged to the instance's log; throws with the output's end on failure. */
	run(args: string[]): string;
	/** Imports workflows (an id is generated when missing) and activates them unless told not to; returns their ids. */
	importWorkflows(list: object[], activate?: boolean): string[];
	/** Imports credentials with plaintext `data`. */
	importCredentials(list: object[]): void;
}

export function n8nCli(at: {
	nodeBin: string;
	bin: string;
	env: Record<string, string>;
	userFolder: string;
	logFile: string;
	major: number;
}): N8nCli {
	const { userFolder, logFile } = at;
	function run(args: string[]): string {
		const t0 = Date.now();
		try {
			const out = execFileSync(at.nodeBin, [at.bin, ...args], {
				env: at.env,
				cwd: userFolder,
				stdio: 'pipe',
			}).toString();
			fs.appendFileSync(logFile, `\n$ n8n ${args.join(' ')} (${Date.now() - t0} ms)\n${out}`);
			return out;
		} catch (err) {
			const e = err as { stdout?: Buffer; stderr?: Buffer };
			const out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
			fs.appendFileSync(
				logFile,
				`\n$ n8n ${args.join(' ')} FAILED (${Date.now() - t0} ms)\n${out}`,
			);
			throw new Error(`n8n ${args.join(' ')} failed:\n${out.split('\n').slice(-30).join('\n')}`);
		}
	}
	return {
		run,
		importWorkflows(list, activate = true) {
			if (!list.length) return [];
			const dir = fs.mkdtempSync(path.join(userFolder, 'import-'));
			const ids = list.map((wf, i) => {
				const w = { active: false, settings: {}, ...structuredClone(wf) } as { id?: string };
				w.id ??= newWorkflowId();
				fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(w));
				return w.id;
			});
			run(['import:workflow', '--separate', `--input=${dir}`]);
			for (const id of activate ? ids : []) {
				run(
					at.major >= 2
						? ['publish:workflow', `--id=${id}`]
						: ['update:workflow', `--id=${id}`, '--active=true'],
				);
			}
			return ids;
		},
		importCredentials(list) {
			if (!list.length) return;
			const file = path.join(fs.mkdtempSync(path.join(userFolder, 'import-')), 'credentials.json');
			fs.writeFileSync(file, JSON.stringify(list));
			run(['import:credentials', `--input=${file}`]);
		},
	};
}
