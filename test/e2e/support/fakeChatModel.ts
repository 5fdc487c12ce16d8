/**
 * A stand-in for OpenAI's Chat Completions API, so an n8n AI Agent can run in the e2e suite without
 * a real model. It plays the simplest agent: asked with tools and no tool result yet, it calls the
 * first tool (arguments filled from the tool's JSON schema); once a tool result is in the messages,
 * it answers with that result as text. Streams (SSE) when asked to. Loopback only; every request is
 * kept for the tests.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>;

/** What the fake puts in every required string argument of a tool call. */
export const FILLED_STRING = 'an image for the agent';

export interface FakeChatModel {
	/** Base URL to put in n8n's OpenAI credential (`…/v1`). */
	url: string;
	requests: Json[];
	close(): Promise<void>;
}

/** A value for every required property of a JSON schema, so the tool call validates. */
function argumentsFor(schema: Json | undefined, filled: string): Json {
	const args: Json = {};
	for (const name of (schema?.required as string[] | undefined) ?? []) {
		const type = schema?.properties?.[name]?.type;
		args[name] = type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : filled;
	}
	return args;
}

/** The assistant message this fake answers `body` with. */
function reply(body: Json, filled: string): { message: Json; finish: string } {
	const messages = (body.messages as Json[] | undefined) ?? [];
	const toolResult = messages.find((m) => m.role === 'tool');
	if (toolResult)
		return {
			message: { role: 'assistant', content: `Tool result: ${String(toolResult.content)}` },
			finish: 'stop',
		};
	const tool = (body.tools as Json[] | undefined)?.[0]?.function;
	if (!tool) return { message: { role: 'assistant', content: 'No tool to call.' }, finish: 'stop' };
	const call = {
		id: 'call_fake_1',
		type: 'function',
		function: { name: tool.name, arguments: JSON.stringify(argumentsFor(tool.parameters, filled)) },
	};
	return {
		message: { role: 'assistant', content: null, tool_calls: [call] },
		finish: 'tool_calls',
	};
}

async function readJson(req: IncomingMessage): Promise<Json> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
}

/**
 * `filled`: what goes in every required string argument (default FILLED_STRING); a test can put
 * simulator scenario tokens in it (`[sim:delay:8000] …`).
 */
export async function startFakeChatModel(filled = FILLED_STRING): Promise<FakeChatModel> {
	const requests: Json[] = [];
	const server: Server = createServer((req, res) => {
		void (async () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res
					.writeHead(404, { 'content-type': 'application/json' })
					.end(JSON.stringify({ error: { message: `not faked: ${req.method} ${req.url}` } }));
				return;
			}
			const body = await readJson(req);
			requests.push(body);
			const { message, finish } = reply(body, filled);
			const base = {
				id: `chatcmpl-${requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: String(body.model),
			};
			if (!body.stream) {
				const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						...base,
						object: 'chat.completion',
						choices: [{ index: 0, message, finish_reason: finish }],
						usage,
					}),
				);
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const send = (delta: Json, finishReason: string | null) =>
				res.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
				);
			const toolCalls = (message.tool_calls as Json[] | undefined)?.map((call, index) => ({
				index,
				...call,
			}));
			send(
				{
					role: 'assistant',
					...(toolCalls ? { tool_calls: toolCalls } : { content: message.content }),
				},
				null,
			);
			send({}, finish);
			res.end('data: [DONE]\n\n');
		})().catch((error: unknown) => {
			res.writeHead(500).end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
