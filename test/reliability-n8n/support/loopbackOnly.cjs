/**
 * Preloaded into n8n by the real-workflows suite (NODE_OPTIONS=--require): n8n resolves only
 * loopback names. Scenario g forges `X-Forwarded-Host: attacker.invalid`; should the node build a
 * URL on it (its knock on the resume URL, say), the request fails here at once instead of asking a
 * DNS server. Each refused name is logged once.
 */
const dns = require('node:dns');

const original = dns.lookup;
const refused = new Set();
const loopback = (hostname) => hostname === 'localhost' || hostname === '::1' || /^127\./.test(hostname);

dns.lookup = function lookup(hostname, ...rest) {
	if (typeof hostname !== 'string' || loopback(hostname)) return original.call(this, hostname, ...rest);
	if (!refused.has(hostname)) {
		refused.add(hostname);
		console.log(`[loopback only] refused to resolve ${hostname}`);
	}
	const callback = rest[rest.length - 1];
	const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (loopback only in this test)`), { code: 'ENOTFOUND', hostname });
	process.nextTick(() => callback(error));
};
