/** Waiting: for a condition, for a while, for a free port. */
import net from 'node:net';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; returns that value. Errors count as "not yet". */
export async function waitFor<T>(
	fn: () => T | Promise<T>,
	timeoutMs = 30000,
	opts: { intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let lastErr: unknown;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v as NonNullable<T>;
		} catch (err) {
			lastErr = err;
		}
		if (Date.now() > deadline) {
			const why = lastErr instanceof Error ? ` (last error: ${lastErr.message})` : '';
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'condition'}${why}`,
			);
		}
		await sleep(opts.intervalMs ?? 100);
	}
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address() as net.AddressInfo;
			srv.close(() => resolve(addr.port));
		});
	});
}
