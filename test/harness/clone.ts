/** Deep copies through JSON, as a database round trip would (Dates become strings). */
import type { IDataObject } from 'n8n-workflow';

export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Workflow static data as n8n saves it: without the `__dataChanged` flag `ObservableObject` sets. */
export const withoutChangeFlag = (data: IDataObject): IDataObject => {
	const { __dataChanged: _ignored, ...rest } = copy(data);
	return rest;
};
