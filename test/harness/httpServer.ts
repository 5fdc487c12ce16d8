/**
 * A real HTTP server (express 5 on 127.0.0.1, random port) in front of a harness instance, laid out
 * like n8n's webhook server (`packages/cli/src/abstract-server.ts`):
 * - every request first gets n8n's `rawBodyReader` (content type parsed, body read lazily, size
 *   limit `N8N_PAYLOAD_SIZE_MAX`, default 16 MiB); no body parser runs before the webhook routes,
 *   `executeWebhook` parses the body itself (requestBody.ts), so a body JSON cannot parse is
 *   answered 422 by n8n before the node runs, and other content types reach the node raw;
 * - `ALL /webhook-waiting/:executionId{/:suffix}` → waitingWebhooks.ts;
 * - `ALL /webhook/*path` → liveWebhooks.ts (workflows activated on the instance);
 * - answers as `WebhookRequestHandler` does (unsupported method → 500, OPTIONS → 204, errors as
 *   `{ code, message, hint? }`).
 * Requests are handled concurrently, as in n8n. Starting the server points the instance's URLs
 * (resume URLs, webhook URLs) at it, so start it before running workflows that need them.
 */
import type { Request, Response } from 'express';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ExecutionHandle } from './executionHandle';
import type { N8nInstance } from './instance';
import { handleLiveWebhook } from './liveWebhooks';
import { DEFAULT_PAYLOAD_SIZE_MAX_MB, attachRawBodyReader } from './webhookRequest';
import type { WebhookRequest } from './webhookRequest';
import { handleWaitingWebhook } from './waitingWebhooks';
import type { WebhookOutcome } from './webhookResponder';
import { sendErrorResponse, sendWebhookOutcome } from './webhookResponder';

const WEBHOOK_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

export interface HttpServerOptions {
	/** `N8N_PAYLOAD_SIZE_MAX` in MiB (default 16). */
	payloadSizeMaxMb?: number;
}

export interface HarnessHttpServer {
	readonly instance: N8nInstance;
	readonly port: number;
	/** `http://127.0.0.1:<port>` */
	readonly baseUrl: string;
	readonly webhookBaseUrl: string;
	readonly webhookWaitingBaseUrl: string;
	/** Executions that ended in a final status, in order (the instance's list). */
	readonly executions: ExecutionHandle[];
	/** Resolves with the first `count` finished executions (see `N8nInstance.waitForExecutions`). */
	waitForExecutions(count: number, timeoutMs?: number): Promise<ExecutionHandle[]>;
	close(): Promise<void>;
}

type Handler = (
	req: WebhookRequest,
	res: Response,
	respond: (outcome: WebhookOutcome) => void,
) => Promise<unknown>;

/** `WebhookRequestHandler.handleRequest` around one of the webhook managers. */
function webhookRoute(handler: Handler) {
	return async (request: Request, res: Response) => {
		const req = request as WebhookRequest;
		if (req.method !== 'OPTIONS' && !WEBHOOK_METHODS.includes(req.method)) {
			sendErrorResponse(res, new Error(`The method ${req.method} is not supported.`));
			return;
		}
		if (req.method === 'OPTIONS') {
			res.status(204).json({});
			return;
		}
		let answered = false;
		try {
			await handler(req, res, (outcome) => {
				if (answered) return;
				answered = true;
				if (!res.headersSent) sendWebhookOutcome(res, outcome);
			});
		} catch (error) {
			if (!answered && !res.headersSent) {
				answered = true;
				sendErrorResponse(res, error as Error);
			}
		}
	};
}

export async function startHttpServer(
	instance: N8nInstance,
	options: HttpServerOptions = {},
): Promise<HarnessHttpServer> {
	const payloadSizeMaxMb = options.payloadSizeMaxMb ?? DEFAULT_PAYLOAD_SIZE_MAX_MB;
	const app = express();
	app.disable('x-powered-by');
	app.use((req, _res, next) => {
		attachRawBodyReader(req, payloadSizeMaxMb);
		next();
	});

	app.all(
		'/webhook-waiting/:executionId{/:suffix}',
		webhookRoute(async (req, res, respond) => {
			const { executionId, suffix } = req.params as { executionId: string; suffix?: string };
			return await handleWaitingWebhook(instance, req, res, { executionId, suffix }, respond);
		}),
	);

	app.all(
		'/webhook/*path',
		webhookRoute(async (req, res, respond) => {
			const segments = (req.params as { path: string | string[] }).path;
			const path = Array.isArray(segments) ? segments.join('/') : segments;
			return await handleLiveWebhook(instance, req, res, path, respond);
		}),
	);

	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;
	instance.baseUrl = baseUrl;

	return {
		instance,
		port,
		baseUrl,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		executions: instance.finishedExecutions,
		waitForExecutions: async (count, timeoutMs) =>
			await instance.waitForExecutions(count, timeoutMs),
		close: async () => {
			instance.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
