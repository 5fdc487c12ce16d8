/**
 * Imported first by downloadsSsrf.test.ts: n8n's SSRF protection on, as an administrator turns it
 * on, before n8n-core builds its configuration. One address in the blocked default ranges
 * (TEST-NET-3) is allowed and stands in for ModelsLab and its CDN; everything else private is refused.
 */
export const ALLOWED_HOST = '203.0.113.7';

process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
process.env.N8N_SSRF_ALLOWED_IP_RANGES = `${ALLOWED_HOST}/32`;
