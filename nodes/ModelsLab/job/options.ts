/** The node's shared settings, read once per item with their defaults in one place. */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { DownloadSettings } from '../../shared/binary';
import { downloadSettings } from '../../shared/binary';
import { SIMPLIFY_DEFAULT_VERSION } from '../description/outputProperties';
import { SAME_OUTPUT, SEPARATE_OUTPUT } from '../description/waitProperties';

export interface NodeOptions {
	downloadFiles: boolean;
	/** Only the job's essentials in each item (the node's Simplify). */
	simplify: boolean;
	/** One item per generated file instead of one per job. */
	splitIntoItems: boolean;
	download: DownloadSettings;
	concurrency: number;
	pollIntervalSeconds: number;
	timeoutMinutes: number;
	trackId?: string;
	extraFields: unknown;
}

/** A node parameter, from execute() (per item) or webhook() (which has no items). */
export function nodeParameter<T>(ctx: IExecuteFunctions | IWebhookFunctions, name: string, itemIndex: number, fallback: T): T {
	if ('getInputData' in ctx) return ctx.getNodeParameter(name, itemIndex, fallback) as T;
	return ctx.getNodeParameter(name, fallback) as T;
}

/**
 * Whether n8n runs this node as an AI agent's tool: it loads a `usableAsTool` node for an agent
 * under its type name plus `Tool` (n8n-nodes-modelslab.modelsLabTool).
 */
export function runsAsAgentTool(ctx: IExecuteFunctions | IWebhookFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

export function readOptions(ctx: IExecuteFunctions | IWebhookFunctions, itemIndex: number): NodeOptions {
	const options = nodeParameter<IDataObject>(ctx, 'options', itemIndex, {});
	const number = (value: unknown, fallback: number, min: number) => {
		const parsed = Number(value);
		return Number.isFinite(parsed) && parsed >= min ? parsed : fallback;
	};
	return {
		// An agent gets JSON only (n8n drops a tool's binary data), so a tool skips the downloads
		// unless Download Files is set explicitly.
		downloadFiles: options.downloadFiles === undefined ? !runsAsAgentTool(ctx) : options.downloadFiles !== false,
		download: downloadSettings(options),
		simplify: nodeParameter<boolean>(ctx, 'simplify', itemIndex, ctx.getNode().typeVersion >= SIMPLIFY_DEFAULT_VERSION) === true,
		splitIntoItems: options.splitIntoItems === true,
		concurrency: Math.floor(number(options.concurrency, 5, 1)),
		pollIntervalSeconds: number(options.pollInterval, 5, 0.001),
		timeoutMinutes: number(options.timeoutMinutes, 60, 0.001),
		trackId: typeof options.trackId === 'string' || typeof options.trackId === 'number' ? String(options.trackId).trim() || undefined : undefined,
		extraFields: options.extraFields,
	};
}

export function separateFailedOutput(ctx: IExecuteFunctions | IWebhookFunctions): boolean {
	return nodeParameter<string>(ctx, 'failedJobs', 0, SAME_OUTPUT) === SEPARATE_OUTPUT;
}
