/**
 * Issue 24, the fine print: ranges and list sizes that one API version or one page documents, and
 * v7 dubbing's model_id, each as the user meets it (the request sent, or the error before it).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { API, runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

function capture(path: string): { body?: IDataObject; scope: nock.Scope } {
	const seen: { body?: IDataObject; scope: nock.Scope } = { scope: nock(API) };
	seen.scope = nock(API)
		.post(path, (body: IDataObject) => {
			seen.body = body;
			return true;
		})
		.reply(200, { status: 'processing', id: 7, eta: 30 });
	return seen;
}

test('v7 image width below 512 is refused before submitting (MCP tools reference: 512-1024); v6 takes it', async () => {
	const v7 = capture('/api/v7/images/text-to-image');
	const refused = await runModelsLab(
		env.n8n,
		textToImage({ apiVersion: 'v7', waitMode: 'dontWait', additionalFields: { width: 256 } }),
	);
	expect(refused.status).toBe('error');
	expect(refused.error?.message).toBe(
		"Width is 256, outside ModelsLab's range of 512 to 1024 under v7",
	);
	expect(v7.scope.isDone()).toBe(false);
	nock.cleanAll();

	const v6 = capture('/api/v6/images/text2img');
	const sent = await runModelsLab(
		env.n8n,
		textToImage({ waitMode: 'dontWait', additionalFields: { width: 256 } }),
	);
	expect(sent.status).toBe('success');
	expect(v6.body?.width).toBe(256);
});

test('Qwen Edit refuses a fifth image (qwen-edit.mdx: at most 4) and sends four', async () => {
	const qwen = (count: number): IDataObject => ({
		resource: 'imageEditing',
		operation: 'qwenEdit',
		waitMode: 'dontWait',
		prompt: 'the girl from image 1 holding the can from image 2',
		init_image: Array.from({ length: count }, (_, i) => `https://example.com/${i}.png`).join('\n'),
	});
	const refused = capture('/api/v6/image_editing/qwen_edit');
	const five = await runModelsLab(env.n8n, qwen(5));
	expect(five.status).toBe('error');
	expect(five.error?.message).toBe('Init Images has 5 entries; ModelsLab takes at most 4');
	expect(refused.scope.isDone()).toBe(false);
	nock.cleanAll();

	const accepted = capture('/api/v6/image_editing/qwen_edit');
	const four = await runModelsLab(env.n8n, qwen(4));
	expect(four.status).toBe('success');
	expect(accepted.body?.init_image).toHaveLength(4);
});

test('v7 dubbing sends model_id with init_audio and target_language (MCP tools reference, "### dubbing")', async () => {
	const dub = capture('/api/v7/voice/create-dubbing');
	const parameters = {
		resource: 'audio',
		operation: 'dubbing',
		apiVersion: 'v7',
		waitMode: 'dontWait',
		init_video: 'https://example.com/interview.mp4',
		output_lang: 'es',
	};
	const missing = await runModelsLab(env.n8n, parameters);
	expect(missing.status).toBe('error');
	expect(missing.error?.message).toMatch(/Parameter "Model" is required/);
	expect(dub.body).toBeUndefined();
	nock.cleanAll();

	const sent = capture('/api/v7/voice/create-dubbing');
	const handle = await runModelsLab(env.n8n, {
		...parameters,
		modelId: { __rl: true, mode: 'id', value: 'some-dubbing-model' },
	});
	expect(handle.status).toBe('success');
	expect(sent.body).toMatchObject({
		model_id: 'some-dubbing-model',
		init_audio: 'https://example.com/interview.mp4',
		target_language: 'es',
	});
	expect(sent.body).not.toHaveProperty('init_video');
});

test('v6 text to video refuses a width over 512 and fps over 16 (video-api/openapi.json); v7 sends width 1024 (MCP tools reference: 512-1024)', async () => {
	const video = (apiVersion: string, additionalFields: IDataObject): IDataObject => ({
		resource: 'video',
		operation: 'textToVideo',
		apiVersion,
		waitMode: 'dontWait',
		modelId: { __rl: true, mode: 'id', value: apiVersion === 'v6' ? 'cogvideox' : 'seedance-t2v' },
		prompt: 'a red fox running through snow',
		additionalFields,
	});
	const v6 = capture('/api/v6/video/text2video');
	const wide = await runModelsLab(env.n8n, video('v6', { width: 1024 }));
	expect(wide.error?.message).toBe(
		"Width is 1024, outside ModelsLab's range of 64 to 512 under v6",
	);
	const fast = await runModelsLab(env.n8n, video('v6', { fps: 24 }));
	expect(fast.error?.message).toBe("FPS is 24, outside ModelsLab's range of 1 to 16 under v6");
	expect(v6.scope.isDone()).toBe(false);
	nock.cleanAll();

	const v7 = capture('/api/v7/video-fusion/text-to-video');
	const sent = await runModelsLab(env.n8n, video('v7', { width: 1024, fps: 24 }));
	expect(sent.status).toBe('success');
	expect(v7.body).toMatchObject({ width: 1024, fps: 24 });
});

test('sound effects duration: v6 takes 3-15 s (voice-cloning/openapi.json), v7 1-22 s as "time in seconds"', async () => {
	const sfx = (apiVersion: string, duration: number): IDataObject => ({
		resource: 'audio',
		operation: 'soundEffects',
		apiVersion,
		waitMode: 'dontWait',
		...(apiVersion === 'v7'
			? { modelId: { __rl: true, mode: 'id', value: 'eleven_sound_effect' } }
			: {}),
		prompt: 'a door slamming',
		additionalFields: { duration },
	});
	const v6 = capture('/api/v6/voice/sfx');
	const long = await runModelsLab(env.n8n, sfx('v6', 20));
	expect(long.error?.message).toBe("Duration is 20, outside ModelsLab's range of 3 to 15 under v6");
	expect(v6.scope.isDone()).toBe(false);
	nock.cleanAll();

	const v7 = capture('/api/v7/voice/sound-generation');
	expect((await runModelsLab(env.n8n, sfx('v7', 20))).status).toBe('success');
	expect(v7.body?.['time in seconds']).toBe(20);
});
