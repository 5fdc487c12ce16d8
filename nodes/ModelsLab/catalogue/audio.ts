import { MCP_REFERENCE, cli, docs, py, skills } from './sources';
import type { CatalogueEntry, CatalogueField, CatalogueSource, FieldOption, SourceRef } from './types';

/*
 * Audio. Each entry's `source` names the files it follows: v6 from voice-cloning/openapi.json
 * and its pages, v7 from the MCP tools reference, the Python SDK's providers and the CLI. v7 is
 * listed first where both exist.
 *
 * The v6 docs already use `prompt` and `init_audio` (not `text`/`audio`), so those need no
 * renameIn. Real renames: sound effects `duration` → v7 `time in seconds` (PY), dubbing
 * `output_lang` → v7 `target_language` and `init_video` → v7 `init_audio` (MCP reference).
 */

/** A v6 voice entry's source: voice-cloning/openapi.json and the endpoint's page. */
const v6 = (page: string): SourceRef => docs('voice-cloning/openapi.json', `voice-cloning/${page}`);
/** A v7 voice entry's source: the MCP tools reference, with the SDK files that confirm it. */
const v7 = (...also: SourceRef[]): SourceRef & { also: SourceRef[] } => ({
	...docs(MCP_REFERENCE, 'guides/model-selection.mdx'),
	also: [...also, skills('audio-generation/SKILL.md')],
});
const PY_AUDIO = py('modelslab_py/schemas/audio.py');
const ELEVENLABS = py('modelslab_py/providers/elevenlabs/schemas.py');
const SONAUTO = py('modelslab_py/providers/sonauto/schemas.py');
/** For entries with v7 and v6: the entry-level source is the v6 page, each version has its own. */
function both(page: string, v7Source: SourceRef & { also: SourceRef[] }, notes?: string): CatalogueSource {
	return { ...v6(page), versions: { v7: v7Source, v6: { ...v6(page), also: [PY_AUDIO] } }, ...(notes ? { notes } : {}) };
}

const TEMP: CatalogueField = {
	name: 'temp', label: 'Temporary Links', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
	description: 'Whether outputs get temporary links valid for 24 hours, for regions that block the normal storage domain.',
};
const BASE64: CatalogueField = {
	name: 'base64', label: 'Base64', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
	description: 'Whether the input audio is given as a base64 string instead of a URL.',
};
const SEED: CatalogueField = {
	name: 'seed', label: 'Seed', type: 'number', min: 0, placeholder: '12345',
	description: 'The same seed with the same settings reproduces the same result; 0 or unset picks a random seed.',
};
const SPEECH_AUDIO: CatalogueField = {
	name: 'init_audio', label: 'Init Audio', type: 'url', placeholder: 'https://example.com/speech.wav',
	description: 'URL of the source audio (WAV or MP3).',
};
const ELEVENLABS_VOICE = 'e.g. 21m00Tcm4TlvDq8ikWAM (Rachel) or pNInz6obpgDQGcFmaJgB (Adam)';

const TTS_LANGUAGES: FieldOption[] = [
	{ name: 'American English', value: 'american english' }, { name: 'British English', value: 'british english' },
	{ name: 'Spanish', value: 'spanish' }, { name: 'Japanese', value: 'japanese' },
	{ name: 'Mandarin Chinese', value: 'mandarin chinese' }, { name: 'French', value: 'french' },
	{ name: 'Brazilian Portuguese', value: 'brazilian portuguese' }, { name: 'Hindi', value: 'hindi' },
	{ name: 'Italian', value: 'italian' },
];

