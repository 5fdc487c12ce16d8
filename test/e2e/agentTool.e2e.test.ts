/**
 * Scenario 11: the ModelsLab node as an AI Agent's tool in a real n8n: the recipe
 * examples/recipes/agent-image-tool.json (support/agentWorkflow.ts), with a fake OpenAI-compatible
 * model (support/fakeChatModel.ts) that calls the tool once and then answers with its result. The
 * tool keeps a user's defaults (Until ModelsLab Calls Back, Download Files unset): the agent's run
 * must not pause; the tool polls, and the agent gets the job's result as JSON.
 */
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { jobFor, startStack, type Stack } from './support/stack';
import {
	AGENT_NODES,
	AGENT_PATH,
	AGENT_PROMPT,
	AGENT_WORKFLOW_ID,
	OPENAI_CREDENTIAL,
	agentWorkflow,
} from './support/agentWorkflow';
import { startFakeChatModel, type FakeChatModel } from './support/fakeChatModel';

type Json = Record<string, any>;

describe.each(E2E_VERSIONS)('ModelsLab as an AI agent tool in real n8n %s', (version) => {
	let stack: Stack;
	let model: FakeChatModel;

	beforeAll(async () => {
		assertInstalled(version);
		model = await startFakeChatModel();
		stack = await startStack(version, {
			e2eWorkflows: false,
			workflows: () => [agentWorkflow()],
			waitForWebhooks: [AGENT_PATH],
			credentials: [
				{ ...OPENAI_CREDENTIAL, data: { apiKey: 'sk-fake-not-a-key', url: model.url } },
			],
		});
	}, 240000);

	afterAll(async () => {
		await stack?.dispose();
		await model?.close();
	});

	test('11. the agent calls the tool; the tool polls instead of pausing, and the agent answers with the job', async () => {
		const afterId = await stack.n8n.lastExecutionId();
		const res = await stack.n8n.postWebhook(AGENT_PATH, {
			chatInput: 'Make me a lighthouse at dusk',
		});
		expect(res.status).toBe(200);
		const done: Execution = await stack.n8n.waitForExecution({
			workflowId: AGENT_WORKFLOW_ID,
			afterId,
			predicate: (ex) => ex.status !== 'new' && ex.status !== 'running',
			timeoutMs: 60000,
		});
		const agentOut: Json | undefined =
			done.runData[AGENT_NODES.agent]?.at(-1)?.data?.main?.[0]?.[0]?.json;
		const job = await jobFor(stack, AGENT_PROMPT);
		console.log(
			`[e2e] n8n ${version}: agent tool → execution ${done.status}; model calls ${model.requests.length}; agent said: ${String(agentOut?.output).slice(0, 200)}`,
		);

		expect(done.status).toBe('success');
		// the agent filled the prompt the tool asked for with $fromAI
		expect(model.requests[0].tools?.[0]?.function?.parameters?.required).toContain('prompt');
		// the tool did not hand ModelsLab a resume URL, and asked for the result instead
		expect(job.webhook).toBeUndefined();
		expect(stack.sim.requests.some((r) => r.path.startsWith('/api/v7/images/fetch/'))).toBe(true);
		// the model got the finished job back as the tool's answer, and the agent passed it on
		const toolMessage = model.requests
			.flatMap((r) => (r.messages as Json[]) ?? [])
			.find((m) => m.role === 'tool');
		expect(String(toolMessage?.content)).toContain('"status":"success"');
		expect(String(toolMessage?.content)).toContain(String(job.id));
		expect(String(agentOut?.output)).toContain(String(job.id));
		// downloads skipped: n8n gives an agent the JSON only
		expect(stack.sim.requests.filter((r) => r.path.startsWith(`/files/${job.id}`))).toEqual([]);
	});
});
