import express, { type Request, type Response } from 'express';
import { checkKey, keyOf, sendJson, type SimContext } from './context';
import { queuedJobs } from './queue';
import { answerFault, nextFault } from './faults';
import { searchModels } from './models';
import { serveUpload } from './uploads';
import { walletBody } from './wallet';

/**
 * Endpoints outside the catalogue: wallet balance, the model search, the processing count,
 * workflow-run cancel, and the output files under `/files`.
 */
export function extraApiRoutes(ctx: SimContext): express.Router {
	const router = express.Router();

	router.post('/wallet_balance', (req, res) => {
		if (!checkKey(ctx, req, res, 'body')) return;
		sendJson(res, 200, walletBody(ctx, String(keyOf(req, 'body'))));
	});

	// ModelsLab/docs-v2 general-api/openapi.json, POST /processing/request_count (server
	// https://modelslab.com/api/v6): the key's current number of processing requests, as
	// ProcessingRequestCountResponse; the same jobs the queue cap counts (queue.ts).
	router.post('/v6/processing/request_count', (req, res) => {
		if (!checkKey(ctx, req, res, 'body')) return;
		const processing = queuedJobs(ctx, String(keyOf(req, 'body'))).length;
		sendJson(res, 200, {
			status: 'success',
			processing_count: processing,
			message: 'Current processing request count retrieved successfully',
		});
	});

	router.get('/v7/models', (req, res) => {
		if (!checkKey(ctx, req, res, 'query')) return;
		const text = (name: string) =>
			typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
		const found = searchModels({
			search: text('search'),
			feature: text('feature'),
			category: text('category'),
		});
		const perPage = Math.max(1, Number(text('per_page') ?? 20) || 20);
		const page = Math.max(1, Number(text('page') ?? 1) || 1);
		const data = found
			.slice((page - 1) * perPage, page * perPage)
			.map((model) => ({ ...model, name: model.model_name, model_type: model.feature }));
		sendJson(res, 200, {
			status: 'success',
			data,
			meta: { total: found.length, page, per_page: perPage },
		});
	});

	router.post('/v1/workflows/:workflowId/runs/:executionId/cancel', (req, res) => {
		if (!checkKey(ctx, req, res, 'header')) return;
		const job = ctx.jobsByFetchId.get(`${req.params.workflowId}/runs/${req.params.executionId}`);
		if (!job) {
			sendJson(res, ctx.options.notFoundHttpStatus, {
				status: 'error',
				message: 'Execution not found',
			});
			return;
		}
		if (Date.now() < job.completesAt) job.cancelled = true;
		sendJson(res, 200, {
			status: 'success',
			message: job.cancelled ? 'Execution cancelled.' : 'Execution already finished.',
		});
	});

	return router;
}

/** `GET /files/<name>.<ext>`: the simulator's file for that extension, whatever the name. */
export function filesRoute(ctx: SimContext): (req: Request, res: Response) => void {
	return (req, res) => {
		const name = String(req.params.name ?? '');
		if (serveUpload(ctx, name, req, res)) return;
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
		if (!job?.scenario.noLength) res.setHeader('content-length', String(size));
		res.setHeader('cache-control', 'no-store');
		if (req.method === 'HEAD') return void res.end();
		if (size === file.bytes.length) return void res.end(file.bytes);
		streamPadded(res, file.bytes, size);
	};
}

const CHUNK = Buffer.alloc(64 * 1024);

/**
 * `size` bytes: the real file first (so its type can be told from its start), then zeros, written
 * in 64 KB chunks as the client reads them. The simulator never holds the whole file.
 */
function streamPadded(res: Response, head: Buffer, size: number): void {
	let left = size;
	const first = head.subarray(0, Math.min(head.length, size));
	left -= first.length;
	const pump = () => {
		while (left > 0) {
			const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, left));
			left -= chunk.length;
			if (!res.write(chunk)) return void res.once('drain', pump);
		}
		res.end();
	};
	res.on('close', () => {
		left = 0;
	});
	if (res.write(first)) pump();
	else res.once('drain', pump);
}
