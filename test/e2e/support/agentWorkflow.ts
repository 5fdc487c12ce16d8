/**
 * "ModelsLab as an agent tool", built from the recipe users import
 * (examples/recipes/agent-image-tool.json): its AI Agent (v3), OpenAI Chat Model (v1.2, Chat
 * Completions, here pointed at the fake model) and ModelsLab tool (`modelsLabTool`, the prompt from
 * `$fromAI`, Wait for Result left at Until ModelsLab Calls Back, Download Files unset) as they are.
 * Only the Chat Trigger is swapped for a Webhook (POST /webhook/e2e-agent {chatInput}), which a test
 * can call without n8n's chat UI, and the credentials point at the suite's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { FILLED_STRING } from './fakeChatModel';
import { CREDENTIAL, node, type Workflow, type WorkflowNode } from './workflows';

export const AGENT_WORKFLOW_ID = 'e2eMlAgent000001';
export const AGENT_PATH = 'e2e-agent';
/** The prompt the agent fills in through `$fromAI` (the fake model's answer to a required string). */
export const AGENT_PROMPT = FILLED_STRING;
export const OPENAI_CREDENTIAL = {
	id: 'e2eFakeOpenAiCred',
	name: 'OpenAI (fake model)',
	type: 'openAiApi',
} as const;
export const RECIPE = join(
	__dirname,
	'..',
	'..',
	'..',
	'examples',
	'recipes',
	'agent-image-tool.json',
);
export const AGENT_NODES = {
	agent: 'AI Agent',
	model: 'OpenAI Chat Model',
	tool: 'Make Image',
} as const;

export function agentWorkflow(): Workflow {
	const recipe = JSON.parse(readFileSync(RECIPE, 'utf8')) as Pick<
		Workflow,
		'nodes' | 'connections'
	>;
	const take = (name: string): WorkflowNode => {
		const found = recipe.nodes.find((n) => n.name === name);
		if (!found) throw new Error(`${RECIPE} has no node "${name}"`);
		return found;
	};
	const trigger = {
		...node('Agent Webhook', 'n8n-nodes-base.webhook', 2, 0, 0, {
			httpMethod: 'POST',
			path: AGENT_PATH,
			responseMode: 'onReceived',
			options: {},
		}),
		webhookId: randomUUID(),
	};
	const agent = take(AGENT_NODES.agent);
	// The Chat Trigger hands the agent `chatInput`; the webhook has it in its body.
	const agentFromWebhook = {
		...agent,
		parameters: { ...agent.parameters, promptType: 'define', text: '={{ $json.body.chatInput }}' },
	};
	const model = {
		...take(AGENT_NODES.model),
		credentials: { openAiApi: { id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name } },
	};
	const tool = {
		...take(AGENT_NODES.tool),
		credentials: { modelsLabApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
	};
	const chatTrigger = recipe.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
	const connections: Workflow['connections'] = {
		...recipe.connections,
		'Agent Webhook': recipe.connections[chatTrigger.name],
	};
	delete connections[chatTrigger.name];
	return {
		id: AGENT_WORKFLOW_ID,
		name: 'ModelsLab e2e: agent tool (recipe)',
		nodes: [trigger, agentFromWebhook, model, tool],
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
