/**
 * "ModelsLab as an agent tool": POST /webhook/e2e-agent → AI Agent (n8n's default, v3) with an
 * OpenAI Chat Model (v1.2, Chat Completions, pointed at the fake model) and the ModelsLab node as its
 * tool (`n8n-nodes-modelslab.modelsLabTool`, Text to Image with every setting left as a user would
 * leave it: Wait for Result = Until ModelsLab Calls Back, Download Files unset).
 */
import { randomUUID } from 'node:crypto';

import { PKG, credentials as modelsLabCredentials, node, type Workflow } from './workflows';

export const AGENT_WORKFLOW_ID = 'e2eMlAgent000001';
export const AGENT_PATH = 'e2e-agent';
export const AGENT_PROMPT = 'an image for the agent';
export const OPENAI_CREDENTIAL = { id: 'e2eFakeOpenAiCred', name: 'OpenAI (fake model)', type: 'openAiApi' } as const;
export const AGENT_NODES = { agent: 'AI Agent', model: 'OpenAI Chat Model', tool: 'ModelsLab Tool' } as const;

export function agentWorkflow(): Workflow {
	const trigger = { ...node('Agent Webhook', 'n8n-nodes-base.webhook', 2, 0, 0, { httpMethod: 'POST', path: AGENT_PATH, responseMode: 'onReceived', options: {} }), webhookId: randomUUID() };
	const agent = node(AGENT_NODES.agent, '@n8n/n8n-nodes-langchain.agent', 3, 240, 0, {
		promptType: 'define',
		text: '=Make {{ $json.body.what }} and tell me where it is.',
		options: {},
	});
	const model = {
		...node(AGENT_NODES.model, '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, 160, 220, { model: { __rl: true, mode: 'id', value: 'gpt-fake' }, options: {} }),
		credentials: { openAiApi: { id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name } },
	};
	const tool = {
		...node(AGENT_NODES.tool, `${PKG}.modelsLabTool`, 1, 320, 220, {
			resource: 'image',
			operation: 'textToImage',
			apiVersion: 'v6',
			modelId: { __rl: true, mode: 'list', value: 'flux' },
			prompt: AGENT_PROMPT,
		}),
		webhookId: randomUUID(),
		credentials: modelsLabCredentials,
	};
	return {
		id: AGENT_WORKFLOW_ID,
		name: 'ModelsLab e2e: agent tool',
		nodes: [trigger, agent, model, tool],
		connections: {
			'Agent Webhook': { main: [[{ node: AGENT_NODES.agent, type: 'main', index: 0 }]] },
			[AGENT_NODES.model]: { ai_languageModel: [[{ node: AGENT_NODES.agent, type: 'ai_languageModel', index: 0 }]] },
			[AGENT_NODES.tool]: { ai_tool: [[{ node: AGENT_NODES.agent, type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
