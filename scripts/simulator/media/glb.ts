/**
 * A valid binary glTF 2.0 (GLB): one mesh with one triangle, its positions in the BIN chunk.
 * Both chunks are padded to 4 bytes as the specification requires (JSON with spaces, BIN with zeros).
 */
export function makeGlb(): Buffer {
	const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
	const bin = Buffer.from(positions.buffer);
	const gltf = {
		asset: { version: '2.0', generator: 'n8n-nodes-modelslab simulator' },
		scene: 0,
		scenes: [{ nodes: [0] }],
		nodes: [{ mesh: 0, name: 'simulated' }],
		meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }],
		buffers: [{ byteLength: bin.length }],
		bufferViews: [{ buffer: 0, byteOffset: 0, byteLength: bin.length, target: 34962 }],
		accessors: [
			{
				bufferView: 0,
				componentType: 5126,
				count: 3,
				type: 'VEC3',
				min: [0, 0, 0],
				max: [1, 1, 0],
			},
		],
	};
	const json = pad(Buffer.from(JSON.stringify(gltf), 'utf8'), 0x20);
	const binPadded = pad(bin, 0);
	const total = 12 + 8 + json.length + 8 + binPadded.length;
	const header = Buffer.alloc(12);
	header.write('glTF', 0, 'ascii');
	header.writeUInt32LE(2, 4);
	header.writeUInt32LE(total, 8);
	return Buffer.concat([
		header,
		chunkHeader(json.length, 0x4e4f534a), // 'JSON'
		json,
		chunkHeader(binPadded.length, 0x004e4942), // 'BIN\0'
		binPadded,
	]);
}

function chunkHeader(length: number, type: number): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32LE(length, 0);
	header.writeUInt32LE(type, 4);
	return header;
}

function pad(data: Buffer, fill: number): Buffer {
	const extra = (4 - (data.length % 4)) % 4;
	return extra ? Buffer.concat([data, Buffer.alloc(extra, fill)]) : data;
}
