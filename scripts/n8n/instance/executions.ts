/**
 * Reading n8n's executions, read-only, from its database: SQLite's file by default, or any `Query`
 * (queue mode reads PostgreSQL). Execution data is decoded with n8n's own `flatted`.
 */
import { n8nModule } from '../paths';
import { waitFor } from '../waitFor';
import type { Execution, ExecutionFilter, ExecutionRow, Query } from './types';

/** A read-only query on an n8n's database.sqlite, through that n8n's own sqlite3 module. */
export function sqliteQuery(version: string, dbFile: string): Query {
	let sqlite3: any;
	return (sql, params) => {
		sqlite3 ??= n8nModule(version, 'sqlite3');
		return new Promise((resolve, reject) => {
			const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (openErr: Error | null) => {
				if (openErr) return reject(openErr);
				db.configure('busyTimeout', 5000);
				db.all(sql, params, (err: Error | null, rows: any[]) => {
					db.close();
					if (err) reject(err);
					else resolve(rows);
				});
			});
		});
	};
}

export type ExecutionReader = ReturnType<typeof executionReader>;

export function executionReader(version: string, query: Query, webhookUrl: string) {
	let flatted: { parse(s: string): any } | undefined;
	const dbQuery = (sql: string, params: unknown[] = []): Promise<any[]> => query(sql, params);

	/** Executions (newest first) without their data. */
	async function getExecutions(
		filterOrWorkflowId: string | Omit<ExecutionFilter, 'predicate' | 'node' | 'timeoutMs'> = {},
	): Promise<ExecutionRow[]> {
		const filter =
			typeof filterOrWorkflowId === 'string'
				? { workflowId: filterOrWorkflowId }
				: filterOrWorkflowId;
		const where: string[] = [];
		const params: unknown[] = [];
		const statuses = filter.status ? [filter.status].flat() : [];
		if (filter.workflowId) where.push('"workflowId" = ?') && params.push(filter.workflowId);
		if (filter.id !== undefined) where.push('id = ?') && params.push(Number(filter.id));
		if (filter.afterId !== undefined) where.push('id > ?') && params.push(Number(filter.afterId));
		if (statuses.length)
			where.push(`status IN (${statuses.map(() => '?').join(',')})`) && params.push(...statuses);
		const rows = await dbQuery(
			`SELECT * FROM execution_entity ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`,
			params,
		);
		return rows.map((r) => ({ ...r, id: String(r.id) }));
	}

	/** One execution with its data decoded (flatted JSON), or undefined. */
	async function getExecution(id: string | number): Promise<Execution | undefined> {
		const [row] = await dbQuery(
			`SELECT e.*, d.data AS "_data", d."workflowData" AS "_workflowData" FROM execution_entity e
			 LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id = ?`,
			[Number(id)],
		);
		if (!row) return undefined;
		const { _data, _workflowData, ...entity } = row;
		flatted ??= n8nModule(version, 'flatted') as { parse(s: string): any };
		const data = _data ? flatted.parse(_data) : undefined;
		const resultData = data?.resultData ?? {};
		const runData: Record<string, any[]> = resultData.runData ?? {};
		return {
			...entity,
			id: String(entity.id),
			data,
			// a JSON column comes back parsed from PostgreSQL, as text from SQLite
			workflowData:
				typeof _workflowData === 'string'
					? JSON.parse(_workflowData)
					: (_workflowData ?? undefined),
			runData,
			lastNodeExecuted: resultData.lastNodeExecuted,
			error: resultData.error,
			resumeToken: data?.resumeToken,
			output(node: string, output = 0, run = -1) {
				const r = (runData[node] ?? []).at(run);
				return (r?.data?.main?.[output] ?? []).map((it: any) => it.json);
			},
		};
	}

	/** Waits for an execution matching the filter (the newest matching one wins). */
	async function waitForExecution(filter: ExecutionFilter = {}): Promise<Execution> {
		const { predicate, node, timeoutMs, ...rowFilter } = filter;
		return waitFor(
			async () => {
				for (const { id } of await getExecutions(rowFilter)) {
					const ex = await getExecution(id);
					if (!ex) continue;
					if (node && !ex.runData[node]) continue;
					if (predicate && !predicate(ex)) continue;
					return ex;
				}
				return undefined;
			},
			timeoutMs ?? 30000,
			{
				what: `execution ${JSON.stringify({ ...filter, predicate: !!predicate })}`,
				intervalMs: 100,
			},
		);
	}

	/** Highest execution id so far (0 if none): pass as `afterId` to wait for the next one. */
	async function lastExecutionId(): Promise<string> {
		const [row] = await dbQuery(`SELECT MAX(id) AS id FROM execution_entity`);
		return String(row?.id ?? 0);
	}

	/**
	 * The resume token of an execution: 2.x (since 2.14) keeps it in the execution data,
	 * `execution_data.data` → `resumeToken` (flatted); undefined on 1.x.
	 */
	async function resumeToken(id: string | number): Promise<string | undefined> {
		return (await getExecution(id))?.data?.resumeToken ?? undefined;
	}

	/**
	 * The resume URL of a (waiting) execution, as n8n builds it for `$execution.resumeUrl`:
	 * `<webhookUrl>webhook-waiting/<id>`, plus `?signature=<resumeToken>` on 2.x; `suffix` is an
	 * optional restart-webhook path suffix.
	 */
	async function resumeUrl(id: string | number, suffix?: string): Promise<string> {
		const url = new URL(`${webhookUrl}webhook-waiting/${id}`);
		if (suffix) url.pathname += `/${suffix.replace(/^\//, '')}`;
		const token = await resumeToken(id);
		if (token) url.searchParams.set('signature', token);
		return url.toString();
	}

	return {
		dbQuery,
		getExecutions,
		getExecution,
		waitForExecution,
		lastExecutionId,
		resumeToken,
		resumeUrl,
	};
}
