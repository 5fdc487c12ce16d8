/**
 * The workflows the screenshots show, taken from examples/ at run time (so they follow whatever
 * parameters the examples have), with two changes: no sticky notes (the canvas shots are about the
 * nodes) and files written into the run's temp folder instead of /tmp/modelslab-demo/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../n8n/paths';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const TYPES = {
	modelsLab: 'n8n-nodes-modelslab.modelsLab',
	trigger: 'n8n-nodes-modelslab.modelsLabTrigger',
	manual: 'n8n-nodes-base.manualTrigger',
};
/** The credential the examples reference (same id and name as `npm run demo`). */
export const CREDENTIAL = {
	id: 'modelslabDemoCred1',
	name: 'ModelsLab account',
	type: 'modelsLabApi',
};

/** Example `file`, its file-writing nodes writing into `outDir`. */
function fromExample(file: string, outDir: string): any {
	const wf = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	wf.nodes = wf.nodes.filter((n: any) => n.type !== 'n8n-nodes-base.stickyNote');
	for (const node of wf.nodes) {
		const name = node.parameters?.fileName;
		if (typeof name === 'string')
			node.parameters.fileName = name.replace('/tmp/modelslab-demo/', `${outDir}/`);
	}
	return wf;
}

function nodeOfType(wf: any, type: string): any {
	const node = wf.nodes.find((n: any) => n.type === type);
	if (!node) throw new Error(`workflow "${wf.name}" has no ${type} node`);
	return node;
}

/**
 * `image`: Manual trigger → ModelsLab (text to image, resume on callback) → IF → Save PNG;
 *   `trigger`: the Don't Wait → ModelsLab Trigger example
 */
export function screenshotWorkflows(outDir: string): {
	image: any;
	trigger: any;
	names: { modelsLab: string; manual: string; trigger: string };
} {
	const image = fromExample('text-to-image.json', outDir);
	const trigger = fromExample('video-via-trigger.json', outDir);
	const modelsLab = nodeOfType(image, TYPES.modelsLab);
	if (modelsLab.parameters?.waitMode !== 'callback') {
		throw new Error(
			'examples/text-to-image.json no longer waits for the callback: the waiting screenshots need it',
		);
	}
	return {
		image,
		trigger,
		names: {
			modelsLab: modelsLab.name,
			manual: nodeOfType(image, TYPES.manual).name,
			trigger: nodeOfType(trigger, TYPES.trigger).name,
		},
	};
}
