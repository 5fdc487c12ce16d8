/** HTTP to an n8n's production webhooks and resume URLs. */
import { waitFor } from '../waitFor';

export type WebhookResponse = { status: number; headers: Headers; text: string; json: any };

const urlOf = (webhookUrl: string, pathOrUrl: string): string =>
	/^https?:/.test(pathOrUrl) ? pathOrUrl : `${webhookUrl}webhook/${pathOrUrl.replace(/^\//, '')}`;

/**
 * Waits until a production webhook is registered. For a non-GET webhook n8n answers a GET with
 * 404 "... not registered for GET requests. Did you mean to make a POST request?" once it exists.
 */
export async function waitForWebhook(
	webhookUrl: string,
	webhookPath: string,
	method = 'POST',
	timeoutMs = 30000,
): Promise<void> {
	const url = urlOf(webhookUrl, webhookPath);
	await waitFor(
		async () => {
			if (method === 'GET') return (await fetch(url)).status !== 404;
			const text = await (await fetch(url)).text();
			return text.includes('Did you mean to make a') && text.includes(method);
		},
		timeoutMs,
		{ what: `webhook ${method} ${webhookPath}`, intervalMs: 100 },
	);
}

/**
 * POSTs JSON (or a string as is) to a production webhook path (`/webhook/<path>`) or any URL
 * (e.g. a resume URL). Never throws on HTTP errors: check `status`.
 */
export async function postWebhook(
	webhookUrl: string,
	pathOrUrl: string,
	body: unknown = {},
	opts: { headers?: Record<string, string>; method?: string } = {},
): Promise<WebhookResponse> {
	const method = opts.method ?? 'POST';
	const hasBody = !['GET', 'HEAD'].includes(method);
	const res = await fetch(urlOf(webhookUrl, pathOrUrl), {
		method,
		headers: {
			...(hasBody ? { 'content-type': 'application/json' } : {}),
			...(opts.headers ?? {}),
		},
		body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
	});
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {}
	return { status: res.status, headers: res.headers, text, json };
}
