/**
 * Starts a pinned n8n with this package installed (as n8n installs a community package: the packed
 * tarball in ~/.n8n/nodes) and keeps it running, for the e2e suite's external mode to be run
 * against an n8n it did not start. Writes the API key to a file and prints the variables to set.
 *
 *   npm run build && npm run n8n:serve -- 2.41.1 5688 /tmp/modelslab-e2e-shared &
 *   N8N_E2E_EXTERNAL_URL=http://127.0.0.1:5688 N8N_E2E_EXTERNAL_API_KEY_FILE=/tmp/modelslab-e2e-shared/api-key.txt \
 *     N8N_E2E_EXTERNAL_FILES_DIR=/tmp/modelslab-e2e-shared npx jest -c test/e2e/jest.config.js test/e2e/retryOnFail
 *
 * Extra n8n settings come from N8N_SERVE_ENV as JSON (e.g. '{"N8N_DEFAULT_BINARY_DATA_MODE":"database"}').
 * Ends (and removes its folders) on SIGINT/SIGTERM; SIGUSR1 stops n8n and SIGUSR2 starts it again
 * (the suite's restart case: N8N_E2E_EXTERNAL_STOP_CMD="kill -USR1 $(cat <filesDir>/serve.pid)", _START_CMD with -USR2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeApiKey } from './apiKey';
import { startN8n } from './instance';
import { packPackage } from './pack';
import { REPO_ROOT } from './paths';

async function main(): Promise<void> {
	const [version = '2.41.1', port = '5688', filesDir = '/tmp/modelslab-e2e-shared'] =
		process.argv.slice(2);
	fs.mkdirSync(filesDir, { recursive: true });
	const packageTgz = packPackage(REPO_ROOT);
	const n8n = await startN8n({
		version,
		port: Number(port),
		packageTgz,
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			...JSON.parse(process.env.N8N_SERVE_ENV ?? '{}'),
		},
	});
	const keyFile = path.join(filesDir, 'api-key.txt');
	fs.writeFileSync(keyFile, `${await makeApiKey(n8n.baseUrl)}\n`, { mode: 0o600 });
	process.stdout.write(
		`n8n ${version} at ${n8n.baseUrl} (log ${n8n.logFile})\n` +
			`N8N_E2E_EXTERNAL_URL=${n8n.baseUrl} N8N_E2E_EXTERNAL_API_KEY_FILE=${keyFile} N8N_E2E_EXTERNAL_FILES_DIR=${filesDir}\n`,
	);
	const end = async () => {
		await n8n.dispose();
		fs.rmSync(keyFile, { force: true });
		process.exit(0);
	};
	process.once('SIGINT', end);
	process.once('SIGTERM', end);
	// stop and start n8n on signals, for the suite's restart case:
	// N8N_E2E_EXTERNAL_STOP_CMD="kill -USR1 <pid>" N8N_E2E_EXTERNAL_START_CMD="kill -USR2 <pid>"
	// one after the other: a start must not begin while the stopping n8n still writes its database
	let queue = Promise.resolve();
	const then = (step: () => Promise<void>, done: string) => {
		queue = queue.then(step).then(
			() => void process.stdout.write(`${done}\n`),
			(error) => void process.stderr.write(`${error}\n`),
		);
	};
	process.on('SIGUSR1', () => then(() => n8n.stop(), 'n8n stopped'));
	process.on('SIGUSR2', () => then(async () => void (await n8n.start()), 'n8n started'));
	fs.writeFileSync(path.join(filesDir, 'serve.pid'), `${process.pid}\n`);
	setInterval(() => {}, 1 << 30);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
