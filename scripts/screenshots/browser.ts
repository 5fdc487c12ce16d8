/**
 * Headless Chromium (the system's, driven by playwright-core) on the n8n editor, and the few editor
 * moves the shots share: sign in, open a workflow, open and close a node's panel, take a picture.
 * Selectors are n8n's data-test-id attributes wherever the editor has one; the exceptions are
 * marked "no test id".
 */
/// <reference lib="dom" />
import fs from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export const VIEWPORT = { width: 1440, height: 900 };
// Without the background-networking flags Chromium keeps calling Google services, which floods a
// closed network with failing requests.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Screenshots1',
};

/**
 * The Chromium to drive: $CHROMIUM_PATH, else /usr/bin/chromium. Exits with a clear message when
 * there is none (playwright-core downloads no browser).
 */
export function findChromium(): string {
	const candidates = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
	].filter(Boolean);
	const found = candidates.find((p) => fs.existsSync(p as string));
	if (!found) {
		console.error(
			'[screenshots] Chromium not found (looked for $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser).\n' +
				'              Install it: apt-get install chromium   (or point CHROMIUM_PATH at a Chromium/Chrome binary)',
		);
		process.exit(1);
	}
	return found as string;
}

/**
 * Launches Chromium with a fresh profile in `userDataDir`; every request that is not for
 * 127.0.0.1 is aborted (the editor has nothing to fetch from the internet here).
 */
export async function openBrowser(
	executablePath: string,
	userDataDir: string,
): Promise<BrowserContext> {
	let playwright: typeof import('playwright-core');
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		playwright = require('playwright-core');
	} catch {
		throw new Error('playwright-core is missing: run npm ci');
	}
	const context = await playwright.chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		locale: 'en-US',
		timezoneId: 'UTC',
		// Playwright's own signal handlers close the browser and exit the process at once, before
		// index.ts has stopped n8n and removed its temp folder: index.ts closes the browser itself.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:')
			return route.continue();
		return route.abort();
	});
	// Toasts ("Workflow executed successfully" …) come and go with timing: never photograph them.
	await context.addInitScript(() => {
		document.addEventListener('DOMContentLoaded', () => {
			const style = document.createElement('style');
			style.textContent = '.el-notification, .el-message { display: none !important; }';
			document.head.appendChild(style);
		});
	});
	return context;
}

/**
 * Creates the instance owner (n8n answers with the auth cookie, which lands in the browser
 * context). Same body on 1.123 and 2.41: email, firstName, lastName, password (8+ characters, a
 * number and a capital).
 */
export async function setUpOwner(context: BrowserContext, baseUrl: string): Promise<void> {
	const res = await context.request.post(`${baseUrl}/rest/owner/setup`, { data: OWNER });
	if (!res.ok())
		throw new Error(
			`POST /rest/owner/setup answered ${res.status()}: ${(await res.text()).slice(0, 300)}`,
		);
	const cookies = await context.cookies(baseUrl);
	if (!cookies.some((c) => c.name === 'n8n-auth'))
		throw new Error('owner set up, but n8n sent no n8n-auth cookie');
}

/**
 * Closes the 2.x "Production Checklist" popover, which opens by itself the first time a published
 * workflow is shown in a browser profile. Waits up to `waitMs` for it to appear.
 */
export async function dismissChecklist(page: Page, waitMs = 0): Promise<void> {
	const close = page.locator('[data-test-id="suggested-actions-close"]');
	try {
		await close.waitFor({ state: 'visible', timeout: Math.max(1, waitMs) });
		await close.click();
		await close.waitFor({ state: 'hidden', timeout: 5000 });
	} catch {
		// not shown
	}
}

/**
 * Opens a workflow in the editor and waits for its nodes (for `nodeName` when given).
 * `path` e.g. /workflow/<id>; `inApp`: try without reloading the editor (needs `nodeName`).
 */
export async function openEditor(
	page: Page,
	baseUrl: string,
	path: string,
	{ inApp = false, nodeName = '' }: { inApp?: boolean; nodeName?: string } = {},
): Promise<void> {
	const node = nodeName
		? canvasNode(page, nodeName)
		: page.locator('[data-test-id="canvas-node"]').first();
	if (!(inApp && nodeName && (await navigateInApp(page, path, nodeName)))) {
		await page.goto(`${baseUrl}${path}`);
		await node.waitFor({ timeout: 90000 });
	}
	await dismissChecklist(page, 2000);
}

