/**
 * Shared set-up for the node tests: a harness n8n with our nodes and credential, a real HTTP
 * server for webhooks, nock standing in for ModelsLab, and small helpers to drive both.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ModelsLabApi } from '../../credentials/ModelsLabApi.credentials';
import { ModelsLab } from '../../nodes/ModelsLab/ModelsLab.node';
import { ModelsLabTrigger } from '../../nodes/ModelsLabTrigger/ModelsLabTrigger.node';
import { forgetAllWaits } from '../../nodes/ModelsLab/modes/callback/waits';
import { ManualStart } from '../harness/fixtures/ManualStart.node';
import { NoOp } from '../harness/fixtures/NoOp.node';
import type { HarnessHttpServer, HttpServerOptions, N8nInstanceOptions } from '../harness';
import { chain, createInstance, runWorkflow, startHttpServer } from '../harness';
import type { ExecutionHandle, N8nInstance } from '../harness/workflow';

export const API = 'https://modelslab.test';
export const BASE_URL = `${API}/api`;
export const API_KEY = 'test-key';

export interface TestN8n {
	n8n: N8nInstance;
	server: HarnessHttpServer;
}

const servers: HarnessHttpServer[] = [];

export async function startN8n(
	options: N8nInstanceOptions = {},
	serverOptions: HttpServerOptions = {},
): Promise<TestN8n> {
	const n8n = await createInstance({
		nodeTypes: [ModelsLab, ModelsLabTrigger, ManualStart, NoOp],
		credentialTypes: [ModelsLabApi],
		credentials: { modelsLabApi: { apiKey: API_KEY, baseUrl: BASE_URL } },
		...options,
	});
	const server = await startHttpServer(n8n, serverOptions);
	servers.push(server);
	return { n8n, server };
}

/**
 * Call in a describe block: nock blocks the network but the harness's loopback server.
 * `keepWaits`: executions left waiting stay known to this process between tests (a suite that
 * attacks the same waiting executions test after test); otherwise each test starts fresh.
 */
export function useNock(options: { keepWaits?: boolean } = {}): void {
	beforeEach(() => {
		nock.disableNetConnect();
		nock.enableNetConnect('127.0.0.1');
	});
	afterEach(() => {
		nock.cleanAll();
		nock.enableNetConnect();
		// Each test starts as a fresh n8n: a batch left waiting stops knocking (modes/callback/knock.ts).
		if (!options.keepWaits) forgetAllWaits();
	});
	afterAll(async () => {
		// The suite's n8n goes away: its waits with it, so no knock keeps knocking on a closed
		// server (a failed knock is retried for up to 240 knocks, and would keep Jest from exiting).
		forgetAllWaits();
		await Promise.all(servers.splice(0).map(async (server) => await server.close()));
		// Jest runs test files one after another in the same process, each with its own nock; a
		// file's interceptor left on Node's http would sit under the next file's and cut streamed
		// bodies short.
		nock.restore();
	});
}

/**
 * Runs Start → ModelsLab → (Success, Failed NoOps) and returns the execution handle. The node is
 * version 1 (the full output) unless `typeVersion` says otherwise.
 */
export async function runModelsLab(
	n8n: N8nInstance,
	parameters: IDataObject,
	inputItems: INodeExecutionData[] = [{ json: {} }],
	extra: { continueOnFail?: boolean; type?: string; typeVersion?: number } = {},
): Promise<ExecutionHandle> {
	return await runWorkflow({
		instance: n8n,
		nodes: [
			{ name: 'Start', type: 'manualStart' },
			{
				name: 'ModelsLab',
				type: extra.type ?? 'modelsLab',
				typeVersion: extra.typeVersion ?? 1,
				parameters: parameters as INodeParameters,
				...(extra.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
			{ name: 'Success', type: 'noOp' },
			{ name: 'Failed', type: 'noOp' },
		],
		connections: {
			...chain('Start', 'ModelsLab'),
			ModelsLab: {
				main: [
					[{ node: 'Success', type: 'main', index: 0 }],
					[{ node: 'Failed', type: 'main', index: 0 }],
				],
			},
		},
		inputItems,
	});
}

export const textToImage = (extra: IDataObject = {}): IDataObject => ({
	resource: 'image',
	operation: 'textToImage',
	apiVersion: 'v6',
	modelId: { __rl: true, mode: 'list', value: 'flux' },
	prompt: 'a lighthouse at dusk',
	...extra,
});

export const TEXT2IMG_SUBMIT = '/api/v6/images/text2img';

/** The item index a submit was for, read from the webhook the node put in its body. */
export const itemOf = (body: IDataObject) =>
	Number(new URL(String(body.webhook)).searchParams.get('mlItem'));

/**
 * Nocks `count` text-to-image submits, answering processing with id `firstId + item index`;
 * returns the submitted bodies in item order (items are submitted concurrently).
 */
export function acceptSubmits(count: number, firstId = 100): IDataObject[] {
	const bodies: IDataObject[] = [];
	nock(API)
		.post(TEXT2IMG_SUBMIT, (body: IDataObject) => {
			bodies[itemOf(body)] = body;
			return true;
		})
		.times(count)
		.reply(200, (_uri, body) => ({
			status: 'processing',
			id: firstId + itemOf(body as IDataObject),
			eta: 20,
			output: [],
		}));
	return bodies;
}

export async function post(url: string, body: unknown, contentType = 'application/json') {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: IDataObject | undefined;
	try {
		json = JSON.parse(text) as IDataObject;
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

/** The webhook URL ModelsLab was given for an item, read from the recorded submit body. */
export function webhookOf(body: IDataObject): string {
	return String(body.webhook);
}

export const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
		'1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
	'hex',
);

/**
 * Waits until a resumed execution has finished. The node answers ModelsLab before it downloads
 * the files and n8n continues the run, so the answer comes before the run ends.
 */
export async function finished(
	handle: ExecutionHandle,
	timeoutMs = 5000,
): Promise<ExecutionHandle> {
	const deadline = Date.now() + timeoutMs;
	while (['waiting', 'running', 'new'].includes(handle.status)) {
		if (Date.now() > deadline)
			throw new Error(
				`Execution ${handle.executionId} still ${handle.status} after ${timeoutMs} ms`,
			);
		await new Promise((resolve) => setTimeout(resolve, 10));
		await handle.settled();
	}
	return handle;
}
