/** The environment of an n8n process: headless, on 127.0.0.1, quiet, with a fixed encryption key. */
import type { StartOptions } from './types';

const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-not-secret';

export function n8nEnv(
	options: StartOptions,
	at: { major: number; port: number; brokerPort: number; userFolder: string; webhookUrl: string },
): Record<string, string> {
	const { major, webhookUrl } = at;
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? at.userFolder,
		N8N_USER_FOLDER: at.userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(at.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		// base of production webhook and resume URLs (2.x deprecates WEBHOOK_URL for N8N_WEBHOOK_URL)
		...(major < 2 ? { WEBHOOK_URL: webhookUrl } : { N8N_WEBHOOK_URL: webhookUrl }),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(at.brokerPort),
		GENERIC_TIMEZONE: 'UTC',
		EXECUTIONS_MODE: 'regular',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		N8N_DISABLE_UI: options.ui ? 'false' : 'true',
		...(major < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		...(options.customExtensionsDir ? { N8N_CUSTOM_EXTENSIONS: options.customExtensionsDir } : {}),
		...(options.env ?? {}),
	};
}
