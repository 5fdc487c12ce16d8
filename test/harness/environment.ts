/**
 * One-time process setup that n8n's CLI does at boot, reduced to what n8n-core needs in-process:
 *
 * - `N8N_USER_FOLDER` in a fresh temp dir: `InstanceSettings` (built lazily by n8n-core's DI
 *   container, see n8nDeps.ts) writes `.n8n/config` with an encryption key there.
 * - Binary data: 'filesystem' (n8n 2.x's default: `BinaryDataService.init()` with an FsByteStore
 *   under the user folder, items carry an `id` like `filesystem-v2:workflows/...`) or 'memory'
 *   (the service is left without managers, so `store()` keeps the bytes inline as base64 in
 *   `data`, as NodeTestHarness's InlineBinaryDataService does).
 * - `DataDeduplicationService.init()` with a router to in-memory processed-data stores
 *   (processedData.ts), one store per harness instance.
 *
 * Jest gives every test file its own module registry, so this runs once per test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	BinaryDataConfig,
	BinaryDataService,
	DataDeduplicationService,
	InstanceSettings,
} from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { Container } from './n8nDeps';
import { ProcessedDataRouter } from './processedData';

export type BinaryDataMode = 'filesystem' | 'memory';

export interface EnvironmentOptions {
	/** Default 'filesystem', as n8n 2.x. The first setup in a test file decides. */
	binaryDataMode?: BinaryDataMode;
}

export interface HarnessEnvironment {
	/** The temp dir `N8N_USER_FOLDER` points at (n8n's folder is `<userFolder>/.n8n`). */
	userFolder: string;
	binaryDataMode: BinaryDataMode;
	/** Where filesystem-mode binary data lands. */
	binaryDataPath: string;
	/** Routes `this.helpers.checkProcessedAndRecord` etc. to the calling instance's store. */
	processedDataRouter: ProcessedDataRouter;
}

let current: Promise<HarnessEnvironment> | undefined;
let currentMode: BinaryDataMode | undefined;

async function createEnvironment(binaryDataMode: BinaryDataMode): Promise<HarnessEnvironment> {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));
	process.env.N8N_USER_FOLDER = userFolder;
	// The settings file is ours and temporary; skip n8n's chmod warning about it.
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
	// n8n-core logs node errors to the console; keep test output clean unless asked for.
	process.env.N8N_LOG_LEVEL ??= 'silent';

	// Built now so it binds to the folder above (n8n-core reads it in every node context).
	Container.get(InstanceSettings);

	const binaryDataPath = path.join(userFolder, '.n8n', 'binaryData');
	if (binaryDataMode === 'filesystem') {
		const config = Container.get(BinaryDataConfig);
		config.mode = 'filesystem';
		config.localStoragePath = binaryDataPath;
		await Container.get(BinaryDataService).init();
	}

	const processedDataRouter = new ProcessedDataRouter();
	await DataDeduplicationService.init(processedDataRouter);

	return { userFolder, binaryDataMode, binaryDataPath, processedDataRouter };
}

/** Sets the process up once (per jest test file) and returns the same environment afterwards. */
export async function setupEnvironment(
	options: EnvironmentOptions = {},
): Promise<HarnessEnvironment> {
	const mode = options.binaryDataMode ?? currentMode ?? 'filesystem';
	if (current && currentMode !== mode) {
		throw new UserError(
			`The harness environment is already set up with binary data mode "${currentMode}"; one mode per test file`,
		);
	}
	currentMode = mode;
	current ??= createEnvironment(mode);
	return await current;
}

/** Reads a binary property back, whichever mode stored it (`this.helpers.getBinaryDataBuffer` does the same). */
export async function readBinaryData(binary: IBinaryData): Promise<Buffer> {
	await setupEnvironment();
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}
