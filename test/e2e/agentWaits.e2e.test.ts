/**
 * Scenario 13: an agent that waits for free. The recipe examples/recipes/agent-waits-for-video.json
 * (Chat Trigger swapped for a Webhook, support/agentWaitsWorkflow.ts): AI Agent → Call n8n Workflow
 * tool → sub-workflow with the ModelsLab node waiting Until ModelsLab Calls Back. The fake model
 * (support/fakeChatModel.ts) calls the tool once with a prompt that makes the simulator take 8 s.
 *
 * n8n 2.39.0 and later: the sub-workflow parks on the callback, the *Call n8n Workflow* tool
 * (@n8n/n8n-nodes-langchain ToolWorkflow v2, `WorkflowToolService.executeSubWorkflow`, pull request
 * n8n-io/n8n#37087) answers with its "paused" placeholder, n8n-core's `executeWorkflow` parks the
 * agent's execution too (`putExecutionToWait(WAIT_FOR_SUB_EXECUTION)`), and the callback's resume of
 * the sub-workflow resumes the agent with the sub-workflow's last output (n8n
 * `WaitTracker.resumeParentExecution`). Earlier versions have no such tool (2.38.2 and 1.123.81 throw
 * "The workflow did not return a response" for a waiting sub-workflow): on 1.123.81 the second test
 * shows what a user gets there instead (docs/agent-tool.md).
 */
import type { Execution } from '../../scripts/n8n/instance';
import { E2E_VERSIONS, assertInstalled } from './versions';
import { jobFor, startStack, type Stack } from './support/stack';
import { OPENAI_CREDENTIAL } from './support/agentWorkflow';
import {
	WAITS_NODES,
	WAITS_PARENT_ID,
	WAITS_PATH,
	WAITS_SUB_ID,
	waitsParentWorkflow,
	waitsSubWorkflow,
} from './support/agentWaitsWorkflow';
import { startFakeChatModel, type FakeChatModel } from './support/fakeChatModel';

type Json = Record<string, any>;

/** The prompt the fake model writes: the simulator finishes the job 8 s after the submit. */
const PROMPT = '[sim:delay:8000] a paper boat drifting down a rainy street';
/** The first n8n whose Call n8n Workflow tool waits for a waiting sub-workflow (docs/agent-tool.md). */
const FIRST_WAITING_VERSION = [2, 39, 0];

function waitsForSubWorkflows(version: string): boolean {
	const parts = version.split('.').map(Number);
	if (parts.some((part) => !Number.isFinite(part))) return true; // external mode: assume current
	for (let i = 0; i < 3; i++)
		if ((parts[i] ?? 0) !== FIRST_WAITING_VERSION[i])
			return (parts[i] ?? 0) > FIRST_WAITING_VERSION[i];
	return true;
}

