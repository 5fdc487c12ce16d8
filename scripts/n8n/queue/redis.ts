/** A throwaway Redis: redis-server on a free port, 127.0.0.1 only, no RDB snapshots, no AOF. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { forgetTempDir, removeOnProcessEnd } from '../processGroups';
import { startService } from '../service';
import { freePort } from '../waitFor';

/** Whether Redis on `port` answers PING with PONG. */
function redisPing(port: number): Promise<boolean> {
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

export type RunningRedis = Awaited<ReturnType<typeof startRedis>>;

export async function startRedis(redisServer: string) {
	const t0 = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	removeOnProcessEnd(dir);
	const port = await freePort();
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		dir,
		'--protected-mode',
		'no',
		'--daemonize',
		'no',
	];
	const removeDir = (): void => {
		fs.rmSync(dir, { recursive: true, force: true });
		forgetTempDir(dir);
	};
	const service = await startService({
		name: `redis-server port ${port}`,
		command: redisServer,
		args,
		cwd: dir,
		logFile: path.join(dir, 'redis.log'),
		ready: { probe: () => redisPing(port), intervalMs: 50 },
		readyTimeoutMs: 15000,
		stopSignal: 'SIGTERM',
		stopGraceMs: 10000,
	}).catch((err) => {
		removeDir();
		throw err;
	});
	return {
		port,
		dir,
		logFile: service.logFile,
		timings: { readyMs: Date.now() - t0 },
		pid: service.pid,
		async stop(): Promise<void> {
			await service.stop();
			removeDir();
		},
	};
}
