/**
 * Reading many executions at once from n8n's SQLite database (the e2e instance helper reads one
 * at a time, which is slow for thousands), and small helpers the suites share.
 */
import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { N8nInstance } from '../../../scripts/n8n/instance';
import { n8nDir } from '../../../scripts/n8n/install';

type Json = Record<string, any>;

export interface ExecutionData {
	id: string;
	status: string;
	runData: Record<string, any[]>;
	error: Json | undefined;
	lastNodeExecuted: string | undefined;
}

const flattedByVersion = new Map<string, { parse(text: string): any }>();
/** n8n's own `flatted` (the format of execution_data.data). */
function flatted(version: string): { parse(text: string): any } {
	let lib = flattedByVersion.get(version);
	if (!lib) {
		lib = require(join(n8nDir(version), 'node_modules', 'flatted')) as { parse(text: string): any };
		flattedByVersion.set(version, lib);
	}
	return lib;
}

/** Every execution of a workflow after `afterId`, with its run data, in one query (oldest first). */
export async function executionsWithData(
	n8n: N8nInstance,
	workflowId: string,
	afterId = '0',
): Promise<ExecutionData[]> {
	const rows = await n8n.dbQuery(
		`SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e
		 LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND e.id > ? ORDER BY e.id`,
		[workflowId, Number(afterId)],
	);
	return rows.map((row: Json) => {
		const data = row.data ? flatted(n8n.version).parse(row.data) : undefined;
		const resultData = data?.resultData ?? {};
		return {
			id: String(row.id),
			status: String(row.status),
			runData: resultData.runData ?? {},
			error: resultData.error,
			lastNodeExecuted: resultData.lastNodeExecuted,
		};
	});
}

/** Items a node put on an output in its last run (json and binary metadata). */
export function itemsOn(
	ex: { runData: Record<string, any[]> },
	node: string,
	output = 0,
): Array<{ json: Json; binary?: Json }> {
	return ex.runData[node]?.at(-1)?.data?.main?.[output] ?? [];
}

/** Statuses of executions that are over. */
export const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** `12.3 s` */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;

/** RELIABILITY_KEEP_LOG=1 keeps a copy of n8n's log (the user folder goes with dispose()). */
export function keepLog(n8n: N8nInstance | undefined, name: string): void {
	if (!n8n || process.env.RELIABILITY_KEEP_LOG !== '1') return;
	const target = join(tmpdir(), `reliability-n8n-${name}-${n8n.version}.log`);
	copyFileSync(n8n.logFile, target);
	console.log(`n8n's log kept in ${target}`);
}
