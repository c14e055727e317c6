// lib.mjs: what every browser test of the web application shares: a
// real zorgkluis server on a demo database in a temporary directory, a
// headless Debian chromium driven by playwright-core, the demo logins,
// TOTP codes, and cleaning up whatever happens.
//
// Environment: ZK (the zorgkluis binary), ZK_PROFILE (the demo profile,
// default profiles/woondroomzorg.json), TMPDIR, ZK_WEB_SHOTS (a directory
// to write screenshots to, for docs/ui.md).
import {createRequire} from 'node:module';
import {spawn, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, readFileSync, existsSync, mkdirSync} from 'node:fs';
import {createHmac} from 'node:crypto';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

import {catalogues} from '../../web/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const {chromium} = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const ZK = process.env.ZK || join(root, 'build', 'zorgkluis');
const PROFILE = process.env.ZK_PROFILE || join(root, 'profiles', 'woondroomzorg.json');

let failures = 0, checks = 0;
const cleanups = [];

export function ok(cond, what) {
	checks++;
	if (cond) {
		console.log('ok - ' + what);
	} else {
		failures++;
		console.log('not ok - ' + what);
	}
	return cond;
}

export function zk(...args) {
	return execFileSync(ZK, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

function freePort() {
	return new Promise((res, rej) => {
		const s = createServer();
		s.once('error', rej);
		s.listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => res(p));
		});
	});
}

/* The demo logins file: {tenant: {user: {role, password, secret}}}. */
function parseLogins(text) {
	const out = {};
	let tenant = null;
	for (const line of text.split('\n')) {
		let m = /\(log in with "tenant":"([a-z0-9-]+)"\):$/.exec(line);
		if (m) {
			tenant = m[1];
			out[tenant] = {};
			continue;
		}
		m = /^\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
		if (tenant && m && m[1] !== 'USER')
			out[tenant][m[1]] = {role: m[2], password: m[3], secret: m[4] === '-' ? null : m[4]};
	}
	return out;
}

