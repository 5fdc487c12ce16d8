/**
 * An in-process n8n harness: runs nodes inside n8n-core's real execution engine, with the CLI's
 * webhook, waiting-webhook, WaitTracker, credentials and deduplication behaviour replayed around
 * it. Start with `createInstance` (or `runWorkflow` on the shared instance) and, for real HTTP,
 * `startHttpServer`.
 */
export { testCredentials } from './credentialTest';
export type { CredentialTypeSource, CredentialsInput } from './credentials';
export { HarnessCredentialsHelper } from './credentials';
export { HarnessDatabase } from './database';
export type { BinaryDataMode, EnvironmentOptions, HarnessEnvironment } from './environment';
export { readBinaryData, setupEnvironment } from './environment';
export { ExecutionHandle } from './executionHandle';
export type { HttpRequestSpec, HttpResult } from './fakeHttp';
export type { HarnessHttpServer, HttpServerOptions } from './httpServer';
export { startHttpServer } from './httpServer';
export type { N8nInstanceOptions, NodeDefinition, WorkflowDefinition } from './instance';
export { N8nInstance } from './instance';
export type { NodeTypeSource, NodeTypesInput } from './nodeTypes';
export { NodeTypeRegistry } from './nodeTypes';
export { ProcessedDataManager, ProcessedDataStore } from './processedData';
export type { ResumeRequest, ResumeResult } from './waitingWebhooks';
export { expireWait, resumeExecution } from './waitingWebhooks';
export type { RunWorkflowOptions } from './workflow';
export { chain, createInstance, getDefaultInstance, runWorkflow } from './workflow';
export type { ListSearchInput } from './listSearch';
export { listSearch } from './listSearch';
