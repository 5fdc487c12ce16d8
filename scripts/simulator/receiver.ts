import type { AddressInfo } from 'node:net';
import express from 'express';

/** One callback POST as the receiver saw it. */
export interface ReceivedCallback {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
	/** The HTTP code the receiver answered. */
	answered: number;
	time: number;
}

export interface Receiver {
	/** `http://127.0.0.1:<port>` */
	url: string;
	received: ReceivedCallback[];
	/** Resolves once `count` callbacks have been received (rejects after `timeoutMs`). */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
	close(): Promise<void>;
}

/**
 * A local callback receiver for tests: answers each POST with `respond(n)` (n = 1 for the first
 * callback received), 200 by default.
 */
export async function createReceiver(
	respond: (n: number, body: Record<string, unknown>) => number = () => 200,
): Promise<Receiver> {
	const received: ReceivedCallback[] = [];
	const waiters: Array<{ count: number; resolve: () => void }> = [];
	const app = express();
	app.use(express.json());
	app.use((req, res) => {
		if (req.method !== 'POST') {
			res.status(405).end();
			return;
		}
		const body = (req.body ?? {}) as Record<string, unknown>;
		const answered = respond(received.length + 1, body);
		received.push({
			path: req.path,
			headers: { ...req.headers },
			body,
			answered,
			time: Date.now(),
		});
		res.status(answered).json({ received: true });
		for (const waiter of [...waiters]) {
			if (received.length >= waiter.count) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		}
	});
	const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		waitFor(count, timeoutMs = 5000) {
			if (received.length >= count) return Promise.resolve(received);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() =>
						reject(
							new Error(`received ${received.length} of ${count} callbacks in ${timeoutMs} ms`),
						),
					timeoutMs,
				);
				timer.unref();
				waiters.push({
					count,
					resolve: () => {
						clearTimeout(timer);
						resolve(received);
					},
				});
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