function base32(s) {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, val = 0;
	const out = [];
	for (const ch of s.replace(/=+$/, '').toUpperCase()) {
		val = (val << 5) | abc.indexOf(ch);
		bits += 5;
		if (bits >= 8) {
			out.push((val >>> (bits - 8)) & 255);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

export function totpAt(secret, step) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(step));
	const mac = createHmac('sha1', base32(secret)).update(msg).digest();
	const o = mac[19] & 15;
	const n = ((mac[o] & 127) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
	return String(n % 1000000).padStart(6, '0');
}

/* A code counts once (SEC-3): each secret gets a step not used before. */
const usedStep = new Map();
export async function totp(secret) {
	for (;;) {
		const step = Math.floor(Date.now() / 30000);
		if ((usedStep.get(secret) ?? -1) < step) {
			usedStep.set(secret, step);
			return totpAt(secret, step);
		}
		await new Promise(r => setTimeout(r, 1000));
	}
}

export async function cleanup() {
	while (cleanups.length) {
		try {
			await cleanups.pop()();
		} catch (e) {
			console.log('# cleanup: ' + e.message);
		}
	}
}

/*
 * Starts a server on a fresh demo database and a browser. Returns
 * {url, db, logins, browser, tmp}.
 */
export async function start(opts = {}) {
	const tmp = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'zk-web-'));
	cleanups.push(() => rmSync(tmp, {recursive: true, force: true}));
	const db = join(tmp, 'demo.db');
	zk('init', '--db', db, '--profile', opts.profile || PROFILE, '--demo');
	const logins = parseLogins(readFileSync(db + '.keys/demo-logins.txt', 'utf8'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const srv = spawn(ZK, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	srv.stderr.on('data', d => (stderr += d));
	const exited = new Promise(r => srv.once('exit', (code, sig) => r({code, sig})));
	cleanups.push(async () => {
		srv.kill('SIGTERM');
		const {code, sig} = await exited;
		ok(code === 0, `the server stops cleanly (exit ${code}, signal ${sig})`);
		if (code !== 0)
			console.log(stderr.split('\n').map(l => '# ' + l).join('\n'));
	});
	for (let i = 0; ; i++) {
		try {
			const r = await fetch(url + '/api/v1/health');
			if (r.ok)
				break;
		} catch (e) {
			/* not yet */
		}
		if (i > 100)
			throw new Error('the server did not start: ' + stderr);
		await new Promise(r => setTimeout(r, 100));
	}
	const browser = await chromium.launch({
		executablePath: process.env.ZK_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	cleanups.push(() => browser.close());
	return {url, db, tmp, logins, browser};
}

/* A new page at 1280x800 (or opts.width), with errors in the page
 * counted as failures: the application must not throw. */
export async function page(env, opts = {}) {
	const ctx = await env.browser.newContext({
		viewport: {width: opts.width || 1280, height: opts.height || 800},
		bypassCSP: !!opts.bypassCSP, acceptDownloads: true, locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
	});
	const p = await ctx.newPage();
	p.setDefaultTimeout(15000);
	p.on('pageerror', e => ok(false, 'no script error in the page: ' + e.message));
	p.on('console', m => {
		if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
			ok(false, 'no console error: ' + m.text());
	});
	await p.goto(env.url + (opts.path || '/'));
	return p;
}

/* Logs in through the login screen: password, then the code if asked. */
export async function login(p, env, tenant, user) {
	const l = env.logins[tenant][user];
	await p.getByLabel(/Gebruikersnaam|User name/).fill(user);
	await p.getByLabel(/^(Wachtwoord|Password)$/).fill(l.password);
	await p.getByLabel(/Organisatie|Organisation/).fill(tenant);
	await p.getByRole('button', {name: /^(Inloggen|Log in)$/}).click();
	if (l.secret) {
		const code = p.getByLabel(/authenticator/);
		await code.waitFor();
		await code.fill(await totp(l.secret));
		await p.getByRole('button', {name: /Code bevestigen|Confirm code/}).click();
	}
	await p.getByRole('button', {name: /Uitloggen|Log out/}).waitFor();
}

/* A bearer session for setting up what a test needs through the API. */
export async function apiLogin(env, tenant, user) {
	const l = env.logins[tenant][user];
	const body = {tenant, username: user, password: l.password, token: true};
	if (l.secret)
		body.totp = await totp(l.secret);
	const r = await fetch(env.url + '/api/v1/login', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
	const j = await r.json();
	if (!r.ok)
		throw new Error('login ' + user + ': ' + JSON.stringify(j));
	return async (method, path, data) => {
		const res = await fetch(env.url + '/api/v1/' + path, {
			method, headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + j.token},
			body: data === undefined ? undefined : JSON.stringify(data),
		});
		const type = res.headers.get('Content-Type') || '';
		return {status: res.status, body: type.includes('json') ? await res.json() : await res.arrayBuffer()};
	};
}

/* axe-core on the page as it is: no serious or critical violation
 * (WCAG 2.1 AA). Needs a page made with bypassCSP to inject axe. */
export async function axe(p, what) {
	await p.addScriptTag({content: axeSource});
	const r = await p.evaluate(async () => {
		const res = await window.axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
		return res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
			.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
	});
	ok(r.length === 0, `axe: no serious or critical violation on ${what}` + (r.length ? '\n#   ' + r.join('\n#   ') : ''));
}

/*
 * The texts of the catalogue of the other language than lang that show on
 * the page: those of lang's catalogue differ from them. A label, heading,
 * button or alert left in the other language is a failure.
 */
const CATS = catalogues();
export async function otherLanguage(p, lang) {
	const other = lang === 'nl' ? 'en' : 'nl';
	const text = await p.evaluate(() => {
		const parts = [document.body.innerText];
		for (const el of document.querySelectorAll('[aria-label],[title],[alt],[placeholder]'))
			for (const a of ['aria-label', 'title', 'alt', 'placeholder'])
				if (el.getAttribute(a))
					parts.push(el.getAttribute(a));
		return parts.join('\n');
	});
	const found = [];
	for (const [k, v] of Object.entries(CATS[other])) {
		const mine = CATS[lang][k];
		if (v === mine || v.length < 4 || /\{/.test(v))
			continue;
		/* A text of the other language that is also a text of this one
		 * (under another key) is not a sign of the other language. */
		if (Object.values(CATS[lang]).includes(v))
			continue;
		/* A whole text, not part of a word ("Data" in "Datalekken"). */
		const esc = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		if (new RegExp('(^|[^\\p{L}\\p{N}])' + esc + '($|[^\\p{L}\\p{N}])', 'u').test(text))
			found.push(`${k}: "${v}"`);
	}
	return found;
}

/* A screenshot for docs/ui.md when ZK_WEB_SHOTS names a directory. */
export async function shot(p, name) {
	const dir = process.env.ZK_WEB_SHOTS;
	if (!dir)
		return;
	mkdirSync(dir, {recursive: true});
	await p.screenshot({path: join(dir, name + '.png')});
}

/* Runs body(env) and exits 0 only when every check passed. */
export async function run(name, body, opts) {
	let env;
	try {
		env = await start(opts);
		await body(env);
	} catch (e) {
		ok(false, `${name}: ${e.stack || e}`);
	} finally {
		await cleanup();
	}
	ok(checks > 1, `${name}: checks were made`);
	console.log(`# ${name}: ${checks - failures}/${checks} passed`);
	process.exit(failures ? 1 : 0);
}

export {existsSync};
