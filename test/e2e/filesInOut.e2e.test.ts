/**
 * Scenario 12, files in and files out, in a real n8n in each binary-data mode of
 * N8N_E2E_BINARY_MODES (comma-separated; default `filesystem`, n8n's default outside queue mode;
 * `database` is queue mode's default in 2.x and 3.x, which keeps both and drops the in-memory one):
 * Read/Write Files from Disk reads a photo → ModelsLab (Image Editing › Remove Background, the
 * image given as the item's binary property; a new node, version 1.1, so Simplify is on) uploads
 * it through ModelsLab's base64-to-URL endpoint, submits the edit with that URL, polls, and
 * downloads the result → Read/Write Files from Disk writes it back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { readOut, startStack, type Stack } from './support/stack';
import { PKG, credentials, node, to, webhook, writeFile, type Workflow } from './support/workflows';

type Json = Record<string, any>;

const WORKFLOW_ID = 'e2eMlFilesInOut1';
const PATH = 'e2e-photo';
const NODES = { read: 'Read Photo', edit: 'Remove Background', write: 'Write Result' } as const;
const AUDIO_WORKFLOW_ID = 'e2eMlFilesHttp01';
const AUDIO_PATH = 'e2e-audio-url';
const AUDIO = { get: 'Download Recording', transcribe: 'Transcribe' } as const;

/**
 * Webhook `{url}` → HTTP Request (GET, Response Format File: n8n's own binary data) → ModelsLab
 * Audio › Speech to Text (v6) with the recording as a binary input, which goes through ModelsLab's
 * general base64-to-URL endpoint (audio is not an image).
 */