const CLONE_LANGUAGES: FieldOption[] = [
	{ name: 'Arabic', value: 'arabic' }, { name: 'Assamese', value: 'assamese' }, { name: 'Bengali', value: 'bengali' },
	{ name: 'Brazilian Portuguese', value: 'brazilian portuguese' }, { name: 'Chinese', value: 'chinese' },
	{ name: 'Czech', value: 'czech' }, { name: 'Danish', value: 'danish' }, { name: 'Dutch', value: 'dutch' },
	{ name: 'English', value: 'english' }, { name: 'Finnish', value: 'finnish' }, { name: 'French', value: 'french' },
	{ name: 'German', value: 'german' }, { name: 'Greek', value: 'greek' }, { name: 'Gujarati', value: 'gujarati' },
	{ name: 'Hebrew', value: 'hebrew' }, { name: 'Hindi', value: 'hindi' }, { name: 'Hungarian', value: 'hungarian' },
	{ name: 'Indonesian', value: 'indonesian' }, { name: 'Italian', value: 'italian' },
	{ name: 'Japanese', value: 'japanese' }, { name: 'Kannada', value: 'kannada' }, { name: 'Korean', value: 'korean' },
	{ name: 'Maithili', value: 'maithili' }, { name: 'Malay', value: 'malay' }, { name: 'Malayalam', value: 'malayalam' },
	{ name: 'Marathi', value: 'marathi' }, { name: 'Min Nan Chinese', value: 'min nan chinese' },
	{ name: 'Nepali', value: 'nepali' }, { name: 'Odia', value: 'odia' }, { name: 'Persian', value: 'persian' },
	{ name: 'Polish', value: 'polish' }, { name: 'Punjabi', value: 'punjabi' }, { name: 'Russian', value: 'russian' },
	{ name: 'Sindhi', value: 'sindhi' }, { name: 'Sinhala', value: 'sinhala' }, { name: 'Slovak', value: 'slovak' },
	{ name: 'Spanish', value: 'spanish' }, { name: 'Swahili', value: 'swahili' }, { name: 'Swedish', value: 'swedish' },
	{ name: 'Tamil', value: 'tamil' }, { name: 'Telugu', value: 'telugu' }, { name: 'Thai', value: 'thai' },
	{ name: 'Turkish', value: 'turkish' }, { name: 'Ukrainian', value: 'ukrainian' }, { name: 'Urdu', value: 'urdu' },
	{ name: 'Vietnamese', value: 'vietnamese' }, { name: 'Welsh', value: 'welsh' },
	{ name: 'Yue Chinese', value: 'yue chinese' },
];

const SONG_LANGUAGES: FieldOption[] = [
	{ name: 'Arabic', value: 'ar' }, { name: 'Azerbaijani', value: 'az' }, { name: 'Bulgarian', value: 'bg' },
	{ name: 'Bengali', value: 'bn' }, { name: 'Catalan', value: 'ca' }, { name: 'Czech', value: 'cs' },
	{ name: 'Danish', value: 'da' }, { name: 'German', value: 'de' }, { name: 'Greek', value: 'el' },
	{ name: 'English', value: 'en' }, { name: 'Spanish', value: 'es' }, { name: 'Persian', value: 'fa' },
	{ name: 'Finnish', value: 'fi' }, { name: 'French', value: 'fr' }, { name: 'Hebrew', value: 'he' },
	{ name: 'Hindi', value: 'hi' }, { name: 'Croatian', value: 'hr' }, { name: 'Haitian Creole', value: 'ht' },
	{ name: 'Hungarian', value: 'hu' }, { name: 'Indonesian', value: 'id' }, { name: 'Icelandic', value: 'is' },
	{ name: 'Italian', value: 'it' }, { name: 'Japanese', value: 'ja' }, { name: 'Korean', value: 'ko' },
	{ name: 'Latin', value: 'la' }, { name: 'Lithuanian', value: 'lt' }, { name: 'Malay', value: 'ms' },
	{ name: 'Nepali', value: 'ne' }, { name: 'Dutch', value: 'nl' }, { name: 'Norwegian', value: 'no' },
	{ name: 'Punjabi', value: 'pa' }, { name: 'Polish', value: 'pl' }, { name: 'Portuguese', value: 'pt' },
	{ name: 'Romanian', value: 'ro' }, { name: 'Russian', value: 'ru' }, { name: 'Sanskrit', value: 'sa' },
	{ name: 'Slovak', value: 'sk' }, { name: 'Serbian', value: 'sr' }, { name: 'Swedish', value: 'sv' },
	{ name: 'Swahili', value: 'sw' }, { name: 'Tamil', value: 'ta' }, { name: 'Telugu', value: 'te' },
	{ name: 'Thai', value: 'th' }, { name: 'Tagalog', value: 'tl' }, { name: 'Turkish', value: 'tr' },
	{ name: 'Ukrainian', value: 'uk' }, { name: 'Urdu', value: 'ur' }, { name: 'Vietnamese', value: 'vi' },
	{ name: 'Cantonese', value: 'yue' }, { name: 'Chinese', value: 'zh' },
];

