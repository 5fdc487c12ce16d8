/**
 * Waits this process holds in memory, by execution, node and wait id: the batch's record as
 * this process knows it (modes/callback/start.ts made it, or webhook.ts rebuilt it from custom
 * data and the callbacks' URLs). Memory only saves API calls: a process without it (after a
 * restart, or another queue-mode process) rebuilds the record and asks ModelsLab for results.
 */
import type { WaitRecord } from '../../batch/state';

export type { BatchState, WaitRecord } from '../../batch/state';

const MAX_RECORDS = 1000;
const records = new Map<string, WaitRecord>();

export function recordKey(executionId: string, nodeName: string, waitId = ''): string {
	return `${executionId}\n${nodeName}\n${waitId}`;
}

export function rememberWait(key: string, record: WaitRecord): void {
	records.delete(key);
	records.set(key, record);
	while (records.size > MAX_RECORDS) records.delete(records.keys().next().value as string);
}

export function recallWait(key: string): WaitRecord | undefined {
	return records.get(key);
}

export function forgetWait(key: string): void {
	records.delete(key);
}

/** Forgets every wait of one node of one execution, whatever its wait id (tests: a process that lost its memory). */
export function forgetWaitsOf(executionId: string, nodeName: string): void {
	const prefix = recordKey(executionId, nodeName, '');
	for (const key of [...records.keys()]) if (key.startsWith(prefix)) records.delete(key);
}

/** Forgets every wait of this process (tests: each starts as a fresh n8n; pending knocks stop). */
export function forgetAllWaits(): void {
	records.clear();
}
