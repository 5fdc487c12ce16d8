/**
 * An in-memory `processed_data` table and a deduplicator that uses it the way n8n's CLI does.
 *
 * Replicates `packages/cli/src/deduplication/deduplication-helper.ts` (`DeduplicationHelper`,
 * the `IDataDeduplicator` n8n hands to `DataDeduplicationService.init`):
 * - one row per (workflowId, context); context is `n:<node id>` for scope 'node', '' for 'workflow';
 * - mode 'entries' stores md5/base64 hashes of `value.toString()`, appends new ones and trims the
 *   oldest down to `maxEntries`; 'latestIncrementalKey' / 'latestDate' keep only the largest value;
 * - a row saved in one mode and read in another throws the same DeduplicationError message;
 * - every repository call is asynchronous and the check is read-modify-write without a lock, so two
 *   concurrent calls can both see an id as new, as in n8n (see n8n-internals.md §5 and §9).
 *
 * The table can be saved and restored to simulate an n8n restart that keeps its database.
 */
import { createHash } from 'node:crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';
import { OperationalError } from 'n8n-workflow';

/** What n8n keeps in `processed_data.value`. */
export type ProcessedDataValue =
	| { mode: 'entries'; data: string[] }
	| { mode: 'latestIncrementalKey' | 'latestDate'; data: DeduplicationItemTypes };

export interface ProcessedDataRow {
	workflowId: string;
	context: string;
	value: ProcessedDataValue;
}

/** Same message n8n's CLI `DeduplicationError` carries; n8n-core has no exported class for it. */
export class DeduplicationError extends OperationalError {}

const yieldToEventLoop = async () => await new Promise<void>((resolve) => setImmediate(resolve));

const rowKey = (workflowId: string, context: string) => `${workflowId}\u0000${context}`;

const copyRow = (row: ProcessedDataRow): ProcessedDataRow =>
	JSON.parse(JSON.stringify(row)) as ProcessedDataRow;

/**
 * The `processed_data` table. Reads return copies and writes store copies, like a database; each
 * call yields to the event loop once, so interleavings match an async DB driver.
 */
export class ProcessedDataStore {
	private readonly rows = new Map<string, ProcessedDataRow>();

	static restore(saved: string): ProcessedDataStore {
		const store = new ProcessedDataStore();
		for (const row of JSON.parse(saved) as ProcessedDataRow[]) {
			store.rows.set(rowKey(row.workflowId, row.context), copyRow(row));
		}
		return store;
	}

	/** Serialises the whole table (to restore it in a "restarted" harness). */
	save(): string {
		return JSON.stringify([...this.rows.values()]);
	}

	/** A copy of every row, for assertions. */
	allRows(): ProcessedDataRow[] {
		return [...this.rows.values()].map(copyRow);
	}

	async findOne(workflowId: string, context: string): Promise<ProcessedDataRow | null> {
		await yieldToEventLoop();
		const row = this.rows.get(rowKey(workflowId, context));
		return row ? copyRow(row) : null;
	}

	async insert(row: ProcessedDataRow): Promise<void> {
		await yieldToEventLoop();
		const key = rowKey(row.workflowId, row.context);
		if (this.rows.has(key)) {
			// The real table's primary key is (workflowId, context): a racing insert fails.
			throw new OperationalError(
				`duplicate key value violates unique constraint on processed_data (${row.workflowId}, ${row.context})`,
			);
		}
		this.rows.set(key, copyRow(row));
	}

	async update(row: ProcessedDataRow): Promise<void> {
		await yieldToEventLoop();
		const key = rowKey(row.workflowId, row.context);
		if (this.rows.has(key)) this.rows.set(key, copyRow(row));
	}

	async delete(workflowId: string, context: string): Promise<void> {
		await yieldToEventLoop();
		this.rows.delete(rowKey(workflowId, context));
	}
}

const isLatestMode = (mode: DeduplicationMode): mode is 'latestIncrementalKey' | 'latestDate' =>
	mode === 'latestIncrementalKey' || mode === 'latestDate';

/** `value1 > value2` in the given "latest" mode; throws like n8n on values it cannot compare. */
function isGreater(
	mode: DeduplicationMode,
	value1: DeduplicationItemTypes,
	value2: DeduplicationItemTypes,
): boolean {
	if (mode === 'latestIncrementalKey') {
		const num1 = Number(value1);
		const num2 = Number(value2);
		if (!isNaN(num1) && !isNaN(num2)) return num1 > num2;
		throw new DeduplicationError(
			'Invalid value. Only numbers are supported in mode "latestIncrementalKey"',
		);
	}
	if (mode === 'latestDate') {
		const date1 = new Date(value1 as string);
		const date2 = new Date(value2 as string);
		if (!isNaN(date1.getTime()) && !isNaN(date2.getTime())) return date1 > date2;
		throw new DeduplicationError(
			'Invalid value. Only valid dates are supported in mode "latestDate"',
		);
	}
	throw new DeduplicationError(
		"Invalid mode. Only 'latestIncrementalKey' and 'latestDate' are supported.",
	);
}

