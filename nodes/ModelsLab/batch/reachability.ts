/**
 * Whether ModelsLab can call this n8n back. A resume URL on localhost, a loopback or private
 * address, or a `.local` name is not reachable from modelslab.com, so a callback wait would sit
 * out its whole timeout. That is certain only for ModelsLab's own servers: with another Base URL
 * (a proxy or a stand-in on the same network) the address may well be reachable, so the rule
 * applies when the credential points at modelslab.com, and then the node polls instead.
 */
function isPrivateHost(host: string): boolean {
	const name = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (name === 'localhost' || name.endsWith('.localhost') || name.endsWith('.local') || name.endsWith('.internal')) return true;
	if (name === '::1' || name === '::' || name.startsWith('fc') || name.startsWith('fd') || name.startsWith('fe80:')) return name.includes(':');
	const parts = name.split('.').map(Number);
	if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return false;
	const [a, b] = parts;
	return a === 127 || a === 10 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
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

/** Why ModelsLab cannot reach `resumeUrl`, or undefined when it can (or ModelsLab is local too). */
export function unreachableReason(resumeUrl: string, modelsLabBaseUrl: string): string | undefined {
	if (!isLocalUrl(resumeUrl) || !isModelsLab(modelsLabBaseUrl)) return undefined;
	const host = new URL(resumeUrl).host;
	return (
		`ModelsLab cannot call back ${host} (a local or private address), so the node polled ModelsLab instead of waiting. ` +
		'Set WEBHOOK_URL to a public HTTPS address of this n8n to wait for callbacks, or choose "By Polling" to silence this notice.'
	);
}
