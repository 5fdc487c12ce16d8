import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG of `size`×`size` pixels: a colour gradient, a few hundred bytes. */
export function makePng(size = 16): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: truecolour
	header[10] = 0; // compression
	header[11] = 0; // filter
	header[12] = 0; // interlace
	const rows: Buffer[] = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 3);
		row[0] = 0; // filter: none
		for (let x = 0; x < size; x++) {
			row[1 + x * 3] = Math.round((x / (size - 1)) * 255);
			row[2 + x * 3] = Math.round((y / (size - 1)) * 255);
			row[3 + x * 3] = 160;
		}
		rows.push(row);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(rows))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
