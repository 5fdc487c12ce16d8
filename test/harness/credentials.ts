/**
 * A credentials helper that serves given credential data and authenticates requests the way n8n's
 * CLI `CredentialsHelper` (`packages/cli/src/credentials-helper.ts`) does:
 *
 * - `getDecrypted`: the stored data, then the type's property defaults
 *   (`NodeHelpers.getNodeParameters(properties, data, true, false, null, null)`), then expressions
 *   resolved with the additional keys n8n gives credentials, as `applyDefaultsAndOverwrites` does.
 *   (No credential overwrites, external secrets or dynamic credentials: not needed here.)
 * - `authenticate`: a function `authenticate` is called; a generic one writes each
 *   `properties.<body|headers|qs|auth>.<key>` into the request after resolving key and value as
 *   expressions with `{ $credentials }` through `workflow.expression.getSimpleParameterValue`.
 * - `preAuthentication`: runs only when the type has a hidden `expirable` property that is empty
 *   (or the request got the retry status), stores the returned fields and merges them in.
 *
 * NodeTestHarness's own helper (`packages/core/nodes-testing/credentials-helper.ts`) only handles
 * function-style `authenticate`; this one follows the CLI so generic auth really lands in requests.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow as WorkflowClass,
	isExpression,
} from 'n8n-workflow';

import { copy } from './clone';

/** A credential class (what `dist/credentials/X.credentials.js` exports) or an instance. */
export type CredentialTypeSource = ICredentialType | (new () => ICredentialType);

/** Credential data by credential type name, e.g. `{ modelsLabApi: { apiKey: 'k' } }`. */
export type CredentialsInput = Record<string, ICredentialDataDecryptedObject>;

/** n8n resolves credential expressions against a throwaway workflow with one mock node. */
const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

/** Node types that know nothing: `Workflow` skips unknown types when building parameters. */
const noNodeTypes = {
	getByName: () => undefined,
	getByNameAndVersion: () => undefined,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	/** What n8n would have written to the credentials table (token refreshes), in order. */
	readonly writes: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(types: CredentialTypeSource[] = [], credentials: CredentialsInput = {}) {
		super();
		this.addTypes(types);
		this.setCredentials(credentials);
	}

	addTypes(sources: CredentialTypeSource[]): this {
		for (const source of sources) {
			const type = typeof source === 'function' ? new source() : source;
			this.types.set(type.name, type);
		}
		return this;
	}

	/** Sets (replaces) the data of the given credential types. */
	setCredentials(credentials: CredentialsInput): this {
		for (const [type, data] of Object.entries(credentials)) this.stored.set(type, copy(data));
		return this;
	}

	hasCredentials(type: string): boolean {
		return this.stored.has(type);
	}

	/** The raw stored data, e.g. to check what a `preAuthentication` refresh saved. */
	storedData(type: string): ICredentialDataDecryptedObject | undefined {
		const data = this.stored.get(type);
		return data ? copy(data) : undefined;
	}

	getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UserError(`Unrecognized credential type: ${name}`, {
				description: 'Pass the credential class to the harness (credentialTypes)',
			});
		}
		return type;
	}

	hasType(name: string): boolean {
		return this.types.has(name);
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some(
			(name) => nodeType === name || nodeType.endsWith(`.${name}`),
		);
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const type = this.getType(typeName);
		if (type.extends === undefined) return type.properties;
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions & Record<string, unknown>;
		const { authenticate } = this.getType(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value, credentials, workflow, node);
					const target = (requestOptions[outerKey] ??= {}) as Record<string, string>;
					target[keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof type.preAuthentication !== 'function') {
			return undefined;
		}
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) {
			return undefined;
		}
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const storedData = this.stored.get(typeName) ?? {};
			const toPersist: ICredentialDataDecryptedObject = { ...storedData };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirable.name || !isExpression(storedData[key])) toPersist[key] = value;
			}
			await this.updateCredentials(node.credentials[typeName], typeName, toPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (
			((await type.preAuthentication.call(
				helpers,
				credentials,
			)) as ICredentialDataDecryptedObject) ?? undefined
		);
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const credentials = new Credentials(
			{ id: nodeCredentials.id, name: nodeCredentials.name },
			type,
		);
		await credentials.setData(this.stored.get(type) ?? {});
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored.get(type);
		if (!data) {
			// n8n's CredentialNotFoundError wording.
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		if (raw === true) return copy(data);
		return await this.applyDefaults(
			additionalData,
			copy(data),
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** `applyDefaultsAndOverwrites` without overwrites: defaults, then expressions. */
	async applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			decrypted = expressionResolveValues.workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
			return decrypted;
		}
		const workflow = new WorkflowClass({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: noNodeTypes,
		});
		await workflow.expression.acquireIsolate();
		try {
			return workflow.expression.getComplexParameterValue(
				mockNode,
				decrypted as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decrypted,
			) as ICredentialDataDecryptedObject;
		} finally {
			await workflow.expression.releaseIsolate();
		}
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, copy(data));
		this.writes.push({ type, data: copy(data) });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const merged = { ...(this.stored.get(type) ?? {}), oauthTokenData: data.oauthTokenData };
		this.stored.set(type, copy(merged));
		this.writes.push({ type, data: copy(merged) });
	}
}
