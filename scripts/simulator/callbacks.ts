import http from 'node:http';
import https from 'node:https';
import type { TimerBag } from './timers';
import type { CallbackAttempt, CallbackRetryOptions } from './types';

export interface PostResult {
	responseCode: number | null;
	error?: string;
}

export interface Delivery {
	/** Settles when the first attempt has an answer (or failed). */
	firstAttempt: Promise<void>;
	/** Settles when the delivery succeeded, gave up, or the simulator closed. */
	done: Promise<void>;
}

/** Codes worth another try: conflicts (the receiver was not ready), throttling and server errors. */
function retryable(result: PostResult): boolean {
	const code = result.responseCode;
	if (code === null) return true;
	return code === 408 || code === 409 || code === 425 || code === 429 || code >= 500;
}

/**
 * Posts callbacks: JSON, one connection per attempt; when a delivery may retry (the `retry`
 * policy), it does so with exponential backoff on 408/409/425/429/5xx and connection errors, at
 * most `maxAttempts` tries.
 * Every attempt is recorded.
 */
export class CallbackSender {
	private readonly inFlight = new Set<http.ClientRequest>();
	private closed = false;
	/** Bumped by close(): deliveries started before stop even after reopen(). */
	private epoch = 0;
	/** Set by hold(): attempts wait for it before they are sent. */
	private gate?: { opened: Promise<void>; open: () => void };
	private waiting = 0;

	constructor(
		private readonly timers: TimerBag,
		private readonly retry: CallbackRetryOptions,
		private readonly record: (attempt: CallbackAttempt) => void,
	) {}

	/** Sends one delivery: at most `maxAttempts` tries (1 under the `once` policy). */
	deliver(
		jobId: string,
		url: string,
		body: Record<string, unknown>,
		delivery: number,
		phase: 'progress' | 'final',
		maxAttempts = this.retry.maxAttempts,
	): Delivery {
		let markFirst: () => void = () => {};
		const firstAttempt = new Promise<void>((resolve) => (markFirst = resolve));
		const epoch = this.epoch;
		const stopped = () => this.closed || this.epoch !== epoch;
		const done = (async () => {
			for (let attempt = 1; attempt <= maxAttempts && !stopped(); attempt++) {
				while (this.gate && !stopped()) {
					this.waiting++;
					await this.gate.opened;
					this.waiting--;
				}
				if (stopped()) break;
				const result = await this.post(url, body);
				if (stopped()) break;
				this.record({ jobId, url, body, ...result, attempt, delivery, phase, time: Date.now() });
				if (attempt === 1) markFirst();
				if (!retryable(result)) break;
				if (attempt === maxAttempts) break;
				const wait = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
				if (!(await this.timers.sleep(wait))) break;
			}
			markFirst();
		})();
		return { firstAttempt, done };
	}

	/**
	 * Holds every attempt not yet sent (first tries and retries) until release(), as a sender does
	 * when the receiver is known to be down. Attempts already in flight finish.
	 */
	hold(): void {
		if (this.gate) return;
		let open: () => void = () => {};
		const opened = new Promise<void>((resolve) => (open = resolve));
		this.gate = { opened, open };
	}

	/** Sends the held attempts, all at once. */
	release(): void {
		const gate = this.gate;
		this.gate = undefined;
		gate?.open();
	}

	/** How many attempts are waiting for release(). */
	get held(): number {
		return this.waiting;
	}

	/** Stops retries and aborts callbacks in flight. */
	close(): void {
		this.release();
		this.closed = true;
		this.epoch++;
		for (const request of this.inFlight) request.destroy();
		this.inFlight.clear();
	}

	/** Allows deliveries again after `close()` (used by `reset()`). */
	reopen(): void {
		this.closed = false;
	}

	private post(url: string, body: Record<string, unknown>): Promise<PostResult> {
		return new Promise((resolve) => {
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				resolve({ responseCode: null, error: `invalid URL ${url}` });
				return;
			}
			const payload = Buffer.from(JSON.stringify(body), 'utf8');
			const client = target.protocol === 'https:' ? https : http;
			let settled = false;
			let answered: number | null = null;
			const finish = (result: PostResult) => {
				if (settled) return;
				settled = true;
				this.inFlight.delete(request);
				resolve(result);
			};
			const request = client.request(
				target,
				{
					method: 'POST',
					agent: false,
					headers: {
						'content-type': 'application/json',
						'content-length': String(payload.length),
						'user-agent': 'ModelsLab-Simulator/1.0',
						connection: 'close',
					},
					timeout: this.retry.timeoutMs,
				},
				(response) => {
					answered = response.statusCode ?? null;
					response.resume();
					response.on('end', () => finish({ responseCode: response.statusCode ?? null }));
					response.on('error', () => finish({ responseCode: response.statusCode ?? null }));
				},
			);
			request.on('timeout', () => {
				request.destroy();
				finish({ responseCode: null, error: `no answer within ${this.retry.timeoutMs} ms` });
			});
			request.on('error', (error: NodeJS.ErrnoException) =>
				finish({ responseCode: null, error: error.code ?? error.message }),
			);
			// The request's 'error' above reports a failed attempt. A socket can still emit 'error' after
			// the request was destroyed (a timeout, reset()), when nothing listens on it any more: under
			// nock's interceptor, loaded by another test file in the same jest worker, that crashed the worker.
			request.on('socket', (socket) => socket.on('error', () => undefined));
			request.on('close', () =>
				finish(
					answered === null
						? { responseCode: null, error: 'connection closed' }
						: { responseCode: answered },
				),
			);
			this.inFlight.add(request);
			request.end(payload);
		});
	}
}
