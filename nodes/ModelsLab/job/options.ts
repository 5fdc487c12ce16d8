/** The node's shared settings, read once per item with their defaults in one place. */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DownloadSettings } from '../../shared/binary';
import { downloadSettings } from '../../shared/binary';
import { SIMPLIFY_DEFAULT_VERSION, TOOL_OUTPUT_SIMPLIFIED } from '../description/outputProperties';
import { CUSTOM_ENDPOINT } from '../description/jobProperties';
import { entryVersion, findEntry } from '../catalogue';
import type { DocumentedPrice } from '../catalogue/prices';
import { documentedPrice } from '../catalogue/prices';
import { SAME_OUTPUT, SEPARATE_OUTPUT } from '../description/waitProperties';

export interface NodeOptions {
	downloadFiles: boolean;
	/** Only the job's essentials in each item (the node's Simplify). */
	simplify: boolean;
	/** Runs as an AI agent's tool: answers as its Output says (job/toolOutput.ts). */
	agentTool: boolean;
	/** The tool's Output: Simplified, Raw or Selected Fields (`toolFields`). */
	toolOutput: string;
	toolFields: string[];
	/** One item per generated file instead of one per job. */
	splitIntoItems: boolean;
	download: DownloadSettings;
	concurrency: number;
	pollIntervalSeconds: number;
	timeoutMinutes: number;
	trackId?: string;
	extraFields: unknown;
	/** Stop Below Balance, in the account's currency; undefined: off (batch/balanceGuard.ts). */
	stopBelowBalance?: number;
	/** The price ModelsLab documents for the item's endpoint, if any (catalogue/prices.ts). */
	price?: DocumentedPrice;
}

/** A node parameter, from execute() (per item) or webhook() (which has no items). */
export function nodeParameter<T>(
	ctx: IExecuteFunctions | IWebhookFunctions,
	name: string,
	itemIndex: number,
	fallback: T,
): T {
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

export function readOptions(
	ctx: IExecuteFunctions | IWebhookFunctions,
	itemIndex: number,
): NodeOptions {
	const options = nodeParameter<IDataObject>(ctx, 'options', itemIndex, {});
	const number = (value: unknown, fallback: number, min: number) => {
		const parsed = Number(value);
		return Number.isFinite(parsed) && parsed >= min ? parsed : fallback;
	};
	return {
		// An agent gets JSON only (n8n drops a tool's binary data), so a tool skips the downloads
		// unless Download Files is set explicitly.
		downloadFiles:
			options.downloadFiles === undefined ? !runsAsAgentTool(ctx) : options.downloadFiles !== false,
		download: downloadSettings(options),
		simplify:
			nodeParameter<boolean>(
				ctx,
				'simplify',
				itemIndex,
				ctx.getNode().typeVersion >= SIMPLIFY_DEFAULT_VERSION,
			) === true,
		agentTool: runsAsAgentTool(ctx),
		toolOutput: nodeParameter<string>(ctx, 'toolOutput', itemIndex, TOOL_OUTPUT_SIMPLIFIED),
		toolFields: nodeParameter<string[]>(ctx, 'toolFields', itemIndex, []),
		splitIntoItems: options.splitIntoItems === true,
		concurrency: Math.floor(number(options.concurrency, 5, 1)),
		pollIntervalSeconds: number(options.pollInterval, 5, 0.001),
		timeoutMinutes: number(options.timeoutMinutes, 60, 0.001),
		trackId:
			typeof options.trackId === 'string' || typeof options.trackId === 'number'
				? String(options.trackId).trim() || undefined
				: undefined,
		extraFields: options.extraFields,
		price: operationPrice(ctx, itemIndex),
		stopBelowBalance:
			Number.isFinite(Number(options.stopBelowBalance)) && Number(options.stopBelowBalance) > 0
				? Number(options.stopBelowBalance)
				: undefined,
	};
}

/** The documented price of the endpoint the item's operation submits to, if ModelsLab documents one. */
function operationPrice(
	ctx: IExecuteFunctions | IWebhookFunctions,
	itemIndex: number,
): DocumentedPrice | undefined {
	const operation = nodeParameter<string>(ctx, 'operation', itemIndex, '');
	if (operation === CUSTOM_ENDPOINT)
		return documentedPrice(String(nodeParameter<string>(ctx, 'path', itemIndex, '')).trim());
	const entry = findEntry(nodeParameter<string>(ctx, 'resource', itemIndex, ''), operation);
	if (!entry) return undefined;
	const version =
		entry.versions.length > 1 ? nodeParameter<string>(ctx, 'apiVersion', itemIndex, '') : '';
	try {
		return documentedPrice(entryVersion(entry, version || undefined).path);
	} catch {
		return undefined;
	}
}

export function separateFailedOutput(ctx: IExecuteFunctions | IWebhookFunctions): boolean {
	return nodeParameter<string>(ctx, 'failedJobs', 0, SAME_OUTPUT) === SEPARATE_OUTPUT;
}

/**
 * n8n's node setting *Retry On Fail* runs the whole node again after an error, with the same input
 * (n8n-core WorkflowExecute: the same runIndex and input, up to *Max Tries*; it also reruns when the
 * first output item has an `error` field, which is how On Error › Continue reports a failed job).
 * The node cannot tell a retry from a first run: `this.getNode()` shows the setting (`retryOnFail`,
 * `maxTries`) but no try number, and a submit that timed out or got a 5xx may already have created
 * a paid job without the node ever learning its ID. So every retry would submit every item again,
 * jobs that already reached ModelsLab included. Submitting operations therefore refuse to run with
 * it on, before anything is sent; the node's own retries (after a 429, on fetches and downloads)
 * are the ones that cannot bill twice. Returns the refusal, or undefined when the setting is off.
 */
export function nodeRetryRefusal(ctx: IExecuteFunctions): NodeOperationError | undefined {
	const node = ctx.getNode();
	if (node.retryOnFail !== true) return undefined;
	return new NodeOperationError(
		node,
		"Turn off Retry On Fail in this node's Settings: n8n's retry would submit new paid ModelsLab jobs",
		{
			description:
				"n8n's Retry On Fail runs the node again with the same items, and the node cannot tell a retry from a first run, so every item would be submitted again, including jobs an earlier try had already created at ModelsLab (a timeout or a 5xx can come after the job was created). Nothing was sent. The node already retries where no second job can result: a submit refused with 429 (ModelsLab queued nothing) waits retry_after and is sent again, fetches and downloads are retried. To handle failed jobs, use Settings › On Error › Continue (using error output) and Job › Get Result with the request ID the error names.",
		},
	);
}
