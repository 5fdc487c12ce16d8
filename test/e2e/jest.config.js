/**
 * Real-n8n end-to-end suite (kept out of the unit run by the root jest.config.js).
 *   node scripts/n8n/install.js 1.123.81 && node scripts/n8n/install.js 2.41.1   # once, minutes
 *   npx jest -c test/e2e/jest.config.js                                          # N8N_E2E_VERSIONS=2.41.1 for one
 * Each test file boots its own n8n instances on free ports; run files one at a time (2 cores).
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	maxWorkers: 1,
	testTimeout: 120000,
};
