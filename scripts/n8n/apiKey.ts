/**
 * Makes a public-API key on a fresh n8n for the e2e suite's external mode (test/e2e/support/external.ts):
 * sets up the owner (or logs in as it when it exists), then creates a key with the scopes the suite
 * uses, through the editor's REST API as the editor does. Prints the key on stdout.
 *
 *   npm run --silent n8n:api-key -- http://127.0.0.1:5678 > api-key.txt
 *
 * For test instances only: the owner's password is fixed (test/e2e/support/rest.ts OWNER).
 */
import crypto from 'node:crypto';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'E2e-owner-passw0rd',
};
/** what the suite does through /api/v1: credentials and workflows in, executions out */
export const SCOPES = [
	'credential:create',
	'credential:delete',
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:delete',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
];

function authCookie(response: Response): string {
	const lines = response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''];
	return lines
		.map((line) => line.split(';')[0])
		.filter((pair) => pair.startsWith('n8n-auth='))
		.join('; ');
}

export async function makeApiKey(baseUrl: string): Promise<string> {
	const browserId = crypto.randomUUID();
	const json = { 'content-type': 'application/json', 'browser-id': browserId };
	let response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: json,
		body: JSON.stringify(OWNER),
	});
	if (!response.ok) {
		// an owner exists already: log in as it
		response = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
	}
	if (!response.ok)
		throw new Error(
			`owner set-up and login failed: ${response.status} ${(await response.text()).slice(0, 300)}`,
		);
	const cookie = authCookie(response);
	if (!cookie) throw new Error('n8n issued no n8n-auth cookie');
	const created = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { ...json, cookie },
		body: JSON.stringify({ label: `modelslab-e2e-${Date.now()}`, scopes: SCOPES, expiresAt: null }),
	});
	const text = await created.text();
	if (!created.ok)
		throw new Error(`POST /rest/api-keys answered ${created.status}: ${text.slice(0, 300)}`);
	const body = JSON.parse(text) as {
		data?: { rawApiKey?: string; apiKey?: string };
		rawApiKey?: string;
		apiKey?: string;
	};
	const key = (body.data ?? body).rawApiKey ?? (body.data ?? body).apiKey;
	if (!key) throw new Error(`no key in n8n's answer: ${text.slice(0, 300)}`);
	return key;
}

if (require.main === module) {
	const baseUrl = (process.argv[2] ?? '').replace(/\/+$/, '');
	if (!baseUrl) {
		process.stderr.write('usage: npm run n8n:api-key -- <n8n base URL>\n');
		process.exit(2);
	}
	makeApiKey(baseUrl).then(
		(key) => process.stdout.write(`${key}\n`),
		(error: Error) => {
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		},
	);
}
