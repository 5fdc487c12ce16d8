'use strict';
/**
 * Diagnostic behind bench/README.md "2. Resume latency": runs benchmark 2 on an n8n started with
 * NODE_OPTIONS=--cpu-prof (100 µs sampling), then prints the CPU time spent per resume in our
 * resumeWebhook() (and its main callees) against the Wait node's webhook().
 *
 *   npx tsc -p bench/tsconfig.json           # (or any npm run bench) compiles bench/.build
 *   node bench/tools/resume-profile.js [version=2.41.1] [samples=30]     # ~2 min; builds and packs
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const build = path.join(__dirname, '..', '.build', 'bench');
const { startStack, buildAndPack } = require(path.join(build, 'lib', 'stack.js'));
const { benchResume } = require(path.join(build, 'resume.js'));

function summarise(file, resumes) {
	const p = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const self = new Map();
	p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
	const incl = new Map();
	const inc = (n) => {
		if (incl.has(n.id)) return incl.get(n.id);
		let t = self.get(n.id) ?? 0;
		for (const c of n.children ?? []) t += inc(byId.get(c));
		incl.set(n.id, t);
		return t;
	};
	p.nodes.forEach(inc);
	const parent = new Map();
	for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
	const under = (n, pred) => {
		for (let x = parent.get(n.id); x; x = parent.get(x.id)) if (pred(x)) return true;
		return false;
	};
	const is = (fn, url) => (n) => n.callFrame.functionName === fn && n.callFrame.url.includes(url);
	const total = (pred, ancestor) =>
		p.nodes
			.filter((n) => pred(n) && !under(n, pred) && (!ancestor || under(n, ancestor)))
			.reduce((s, n) => s + incl.get(n.id), 0) /
		1000 /
		resumes;
	const ours = is('resumeWebhook', 'n8n-nodes-modelslab');
	const rows = {
		'ModelsLab resumeWebhook(), in all': total(ours),
		'  res.json (answering ModelsLab from webhook())': total(is('json', 'response.js'), ours),
		'  getCredentials (sync part)': total(is('getCredentials', ''), ours),
		'  getQueryData': total(is('getQueryData', ''), ours),
		'  readOptions': total(is('readOptions', 'modelslab'), ours),
		'  callbackSecret (HMAC)': total(is('callbackSecret', 'modelslab'), ours),
		'  parsePayload': total(is('parsePayload', 'modelslab'), ours),
		'Wait node webhook(), in all': total(is('webhook', 'Wait.node')),
	};
	for (const [k, v] of Object.entries(rows))
		console.log(`${v.toFixed(2).padStart(6)} ms per resume  ${k}`);
}

(async () => {
	const version = process.argv[2] ?? '2.41.1';
	const samples = Number(process.argv[3] ?? 30);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
	const tgz = buildAndPack();
	const stack = await startStack(version, tgz, {
		N8N_EXPRESSION_ENGINE: 'legacy',
		NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=100`,
	});
	try {
		const r = await benchResume(stack, { samples, warmup: 2 }, { version, engine: 'legacy' });
		console.log(JSON.stringify(r.summary));
	} finally {
		await stack.dispose();
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
	// the server's profile is the largest (the others are the CLI imports)
	const [server] = fs
		.readdirSync(dir)
		.map((f) => path.join(dir, f))
		.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	summarise(server, samples + 2);
	fs.rmSync(dir, { recursive: true, force: true });
})();
