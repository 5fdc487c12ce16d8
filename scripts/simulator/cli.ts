/**
 * Runs the ModelsLab simulator on 127.0.0.1 for manual use (n8n, curl, the demo).
 *
 *   node dist-scripts/scripts/simulator/cli.js [--port 4010] [--key sim-key]... [--delay 50]
 *        [--scenario success] [--errors-200] [--workflow-webhook <url>] [--quiet]
 *        [--cap 5] [--retry-after 30] [--jitter 0] [--delivery once|retry|never] [--lost 0.1]
 *
 * Build first: npm run build:scripts (npm run simulator builds and starts it on port 4010)
 */
import { createSimulator, SCENARIO_NAMES } from './server';

interface CliArgs {
	port: number;
	keys: string[];
	delayMs?: number;
	scenario?: string;
	errors200: boolean;
	workflowWebhook?: string;
	quiet: boolean;
	cap?: number;
	retryAfter?: number;
	jitterMs?: number;
	delivery?: 'once' | 'retry' | 'never';
	httpsOnly?: boolean;
	lost?: number;
}

const USAGE = `Usage: cli.js [--port 4010] [--key sim-key]... [--delay <ms>] [--scenario <tokens>]
              [--errors-200] [--workflow-webhook <url>] [--quiet]
              [--cap <5|10|15>] [--retry-after <s>] [--jitter <ms>] [--delivery once|retry|never] [--lost <0..1>] [--https-only]
Scenarios: ${SCENARIO_NAMES.join(', ')}`;

function parseArgs(argv: string[]): CliArgs {
	const args: CliArgs = { port: 4010, keys: [], errors200: false, quiet: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
		const value = () => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--port':
				args.port = Number(value());
				break;
			case '--key':
				args.keys.push(value());
				break;
			case '--delay':
				args.delayMs = Number(value());
				break;
			case '--scenario':
				args.scenario = value();
				break;
			case '--errors-200':
				args.errors200 = true;
				break;
			case '--workflow-webhook':
				args.workflowWebhook = value();
				break;
			case '--cap':
				args.cap = Number(value());
				break;
			case '--retry-after':
				args.retryAfter = Number(value());
				break;
			case '--jitter':
				args.jitterMs = Number(value());
				break;
			case '--delivery': {
				const policy = value();
				if (policy !== 'once' && policy !== 'retry' && policy !== 'never')
					throw new Error('--delivery must be once, retry or never');
				args.delivery = policy;
				break;
			}
			case '--lost':
				args.lost = Number(value());
				break;
			case '--quiet':
				args.quiet = true;
				break;
			case '--https-only':
				args.httpsOnly = true;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${argv[i]}\n${USAGE}`);
		}
	}
	if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
		throw new Error('--port must be 0–65535');
	if (args.delayMs !== undefined && !(args.delayMs >= 0))
		throw new Error('--delay must be a number of milliseconds');
	return args;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const keys = args.keys.length ? args.keys : ['sim-key'];
	const simulator = createSimulator({
		validKeys: keys,
		delayMs: args.delayMs,
		queueCap: args.cap,
		retryAfterSeconds: args.retryAfter,
		jitterMs: args.jitterMs,
		delivery: args.delivery,
		lostFraction: args.lost,
		httpsOnly: args.httpsOnly,
		defaultScenario: args.scenario,
		invalidKeyHttpStatus: args.errors200 ? 200 : undefined,
		notFoundHttpStatus: args.errors200 ? 200 : undefined,
		log: args.quiet ? undefined : (line) => console.log(line),
	});
	simulator.setWorkflowWebhook(args.workflowWebhook);
	const running = await simulator.start(args.port);
	console.log(`ModelsLab simulator listening on ${running.url}`);
	console.log(`  Base URL (credential): ${running.baseUrl}`);
	console.log(`  API key:               ${keys.join(', ')}`);
	console.log(`  Endpoints simulated:   ${simulator.routes.length} (from the catalogue)`);
	console.log(`  Scenarios: put [sim:failed] (etc.) in the prompt, or send header x-sim-scenario`);
	const stop = () => {
		void running.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
