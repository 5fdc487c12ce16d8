/**
 * The short result the node gives an AI agent (job/toolOutput.ts): what a model needs to answer
 * (status, ID, the file URLs, why it failed, when to ask again) and one line saying it, nothing else.
 */
import {
	toolAnswerJson,
	toolResultJson,
	toolSummary,
} from '../../../nodes/ModelsLab/job/toolOutput';

const full = {
	status: 'success',
	id: '7',
	kind: 'generation',
	track_id: 'n8n-1-0',
	output: ['https://cdn.test/a.mp4'],
	proxy_links: ['https://proxy.test/a.mp4'],
	meta: { prompt: 'a boat', width: 512 },
	generationTime: 12.5,
	modelslab_status: 'success',
	raw: { status: 'success', id: 7, output: ['https://cdn.test/a.mp4'] },
};

test('a finished job: status, id, URLs and a summary naming them; the payload left out', () => {
	expect(toolResultJson(full)).toEqual({
		status: 'success',
		id: '7',
		output: ['https://cdn.test/a.mp4'],
		summary: 'ModelsLab job 7 succeeded with 1 file: https://cdn.test/a.mp4.',
	});
});

test('many files: all in output, the first three in the summary', () => {
	const output = [1, 2, 3, 4, 5].map((n) => `https://cdn.test/${n}.png`);
	const short = toolResultJson({ ...full, output });
	expect(short.output).toEqual(output);
	expect(short.summary).toBe(
		'ModelsLab job 7 succeeded with 5 files: https://cdn.test/1.png, https://cdn.test/2.png, https://cdn.test/3.png and 2 more.',
	);
});

test('a success without a URL says so instead of pretending', () => {
	expect(toolSummary({ status: 'success', id: 8, output: [] })).toBe(
		'ModelsLab job 8 succeeded but returned no file URL.',
	);
});

test('a failed job keeps its message; a refused submit (no job) its error', () => {
	expect(toolResultJson({ status: 'failed', id: '9', message: 'NSFW content', raw: {} })).toEqual({
		status: 'failed',
		id: '9',
		message: 'NSFW content',
		summary: 'ModelsLab job 9 failed: NSFW content',
	});
	expect(
		toolResultJson({
			status: 'failed',
			error: 'Invalid API key',
			errorDescription: 'Check the credential',
			httpCode: '401',
		}),
	).toEqual({
		status: 'failed',
		error: 'Invalid API key',
		summary: 'No ModelsLab job was made: Invalid API key',
	});
	expect(toolSummary({ status: 'failed', id: '10' })).toBe(
		'ModelsLab job 10 failed: ModelsLab gave no reason',
	);
});

test("a running job (Don't Wait) says when and how to get the result", () => {
	expect(toolResultJson({ status: 'processing', id: '11', eta: 40, output: [] })).toEqual({
		status: 'processing',
		id: '11',
		eta: 40,
		summary:
			'ModelsLab job 11 is still being generated (ModelsLab estimates 40 s); fetch it later with Job › Get Result and ID 11.',
	});
});

test('download errors stay visible (Download Files was asked for)', () => {
	const short = toolResultJson({ ...full, downloadErrors: [{ url: 'x', error: '404' }] });
	expect(short.downloadErrors).toEqual([{ url: 'x', error: '404' }]);
});

test('Output: Simplified is the short result, Raw leaves the item whole, Selected Fields picks', () => {
	expect(toolAnswerJson(full, 'simplified', [])).toEqual(toolResultJson(full));
	expect(toolAnswerJson(full, 'raw', [])).toBeUndefined();
	expect(toolAnswerJson(full, 'selected', ['meta', 'summary', 'eta'])).toEqual({
		id: '7',
		meta: { prompt: 'a boat', width: 512 },
		summary: 'ModelsLab job 7 succeeded with 1 file: https://cdn.test/a.mp4.',
	});
	// an item without a job keeps its error, so the agent knows nothing was made
	expect(
		toolAnswerJson({ status: 'failed', error: 'Invalid API key' }, 'selected', ['output']),
	).toEqual({ error: 'Invalid API key' });
});
