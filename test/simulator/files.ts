/**
 * `GET /files/<name>.<ext>`: the output files of simulated jobs. ModelsLab answers a finished job
 * with URLs of its files on its CDN (`output`, `proxy_links`: every category's openapi.json); the
 * simulator serves, under any name, its small real file for that extension (media/).
 *
 * A job submitted with the scenario `fileBytes:<n>` has output files of n bytes: the real file
 * followed by filler bytes, generated chunk by chunk as the client reads them (backpressure), so a
 * 2 GB file costs the simulator a 64 KB buffer, not 2 GB. ModelsLab documents no file sizes; its
 * outputs include videos and 3D models of unbounded length (video-api/, 3d-api/), and the size is a
 * test knob for the node's bounded-memory downloads (bench/memory.ts), not a ModelsLab behaviour.
 * The answer carries Content-Length, as a file on a CDN does.
 */
import { Readable } from 'node:stream';
import type { Request, Response } from 'express';

import type { SimContext } from './context';
import { answerFault, nextFault } from './faults';

const CHUNK_BYTES = 64 * 1024;

/** `head`, then filler up to `total` bytes, made as the reader asks for them. */
export function generatedFile(head: Buffer, total: number): Readable {
	const filler = Buffer.alloc(CHUNK_BYTES, 0x5a);
	let sent = 0;
	return new Readable({
		highWaterMark: CHUNK_BYTES,
		read() {
			if (sent >= total) {
				this.push(null);
				return;
			}
			const chunk = sent < head.length ? head.subarray(sent, Math.min(head.length, total)) : filler.subarray(0, Math.min(CHUNK_BYTES, total - sent));
			sent += chunk.length;
			this.push(chunk);
		},
	});
}

export function filesRoute(ctx: SimContext): (req: Request, res: Response) => void {
	return (req, res) => {
		const name = String(req.params.name ?? '');
		// Output files are named <job id>-<index>.<ext>: that job's file faults apply.
		const job = name.includes('-') ? ctx.jobs.get(name.slice(0, name.lastIndexOf('-'))) : undefined;
		const fault = job && nextFault(ctx, `file:${String(job.id)}`, job.scenario.fileFaults);
		if (fault) return answerFault(ctx, req, res, fault, 'file');
		const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
		const file = ctx.files.get(extension);
		if (!file) {
			res.status(404).type('text/plain').send(`No simulated file for "${name}"`);
			return;
		}
		const size = job?.scenario.fileBytes ?? file.bytes.length;
		res.status(200);
		res.setHeader('content-type', file.contentType);
		res.setHeader('content-length', String(size));
		res.setHeader('cache-control', 'no-store');
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		if (size === file.bytes.length) {
			res.end(file.bytes);
			return;
		}
		const body = generatedFile(file.bytes, size);
		// A client that stops reading (a download refused at its limit) ends the stream here too.
		res.on('close', () => body.destroy());
		body.pipe(res);
	};
}
