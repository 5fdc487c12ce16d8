/**
 * Reliability suites that need a real n8n (issue 6, suites 3 to 5): duplicates under load, faults and
 * restarts, queue mode. Slow (minutes each), so kept out of `npm test`; the fast, in-process suites
 * (hostile input, forgery) live in test/reliability and run in `npm test`.
 *   npm run test:reliability        # fast suites, then these, in N8N_E2E_VERSIONS (default: both pinned)
 * Shares the e2e suite's globalSetup (installs missing n8n versions, builds and packs the package).
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability-n8n'],
	testMatch: ['**/*.n8n.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 600000,
};