function audioWorkflow(): Workflow {
	return {
		id: AUDIO_WORKFLOW_ID,
		name: 'ModelsLab e2e: a downloaded recording transcribed',
		nodes: [
			webhook('Audio Webhook', AUDIO_PATH, 200),
			node(AUDIO.get, 'n8n-nodes-base.httpRequest', 4.2, 220, 200, {
				method: 'GET',
				url: '={{ $json.body.url }}',
				options: { response: { response: { responseFormat: 'file' } } },
			}),
			{
				...node(AUDIO.transcribe, `${PKG}.modelsLab`, 1.1, 440, 200, {
					resource: 'audio',
					operation: 'speechToText',
					apiVersion: 'v6',
					init_audioInputType: 'binary',
					init_audioBinaryProperty: 'data',
					language: 'en',
					waitMode: 'poll',
					options: { pollInterval: 1, timeoutMinutes: 1 },
				}),
				credentials,
			},
		],
		connections: {
			'Audio Webhook': { main: [to(AUDIO.get)] },
			[AUDIO.get]: { main: [to(AUDIO.transcribe)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function photoWorkflow(outDir: string): Workflow {
	return {
		id: WORKFLOW_ID,
		name: 'ModelsLab e2e: files in and out',
		nodes: [
			webhook('Photo Webhook', PATH, 0),
			node(NODES.read, 'n8n-nodes-base.readWriteFile', 1, 220, 0, {
				operation: 'read',
				fileSelector: join(outDir, 'photo.png'),
				options: {},
			}),
			{
				...node(NODES.edit, `${PKG}.modelsLab`, 1.1, 440, 0, {
					resource: 'imageEditing',
					operation: 'removeBackground',
					imageInputType: 'binary',
					imageBinaryProperty: 'data',
					waitMode: 'poll',
					options: { pollInterval: 1, timeoutMinutes: 1 },
				}),
				credentials,
			},
			writeFile(NODES.write, 660, 0, outDir, '"edited-" + $json.id + ".png"'),
		],
		connections: {
			'Photo Webhook': { main: [to(NODES.read)] },
			[NODES.read]: { main: [to(NODES.edit)] },
			[NODES.edit]: { main: [to(NODES.write)] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** n8n's binary-data modes to run the scenarios in (N8N_DEFAULT_BINARY_DATA_MODE). */
const BINARY_MODES = (process.env.N8N_E2E_BINARY_MODES ?? 'filesystem')
	.split(',')
	.map((mode) => mode.trim())
	.filter(Boolean);
const CASES = E2E_VERSIONS.flatMap((version) =>
	BINARY_MODES.map((mode) => [version, mode] as const),
);

describe.each(CASES)('files in and out in real n8n %s, binary data mode %s', (version, mode) => {
	let stack: Stack;
	// Not the simulator's output image, so the upload is seen to carry the photo.
	const photo = Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		Buffer.from(`a photo for n8n ${version}`),
	]);

	beforeAll(async () => {
		assertInstalled(version);
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: (outDir) => [photoWorkflow(outDir), audioWorkflow()],
			waitForWebhooks: [PATH, AUDIO_PATH],
			env: { N8N_DEFAULT_BINARY_DATA_MODE: mode },
		});
		writeFileSync(join(stack.outDir, 'photo.png'), photo);
	}, 240000);

	afterAll(async () => {
		await stack?.dispose();
	});

	test('12. a photo read from disk is edited by ModelsLab and the result written back', async () => {
		const afterId = await stack.n8n.lastExecutionId();
		const res = await stack.n8n.postWebhook(PATH, {});
		expect(res.status).toBe(200);
		const done: Execution = await stack.n8n.waitForExecution({
			workflowId: WORKFLOW_ID,
			afterId,
			predicate: (ex) => ex.status !== 'new' && ex.status !== 'running',
			timeoutMs: 60000,
		});
		expect(done.status).toBe('success');

		// The photo went to ModelsLab's upload endpoint as a data URI, and the edit got its URL.
		const upload = stack.sim.requests.find((r) => r.path === '/api/v6/image_editing/base64_to_url');
		expect((upload?.body as Json)?.init_image).toBe(
			`data:image/png;base64,${photo.toString('base64')}`,
		);
		const uploadAnswer = stack.sim.requests.indexOf(upload!);
		const edit = stack.sim.requests.find(
			(r, index) => index > uploadAnswer && r.path === '/api/v6/image_editing/removebg_mask',
		);
		const uploadedUrl = String((edit?.body as Json)?.image);
		expect(uploadedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

		// Simplified output (version 1.1), the file in the mode's store (its id is `<mode>:<file id>`), then on disk.
		const [item] = done.runData[NODES.edit]?.at(-1)?.data?.main?.[0] ?? [];
		expect(Object.keys(item.json).sort()).toEqual(
			expect.arrayContaining(['id', 'output', 'status']),
		);
		expect(item.json.raw).toBeUndefined();
		expect(item.binary?.data?.id).toMatch(new RegExp(`^${mode}(-v2)?:`));
		const written = readOut(stack, `edited-${item.json.id}.png`);
		expect(written).toEqual(stack.png);
		console.log(
			`[e2e] n8n ${version} (${mode} mode): photo (${photo.length} B) uploaded to ${uploadedUrl}, edited, written back (${written.length} B)`,
		);
	});

	test('12b. a recording downloaded by the HTTP Request node (Response Format File) is uploaded and transcribed', async () => {
		const recording = `${stack.simServer.url}/files/recording.mp3`;
		const mp3 = Buffer.from(await (await fetch(recording)).arrayBuffer());
		const afterId = await stack.n8n.lastExecutionId();
		expect((await stack.n8n.postWebhook(AUDIO_PATH, { url: recording })).status).toBe(200);
		const done: Execution = await stack.n8n.waitForExecution({
			workflowId: AUDIO_WORKFLOW_ID,
			afterId,
			predicate: (ex) => ex.status !== 'new' && ex.status !== 'running',
			timeoutMs: 60000,
		});
		expect({ status: done.status, error: done.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});

		// n8n's HTTP Request node made the binary; ours sent exactly those bytes, as audio, to the
		// general upload endpoint, and submitted the transcription with the URL it answered.
		const uploadIndex = stack.sim.requests.findIndex((r) => r.path === '/api/v6/base64_to_url');
		const upload = stack.sim.requests[uploadIndex];
		expect((upload?.body as Json)?.base64_string).toBe(
			`data:audio/mpeg;base64,${mp3.toString('base64')}`,
		);
		expect(upload?.status).toBe(200);
		const submit = stack.sim.requests.find(
			(r, index) => index > uploadIndex && r.path === '/api/v6/voice/speech_to_text',
		);
		const sentUrl = String((submit?.body as Json)?.init_audio);
		expect(sentUrl).toMatch(/\/files\/upload-\d+\.mp3$/);
		expect(Buffer.from(await (await fetch(sentUrl)).arrayBuffer())).toEqual(mp3);

		const [item] = done.runData[AUDIO.transcribe]?.at(-1)?.data?.main?.[0] ?? [];
		expect(item.json.status).toBe('success');
		console.log(
			`[e2e] n8n ${version} (${mode} mode): recording (${mp3.length} B) from the HTTP Request node uploaded to ${sentUrl} and transcribed`,
		);
	});
});
