/**
 * The load generator: this one long-lived Node process, keep-alive sockets on loopback, a fixed
 * number of requests in flight. The same generator (and agent) drives every side of a comparison.
 */
import http from 'node:http';

export interface Answer {
	status: number;
	ms: number;
	body: string;
}

export class LoadGenerator {
	private readonly agent: http.Agent;

	constructor(readonly concurrency: number) {
		this.agent = new http.Agent({
			keepAlive: true,
			maxSockets: concurrency,
			maxFreeSockets: concurrency,
		});
	}

	post(url: string, body: string): Promise<Answer> {
		return new Promise((resolve) => {
			const t0 = performance.now();
			const req = http.request(
				url,
				{
					method: 'POST',
					agent: this.agent,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body),
					},
				},
				(res) => {
					const parts: Buffer[] = [];
					res.on('data', (c: Buffer) => parts.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							ms: performance.now() - t0,
							body: Buffer.concat(parts).toString('utf8'),
						}),
					);
				},
			);
			req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, body: e.message }));
			req.end(body);
		});
	}

	/** POSTs every body to `url`, `concurrency` at a time; answers in body order. */
	async run(
		url: string,
		bodies: string[],
	): Promise<{ answers: Answer[]; wallMs: number; startedAt: number }> {
		const answers: Answer[] = new Array(bodies.length);
		let next = 0;
		const startedAt = Date.now();
		const t0 = performance.now();
		const worker = async () => {
			while (next < bodies.length) {
				const i = next++;
				answers[i] = await this.post(url, bodies[i]);
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.concurrency, bodies.length) }, worker));
		return { answers, wallMs: performance.now() - t0, startedAt };
	}

	close(): void {
		this.agent.destroy();
	}
}
