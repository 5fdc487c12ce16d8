/**
 * "An agent that waits for free", built from the two recipe files users import
 * (examples/recipes/agent-waits-for-video.json and agent-waits-sub-workflow.json) as they are:
 * AI Agent v3 + OpenAI Chat Model (pointed at the fake model) + Call n8n Workflow Tool v2.2, and the
 * sub-workflow Execute Workflow Trigger → ModelsLab (Video › Text to Video, Until ModelsLab Calls
 * Back) → Short Result (Edit Fields). Only the Chat Trigger is swapped for a Webhook
 * (POST /webhook/e2e-agent-waits {chatInput}), the tool points at the imported sub-workflow's id,
 * and the credentials at the suite's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { CREDENTIAL, node, type Workflow, type WorkflowNode } from './workflows';
import { OPENAI_CREDENTIAL } from './agentWorkflow';

export const WAITS_PARENT_ID = 'e2eMlAgentWaits1';
export const WAITS_SUB_ID = 'e2eMlAgentWaitsS';
export const WAITS_PATH = 'e2e-agent-waits';
const RECIPES = join(__dirname, '..', '..', '..', 'examples', 'recipes');
export const PARENT_RECIPE = join(RECIPES, 'agent-waits-for-video.json');
export const SUB_RECIPE = join(RECIPES, 'agent-waits-sub-workflow.json');
export const WAITS_NODES = {
	agent: 'AI Agent',
	model: 'OpenAI Chat Model',
	tool: 'Make Video',
	modelsLab: 'Generate Video',
	shortResult: 'Short Result',
} as const;

type Recipe = Pick<Workflow, 'nodes' | 'connections'>;

function load(file: string): Recipe & { take(name: string): WorkflowNode } {
	const recipe = JSON.parse(readFileSync(file, 'utf8')) as Recipe;
	return {
		...recipe,
		take(name) {
			const found = recipe.nodes.find((n) => n.name === name);
			if (!found) throw new Error(`${file} has no node "${name}"`);
			return found;
		},
	};
}

/** The sub-workflow, with the suite's ModelsLab credential. */
export function waitsSubWorkflow(): Workflow {
	const recipe = load(SUB_RECIPE);
	const nodes = recipe.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) =>
			n.name === WAITS_NODES.modelsLab
				? { ...n, credentials: { modelsLabApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } } }
				: n,
		);
	return {
		id: WAITS_SUB_ID,
		name: 'ModelsLab e2e: Make Video (recipe sub-workflow)',
		nodes,
		connections: recipe.connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The agent workflow, its Chat Trigger swapped for a Webhook, its tool pointed at the sub-workflow. */
export function waitsParentWorkflow(): Workflow {
	const recipe = load(PARENT_RECIPE);
	const trigger = {
		...node('Agent Webhook', 'n8n-nodes-base.webhook', 2, 0, 0, {
			httpMethod: 'POST',
			path: WAITS_PATH,
			responseMode: 'onReceived',
			options: {},
		}),
		webhookId: randomUUID(),
	};
	const agent = recipe.take(WAITS_NODES.agent);
	const model = recipe.take(WAITS_NODES.model);
	const tool = recipe.take(WAITS_NODES.tool);
	const chatTrigger = recipe.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
	const connections: Workflow['connections'] = {
		...recipe.connections,
		'Agent Webhook': recipe.connections[chatTrigger.name],
	};
	delete connections[chatTrigger.name];
	return {
		id: WAITS_PARENT_ID,
		name: 'ModelsLab e2e: agent waits for a sub-workflow (recipe)',
		nodes: [
			trigger,
			{
				...agent,
				// The Chat Trigger hands the agent `chatInput`; the webhook has it in its body.
				parameters: {
					...agent.parameters,
					promptType: 'define',
					text: '={{ $json.body.chatInput }}',
				},
			},
			{
				...model,
				credentials: { openAiApi: { id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name } },
			},
			{
				...tool,
				parameters: {
					...tool.parameters,
					workflowId: { __rl: true, mode: 'id', value: WAITS_SUB_ID },
				},
			},
		],
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
