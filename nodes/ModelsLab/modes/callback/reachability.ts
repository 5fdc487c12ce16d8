/**
 * Whether ModelsLab can call this n8n back. A resume URL on localhost, a loopback or private
 * address, or a `.local` name is not reachable from modelslab.com, so a callback wait would sit
 * out its whole timeout. That is certain only for ModelsLab's own servers: with another Base URL
 * (a proxy or a stand-in on the same network) the address may well be reachable, so the rule
 * applies when the credential points at modelslab.com, and then the node polls instead.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getBaseUrl } from '../../../shared/transport';

function isPrivateHost(host: string): boolean {
	const name = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (
		name === 'localhost' ||
		name.endsWith('.localhost') ||
		name.endsWith('.local') ||
		name.endsWith('.internal')
	)
		return true;
	if (
		name === '::1' ||
		name === '::' ||
		name.startsWith('fc') ||
		name.startsWith('fd') ||
		name.startsWith('fe80:')
	)
		return name.includes(':');
	const parts = name.split('.').map(Number);
	if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
		return false;
	const [a, b] = parts;
	return (
		a === 127 ||
		a === 10 ||
		a === 0 ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 100 && b >= 64 && b <= 127)
	);
}

export function isLocalUrl(url: string): boolean {
	try {
		return isPrivateHost(new URL(url).hostname);
	} catch {
		return false;
	}
}

function isModelsLab(url: string): boolean {
	try {
		const host = new URL(url).hostname.toLowerCase();
		return host === 'modelslab.com' || host.endsWith('.modelslab.com');
	} catch {
		return false;
	}
}

/**
 * The resume URL n8n gives this execution (read as the Wait node reads it), and why ModelsLab
 * could not call it back, if it cannot. Throws when n8n gives none.
 */
export async function callbackTarget(
	ctx: IExecuteFunctions,
): Promise<{ resumeUrl: string; unreachable?: string }> {
	const resumeUrl = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof resumeUrl !== 'string' || !/^https?:\/\//.test(resumeUrl)) {
		throw new NodeOperationError(ctx.getNode(), 'n8n gave no resume URL for this execution', {
			description:
				'Choose "By Polling" instead, and report this n8n version to the node\'s maintainers.',
		});
	}
	return { resumeUrl, unreachable: unreachableReason(resumeUrl, await getBaseUrl(ctx)) };
}

/** Why ModelsLab cannot reach `resumeUrl`, or undefined when it can (or ModelsLab is local too). */
export function unreachableReason(resumeUrl: string, modelsLabBaseUrl: string): string | undefined {
	const local = isLocalUrl(resumeUrl);
	const modelsLab = isModelsLab(modelsLabBaseUrl);
	const { host, protocol } = new URL(resumeUrl);
	if (local && modelsLab)
		return (
			`ModelsLab cannot call back ${host} (a local or private address), so the node polled ModelsLab instead of waiting. ` +
			'Set WEBHOOK_URL to a public HTTPS address of this n8n to wait for callbacks, or choose "By Polling" to silence this notice.'
		);
	// ModelsLab/docs-v2 webhooks.mdx (card "HTTPS Required"): "Your webhook URL must use HTTPS for
	// security." A public http:// URL may get no callback at all (a proxy Base URL passes it on
	// unchanged). A local one with another Base URL is a stand-in on the same machine: left alone.
	if (protocol === 'http:' && (modelsLab || !local))
		return (
			`ModelsLab sends webhooks only to HTTPS addresses ("Your webhook URL must use HTTPS", docs.modelslab.com/webhooks) and this n8n's resume URL is http://${host}, so the node polled ModelsLab instead of waiting. ` +
			'Set WEBHOOK_URL to an https:// address of this n8n to wait for callbacks, or choose "By Polling" to silence this notice.'
		);
	return undefined;
}
