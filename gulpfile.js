// Copies what tsc does not: node icons and codex files, next to the compiled nodes in dist/.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);

module.exports = { dist: path.resolve(__dirname, 'dist') };