describe.each(E2E_VERSIONS)(
	'An AI agent waits for a ModelsLab sub-workflow in real n8n %s',
	(version) => {
		const supported = waitsForSubWorkflows(version);
		let stack: Stack;
		let model: FakeChatModel;

		beforeAll(async () => {
			assertInstalled(version);
			model = await startFakeChatModel(PROMPT);
			stack = await startStack(version, {
				e2eWorkflows: false,
				workflows: () => [waitsSubWorkflow(), waitsParentWorkflow()],
				waitForWebhooks: [WAITS_PATH],
				credentials: [
					{ ...OPENAI_CREDENTIAL, data: { apiKey: 'sk-fake-not-a-key', url: model.url } },
				],
			});
		}, 240000);

		afterAll(async () => {
			await stack?.dispose();
			await model?.close();
		});

		// Needs n8n 2.39.0 or later (a Call n8n Workflow tool that waits for a waiting sub-workflow).
		(supported ? test : test.skip)(
			'13. the agent waits (status waiting, no polling) while ModelsLab works, resumes on the callback, and answers with the video URL',
			async () => {
				const afterId = await stack.n8n.lastExecutionId();
				const res = await stack.n8n.postWebhook(WAITS_PATH, { chatInput: 'Make me a short video' });
				expect(res.status).toBe(200);

				const parentWaiting: Execution = await stack.n8n.waitForExecution({
					workflowId: WAITS_PARENT_ID,
					afterId,
					status: 'waiting',
					timeoutMs: 30000,
				});
				const waitingSeenAt = Date.now();
				const job = await jobFor(stack, PROMPT);
				const subWaiting = await stack.n8n.waitForExecution({
					workflowId: WAITS_SUB_ID,
					afterId,
					status: 'waiting',
					timeoutMs: 10000,
				});
				// Waiting while ModelsLab still works on the job: no final callback yet.
				const callbacksWhileWaiting = stack.sim.callbacksSent.filter(
					(c) => c.jobId === String(job.id) && c.phase === 'final',
				).length;

				const done: Execution = await stack.n8n.waitForExecution({
					id: parentWaiting.id,
					predicate: (ex) => !['new', 'running', 'waiting'].includes(ex.status),
					timeoutMs: 60000,
				});
				const finalCallback = stack.sim.callbacksSent.find(
					(c) => c.jobId === String(job.id) && c.phase === 'final',
				);
				const agentOut: Json | undefined =
					done.runData[WAITS_NODES.agent]?.at(-1)?.data?.main?.[0]?.[0]?.json;
				const submits = stack.sim.requests.filter(
					(r) => r.method === 'POST' && (r.body as Json | undefined)?.prompt === PROMPT,
				);
				const fetchPrefix = job.fetchPath.split('{id}')[0];
				const fetches = stack.sim.requests.filter(
					(r) => r.path.startsWith(fetchPrefix) || r.path.includes('/fetch'),
				);
				const toolMessages = model.requests
					.flatMap((r) => (r.messages as Json[]) ?? [])
					.filter((m) => m.role === 'tool');
				console.log(
					`[e2e] n8n ${version}: agent waits → parent ${parentWaiting.id} waiting ${Math.round(((finalCallback?.time ?? 0) - waitingSeenAt) / 100) / 10} s before the callback, then ${done.status}; sub-execution ${subWaiting.id}; submits ${submits.length}, fetches ${fetches.length}; model calls ${model.requests.length}; agent said: ${String(agentOut?.output).slice(0, 200)}`,
				);

				// the agent's execution waited, for the sub-workflow that waited on ModelsLab
				expect(parentWaiting.status).toBe('waiting');
				expect(subWaiting.status).toBe('waiting');
				expect(callbacksWhileWaiting).toBe(0);
				expect(finalCallback?.responseCode).toBe(200);
				expect(finalCallback!.time).toBeGreaterThan(waitingSeenAt);
				// ModelsLab was asked once and never polled: the callback ended the wait
				expect(submits).toHaveLength(1);
				expect(fetches).toEqual([]);
				expect(job.webhook).toContain('/webhook-waiting/');
				// the same execution resumed and finished, and the agent answered with the video's URL
				expect(done.status).toBe('success');
				expect(job.output.length).toBeGreaterThan(0);
				expect(model.requests).toHaveLength(2);
				expect(toolMessages).toHaveLength(1);
				expect(String(toolMessages[0].content)).toContain(job.output[0]);
				expect(String(toolMessages[0].content)).not.toContain('Sub-workflow is paused');
				expect(String(agentOut?.output)).toContain(job.output[0]);
			},
		);

		// Before 2.39.0 (here 1.123.81): what the docs warn about, measured.
		(supported ? test.skip : test)(
			'13b. before n8n 2.39 the agent gets no video: the tool answers with its own input',
			async () => {
				const afterId = await stack.n8n.lastExecutionId();
				const res = await stack.n8n.postWebhook(WAITS_PATH, { chatInput: 'Make me a short video' });
				expect(res.status).toBe(200);
				const job = await jobFor(stack, PROMPT);
				const parent: Execution = await stack.n8n.waitForExecution({
					workflowId: WAITS_PARENT_ID,
					afterId,
					node: WAITS_NODES.agent,
					predicate: (ex) => !['new', 'running', 'waiting'].includes(ex.status),
					timeoutMs: 30000,
				});
				const finishedBeforeTheJob = !stack.sim.callbacksSent.some(
					(c) => c.jobId === String(job.id) && c.phase === 'final',
				);
				const agentOut: Json | undefined =
					parent.runData[WAITS_NODES.agent]?.at(-1)?.data?.main?.[0]?.[0]?.json;
				const toolMessage = model.requests
					.flatMap((r) => (r.messages as Json[]) ?? [])
					.find((m) => m.role === 'tool');
				console.log(
					`[e2e] n8n ${version}: agent with a waiting sub-workflow → ${parent.status} (before the job's callback: ${finishedBeforeTheJob}); the model got as the tool's answer: ${String(toolMessage?.content).slice(0, 160)}`,
				);

				expect(parent.status).toBe('success');
				// the model got the tool's own input echoed back (its prompt), not the job's result
				expect(String(toolMessage?.content)).toContain(PROMPT);
				expect(String(toolMessage?.content)).not.toContain('/files/');
				expect(String(agentOut?.output)).not.toContain('/files/');
			},
		);
	},
);
