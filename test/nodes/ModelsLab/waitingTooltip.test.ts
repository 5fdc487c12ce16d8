/**
 * The tooltip n8n's editor shows on the ModelsLab node while its execution waits, resolved the way
 * the editor resolves it (the node's parameters, `$execution.id` and `$execution.resumeUrl` only).
 */
import type { INodeParameters } from 'n8n-workflow';

import { ModelsLab } from '../../../nodes/ModelsLab/ModelsLab.node';
import { startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

let env: TestN8n;
beforeAll(async () => {
	env = await startN8n();
});

async function tooltipFor(parameters: INodeParameters): Promise<string> {
	const { n8n } = env;
	const node = n8n.completeNode({ name: 'ModelsLab', type: 'modelsLab', parameters });
	const workflow = n8n.scratchWorkflow([node], 'tooltip');
	const tooltip = new ModelsLab().description.waitingNodeTooltip!;
	const resolved = workflow.expression.getSimpleParameterValue(
		workflow.getNode('ModelsLab')!,
		tooltip,
		'internal',
		{
			$execution: {
				id: '4711',
				mode: 'test',
				resumeUrl: 'http://n8n.test/webhook-waiting/4711',
				resumeFormUrl: 'http://n8n.test/form-waiting/4711',
			},
		},
	);
	return String(resolved);
}

test('names the time limit (default 60 minutes) and where the request ids are', async () => {
	const text = await tooltipFor(textToImage() as INodeParameters);
	expect(text).toBe(
		"Waiting for ModelsLab to call back with the results, each job for at most 60 minutes. The request IDs of the jobs submitted first are in execution 4711's custom data (modelslab_request_ids); every job's track_id is n8n-4711-<item index>.",
	);
});

test('follows the Timeout option the user set', async () => {
	const text = await tooltipFor(
		textToImage({ options: { timeoutMinutes: 15 } }) as INodeParameters,
	);
	expect(text).toContain('for at most 15 minutes');
});
