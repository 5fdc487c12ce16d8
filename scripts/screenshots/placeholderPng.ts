/**
 * The picture the screenshots show as "the generated image": a lighthouse at dusk, drawn pixel by
 * pixel and encoded as PNG here. The simulator's own PNG is 16×16, a dot in n8n's binary view, so
 * the screenshot stack serves this one under /files/*.png instead (see stack.ts). It is a
 * placeholder: ModelsLab generates nothing in the screenshots.
 */
import zlib from 'node:zlib';

const mix = (a: number, b: number, t: number): number => a + (b - a) * Math.min(1, Math.max(0, t));
const mixRgb = (c1: number[], c2: number[], t: number): number[] =>
	c1.map((v, i) => mix(v, c2[i], t));

/**
 * Colour of pixel (x, y) in a size×size picture, coordinates normalised to 0..1.
 * Returns [r, g, b].
 */
function pixel(u: number, v: number): number[] {
	const horizon = 0.62;
	const sun = { u: 0.34, v: horizon, r: 0.075 };
	const tower = { u: 0.74, base: 0.8, top: 0.36, halfBase: 0.055, halfTop: 0.032 };
	// Sky: night blue at the top, rose, then orange at the horizon; a sun half-way down.
	let c =
		v < 0.35
			? mixRgb([22, 28, 74], [122, 62, 120], v / 0.35)
			: mixRgb([122, 62, 120], [250, 150, 80], (v - 0.35) / (horizon - 0.35));
	const dSun = Math.hypot(u - sun.u, v - sun.v);
	if (v < horizon) c = mixRgb(c, [255, 214, 140], Math.max(0, 1 - dSun / (sun.r * 2.4)) ** 2);
	if (v < horizon && dSun < sun.r) c = [255, 226, 160];
	// Sea: darker below the horizon, with a broken reflection of the sun.
	if (v >= horizon) {
		c = mixRgb([70, 60, 110], [18, 24, 58], (v - horizon) / (1 - horizon));
		const ripple =
			Math.sin(v * 260) > 0.2 && Math.abs(u - sun.u) < sun.r * (1.2 - (v - horizon) * 1.5);
		if (ripple) c = mixRgb(c, [255, 190, 120], 0.7);
	}
	// Rock under the lighthouse.
	const rockTop = tower.base - 0.04 * Math.cos(((u - tower.u) / 0.2) * Math.PI);
	if (Math.abs(u - tower.u) < 0.2 && v > rockTop && v < 0.9)
		c = mixRgb([40, 34, 48], [20, 18, 28], (v - rockTop) / 0.1);
	// Beams from the lantern (drawn before the tower, so the tower hides them).
	const lantern = { u: tower.u, v: tower.top - 0.03 };
	const du = u - lantern.u;
	const dv = v - lantern.v;
	if (Math.abs(dv) < Math.abs(du) * 0.16 && Math.abs(du) > 0.02)
		c = mixRgb(c, [255, 240, 190], 0.45 * (1 - Math.min(1, Math.abs(du) / 0.7)));
	// Tower: tapered, red and white bands, a lantern room with a glow and a dark cap.
	if (v >= tower.top && v <= tower.base) {
		const t = (v - tower.top) / (tower.base - tower.top);
		const half = mix(tower.halfTop, tower.halfBase, t);
		if (Math.abs(u - tower.u) < half) {
			c = Math.floor(t * 5) % 2 === 0 ? [206, 52, 52] : [238, 232, 226];
			c = mixRgb(c, [60, 40, 70], Math.max(0, (u - tower.u) / half) * 0.45); // shade on the right
		}
	}
	if (v >= tower.top - 0.05 && v < tower.top && Math.abs(u - tower.u) < tower.halfTop * 0.8)
		c = [255, 236, 170];
	if (
		v >= tower.top - 0.075 &&
		v < tower.top - 0.05 &&
		Math.abs(u - tower.u) < tower.halfTop * (1 - (tower.top - 0.05 - v) * 30)
	)
		c = [40, 30, 44];
	return c;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([length, body, crc]);
}

/**
 * A size×size RGB PNG of the lighthouse.
 */
export function lighthousePng(size = 512): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // truecolour, no alpha
	const raw = Buffer.alloc(size * (1 + size * 3));
	for (let y = 0; y < size; y++) {
		const row = y * (1 + size * 3); // each row starts with filter byte 0 (none)
		for (let x = 0; x < size; x++) {
			const [r, g, b] = pixel((x + 0.5) / size, (y + 0.5) / size);
			raw[row + 1 + x * 3] = Math.round(r);
			raw[row + 2 + x * 3] = Math.round(g);
			raw[row + 3 + x * 3] = Math.round(b);
		}
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
