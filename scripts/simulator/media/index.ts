import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputKind } from '../../../nodes/ModelsLab/catalogue/types';
import { makeGlb } from './glb';
import { makeMp3 } from './mp3';
import { makePng } from './png';
import { makeWav } from './wav';

/** A small real file served under `/files/<anything>.<extension>`. */
export interface SimFile {
	extension: string;
	contentType: string;
	bytes: Buffer;
}

/** The checked-in MP4 (H.264, 16×16, a few frames) made once with ffmpeg; see assets/README.md. */
const MP4_ASSET = 'sample.mp4';

/** Finds `scripts/simulator/assets/<name>` from the source tree, a compiled copy (dist-scripts/…) or the working directory. */
function findAsset(name: string): string {
	let dir = __dirname;
	for (let i = 0; i < 8; i++) {
		for (const candidate of [
			path.join(dir, 'assets', name),
			path.join(dir, 'scripts', 'simulator', 'assets', name),
		]) {
			if (existsSync(candidate)) return candidate;
		}
		dir = path.dirname(dir);
	}
	const fromCwd = path.join(process.cwd(), 'scripts', 'simulator', 'assets', name);
	if (existsSync(fromCwd)) return fromCwd;
	throw new Error(
		`Simulator asset ${name} not found above ${__dirname} nor in ${path.dirname(fromCwd)}`,
	);
}

/** Every file the simulator serves, keyed by extension (without the dot). */
export function loadSimFiles(): Map<string, SimFile> {
	const files: SimFile[] = [
		{ extension: 'png', contentType: 'image/png', bytes: makePng() },
		{ extension: 'mp3', contentType: 'audio/mpeg', bytes: makeMp3() },
		{ extension: 'wav', contentType: 'audio/wav', bytes: makeWav() },
		{ extension: 'glb', contentType: 'model/gltf-binary', bytes: makeGlb() },
		{ extension: 'mp4', contentType: 'video/mp4', bytes: readFileSync(findAsset(MP4_ASSET)) },
		{
			extension: 'txt',
			contentType: 'text/plain; charset=utf-8',
			bytes: Buffer.from(
				'A simulated transcript: the quick brown fox jumps over the lazy dog.\n',
				'utf8',
			),
		},
	];
	return new Map(files.map((file) => [file.extension, file]));
}

let cached: Map<string, SimFile> | undefined;

/**
 * The bytes `/files/<name>` serves for an output URL: its kind's file, padded with zeros to `size`
 * (scenario `fileBytes:<n>`). What a base64 output (payloads.ts) encodes.
 */
export function outputBytes(url: string, size?: number): Buffer {
	cached ??= loadSimFiles();
	const file = cached.get(url.slice(url.lastIndexOf('.') + 1).toLowerCase());
	if (!file) throw new Error(`The simulator has no file for output ${url}`);
	const length = size ?? file.bytes.length;
	if (length <= file.bytes.length) return file.bytes.subarray(0, length);
	return Buffer.concat([file.bytes, Buffer.alloc(length - file.bytes.length)]);
}

/** The file extension a finished job of this kind produces. */
export function extensionFor(kind: OutputKind, body: Record<string, unknown>): string {
	switch (kind) {
		case 'video':
			return 'mp4';
		case 'audio':
			return body.output_format === 'wav' ? 'wav' : 'mp3';
		case 'model3d':
			return 'glb';
		case 'text':
			return 'txt';
		default:
			return 'png';
	}
}