const sortEntries = (items: DeduplicationItemTypes[], mode: DeduplicationMode) =>
	items.slice().sort((a, b) => (isGreater(mode, a, b) ? 1 : -1));

function contextOf(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (scope === 'node') {
		if (!contextData.node) {
			throw new DeduplicationError(
				"No node information has been provided and so cannot use scope 'node'",
			);
		}
		// n8n keys by node id so a renamed node keeps its history.
		return `n:${contextData.node.id}`;
	}
	return '';
}

const hashOf = (value: DeduplicationItemTypes) =>
	createHash('md5').update(value.toString()).digest('base64');

const INCOMPATIBLE_MODE_MESSAGE =
	'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try `Clean Database’ operation to reset.';

/** n8n's `DeduplicationHelper`, backed by a `ProcessedDataStore` instead of TypeORM. */
export class ProcessedDataManager implements IDataDeduplicator {
	constructor(readonly store: ProcessedDataStore) {}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const context = contextOf(scope, contextData);
		const workflowId = String(contextData.workflow.id);
		const row = await this.store.findOne(workflowId, context);

		if (row && row.value.mode !== options.mode) {
			throw new DeduplicationError(INCOMPATIBLE_MODE_MESSAGE);
		}

		if (isLatestMode(options.mode)) {
			const incoming = sortEntries(items, options.mode);
			if (!row) {
				await this.store.insert({
					workflowId,
					context,
					value: { mode: options.mode, data: incoming.pop() as DeduplicationItemTypes },
				});
				return { new: items, processed: [] };
			}
			const result: IDeduplicationOutput = { new: [], processed: [] };
			const stored = row.value.data as DeduplicationItemTypes;
			let largest = stored;
			for (const item of incoming) {
				if (isGreater(options.mode, item, stored)) {
					result.new.push(item);
					if (isGreater(options.mode, item, largest)) largest = item;
				} else {
					result.processed.push(item);
				}
			}
			await this.store.update({ ...row, value: { mode: options.mode, data: largest } });
			return result;
		}

		const hashes = items.map(hashOf);
		if (!row) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			await this.store.insert({ workflowId, context, value: { mode: 'entries', data: hashes } });
			return { new: items, processed: [] };
		}

		const result: IDeduplicationOutput = { new: [], processed: [] };
		const entries = row.value.data as string[];
		hashes.forEach((hash, index) => {
			if (entries.find((entry) => entry === hash)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				entries.push(hash);
			}
		});
		if (options.maxEntries) entries.splice(0, entries.length - options.maxEntries);
		await this.store.update({ ...row, value: { mode: 'entries', data: entries } });
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (isLatestMode(options.mode)) {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const workflowId = String(contextData.workflow.id);
		const row = await this.store.findOne(workflowId, contextOf(scope, contextData));
		if (!row) return;
		const entries = row.value.data as string[];
		for (const hash of items.map(hashOf)) {
			const index = entries.findIndex((entry) => entry === hash);
			if (index !== -1) entries.splice(index, 1);
		}
		await this.store.update({ ...row, value: { mode: 'entries', data: entries } });
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		await this.store.delete(String(contextData.workflow.id), contextOf(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const row = await this.store.findOne(
			String(contextData.workflow.id),
			contextOf(scope, contextData),
		);
		if (options.mode !== 'entries') return 0;
		return row?.value.mode === 'entries' ? row.value.data.length : 0;
	}
}

/**
 * `DataDeduplicationService` is a process-wide singleton that accepts one deduplicator, once.
 * Several harness instances (e.g. "before" and "after" a simulated restart) can live in one test
 * file, so the harness installs this router and sends each call to the store of the instance that
 * created the calling `Workflow` object.
 */
export class ProcessedDataRouter implements IDataDeduplicator {
	private readonly byWorkflow = new WeakMap<object, ProcessedDataManager>();

	register(workflow: object, manager: ProcessedDataManager): void {
		this.byWorkflow.set(workflow, manager);
	}

	private managerFor(contextData: ICheckProcessedContextData): ProcessedDataManager {
		const manager = this.byWorkflow.get(contextData.workflow);
		if (!manager) {
			throw new OperationalError(
				'Deduplication was called for a workflow the harness did not create; build workflows through an N8nInstance',
			);
		}
		return manager;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	) {
		return await this.managerFor(contextData).checkProcessedAndRecord(
			items,
			scope,
			contextData,
			options,
		);
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	) {
		await this.managerFor(contextData).removeProcessed(items, scope, contextData, options);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
		await this.managerFor(contextData).clearAllProcessedItems(scope, contextData);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	) {
		return await this.managerFor(contextData).getProcessedDataCount(scope, contextData, options);
	}
}
