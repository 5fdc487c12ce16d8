/** The shapes startN8n() takes and gives back. */

/**
 * A row of execution_entity (ids as strings). status: new, running, waiting, success, error,
 * canceled, crashed. Dates are SQLite text in UTC ("2026-01-01 12:00:00.000").
 */
export type ExecutionRow = {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: number;
	waitTill: string | null;
	startedAt: string | null;
	stoppedAt: string | null;
	createdAt: string;
};

/**
 * An execution with its data decoded. `data` is IRunExecutionData; `runData[node]` the node's runs
 * (ITaskData[]); `output(node)` the json of the items the node's last run put on output 0 (or the
 * given output/run index).
 */
export type Execution = ExecutionRow & {
	data: any;
	workflowData: any;
	runData: Record<string, any[]>;
	lastNodeExecuted: string | undefined;
	error: any;
	resumeToken: string | undefined;
	output(node: string, output?: number, run?: number): any[];
};

export type ExecutionFilter = {
	workflowId?: string;
	/** this execution only */
	id?: string | number;
	/** only executions with a higher id (see lastExecutionId()) */
	afterId?: string | number;
	status?: string | string[];
	/** only once this node has run data (1.x can set the final status a moment before the data is written) */
	node?: string;
	predicate?: (ex: Execution) => boolean;
	/** default 30 s */
	timeoutMs?: number;
};

/**
 * Reads n8n's database: SQL with `?` placeholders and double-quoted identifiers, which SQLite and
 * PostgreSQL both read (the function translates placeholders if needed).
 */
export type Query = (sql: string, params: unknown[]) => Promise<any[]>;

export type N8nCommand = 'start' | 'worker' | 'webhook';

export type StartOptions = {
	/** pinned n8n version, installed with `npm run n8n:install -- <version>` */
	version: string;
	/** n8n HTTP port (default: a free one) */
	port?: number;
	/** task-runner broker port (default: a free one) */
	brokerPort?: number;
	/** N8N_USER_FOLDER (default: a new temp folder, removed by dispose()) */
	userFolder?: string;
	/** community package tarball to install into <userFolder>/.n8n/nodes */
	packageTgz?: string;
	/** N8N_CUSTOM_EXTENSIONS (node types are then CUSTOM.<name>) */
	customExtensionsDir?: string;
	/** workflows to import and activate before the first start */
	workflows?: object[];
	/** credentials to import before the workflows: { id, name, type, data: { ...plaintext fields } } (the CLI encrypts `data` objects) */
	credentials?: object[];
	/**
	 * more production webhooks to wait for at each start, as "path" or "METHOD path" (those of
	 * imported nodes with a webhookId and a literal `path` parameter are found automatically)
	 */
	waitForWebhooks?: string[];
	/** extra environment (wins over the defaults) */
	env?: Record<string, string>;
	/** default 90 s */
	readyTimeoutMs?: number;
	/** also print n8n's log to this process's stderr */
	echo?: boolean;
	/**
	 * serve the editor UI (default false: N8N_DISABLE_UI=true, which halves 1.x's start time; turn it
	 * on to look at executions in a browser)
	 */
	ui?: boolean;
	/**
	 * the n8n command to run (default `start`); `worker` and `webhook` are queue mode's processes
	 * (pass the queue and database settings in `env`)
	 */
	command?: N8nCommand;
	/** extra arguments for that command, e.g. `--concurrency=5` */
	args?: string[];
	/**
	 * reads n8n's database for the execution helpers instead of `<userFolder>/.n8n/database.sqlite`,
	 * for an instance on another database (e.g. `DB_TYPE=postgresdb` in `env`)
	 */
	query?: Query;
};
