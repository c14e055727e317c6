/*
 * api.js: the one way the application reaches data: the JSON API under
 * /api/v1, with the session cookie and, on every change, the CSRF token
 * the login gave (SEC-1). An answer that is not 2xx becomes an ApiError
 * whose code the screens translate; raw JSON never reaches the user.
 */

/* The session's CSRF token, from the login or GET /session (kept in
 * memory only: a reload asks the server again). */
let csrf = '';

export class ApiError extends Error {
	constructor(status, code, message, rule) {
		super(message || code);
		this.status = status;
		this.code = code;
		this.rule = rule || null;
	}
}

export function setCsrf(token) {
	csrf = token || '';
}

/* Listeners told when the session ended (401 on a call that needed one). */
const expiredListeners = new Set();
export function onSessionExpired(fn) {
	expiredListeners.add(fn);
	return () => expiredListeners.delete(fn);
}

function query(params) {
	if (!params)
		return '';
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null && v !== '')
			q.set(k, String(v));
	const s = q.toString();
	return s ? '?' + s : '';
}

/*
 * Calls METHOD /api/v1/PATH. opts: {body, params, headers, raw}.
 * raw: return the Response itself (for documents such as a PDF).
 */
export async function api(method, path, opts = {}) {
	const headers = {Accept: 'application/json', ...(opts.headers || {})};
	const init = {method, headers, credentials: 'same-origin'};
	if (opts.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(opts.body);
	}
	if (method !== 'GET' && csrf)
		headers['X-CSRF-Token'] = csrf;
	let res;
	try {
		res = await fetch('/api/v1/' + path + query(opts.params), init);
	} catch (e) {
		throw new ApiError(0, 'network', String(e));
	}
	if (res.ok && opts.raw)
		return res;
	let data = null;
	const type = res.headers.get('Content-Type') || '';
	if (type.startsWith('application/json')) {
		try {
			data = await res.json();
		} catch (e) {
			data = null;
		}
	}
	if (!res.ok) {
		const err = (data && data.error) || {};
		const code = typeof err === 'string' ? err : err.code;
		const e = new ApiError(res.status, code || 'http_' + res.status,
				       typeof err === 'object' ? err.message : data && data.message,
				       (typeof err === 'object' && err.rule) || (data && data.rule));
		/* The refusal's own fields (RES-1's condition, RES-2's k), for a
		 * screen to word it; never shown as they are. */
		e.detail = typeof err === 'object' ? err : {};
		if (res.status === 401 && !opts.noExpire)
			for (const fn of expiredListeners)
				fn(e);
		throw e;
	}
	return data;
}

export const get = (path, params, opts = {}) => api('GET', path, {...opts, params});
export const post = (path, body, opts = {}) => api('POST', path, {...opts, body});
export const patch = (path, body, opts = {}) => api('PATCH', path, {...opts, body});
export const del = (path, opts = {}) => api('DELETE', path, opts);

/* Fetches a document (PDF, FHIR JSON) and hands it to the browser as a
 * download; the file never leaves the session's own origin. */
export async function download(path, params, filename) {
	const res = await api('GET', path, {params, raw: true, headers: {Accept: '*/*'}});
	const blob = await res.blob();
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* The document as an object URL, to preview in the page. */
export async function blobUrl(path, params) {
	const res = await api('GET', path, {params, raw: true, headers: {Accept: '*/*'}});
	return URL.createObjectURL(await res.blob());
}
