/**
 * The pictures, in the order they are taken, all in one browser tab that loads the editor once
 * (a full load of the 2.x editor costs 10 to 40 s here). Each function states what it leaves open
 * for the next.
 *
 *   node-parameters.png             (a) the ModelsLab node's parameters
 *   credential.png                  (e) the ModelsLab API credential, tested
 *   execution-waiting.png           (b) the editor while the node waits for ModelsLab's callback
 *   execution-waiting-output.png    (b) the node's panel while it waits (its waiting text)
 *   execution-resumed.png           (c) the same execution after the callback resumed it
 *   execution-resumed-binary.png    (c) the node's output: the image as binary data
 *   trigger-production-url.png      (d) the ModelsLab Trigger: Production URL and token
 */
/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { N8nInstance } from '../n8n/instance';
import * as b from './browser';

export type ShotContext = {
	page: Page;
	baseUrl: string;
	n8n: N8nInstance;
	workflows: { image: any; trigger: any };
	names: { modelsLab: string; manual: string; trigger: string };
	/** where the PNGs go */
	outDir: string;
	/** the simulator's job delay */
	delayMs: number;
	say: (msg: string) => void;
};

const file = (ctx: ShotContext, name: string): string => path.join(ctx.outDir, name);

/**
 * (a) Opens the image workflow and the ModelsLab node's panel, and photographs the panel's middle
 * column with the viewport grown until no parameter is scrolled away. Leaves the panel open.
 */
export async function nodeParameters(ctx: ShotContext): Promise<void> {
	const { page } = ctx;
	await b.openEditor(page, ctx.baseUrl, `/workflow/${ctx.workflows.image.id}`, {
		nodeName: ctx.names.modelsLab,
	});
	await b.openNdv(page, ctx.names.modelsLab);
	const height = await b.growToFitParameters(page);
	await b.shootNdvPanel(page, file(ctx, 'node-parameters.png'));
	await page.setViewportSize(b.VIEWPORT);
	ctx.say(`node-parameters.png (viewport 1440×${height} for the panel)`);
}

/**
 * (e) From the open ModelsLab panel, opens its credential (the pencil beside it); n8n tests it
 * against the simulator as the dialog opens. The key field shows n8n's mask, never the key.
 * Photographs the dialog, closes it and the panel.
 */
export async function credentialDialog(ctx: ShotContext): Promise<void> {
	const { page } = ctx;
	await page.locator('[data-test-id="credential-edit-button"]').click();
	const dialog = page.locator('[data-test-id="editCredential-modal"]');
	await dialog.waitFor({ state: 'visible' });
	await dialog
		.locator('[data-test-id="credentials-config-container-test-success"]')
		.waitFor({ state: 'visible', timeout: 30000 });
	await b.restPointer(page);
	await page.waitForTimeout(400); // the dialog's opening animation
	await b.shootElement(page, dialog, file(ctx, 'credential.png'));
	await dialog.locator('.el-dialog__headerbtn').click(); // the dialog's X: no test id
	await dialog.waitFor({ state: 'hidden' });
	await b.closeNdv(page);
	ctx.say('credential.png');
}

/**
 * (b) Runs the workflow from its manual trigger in the editor, waits until n8n has put the
 * execution to wait at the ModelsLab node, photographs the canvas and the node's panel, and checks
 * the execution was still waiting afterwards (else the pictures may show a half-resumed run).
 * Leaves the execution waiting for the simulator's callback. Returns its id.
 */
