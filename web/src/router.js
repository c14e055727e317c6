/*
 * router.js: the application's places live in the URL's fragment
 * (#/clients/…), so the server serves one page and every place can be
 * bookmarked, reloaded and reached with the browser's back button.
 */
import {useEffect, useState} from 'preact/hooks';

function current() {
	const h = location.hash.replace(/^#/, '') || '/';
	const [path, q] = h.split('?');
	return {path, query: new URLSearchParams(q || '')};
}

export function useRoute() {
	const [r, setR] = useState(current());
	useEffect(() => {
		const on = () => setR(current());
		addEventListener('hashchange', on);
		return () => removeEventListener('hashchange', on);
	}, []);
	return r;
}

export function go(path) {
	location.hash = '#' + path;
}

/*
 * Matches path against pattern ("/clients/:id/log"); the parameters, or
 * null. Parameters are decoded and hold no '/'.
 */
export function match(pattern, path) {
	const ps = pattern.split('/'), xs = path.split('/');
	if (ps.length !== xs.length)
		return null;
	const out = {};
	for (let i = 0; i < ps.length; i++) {
		if (ps[i].startsWith(':')) {
			if (!xs[i])
				return null;
			try {
				out[ps[i].slice(1)] = decodeURIComponent(xs[i]);
			} catch (e) {
				return null;
			}
		} else if (ps[i] !== xs[i])
			return null;
	}
	return out;
}