export const audioEndpoints: CatalogueEntry[] = [
	{
		resource: 'audio', operation: 'textToSpeech', name: 'Text to Speech',
		action: 'Convert text to speech',
		description: 'Reads a text aloud with a chosen voice.',
		versions: [
			{ version: 'v7', path: '/v7/voice/text-to-speech', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/text_to_speech', fetch: 'voiceV6' },
		],
		source: both('text-to-speech.mdx', v7(ELEVENLABS, py('modelslab_py/providers/inworld/schemas.py'))),
		method: 'POST', output: 'audio',
		modelId: {
			required: true,
			versions: ['v7'],
			examples: ['eleven_multilingual_v2', 'inworld-tts-1'],
			description: 'Speech model (v7 only; v6 uses its own voices and takes none).',
		},
		required: [
			{
				name: 'prompt', label: 'Text', type: 'text',
				description: 'The text to speak. v6 takes at most 2500 characters.',
				placeholder: 'Welcome to ModelsLab! Your order has shipped and arrives on Friday.',
			},
			{
				name: 'voice_id', label: 'Voice ID', type: 'string', placeholder: '21m00Tcm4TlvDq8ikWAM',
				description: `Voice to speak with. v7: an ElevenLabs voice ID, ${ELEVENLABS_VOICE}, or an Inworld voice such as Ashley; v6: a ModelsLab voice such as madison (see https://modelslab.com/trained-voice-lists).`,
			},
			{
				name: 'language', label: 'Language', type: 'options', options: TTS_LANGUAGES, versions: ['v6'],
				description: 'Language of the v6 voice.',
			},
		],
		optional: [
			{
				name: 'temperature', label: 'Temperature', type: 'number', min: 0, max: 1, versions: ['v7'],
				placeholder: '0.5', description: 'How much the voice varies between takes, 0–1.',
			},
			{
				name: 'speed', label: 'Speed', type: 'number', min: 0.5, max: 2, modelsLabDefault: 1, versions: ['v6'],
				placeholder: '1', description: 'Playback speed of the speech; 1 is normal.',
			},
			{
				name: 'emotion', label: 'Emotion', type: 'boolean', modelsLabDefault: false, versions: ['v6'],
				description: 'Whether the voice adds emotion to the reading (English only).',
			},
			TEMP,
		],
	},
	{
		resource: 'audio', operation: 'voiceToVoice', name: 'Voice to Voice',
		action: 'Convert speech to another voice',
		description: 'Re-speaks a recording in another voice while keeping the words and timing.',
		versions: [
			{ version: 'v7', path: '/v7/voice/speech-to-speech', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/voice_to_voice', fetch: 'voiceV6' },
		],
		source: both('voice-to-voice.mdx', v7(ELEVENLABS), 'v6 stream is left out: the node waits for a job and its files, not for a stream.'),
		method: 'POST', output: 'audio',
		modelId: { required: true, versions: ['v7'], examples: ['eleven_english_sts_v2'], description: 'Voice-changer model (v7 only).' },
		required: [
			{ ...SPEECH_AUDIO, description: 'URL of the speech to convert (WAV or MP3; v6: at most 30 seconds).' },
			{
				name: 'target_audio', label: 'Target Audio', type: 'url', versions: ['v6'],
				placeholder: 'https://example.com/target-voice.mp3',
				description: 'URL of a sample of the voice to convert to, at most 30 seconds (v6).',
			},
			{
				name: 'voice_id', label: 'Voice ID', type: 'string', versions: ['v7'], placeholder: '21m00Tcm4TlvDq8ikWAM',
				description: `ElevenLabs voice ID of the target voice, ${ELEVENLABS_VOICE}.`,
			},
		],
		optional: [BASE64, TEMP],
	},
	{
		resource: 'audio', operation: 'musicGen', name: 'Music Generation',
		action: 'Generate music from a text prompt',
		description: 'Composes instrumental music from a description of style, instruments and mood.',
		versions: [
			{ version: 'v7', path: '/v7/voice/music-gen', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/music_gen', fetch: 'voiceV6' },
		],
		source: both('music-gen.mdx', v7(ELEVENLABS, SONAUTO, cli()), 'v7 duration: the MCP reference lists only model_id and prompt; the CLI sends duration, so the node offers it under v7 too.'),
		method: 'POST', output: 'audio',
		modelId: { required: true, versions: ['v7'], examples: ['music_v1', 'sonauto_song'], description: 'Music model (v7 only).' },
		required: [
			{
				name: 'prompt', label: 'Prompt', type: 'text',
				description: 'Style, instruments, key, tempo and mood of the music.',
				placeholder: 'marimba, percussion, bass, tropical house, melodic riff, G# minor, 96 bpm',
			},
		],
		optional: [
			{
				name: 'duration', label: 'Duration', type: 'number', min: 30, max: 480, modelsLabDefault: 30,
				placeholder: '60', description: 'Length of the music in seconds, 30–480 (v6 range).',
			},
			{
				name: 'init_audio', label: 'Melody Audio', type: 'url', versions: ['v6'],
				placeholder: 'https://example.com/melody.wav', description: 'URL of a melody to build on, up to 30 seconds.',
			},
			{
				name: 'output_format', label: 'Output Format', type: 'options', modelsLabDefault: 'wav', versions: ['v6'],
				description: 'File format of the music.',
				options: [{ name: 'WAV', value: 'wav' }, { name: 'MP3', value: 'mp3' }, { name: 'FLAC', value: 'flac' }],
			},
			{
				name: 'bitrate', label: 'Bitrate', type: 'options', modelsLabDefault: '320k', versions: ['v6'],
				description: 'Bitrate of the audio file.',
				options: [{ name: '128k', value: '128k' }, { name: '192k', value: '192k' }, { name: '320k', value: '320k' }],
			},
			BASE64,
			TEMP,
		],
	},
	{
		resource: 'audio', operation: 'songGenerator', name: 'Song Generator',
		action: 'Generate a song with vocals',
		description: 'Generates a complete song with vocals from lyrics (or a topic) and a style caption, with ACE-Step v1.5 (v6 only).',
		versions: [{ version: 'v6', path: '/v6/voice/song_generator', fetch: 'voiceV6' }],
		source: { ...v6('song-generator.mdx'), also: [docs('guides/song-generation-guide.mdx')], notes: 'caption: SongGeneratorRequest requires only key (voice-cloning/openapi.json line 773); its oneOf requires caption with prompt when lyrics_generation is true ("Auto-generate lyrics", lines 824-832) and not in the "Manual lyrics" branch (lines 833-840), and song-generator.mdx (line 53) does not mark it required. So it is optional here, described as needed when Generate Lyrics is on, as prompt is; the song generation guide calls it the most important parameter (song-generation-guide.mdx line 36).' },
		method: 'POST', output: 'audio',
		required: [],
		optional: [
			{
				name: 'caption', label: 'Style Caption', type: 'text',
				description: 'Musical style: genre, instruments, vocal type, tempo and mood. Required when Generate Lyrics is on; the setting that shapes the song most.',
				placeholder: 'female vocal, pop, piano, slow, emotional',
			},
			{
				name: 'lyrics_generation', label: 'Generate Lyrics', type: 'boolean', modelsLabDefault: false,
				description: 'Whether ModelsLab writes the lyrics from the prompt. When off, give the lyrics.',
			},
			{
				name: 'lyrics', label: 'Lyrics', type: 'text', placeholder: '[Verse 1]\nCity lights are calling me home',
				description: 'Song lyrics with section tags such as [Verse 1], [Chorus], [Bridge]. Required when Generate Lyrics is off.',
			},
			{
				name: 'prompt', label: 'Lyrics Topic', type: 'text', placeholder: 'a summer road trip with old friends',
				description: 'What the lyrics are about. Required when Generate Lyrics is on.',
			},
			{
				name: 'init_audio', label: 'Reference Audio', type: 'url', placeholder: 'https://example.com/reference.mp3',
				description: 'URL of an MP3 or WAV whose style the song should follow.',
			},
			{
				name: 'duration', label: 'Duration', type: 'number', min: 30, max: 480, placeholder: '120',
				description: 'Length of the song in seconds, 30–480.',
			},
			{
				name: 'language', label: 'Language', type: 'options', options: SONG_LANGUAGES,
				description: 'Language of the lyrics and vocals. Unset means ModelsLab detects it.',
			},
			{
				name: 'instrumental', label: 'Instrumental', type: 'boolean', modelsLabDefault: false,
				description: 'Whether the song is generated without vocals.',
			},
		],
	},
	{
		resource: 'audio', operation: 'soundEffects', name: 'Sound Effects',
		action: 'Generate a sound effect from a text prompt',
		description: 'Generates a short sound effect from a description.',
		versions: [
			{ version: 'v7', path: '/v7/voice/sound-generation', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/sfx', fetch: 'voiceV6' },
		],
		source: both('sfx.mdx', v7(ELEVENLABS, cli()), 'duration: v6 takes 3–15 seconds, default 10 (voice-cloning/openapi.json lines 748-753; sfx.mdx gives no range, its example sends 10), v7 sends it as `time in seconds`, 1–22 (Python SDK ElevenSoundEffectSchema); the field checks each version\'s range when the request is built (rangeIn).'),
		method: 'POST', output: 'audio',
		modelId: { required: true, versions: ['v7'], examples: ['eleven_sound_effect'], description: 'Sound-effect model (v7 only).' },
		required: [
			{
				name: 'prompt', label: 'Prompt', type: 'text', description: 'The sound to generate.',
				placeholder: 'heavy wooden door slamming shut in an empty stone hall',
			},
		],
		optional: [
			{
				name: 'duration', label: 'Duration', type: 'number', min: 1, max: 22, rangeIn: { v6: { min: 3, max: 15 }, v7: { min: 1, max: 22 } },
				modelsLabDefault: 10, renameIn: { v7: 'time in seconds' }, placeholder: '5',
				description: 'Length in seconds: v6 takes 3–15 (default 10), v7 1–22.',
			},
			TEMP,
		],
	},
	{
		resource: 'audio', operation: 'speechToText', name: 'Speech to Text',
		action: 'Transcribe speech to text',
		description: 'Transcribes the speech in an audio file.',
		versions: [
			{ version: 'v7', path: '/v7/voice/speech-to-text', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/speech_to_text', fetch: 'voiceV6' },
		],
		source: both('speech-to-text.mdx', v7(ELEVENLABS, cli())),
		method: 'POST', output: 'text',
		modelId: { required: true, versions: ['v7'], examples: ['scribe_v1'], description: 'Transcription model (v7 only).' },
		required: [
			{ ...SPEECH_AUDIO, description: 'URL of a publicly reachable audio file: WAV, MP3, FLAC or OPUS, 5 seconds to 1 hour.' },
			{
				name: 'language', label: 'Language', type: 'string', versions: ['v6'], placeholder: 'en',
				description: 'ISO 639-1 code of the spoken language, e.g. en, es or fr (v6).',
			},
		],
		optional: [
			{
				name: 'timestamp_level', label: 'Timestamp Level', type: 'options', versions: ['v6'],
				description: 'Adds timestamps per sentence (reliable) or per word (less accurate).',
				options: [{ name: 'Sentence', value: 'sentence' }, { name: 'Word', value: 'word' }],
			},
		],
	},
	{
		resource: 'audio', operation: 'dubbing', name: 'Dubbing',
		action: 'Dub a video into another language',
		description: 'Translates and re-voices the speech of a video into another language.',
		versions: [
			{ version: 'v7', path: '/v7/voice/create-dubbing', fetch: 'voiceV7' },
			{ version: 'v6', path: '/v6/voice/create_dubbing', fetch: 'voiceV6' },
		],
		source: both('create-dubbing.mdx', v7(cli()), 'v7: the MCP reference (docs-v2 mcp-web-api/tools-reference.mdx, "### dubbing") sends the source as init_audio with target_language and marks model_id required; the CLI (generate.go, generateDubbingCmd) sends init_video and no model_id. The node follows the docs: init_audio, and a required model_id. No source names a dubbing model (the skills table lists none), so the Model field gives no example and its search lists audio models. v7 documents no values for target_language and none of the v6 options.'),
		method: 'POST', output: 'audio',
		// Required under v7 by the MCP tools reference ("### dubbing": model_id, init_audio, target_language).
		modelId: {
			required: true,
			versions: ['v7'],
			examples: [],
			description: "Dubbing model (v7 only; ModelsLab's MCP reference requires one but no ModelsLab source names a dubbing model: pick one from the list).",
		},
		required: [
			{
				name: 'init_video', label: 'Init Video', type: 'url', renameIn: { v7: 'init_audio' },
				placeholder: 'https://example.com/interview.mp4',
				description: 'URL of the video to dub. v7 sends it as init_audio, the name the docs give it there.',
			},
			{
				name: 'output_lang', label: 'Target Language', type: 'string', renameIn: { v7: 'target_language' },
				placeholder: 'es',
				description: 'Language to dub into. v6 takes es, fr, hi, it, pt-br, en-us, en-gb, ja or zh; the docs list no values for v7.',
				options: [
					{ name: 'Spanish', value: 'es' }, { name: 'French', value: 'fr' }, { name: 'Hindi', value: 'hi' },
					{ name: 'Italian', value: 'it' }, { name: 'Brazilian Portuguese', value: 'pt-br' },
					{ name: 'American English', value: 'en-us' }, { name: 'British English', value: 'en-gb' },
					{ name: 'Japanese', value: 'ja' }, { name: 'Chinese', value: 'zh' },
				],
			},
		],
		optional: [
			{
				name: 'source_lang', label: 'Source Language', type: 'string', modelsLabDefault: 'hi', versions: ['v6'],
				placeholder: 'en', description: 'Language code of the original speech, e.g. en or hi.',
			},
			{
				name: 'voice_id', label: 'Voice ID', type: 'string', versions: ['v6'], placeholder: 'henry',
				description: 'ModelsLab voice that speaks the dub.',
			},
			{
				name: 'voice_model', label: 'Voice Model', type: 'string', modelsLabDefault: 'kokoro', versions: ['v6'],
				placeholder: 'kokoro', description: 'Speech model that voices the dub.',
			},
			{
				name: 'speed', label: 'Speed', type: 'number', min: 0.5, max: 2, modelsLabDefault: 1, versions: ['v6'],
				placeholder: '1', description: 'Speaking speed of the dub; 1 is normal.',
			},
			{
				name: 'file_prefix', label: 'File Prefix', type: 'string', modelsLabDefault: 'spanish_dub', versions: ['v6'],
				placeholder: 'spanish_dub', description: 'Prefix of the output file name.',
			},
			{ ...BASE64, description: 'Whether the video is given as a base64 string instead of a URL.' },
			{ ...SEED, versions: ['v6'] },
		],
	},
	{
		resource: 'audio', operation: 'voiceCover', name: 'Voice Cover',
		action: 'Cover a song with another voice',
		description: 'Re-sings a song (audio file or YouTube link) with a trained voice model (v6 only).',
		versions: [{ version: 'v6', path: '/v6/voice/voice_cover', fetch: 'voiceV6' }],
		source: { ...v6('voice-cover.mdx'), also: [PY_AUDIO], notes: 'The three volume deltas are strings in openapi.json ("-5 to +5"): the node sends them as strings.' },
		method: 'POST', output: 'audio',
		modelId: { required: true, examples: ['zoro'], description: 'Trained voice model to sing with (models with the audiogen feature).' },
		required: [
			{ ...SPEECH_AUDIO, placeholder: 'https://example.com/song.mp3', description: 'URL of the song to cover: an audio file or a YouTube link.' },
		],
		optional: [
			{
				name: 'pitch', label: 'Pitch', type: 'options', description: 'Pitch shift between voices: male to female, female to male, or none.',
				options: [{ name: 'None', value: 'none' }, { name: 'Male to Female', value: 'm2f' }, { name: 'Female to Male', value: 'f2m' }],
			},
			{
				name: 'algorithm', label: 'Algorithm', type: 'options', modelsLabDefault: 'rmvpe',
				description: 'Pitch-extraction algorithm.',
				options: [{ name: 'RMVPE', value: 'rmvpe' }, { name: 'Mangio Crepe', value: 'mangio-crepe' }],
			},
			{ name: 'rate', label: 'Rate', type: 'number', min: 0, max: 1, placeholder: '0.5', description: 'How closely the voice resembles the training data, 0–1.' },
			{ name: 'radius', label: 'Radius', type: 'number', min: 0, max: 3, modelsLabDefault: 3, placeholder: '3', description: 'Median filter length that reduces breathiness artefacts, 0–3.' },
			{ name: 'mix', label: 'Mix', type: 'number', min: 0, max: 1, modelsLabDefault: 0.25, placeholder: '0.25', description: 'How closely the loudness follows the original vocals, 0–1.' },
			{ name: 'hop_length', label: 'Hop Length', type: 'number', min: 1, placeholder: '128', description: 'How often pitch is analysed with mangio-crepe; lower is finer and slower.' },
			{ name: 'originality', label: 'Originality', type: 'number', min: 0, max: 1, modelsLabDefault: 0.33, placeholder: '0.33', description: 'How much of the original voiceless consonants is kept, 0–1.' },
			{ name: 'lead_voice_volume_delta', label: 'Lead Voice Volume Delta', type: 'string', placeholder: '1', description: 'Volume change of the lead vocals, -5 to +5. Sent as a string, as the docs type it.' },
			{ name: 'backup_voice_volume_delta', label: 'Backup Voice Volume Delta', type: 'string', placeholder: '-2', description: 'Volume change of the backing vocals, -5 to +5. Sent as a string, as the docs type it.' },
			{ name: 'instrument_volume_delta', label: 'Instrument Volume Delta', type: 'string', placeholder: '2', description: 'Volume change of the instruments, -5 to +5. Sent as a string, as the docs type it.' },
			{ name: 'reverb_size', label: 'Reverb Size', type: 'number', min: 0, max: 1, modelsLabDefault: 0.15, placeholder: '0.15', description: 'Size of the reverb room, 0–1.' },
			{ name: 'wetness', label: 'Wetness', type: 'number', min: 0, max: 1, modelsLabDefault: 0.2, placeholder: '0.2', description: 'Reverb applied to the generated vocals, 0–1.' },
			{ name: 'dryness', label: 'Dryness', type: 'number', min: 0, max: 1, modelsLabDefault: 0.8, placeholder: '0.8', description: 'Level of the vocals without reverb, 0–1.' },
			{ name: 'damping', label: 'Damping', type: 'number', min: 0, max: 1, modelsLabDefault: 0.7, placeholder: '0.7', description: 'Damping of high frequencies in the reverb, 0–1.' },
			{
				name: 'emotion', label: 'Emotion', type: 'options', modelsLabDefault: 'neutral', description: 'Emotion of the voice.',
				options: [
					{ name: 'Neutral', value: 'neutral' }, { name: 'Happy', value: 'happy' }, { name: 'Sad', value: 'sad' },
					{ name: 'Angry', value: 'angry' }, { name: 'Dull', value: 'dull' },
				],
			},
			{ name: 'language', label: 'Language', type: 'string', modelsLabDefault: 'english', placeholder: 'english', description: 'Language of the voice.' },
			{ name: 'speed', label: 'Speed', type: 'number', min: 0.5, max: 2, modelsLabDefault: 1, placeholder: '1', description: 'Playback speed of the voice; 1 is normal.' },
			SEED,
			BASE64,
			TEMP,
		],
	},
	{
		resource: 'audio', operation: 'voiceClone', name: 'Voice Clone',
		action: 'Speak text in a cloned voice',
		description: 'Reads a text aloud in the voice of a short audio sample (v6 text_to_audio).',
		versions: [{ version: 'v6', path: '/v6/voice/text_to_audio', fetch: 'voiceV6' }],
		source: { ...v6('voice-cloning.mdx'), also: [PY_AUDIO] },
		method: 'POST', output: 'audio',
		required: [
			{
				name: 'prompt', label: 'Text', type: 'text', description: 'The text to speak.',
				placeholder: 'Thanks for calling. All our agents are busy, please stay on the line.',
			},
			{ ...SPEECH_AUDIO, placeholder: 'https://example.com/voice-sample.wav', description: 'URL of a 4–30 second sample of the voice to clone.' },
		],
		optional: [
			{
				name: 'voice_id', label: 'Voice ID', type: 'string', placeholder: 'madison',
				description: 'A ModelsLab voice to use instead of the sample (see https://modelslab.com/voice-lists).',
			},
			{ name: 'language', label: 'Language', type: 'options', options: CLONE_LANGUAGES, modelsLabDefault: 'english', description: 'Language of the speech.' },
			{
				name: 'speed', label: 'Speed', type: 'number', min: 0.5, max: 2, modelsLabDefault: 1, placeholder: '1',
				description: 'Playback speed of the speech; 1 is normal.',
			},
			BASE64,
			TEMP,
		],
	},
	{
		resource: 'audio', operation: 'lyricsGenerator', name: 'Lyrics Generator',
		action: 'Write song lyrics from a topic',
		description: 'Writes song lyrics about a topic (v6 only).',
		versions: [{ version: 'v6', path: '/v6/voice/lyrics_generator', fetch: 'voiceV6' }],
		source: v6('lyrics-generator.mdx'),
		method: 'POST', output: 'text',
		required: [{ name: 'prompt', label: 'Topic', type: 'text', description: 'What the lyrics are about.', placeholder: 'a rainy night in Tokyo' }],
		optional: [
			{
				name: 'length', label: 'Length', type: 'options', modelsLabDefault: 'short', description: 'Length of the lyrics.',
				options: [{ name: 'Short', value: 'short' }, { name: 'Long', value: 'long' }],
			},
		],
	},
	{
		resource: 'audio', operation: 'songExtender', name: 'Song Extender',
		action: 'Extend a song',
		description: 'Continues a song before or after its current end (v7 only).',
		versions: [{ version: 'v7', path: '/v7/voice/song-extender', fetch: 'voiceV7' }],
		source: { ...v7(SONAUTO, cli()), notes: 'The MCP reference requires only init_audio; the Python SDK also requires prompt and extend_duration (0–85): the node requires all three.' },
		method: 'POST', output: 'audio',
		modelId: { required: true, examples: ['song-extender'], description: 'Song-extension model.' },
		required: [
			{ ...SPEECH_AUDIO, placeholder: 'https://example.com/song.mp3', description: 'URL of the song to extend.' },
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'How the extension should sound.', placeholder: 'add a big final chorus with drums and strings' },
			{
				name: 'extend_duration', label: 'Extend Duration', type: 'number', min: 0, max: 85, placeholder: '30',
				description: 'How many seconds to add, 0–85.',
			},
		],
		optional: [
			{
				name: 'side', label: 'Side', type: 'options', description: 'Where to add the music: after the end (right) or before the start (left).',
				options: [{ name: 'Right (After the End)', value: 'right' }, { name: 'Left (Before the Start)', value: 'left' }],
			},
		],
	},
	{
		resource: 'audio', operation: 'songInpaint', name: 'Song Inpaint',
		action: 'Rewrite part of a song',
		description: 'Regenerates sections of a song with new lyrics (v7 only).',
		versions: [{ version: 'v7', path: '/v7/voice/song-inpaint', fetch: 'voiceV7' }],
		source: { ...v7(SONAUTO, cli()), notes: 'The MCP reference requires init_audio and prompt; the Python SDK SongInpaintSchema requires init_audio, lyrics and sections. The node requires all four, so a request satisfies both.' },
		method: 'POST', output: 'audio',
		modelId: { required: true, examples: ['song-inpaint'], description: 'Song-inpainting model.' },
		required: [
			{ ...SPEECH_AUDIO, placeholder: 'https://example.com/song.mp3', description: 'URL of the song to edit.' },
			{ name: 'prompt', label: 'Prompt', type: 'text', description: 'What to change in the song.', placeholder: 'replace the second verse with a rap part' },
			{ name: 'lyrics', label: 'Lyrics', type: 'text', description: 'Lyrics to sing in the regenerated sections.', placeholder: 'And we danced until the morning light' },
			{
				name: 'sections', label: 'Sections', type: 'json', placeholder: '[[30, 45]]',
				description: 'JSON list of [start, end] time ranges in seconds to regenerate. The Python SDK requires it but does not document its format beyond "audio timestamps"; this shape is inferred.',
			},
		],
		optional: [],
	},
	{
		resource: 'audio', operation: 'vocalIsolator', name: 'Vocal Isolator',
		action: 'Isolate the vocals of a track',
		description: 'Separates the vocals from the music of an audio or video file (v6 only). Give Init Audio or Init Video.',
		versions: [{ version: 'v6', path: '/v6/voice/vocal_isolator', fetch: 'voiceV6' }],
		source: v6('vocal-isolator.mdx'),
		method: 'POST', output: 'audio',
		required: [],
		optional: [
			{ ...SPEECH_AUDIO, placeholder: 'https://example.com/song.mp3', description: 'URL of the audio to isolate vocals from.' },
			{ name: 'init_video', label: 'Init Video', type: 'url', placeholder: 'https://example.com/clip.mp4', description: 'URL of a video to isolate vocals from, instead of Init Audio.' },
			SEED,
			BASE64,
		],
	},
	{
		resource: 'audio', operation: 'voiceDesign', name: 'Voice Design',
		action: 'Speak text in a voice described in words',
		description: 'Creates a voice from a written description and reads a text with it (v6 only).',
		versions: [{ version: 'v6', path: '/v6/voice/voice_design', fetch: 'voiceV6' }],
		source: v6('voice-design.mdx'),
		method: 'POST', output: 'audio',
		required: [
			{ name: 'prompt', label: 'Text', type: 'text', description: 'The text the designed voice speaks.', placeholder: 'Greetings, traveller. What brings you to the mountain today?' },
			{
				name: 'voice_description', label: 'Voice Description', type: 'text',
				description: 'Tone, accent, gender, age and style of the voice.', placeholder: 'a warm, deep male voice, middle-aged, calm and theatrical',
			},
		],
		optional: [
			{
				name: 'language', label: 'Language', type: 'options', description: 'Language of the speech.',
				options: [
					{ name: 'English', value: 'english' }, { name: 'Chinese', value: 'chinese' }, { name: 'Japanese', value: 'japanese' },
					{ name: 'Korean', value: 'korean' }, { name: 'German', value: 'german' }, { name: 'French', value: 'french' },
					{ name: 'Russian', value: 'russian' }, { name: 'Portuguese', value: 'portuguese' },
					{ name: 'Spanish', value: 'spanish' }, { name: 'Italian', value: 'italian' },
				],
			},
		],
	},
];
