/**
 * Real-n8n end-to-end suite (kept out of the unit run by the root jest.config.js).
 *   npm run test:e2e                         # = npx jest -c test/e2e/jest.config.js; N8N_E2E_VERSIONS=2.41.1 for one
 * globalSetup installs missing n8n versions (scripts/n8n/install.js, minutes) and packs the package.
 * Each test file boots its own n8n instances on free ports; run files one at a time (2 cores).
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Installs missing n8n versions, builds and packs the package once (E2E_PACKAGE_TGZ).
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 120000,
};
