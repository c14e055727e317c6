// docs/ui.md and the README show screenshots the browser tests make
// (`make screenshots`): each image they name must exist in docs/img/ui and
// be one that a test in tests/web takes, so the pictures stay current.
import {readFileSync, readdirSync, existsSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const taken = new Set();
for (const f of readdirSync(join(root, 'tests', 'web')))
	if (f.endsWith('.mjs'))
		for (const m of readFileSync(join(root, 'tests', 'web', f), 'utf8').matchAll(/shot\(\w+, '([a-z0-9-]+)'\)/g))
			taken.add(m[1]);
let bad = 0, n = 0;
for (const [doc, prefix] of [['docs/ui.md', 'img/ui/'], ['README.md', 'docs/img/ui/']]) {
	const text = readFileSync(join(root, doc), 'utf8');
	for (const m of text.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)) {
		n++;
		const path = m[1];
		const name = path.replace(prefix, '').replace(/\.png$/, '');
		const file = join(root, dirname(doc), path);
		if (!path.startsWith(prefix) || !taken.has(name)) {
			console.log(`not ok - ${doc}: ${path} is not a screenshot a browser test takes`);
			bad++;
		} else if (!existsSync(file)) {
			console.log(`not ok - ${doc}: ${path} is missing (make screenshots)`);
			bad++;
		} else {
			console.log(`ok - ${doc}: ${path}`);
		}
	}
}
if (n < 10) {
	console.log(`not ok - only ${n} screenshots are shown`);
	bad++;
}
process.exit(bad ? 1 : 0);
