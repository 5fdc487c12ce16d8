/**
 * Downloads under n8n's own SSRF protection (n8n-core 2.41.1 in process, `N8N_SSRF_PROTECTION_ENABLED`):
 * files are fetched through the node's request helper, so an output URL naming a private address
 * is refused by n8n before any connection, and the item says why and who can change it; an
 * allowed address still downloads.
 */
import { ALLOWED_HOST } from './ssrfOn';
import nock from 'nock';

import { readBinaryData } from '../../harness';
import { runModelsLab, startN8n, textToImage, useNock } from '../setup';
import type { TestN8n } from '../setup';

useNock();

const ALLOWED = `http://${ALLOWED_HOST}`;
let env: TestN8n;
beforeAll(async () => {
	env = await startN8n({
		credentials: { modelsLabApi: { apiKey: 'test-key', baseUrl: `${ALLOWED}/api` } },
	});
});

test('an allowed address downloads; a private one (and its private proxy link) is refused by n8n with a clear message', async () => {
	const png = Buffer.from('\x89PNG not really');
	nock(ALLOWED)
		.post('/api/v6/images/text2img')
		.reply(200, {
			status: 'success',
			id: 81,
			output: [`${ALLOWED}/out/ok.png`, 'http://10.0.0.5/out/secret.png'],
			proxy_links: [`${ALLOWED}/proxy/ok.png`, 'http://169.254.169.254/latest/meta-data'],
		});
	nock(ALLOWED).get('/out/ok.png').reply(200, png, { 'content-type': 'image/png' });
	const handle = await runModelsLab(env.n8n, textToImage());
	expect(handle.status).toBe('success');
	const [item] = handle.outputOf('ModelsLab');
	expect(await readBinaryData(item.binary!.data)).toEqual(png);
	expect(item.binary!.data_1).toBeUndefined();
	expect(item.json.downloadErrors).toEqual([
		expect.stringMatching(
			/^Output 1 could not be downloaded \(http:\/\/10\.0\.0\.5\/out\/secret\.png: The request was blocked because it resolves to a restricted IP address: n8n's SSRF protection refused this address \(an n8n administrator can allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES\); http:\/\/169\.254\.169\.254\/latest\/meta-data: The request was blocked/,
		),
	]);
	expect(nock.pendingMocks()).toEqual([]);
});

test('an allowed address that redirects to a private one is refused at the redirect', async () => {
	nock(ALLOWED)
		.post('/api/v6/images/text2img')
		.reply(200, { status: 'success', id: 82, output: [`${ALLOWED}/out/hop.png`] });
	nock(ALLOWED).get('/out/hop.png').reply(302, '', { location: 'http://10.0.0.5/out/secret.png' });
	const handle = await runModelsLab(env.n8n, textToImage());
	const [item] = handle.outputOf('ModelsLab');
	expect(item.binary).toBeUndefined();
	expect(item.json.downloadErrors).toEqual([
		expect.stringMatching(
			/^Output 0 could not be downloaded \(http:\/\/203\.0\.113\.7\/out\/hop\.png: .*The request was blocked because it resolves to a restricted IP address: n8n's SSRF protection refused this address/,
		),
	]);
	expect(nock.pendingMocks()).toEqual([]);
});
