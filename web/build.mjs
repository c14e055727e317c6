// build.mjs: builds the web application into the files zorgkluis serves,
// and the C source that embeds them in the binary.
//
//   node web/build.mjs --out DIR [--c FILE]
//
// 1. Merges the message catalogues messages/<lang>/*.json into one per
//    language; refuses keys that one language has and another lacks, a
//    key given twice, and an empty text.
// 2. Refuses text written in the code instead of the catalogues.
// 3. Bundles src/main.jsx (Preact, uPlot) with esbuild into app.<hash>.js
//    and app.<hash>.css, named by content so a browser may keep them;
//    index.html names them and is never cached.
// 4. With --c, writes FILE: the assets as C arrays (struct web_asset).
import {readFileSync, readdirSync, writeFileSync, mkdirSync, renameSync, existsSync, unlinkSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {join, dirname, relative} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const LANGS = ['nl', 'en'];

function fail(msg) {
	console.error('web/build.mjs: ' + msg);
	process.exit(1);
}

function args() {
	const a = process.argv.slice(2), o = {};
	for (let i = 0; i < a.length; i += 2) {
		if (a[i] === '--out')
			o.out = a[i + 1];
		else if (a[i] === '--c')
			o.c = a[i + 1];
		else
			fail('usage: node web/build.mjs --out DIR [--c FILE]');
	}
	if (!o.out)
		fail('usage: node web/build.mjs --out DIR [--c FILE]');
	return o;
}

export function catalogues() {
	const out = {}, files = {};
	for (const lang of LANGS) {
		const dir = join(here, 'messages', lang);
		out[lang] = {};
		files[lang] = readdirSync(dir).filter(f => f.endsWith('.json')).sort();
		for (const f of files[lang]) {
			let d;
			try {
				d = JSON.parse(readFileSync(join(dir, f), 'utf8'));
			} catch (e) {
				fail(`messages/${lang}/${f}: ${e.message}`);
			}
			for (const [k, v] of Object.entries(d)) {
				if (k in out[lang])
					fail(`messages/${lang}/${f}: the key ${k} is given twice`);
				if (typeof v !== 'string' || v.trim() === '')
					fail(`messages/${lang}/${f}: ${k} has no text`);
				out[lang][k] = v;
			}
		}
	}
	for (const a of LANGS)
		for (const b of LANGS) {
			const missing = Object.keys(out[a]).filter(k => !(k in out[b]));
			if (missing.length)
				fail(`messages/${b} lacks what messages/${a} has: ${missing.slice(0, 10).join(', ')}`);
		}
	return out;
}

// Text in the code: a JSX text node with words, or a label-like
// attribute given as a literal. The catalogues hold all text.
function checkNoText() {
	const bad = [];
	const walk = d => {
		for (const e of readdirSync(d, {withFileTypes: true})) {
			const p = join(d, e.name);
			if (e.isDirectory())
				walk(p);
			else if (p.endsWith('.jsx')) {
				const src = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
				const text = />([^<>{}();=&|?:]*[A-Za-zÀ-ÿ]{2,}[^<>{}();=&|?:]*)</g;
				const attr = /\s(?:aria-label|title|alt|placeholder|label)="([^"]*[A-Za-zÀ-ÿ]{2,}[^"]*)"/g;
				let m;
				while ((m = text.exec(src)))
					if (/\S/.test(m[1]))
						bad.push(`${relative(here, p)}: "${m[1].trim()}"`);
				while ((m = attr.exec(src)))
					bad.push(`${relative(here, p)}: "${m[1]}"`);
			}
		}
	};
	walk(join(here, 'src'));
	if (bad.length)
		fail('text belongs in messages/, not in the code:\n  ' + bad.join('\n  '));
}

const hash = buf => createHash('sha256').update(buf).digest('hex').slice(0, 12);

function cArray(name, buf) {
	const lines = [];
	for (let i = 0; i < buf.length; i += 24)
		lines.push('\t' + Array.from(buf.subarray(i, i + 24), b => '0x' + b.toString(16).padStart(2, '0')).join(',') + ',');
	return `static const unsigned char ${name}[] = {\n${lines.join('\n')}\n\t0x00};\n`;
}

async function main() {
	const o = args();
	if (!existsSync(join(here, 'node_modules', 'esbuild')))
		fail('the npm packages of web/ are missing: run scripts/install-deps.sh (npm ci --prefix web)');
	const esbuild = await import('esbuild');
	const cats = catalogues();
	checkNoText();
	const messages = {
		name: 'zk-messages',
		setup(b) {
			b.onResolve({filter: /^zk:messages$/}, a => ({path: a.path, namespace: 'zk'}));
			b.onLoad({filter: /.*/, namespace: 'zk'}, () => ({contents: JSON.stringify(cats), loader: 'json'}));
		},
	};
	const r = await esbuild.build({
		entryPoints: [join(here, 'src', 'main.jsx')],
		bundle: true, minify: true, write: false, outdir: 'out', entryNames: 'app',
		format: 'iife', target: ['es2020'], jsxFactory: 'h', jsxFragment: 'Fragment',
		legalComments: 'none', logLevel: 'error', plugins: [messages],
		loader: {'.js': 'jsx'},
	});
	let js, css;
	for (const f of r.outputFiles) {
		if (f.path.endsWith('.js'))
			js = Buffer.from(f.contents);
		else if (f.path.endsWith('.css'))
			css = Buffer.from(f.contents);
	}
	if (!js)
		fail('esbuild produced no JavaScript');
	const own = readFileSync(join(here, 'app.css'));
	css = Buffer.concat([css || Buffer.alloc(0), Buffer.from('\n'), own]);
	const jsName = `app.${hash(js)}.js`, cssName = `app.${hash(css)}.css`;
	const html = Buffer.from(readFileSync(join(here, 'index.html'), 'utf8')
					 .replace('@APP_JS@', '/' + jsName).replace('@APP_CSS@', '/' + cssName));
	mkdirSync(o.out, {recursive: true});
	/* The files of an earlier build, named by their old content. */
	for (const f of readdirSync(o.out))
		if (/^app\.[0-9a-f]{12}\.(js|css)$/.test(f))
			unlinkSync(join(o.out, f));
	const assets = [
		{path: '/index.html', type: 'text/html; charset=utf-8', data: html, immutable: 0},
		{path: '/' + jsName, type: 'text/javascript; charset=utf-8', data: js, immutable: 1},
		{path: '/' + cssName, type: 'text/css; charset=utf-8', data: css, immutable: 1},
	];
	for (const a of assets)
		writeFileSync(join(o.out, a.path.slice(1)), a.data);
	if (o.c) {
		let c = '/* Generated by web/build.mjs from web/; do not edit. */\n#include <stddef.h>\n#include "http/web_assets.h"\n\n';
		assets.forEach((a, i) => (c += cArray('web_asset_' + i, a.data)));
		c += '\nconst struct web_asset web_assets[] = {\n';
		assets.forEach((a, i) => (c += `\t{"${a.path}", "${a.type}", web_asset_${i}, ${a.data.length}, ${a.immutable}},\n`));
		c += `};\nconst size_t web_nassets = ${assets.length};\n`;
		mkdirSync(dirname(o.c), {recursive: true});
		writeFileSync(o.c + '.tmp', c);
		renameSync(o.c + '.tmp', o.c);
	}
}

// Run as a program; imported (by the browser tests) it only lends
// catalogues().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
	main().catch(e => fail(e.stack || String(e)));
