import type { SourceRef, SourceRepo } from './types';

/**
 * The ModelsLab documentation and SDK files the catalogue cites, per repository, at the commit
 * they were read at. Every `source` of a catalogue entry names only files listed here (a test
 * checks it), so a citation cannot point at a page that does not exist. To cite a new file, add
 * it here after reading it at that commit; to move to a newer commit, re-check the entries that
 * cite the repository.
 */
export const SOURCE_FILES: Record<SourceRepo, { commit: string; files: readonly string[] }> = {
	'ModelsLab/docs-v2': {
		commit: 'c1440bc',
		files: [
			'webhooks.mdx',
			'guides/model-selection.mdx',
			'mcp-web-api/tools-reference.mdx',
			'3d-api/openapi.json',
			'3d-api/text-to-3d.mdx',
			'3d-api/image-to-3d.mdx',
			'faceswap-api/openapi.json',
			'faceswap-api/specific-face-swap.mdx',
			'faceswap-api/multiple-face-swap.mdx',
			'faceswap-api/single-video-swap.mdx',
			'faceswap-api/specific-video-swap.mdx',
			'image-editing/openapi.json',
			'image-editing/removebg-createmask.mdx',
			'image-editing/super-resolution.mdx',
			'image-editing/outpaint.mdx',
			'image-editing/object-remover.mdx',
			'image-editing/inpaint.mdx',
			'image-editing/mask-creator.mdx',
			'image-editing/qwen-edit.mdx',
			'image-editing/caption.mdx',
			'image-editing/fashion.mdx',
			'image-editing/face-gen.mdx',
			'image-editing/head-shot.mdx',
			'image-editing/flux-headshot.mdx',
			'image-editing/imagemixer.mdx',
			'image-editing/base64-to-url.mdx',
			'image-editing/flux-kontext-img-to-image.mdx',
			'image-generation/community-models/openapi.json',
			'image-generation/community-models/dreambooth-text-to-image.mdx',
			'image-generation/community-models/dreambooth-image-to-image.mdx',
			'image-generation/community-models/dreambooth-inpainting.mdx',
			'image-generation/flux/openapi.json',
			'image-generation/flux/flux-text-to-image.mdx',
			'image-generation/controlnet/openapi.json',
			'image-generation/controlnet/controlnet-main.mdx',
			'image-generation/realtime-stable-diffusion/openapi.json',
			'image-generation/realtime-stable-diffusion/text-to-image.mdx',
			'image-generation/realtime-stable-diffusion/image-to-image.mdx',
			'image-generation/realtime-stable-diffusion/inpaint.mdx',
			'image-generation/train-model/openapi.json',
			'image-generation/train-model/lora-finetune.mdx',
			'interior-api/openapi.json',
			'interior-api/interior.mdx',
			'interior-api/room-decorator.mdx',
			'interior-api/floor-planning.mdx',
			'interior-api/scenario-changer.mdx',
			'interior-api/sketch-rendering.mdx',
			'interior-api/exterior-restorer.mdx',
			'interior-api/object-removal.mdx',
			'interior-api/interior-mixer.mdx',
			'video-api/openapi.json',
			'video-api/text-to-video.mdx',
			'video-api/img-to-video.mdx',
			'video-api/text-to-video-ultra.mdx',
			'video-api/image-to-video-ultra.mdx',
			'video-api/video-to-video.mdx',
			'video-api/watermark-remover.mdx',
			'voice-cloning/openapi.json',
			'voice-cloning/text-to-speech.mdx',
			'voice-cloning/voice-to-voice.mdx',
			'voice-cloning/music-gen.mdx',
			'voice-cloning/song-generator.mdx',
			'guides/song-generation-guide.mdx',
			'voice-cloning/sfx.mdx',
			'voice-cloning/speech-to-text.mdx',
			'voice-cloning/create-dubbing.mdx',
			'voice-cloning/voice-cover.mdx',
			'voice-cloning/voice-cloning.mdx',
			'voice-cloning/lyrics-generator.mdx',
			'voice-cloning/vocal-isolator.mdx',
			'voice-cloning/voice-design.mdx',
			'workflows-api/overview.mdx',
			'workflows-api/run-workflow.mdx',
			'workflows-api/get-execution-status.mdx',
		],
	},
	'ModelsLab/modelslab-py': {
		commit: 'c060340',
		files: [
			'modelslab_py/schemas/audio.py',
			'modelslab_py/schemas/community.py',
			'modelslab_py/schemas/deepfake.py',
			'modelslab_py/schemas/image_editing.py',
			'modelslab_py/schemas/interior.py',
			'modelslab_py/schemas/realtime.py',
			'modelslab_py/schemas/threed.py',
			'modelslab_py/schemas/video.py',
			'modelslab_py/core/apis/community.py',
			'modelslab_py/core/apis/video.py',
			'modelslab_py/providers/alibaba/schemas.py',
			'modelslab_py/providers/bfl/schemas.py',
			'modelslab_py/providers/bfl/api.py',
			'modelslab_py/providers/byteplus/schemas.py',
			'modelslab_py/providers/elevenlabs/schemas.py',
			'modelslab_py/providers/google/schemas.py',
			'modelslab_py/providers/inworld/schemas.py',
			'modelslab_py/providers/klingai/schemas.py',
			'modelslab_py/providers/minimax/schemas.py',
			'modelslab_py/providers/openai/schemas.py',
			'modelslab_py/providers/runway/schemas.py',
			'modelslab_py/providers/sonauto/schemas.py',
			'modelslab_py/providers/sync/schemas.py',
		],
	},
	'ModelsLab/modelslab-js': {
		commit: '9c6a130',
		files: ['src/schemas/threed.ts', 'src/apis/community.ts', 'src/apis/deepfake.ts'],
	},
	'ModelsLab/modelslab-go': {
		commit: '583034f',
		files: ['pkg/schemas/threed/threed.go', 'pkg/schemas/image_editing/image_editing.go', 'pkg/schemas/video/video.go'],
	},
	'ModelsLab/modelslab-cli': {
		commit: 'a7506ca',
		files: ['internal/cmd/generate.go'],
	},
	'ModelsLab/skills': {
		commit: '6fbe407',
		files: ['image-generation/SKILL.md', 'video-generation/SKILL.md', 'audio-generation/SKILL.md', 'webhooks/SKILL.md'],
	},
};

function ref(repo: SourceRepo, files: string[]): SourceRef {
	return { repo, files, commit: SOURCE_FILES[repo].commit };
}

/** Files of ModelsLab/docs-v2 (the Mintlify source of docs.modelslab.com). */
export const docs = (...files: string[]): SourceRef => ref('ModelsLab/docs-v2', files);
/** Files of the Python SDK, ModelsLab/modelslab-py. */
export const py = (...files: string[]): SourceRef => ref('ModelsLab/modelslab-py', files);
/** Files of the TypeScript SDK, ModelsLab/modelslab-js. */
export const js = (...files: string[]): SourceRef => ref('ModelsLab/modelslab-js', files);
/** Files of the Go SDK, ModelsLab/modelslab-go. */
export const go = (...files: string[]): SourceRef => ref('ModelsLab/modelslab-go', files);
/** The ModelsLab CLI's generate commands. */
export const cli = (): SourceRef => ref('ModelsLab/modelslab-cli', ['internal/cmd/generate.go']);
/** Files of ModelsLab/skills (official agent skills). */
export const skills = (...files: string[]): SourceRef => ref('ModelsLab/skills', files);

/** The MCP tools reference: the only docs-v2 page that lists v7 request fields. */
export const MCP_REFERENCE = 'mcp-web-api/tools-reference.mdx';
