/*
 * i18n.js: every text the application shows comes from the message
 * catalogues under web/messages/<lang>/*.json, merged at build time (the
 * build refuses catalogues whose keys differ). Dutch is the default;
 * the choice is kept in the browser.
 */
import catalogues from 'zk:messages';

export const LANGS = ['nl', 'en'];
let lang = localStorage.getItem('zk_lang');
if (!LANGS.includes(lang))
	lang = 'nl';
document.documentElement.lang = lang;

const listeners = new Set();

export function getLang() {
	return lang;
}

export function setLang(l) {
	if (!LANGS.includes(l) || l === lang)
		return;
	lang = l;
	localStorage.setItem('zk_lang', l);
	document.documentElement.lang = l;
	for (const fn of listeners)
		fn(l);
}

export function onLang(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/* The text of key, with {name} replaced from vars. An unknown key shows
 * itself, so a missing text is visible rather than silently empty. */
export function t(key, vars) {
	let s = catalogues[lang][key];
	if (s === undefined)
		s = catalogues.nl[key];
	if (s === undefined)
		return key;
	if (vars)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
	return s;
}

/* Whether the catalogue has key (for codes the API may add later). */
export function has(key) {
	return catalogues[lang][key] !== undefined;
}

/* The text of a profile's {nl, en} pair, or a plain string. */
export function pick(v) {
	if (v && typeof v === 'object')
		return v[lang] || v.nl || v.en || '';
	return v == null ? '' : String(v);
}

const locale = () => (lang === 'nl' ? 'nl-NL' : 'en-GB');

function toDate(v) {
	if (!v)
		return null;
	/* A date alone (YYYY-MM-DD) is a calendar day, not midnight UTC. */
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
	const d = m ? new Date(+m[1], +m[2] - 1, +m[3]) : new Date(v);
	return isNaN(d) ? null : d;
}

/* 2 december 2026 */
export function fmtDate(v) {
	const d = toDate(v);
	if (!d)
		return v || '';
	return new Intl.DateTimeFormat(locale(), {day: 'numeric', month: 'long', year: 'numeric'}).format(d);
}

/* 2 december 2026 14:05, in the Dutch time zone where care happens. */
export function fmtDateTime(v) {
	const d = toDate(v);
	if (!d)
		return v || '';
	return new Intl.DateTimeFormat(locale(), {
		day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
		timeZone: 'Europe/Amsterdam',
	}).format(d);
}

/* 14:05, Dutch time. */
export function fmtTime(v) {
	const d = toDate(v);
	if (!d)
		return v || '';
	return new Intl.DateTimeFormat(locale(), {hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam'}).format(d);
}

/* A readable message for an ApiError: the catalogue's text for its code,
 * else for its HTTP status, never raw JSON. */
export function errorText(e) {
	if (!e)
		return '';
	if (e.code && e.rule && has('error.' + e.code + '.' + e.rule))
		return t('error.' + e.code + '.' + e.rule);
	if (e.code && has('error.' + e.code))
		return t('error.' + e.code);
	if (e.status && has('error.status.' + e.status))
		return t('error.status.' + e.status);
	return t('error.unknown');
}