export const canvasNode = (page: Page, name: string): Locator =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`);

/** Opens a node's panel (NDV) by double-clicking it on the canvas. */
export async function openNdv(page: Page, name: string): Promise<void> {
	await canvasNode(page, name).dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
	await page.locator('[data-test-id="node-parameters"]').waitFor({ state: 'visible' });
	await restPointer(page); // the double-click left it over a parameter, which shows its hover controls
	await page.waitForTimeout(500); // panels slide in
}

/** Parks the pointer in the top-left corner, where no panel reacts to it. */
export async function restPointer(page: Page): Promise<void> {
	await page.mouse.move(1, 1);
}

/** Closes the node panel: 2.x has a close button, 1.x "Back to canvas"; Escape as a fallback. */
export async function closeNdv(page: Page): Promise<void> {
	for (const id of ['ndv-close-button', 'back-to-canvas']) {
		const button = page.locator(`[data-test-id="${id}"]`);
		if (await button.isVisible()) {
			await button.click();
			break;
		}
	}
	const ndv = page.locator('[data-test-id="ndv"]');
	if (await ndv.isVisible()) await page.keyboard.press('Escape');
	await ndv.waitFor({ state: 'hidden' });
}

/**
 * Moves the pointer off the nodes and clears the selection (so no hover toolbar or selection
 * frame is photographed): a click on an empty corner of the canvas.
 */
export async function calmCanvas(page: Page): Promise<void> {
	const box = await page.locator('[data-test-id="canvas-wrapper"]').boundingBox();
	if (box) await page.mouse.click(box.x + 12, box.y + 12);
	await restPointer(page);
	await page.waitForTimeout(300);
}

/**
 * Goes to another workflow without reloading the editor (a full load of the 2.x editor takes 10
 * to 40 s on 2 busy cores), through the app's own Vue router: Vue 3 keeps the app on its mount
 * element as __vue_app__. 1.x reloads the canvas only when the route itself changes, not just the
 * workflow id, so the way is through the workflow list, as a user would go. Resolves false when
 * that did not bring up `nodeName` (the caller then loads the page).
 */
export async function navigateInApp(page: Page, path: string, nodeName: string): Promise<boolean> {
	const push = (to: string): Promise<string> =>
		page.evaluate(async (target) => {
			const mount = document.querySelector('#app') as any;
			const router = mount?.__vue_app__?.config?.globalProperties?.$router;
			if (!router) return 'no router';
			const failure = await router.push(target);
			return failure ? `navigation failure ${failure.type}` : 'ok';
		}, to);
	try {
		if ((await push('/home/workflows')) !== 'ok') return false;
		await page
			.locator('[data-test-id="canvas-node"]')
			.first()
			.waitFor({ state: 'detached', timeout: 15000 });
		// The list page may still adjust its own URL (query) right after it mounts, which cancels
		// a navigation started meanwhile: retry.
		for (let attempt = 0; attempt < 5; attempt++) {
			await page.waitForTimeout(500);
			if ((await push(path)) === 'ok') break;
		}
		await canvasNode(page, nodeName).waitFor({ timeout: 20000 });
		return true;
	} catch {
		return false;
	}
}

/**
 * The middle column of the open node panel (tabs and parameters), found as the nearest ancestor of
 * the parameter list that also holds the Parameters tab: 1.x draws it as a floating card with the
 * node's name, 2.x as a column under a full-width header.
 */
export function ndvMainPanel(page: Page): Locator {
	return page
		.locator('[data-test-id="node-parameters"]')
		.locator('xpath=ancestor::*[.//*[@data-test-id="tab-params"]][1]');
}

/**
 * Makes the viewport tall enough that the open panel's parameters need no scrolling (at most
 * `maxHeight`), so one picture shows them all. Returns the height used.
 */
export async function growToFitParameters(page: Page, maxHeight = 1800): Promise<number> {
	let height = VIEWPORT.height;
	for (let i = 0; i < 3; i++) {
		const overflow = await page.locator('[data-test-id="node-parameters"]').evaluate((el) => {
			let most = 0;
			for (let e: Element | null = el; e; e = e.parentElement) {
				const oy = getComputedStyle(e).overflowY;
				if ((oy === 'auto' || oy === 'scroll') && e.scrollHeight > e.clientHeight)
					most = Math.max(most, e.scrollHeight - e.clientHeight);
			}
			return most;
		});
		if (overflow <= 0 || height >= maxHeight) break;
		height = Math.min(maxHeight, height + overflow + 16);
		await page.setViewportSize({ width: VIEWPORT.width, height });
		await page.waitForTimeout(300);
	}
	return height;
}

/**
 * Screenshot of an element's box plus `pad` pixels, clipped to the viewport.
 */
export async function shootElement(
	page: Page,
	locator: Locator,
	file: string,
	pad = 0,
): Promise<void> {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`nothing to photograph for ${file}: element not visible`);
	const size = page.viewportSize() ?? VIEWPORT;
	const x = Math.max(0, Math.floor(box.x - pad));
	const y = Math.max(0, Math.floor(box.y - pad));
	const clip = {
		x,
		y,
		width: Math.min(size.width, Math.ceil(box.x + box.width + pad)) - x,
		height: Math.min(size.height, Math.ceil(box.y + box.height + pad)) - y,
	};
	await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
}

/**
 * Screenshot of the open panel's middle column, cut below its last parameter (2.x draws the
 * column at full height, empty under short parameter lists).
 */
export async function shootNdvPanel(page: Page, file: string): Promise<void> {
	const box = await ndvMainPanel(page).boundingBox();
	// The list itself may be stretched to the column's height: its last visible item ends it.
	const lastItemBottom = await page.locator('[data-test-id="node-parameters"]').evaluate((el) => {
		const rects = Array.from(el.querySelectorAll('[data-test-id="parameter-item"]'), (e) =>
			e.getBoundingClientRect(),
		);
		return Math.max(...rects.filter((r) => r.width > 0 && r.height > 0).map((r) => r.bottom));
	});
	if (!box) throw new Error(`nothing to photograph for ${file}: the node panel is not open`);
	const bottom = Number.isFinite(lastItemBottom)
		? Math.min(box.y + box.height, lastItemBottom + 16)
		: box.y + box.height;
	const clip = {
		x: Math.floor(box.x),
		y: Math.floor(box.y),
		width: Math.ceil(box.width),
		height: Math.ceil(bottom - box.y),
	};
	await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
}

/** Screenshot of the whole viewport. */
export async function shootPage(page: Page, file: string): Promise<void> {
	await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
}
