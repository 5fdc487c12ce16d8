/**
 * What a downloaded file is called and what type it is: its name from its URL, its MIME type from
 * its extension or the server's Content-Type, and the binary property each file of a job goes in.
 */
const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	flac: 'audio/flac',
	ogg: 'audio/ogg',
	glb: 'model/gltf-binary',
	gltf: 'model/gltf+json',
	obj: 'model/obj',
	stl: 'model/stl',
	ply: 'application/ply',
	zip: 'application/zip',
	txt: 'text/plain',
	json: 'application/json',
};

export function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function fileNameOf(url: string, index: number): string {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		if (last) return decodeURIComponent(last);
	} catch {
		// Not a URL: fall through to a generated name.
	}
	return `output_${index}`;
}

export function mimeTypeOf(fileName: string, contentType: unknown): string | undefined {
	const header =
		typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	if (header && header !== 'application/octet-stream' && header !== 'binary/octet-stream')
		return header;
	const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
	return MIME_BY_EXTENSION[extension] ?? (header || undefined);
}

export function binaryPropertyName(base: string, index: number): string {
	return index === 0 ? base : `${base}_${index}`;
}
