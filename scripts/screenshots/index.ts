/**
 * npm run screenshots [-- --n8n 1.123.81] [-- --delay 20000] [-- --out docs/images]
 *
 * Boots a real n8n (default 2.41.1) with the editor, our packed package, the ModelsLab simulator
 * as ModelsLab, a ModelsLab credential and the example workflows, sets up the owner through the
 * REST API, and photographs the editor in headless Chromium (1440×900) into docs/images/. Every
 * picture is taken into a temp folder first and copied over the old ones only when all succeeded.
 * See docs/screenshots.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { findChromium, openBrowser, setUpOwner } from './browser';
import * as shots from './shots';
import { REPO_ROOT, prepare, startStack } from './stack';
import { screenshotWorkflows } from './workflows';

const DEFAULT_VERSION = '2.41.1';
const DEFAULT_DELAY_MS = 20000;

const t0 = Date.now();
const say = (msg: string): void =>
	console.log(`[screenshots] +${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${msg}`);

/** A wrong command line: printed without a stack. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { version: string; delayMs: number; outDir: string } {
	const value = (name: string): string | undefined => {
		const i = argv.indexOf(name);
		if (i < 0) return undefined;
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
		return v;
	};
	const known = new Set(['--n8n', '--delay', '--out']);
	const unknown = argv.filter(
		(a, i) => a.startsWith('--') && !known.has(a) && !known.has(argv[i - 1]),
	);
	if (unknown.length)
		throw new UsageError(
			`unknown option ${unknown.join(' ')} (use --n8n <version>, --delay <ms>, --out <dir>)`,
		);
	const delayMs = Number(value('--delay') ?? DEFAULT_DELAY_MS);
	if (!Number.isFinite(delayMs) || delayMs < 1000)
		throw new UsageError('--delay takes milliseconds, at least 1000');
	return {
		version: value('--n8n') ?? DEFAULT_VERSION,
		delayMs,
		outDir: path.resolve(REPO_ROOT, value('--out') ?? path.join('docs', 'images')),
	};
}

async function main() {
	const { version, delayMs, outDir } = parseArgs(process.argv.slice(2));
	const chromium = findChromium(); // exits 1 with the apt-get hint when missing
	say(`n8n ${version}, simulator job delay ${delayMs} ms, Chromium ${chromium}`);
	prepare(version, say);
	say('built the package and the simulator');

	const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelslab-screenshots-'));
	const filesDir = path.join(tmpDir, 'files'); // where the workflows write, and nowhere else
	const staging = path.join(tmpDir, 'png');
	fs.mkdirSync(filesDir);
	fs.mkdirSync(staging);
	// Undone in reverse order, once, whether the run succeeds, fails or is interrupted.
	const steps: Array<() => unknown> = [
		async () => fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 }),
	];
	let cleaning: Promise<void> | undefined;
	const cleanup = (): Promise<void> =>
		(cleaning ??= (async () => {
			for (let step = steps.pop(); step; step = steps.pop()) {
				try {
					await step();
				} catch (err) {
					console.error(`[screenshots] cleanup: ${err instanceof Error ? err.message : err}`);
				}
			}
		})());
	/** Registers an undo step; runs it at once if the cleanup has already begun. */
	const onCleanup = async (step: () => unknown): Promise<void> => {
		if (!cleaning) return void steps.push(step);
		await cleaning;
		await step();
	};
	// `on`, not `once`: n8n/processGroups.ts re-raises the signal when no other listener is left, which would
	// end this process before the cleanup has run.
	let interrupted = false;
	for (const sig of ['SIGINT', 'SIGTERM'] as const) {
		process.on(sig, () => {
			if (interrupted) return;
			interrupted = true;
			say(`${sig}: cleaning up`);
			void cleanup().then(() => process.exit(130));
		});
	}

	let page: Page | undefined;
	try {
		const { image, trigger, names } = screenshotWorkflows(filesDir);
		const { n8n, sim } = await startStack({
			version,
			delayMs,
			tmpDir,
			outDir: filesDir,
			workflows: [image, trigger],
		});
		await onCleanup(() => sim.close());
		await onCleanup(() => n8n.dispose());
		say(
			`n8n ${version} ready at ${n8n.baseUrl} (${((n8n.timings.webhooksMs ?? 0) / 1000).toFixed(1)} s to boot, imports ${(((n8n.timings.importMs ?? 0) + (n8n.timings.credentialsImportMs ?? 0)) / 1000).toFixed(1)} s)`,
		);

		const context = await openBrowser(chromium, path.join(tmpDir, 'chromium-profile'));
		await onCleanup(() => context.close());
		await setUpOwner(context, n8n.baseUrl);
		say('owner set up, browser signed in');

		page = context.pages()[0] ?? (await context.newPage());
		const ctx: shots.ShotContext = {
			page,
			baseUrl: n8n.baseUrl,
			n8n,
			workflows: { image, trigger },
			names,
			outDir: staging,
			delayMs,
			say,
		};
		await shots.nodeParameters(ctx);
		await shots.credentialDialog(ctx);
		const executionId = await shots.waitingExecution(ctx);
		await shots.resumedExecution(ctx, executionId);
		await shots.triggerPanel(ctx);

		fs.mkdirSync(outDir, { recursive: true });
		const pngs = fs
			.readdirSync(staging)
			.filter((f) => f.endsWith('.png'))
			.sort();
		for (const f of pngs) fs.copyFileSync(path.join(staging, f), path.join(outDir, f));
		say(
			`wrote ${pngs.length} PNGs to ${path.relative(REPO_ROOT, outDir) || '.'}: ${pngs.join(', ')}`,
		);
	} catch (err) {
		if (interrupted) {
			await cleanup(); // the signal handler exits once it is done
			return;
		}
		// What the editor showed when it went wrong, and the pictures taken until then, outside the
		// temp folder (which is removed); docs/images is left as it was.
		const failureDir = path.join(os.tmpdir(), 'modelslab-screenshots-failure');
		fs.rmSync(failureDir, { recursive: true, force: true });
		fs.cpSync(staging, failureDir, { recursive: true });
		if (page)
			await page.screenshot({ path: path.join(failureDir, 'page-at-failure.png') }).catch(() => {});
		console.error(
			`[screenshots] the page when it failed and the pictures taken before: ${failureDir}`,
		);
		throw err;
	} finally {
		await cleanup();
	}
	say(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
	const text =
		err instanceof UsageError
			? err.message
			: err instanceof Error
				? (err.stack ?? err.message)
				: String(err);
	console.error(`[screenshots] failed: ${text}`);
	process.exit(1);
});
