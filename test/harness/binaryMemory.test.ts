import { readBinaryData } from './environment';
import { ManualStart } from './fixtures/ManualStart.node';
import { NoOp } from './fixtures/NoOp.node';
import { WaitForWebhook } from './fixtures/WaitForWebhook.node';
import { resumeExecution } from './waitingWebhooks';
import { chain, createInstance, runWorkflow } from './workflow';

// One binary data mode per test file: this one keeps binary data inline, as NodeTestHarness does.
test('memory mode keeps binary data inline (base64 in `data`, no id)', async () => {
	const n8n = await createInstance({
		nodeTypes: [ManualStart, NoOp, WaitForWebhook],
		binaryDataMode: 'memory',
	});
	const handle = await runWorkflow({
		instance: n8n,
		nodes: [
			{ name: 'Start', type: 'manualStart' },
			{ name: 'Wait', type: 'waitForWebhook' },
			{ name: 'After', type: 'noOp' },
		],
		connections: chain('Start', 'Wait', 'After'),
	});
	await resumeExecution(handle, {
		body: { fileBase64: Buffer.from('inline bytes').toString('base64') },
	});
	const binary = handle.outputOf('After')[0].binary!.data;
	expect(binary.id).toBeUndefined();
	expect(binary.data).toBe(Buffer.from('inline bytes').toString('base64'));
	expect((await readBinaryData(binary)).toString()).toBe('inline bytes');
});