export async function waitingExecution(ctx: ShotContext): Promise<string> {
	const { page, n8n } = ctx;
	const afterId = await n8n.lastExecutionId();
	const started = Date.now();
	await b.canvasNode(page, ctx.names.manual).hover();
	await page.locator(`[data-test-id="execute-workflow-button-${ctx.names.manual}"]`).click();
	const ex = await n8n.waitForExecution({
		workflowId: ctx.workflows.image.id,
		afterId,
		status: 'waiting',
		node: ctx.names.modelsLab,
		timeoutMs: 30000,
	});
	const tooLate = async () => {
		const status = (await n8n.getExecution(ex.id))?.status;
		if (status === 'waiting') return undefined;
		const secs = Math.round((Date.now() - started) / 1000);
		return new Error(
			`execution ${ex.id} was already ${status} before the waiting pictures were done (${secs} s after the click): ` +
				`run again with a longer --delay than ${ctx.delayMs} ms`,
		);
	};
	try {
		// The waiting look: 2.x puts class "waiting" on the node, 1.x a CSS-module class _waiting_…
		// on its body (no test id for the state).
		await b
			.canvasNode(page, ctx.names.modelsLab)
			.locator('[data-test-id="canvas-default-node"][class*="waiting"]')
			.waitFor({ timeout: 30000 });
		await b.calmCanvas(page);
		await b.shootPage(page, file(ctx, 'execution-waiting.png'));
		await b.openNdv(page, ctx.names.modelsLab);
		// n8n shows the node's waitingNodeTooltip under "Waiting for input" in the output panel.
		await page
			.locator('[data-test-id="output-panel"]')
			.getByText(/waiting/i)
			.first()
			.waitFor({ timeout: 15000 });
		await b.shootPage(page, file(ctx, 'execution-waiting-output.png'));
		await b.closeNdv(page);
	} catch (err) {
		throw (await tooLate()) ?? err;
	}
	const late = await tooLate();
	if (late) throw late;
	ctx.say(`execution-waiting.png, execution-waiting-output.png (execution ${ex.id} waiting)`);
	return ex.id;
}

/**
 * (c) Waits for the callback to resume the execution (in n8n's database, then on the canvas, which
 * the editor updates live), photographs the canvas, then the ModelsLab node's output in the binary
 * view with the image opened. Leaves the editor on the canvas.
 */
export async function resumedExecution(ctx: ShotContext, executionId: string): Promise<void> {
	const { page, n8n } = ctx;
	const lastNode =
		ctx.workflows.image.nodes.find((n: any) => n.type === 'n8n-nodes-base.readWriteFile')?.name ??
		ctx.names.modelsLab;
	await n8n.waitForExecution({
		id: executionId,
		status: 'success',
		node: lastNode,
		timeoutMs: ctx.delayMs + 60000,
	});
	await b
		.canvasNode(page, ctx.names.modelsLab)
		.locator('[data-test-id="canvas-node-status-success"]')
		.waitFor({ timeout: 30000 });
	await b
		.canvasNode(page, lastNode)
		.locator('[data-test-id="canvas-node-status-success"]')
		.waitFor({ timeout: 30000 });
	await b.calmCanvas(page);
	await b.shootPage(page, file(ctx, 'execution-resumed.png'));

	await b.openNdv(page, ctx.names.modelsLab);
	const output = page.locator('[data-test-id="output-panel"]');
	const binaryMode = output.locator('[data-test-id="radio-button-binary"]');
	await binaryMode.waitFor({ timeout: 15000 });
	await binaryMode.click();
	await output.locator('[data-test-id="ndv-view-binary-data"]').first().click();
	const image = output.locator('img').first(); // the opened file: no test id
	await image.waitFor({ timeout: 15000 });
	await image.evaluate((img) => (img as HTMLImageElement).decode());
	await b.restPointer(page);
	await b.shootPage(page, file(ctx, 'execution-resumed-binary.png'));
	await b.closeNdv(page);
	ctx.say('execution-resumed.png, execution-resumed-binary.png');
}

/**
 * (d) Switches the editor to the trigger workflow (no reload), opens the ModelsLab Trigger's panel, unfolds "Webhook URLs", picks
 * Production URL and photographs the panel's middle column (the token is a password field).
 */
export async function triggerPanel(ctx: ShotContext): Promise<void> {
	const { page } = ctx;
	await b.openEditor(page, ctx.baseUrl, `/workflow/${ctx.workflows.trigger.id}`, {
		inApp: true,
		nodeName: ctx.names.trigger,
	});
	await b.openNdv(page, ctx.names.trigger);
	const panel = b.ndvMainPanel(page);
	const headline = panel.locator('.webhooks .headline'); // "Webhook URLs": no test id
	if (!(await headline.getAttribute('class'))?.includes('expanded')) await headline.click();
	await panel.locator('[data-test-id="radio-button-production"]').click();
	await panel.locator('.webhook-url').filter({ hasText: '/webhook/' }).waitFor({ timeout: 10000 }); // no test id
	await b.restPointer(page);
	await b.shootNdvPanel(page, file(ctx, 'trigger-production-url.png'));
	await b.closeNdv(page);
	ctx.say('trigger-production-url.png');
}
