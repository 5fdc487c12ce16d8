/** Unit and in-process n8n tests. The real-n8n suite (test/e2e) has its own config. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/e2e/',
		'<rootDir>/test/reliability-n8n/',
	],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 20000,
	setupFilesAfterEnv: ['<rootDir>/test/restoreNock.ts'],
};
