/**
 * The editor's side of a real n8n: an owner account and its REST session (the cookie n8n issues
 * at owner set-up, bound to a `browser-id` header as the editor's requests are).
 */
import { randomUUID } from 'node:crypto';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'E2e-owner-passw0rd',
};

export interface RestSession {
	/** Calls `/rest<path>` as the owner; throws with n8n's answer on a non-2xx code. */
	call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

export async function ownerSession(baseUrl: string): Promise<RestSession> {
	const browserId = randomUUID();
	const headers = { 'content-type': 'application/json', 'browser-id': browserId };
	let setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers,
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) {
		// an n8n the suite did not start (external mode): its owner was set up by scripts/n8n/apiKey.ts
		setup = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
	}
	if (!setup.ok)
		throw new Error(`owner set-up and login answered ${setup.status}: ${await setup.text()}`);
	const cookie = (setup.headers.getSetCookie?.() ?? [setup.headers.get('set-cookie') ?? ''])
		.map((line) => line.split(';')[0])
		.filter((pair) => pair.startsWith('n8n-auth='))
		.join('; ');
	if (!cookie) throw new Error('owner set-up issued no n8n-auth cookie');
	return {
		async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
			const response = await fetch(`${baseUrl}/rest${path}`, {
				method,
				headers: {
					cookie,
					'browser-id': browserId,
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (!response.ok)
				throw new Error(
					`${method} /rest${path} answered ${response.status}: ${text.slice(0, 500)}`,
				);
			const parsed = JSON.parse(text) as { data?: T };
			return (parsed.data ?? parsed) as T;
		},
	};
}
