/**
 * A valid MP3 of silence: MPEG-1 Layer III frames, 32 kbit/s, 32 kHz, mono. With a bit rate
 * equal to the sample rate every frame is exactly 144 bytes (no padding). All-zero side
 * information decodes as silence.
 */
export function makeMp3(frames = 20): Buffer {
	const frameLength = 144;
	const frame = Buffer.alloc(frameLength);
	frame[0] = 0xff; // frame sync
	frame[1] = 0xfb; // sync, MPEG-1, Layer III, no CRC
	frame[2] = 0x18; // bit rate index 1 (32 kbit/s), sample rate index 2 (32 kHz), no padding
	frame[3] = 0xc0; // mono
	const id3 = Buffer.from([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]); // empty ID3v2.3 tag
	return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}
