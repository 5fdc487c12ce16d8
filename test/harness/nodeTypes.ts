/**
 * The node types a harness instance knows, as n8n's CLI `NodeTypes` serves them to `Workflow`.
 *
 * Like the CLI (and unlike a bare mock), an unknown type throws `UnrecognizedNodeTypeError`, and a
 * versioned node type is resolved with `NodeHelpers.getVersionedNodeType`.
 */
import { UnrecognizedNodeTypeError } from 'n8n-core';
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UserError } from 'n8n-workflow';

type AnyNodeType = INodeType | IVersionedNodeType;

/** A node class (what a package's `dist/nodes/X/X.node.js` exports) or an instance of one. */
export type NodeTypeSource = AnyNodeType | (new () => AnyNodeType);

/**
 * Node types to register: a list (each registered under its `description.name`) or a map from the
 * type name workflows use (e.g. `CUSTOM.modelsLab` or `n8n-nodes-modelslab.modelsLab`) to a source.
 */
export type NodeTypesInput = NodeTypeSource[] | Record<string, NodeTypeSource>;

const instantiate = (source: NodeTypeSource): AnyNodeType =>
	typeof source === 'function' ? new source() : source;

export class NodeTypeRegistry implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(input?: NodeTypesInput) {
		if (input) this.addAll(input);
	}

	/** Registers one type under `typeName`, by default its `description.name`. */
	add(source: NodeTypeSource, typeName?: string): this {
		const nodeType = instantiate(source);
		this.types.set(typeName ?? nodeType.description.name, nodeType);
		return this;
	}

	addAll(input: NodeTypesInput): this {
		if (Array.isArray(input)) {
			for (const source of input) this.add(source);
		} else {
			for (const [typeName, source] of Object.entries(input)) this.add(source, typeName);
		}
		return this;
	}

	has(typeName: string): boolean {
		return this.types.has(typeName);
	}

	getByName(nodeType: string): AnyNodeType {
		const found = this.types.get(nodeType);
		if (found) return found;
		// Same message as n8n: "Unrecognized node type: <package>.<name>".
		const dot = nodeType.lastIndexOf('.');
		if (dot === -1) throw new UserError(`Unrecognized node type: ${nodeType}`);
		throw new UnrecognizedNodeTypeError(nodeType.slice(0, dot), nodeType.slice(dot + 1));
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
