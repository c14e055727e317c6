/*
 * session.js: who is logged in, as the server says (GET /api/v1/session),
 * and the profile's roles and categories (GET /api/v1/roles). Screens
 * read it through useSession(); nothing here decides access: the server
 * does, and a screen only hides what the server would refuse anyway.
 */
import {useEffect, useState} from 'preact/hooks';
import {get, post, setCsrf, onSessionExpired} from './api.js';

let state = {checked: false, session: null, profile: null};
const listeners = new Set();

function set(next) {
	state = {...state, ...next};
	for (const fn of listeners)
		fn(state);
}

export function useSession() {
	const [s, setS] = useState(state);
	useEffect(() => {
		listeners.add(setS);
		setS(state);
		return () => listeners.delete(setS);
	}, []);
	return s;
}

async function loadProfile() {
	try {
		return await get('roles');
	} catch (e) {
		return null;
	}
}

/* Asks the server who is logged in. */
export async function refresh() {
	try {
		const s = await get('session', null, {noExpire: true});
		setCsrf(s.csrf_token);
		const ready = s.two_factor !== 'enrolment_required' && !s.password_change_required;
		set({checked: true, session: s, profile: ready ? await loadProfile() : null});
	} catch (e) {
		setCsrf('');
		set({checked: true, session: null, profile: null});
	}
}

/* After a login, enrolment or password change: the session as it is now. */
export async function adopt(login) {
	if (login && login.csrf_token)
		setCsrf(login.csrf_token);
	await refresh();
}

export async function logout() {
	try {
		await post('logout');
	} catch (e) {
		/* the session is gone either way */
	}
	setCsrf('');
	set({session: null, profile: null});
	location.hash = '#/';
}

onSessionExpired(() => {
	if (state.session) {
		setCsrf('');
		set({session: null, profile: null, expired: true});
	}
});

/* The base roles (dpo, admin, professional, ...) of the user's roles. */
export function baseRoles(s) {
	const out = new Set();
	if (!s.session)
		return out;
	const roles = s.session.user.roles || [];
	const defs = (s.profile && s.profile.roles) || [];
	for (const r of roles) {
		out.add(r);
		const d = defs.find(x => x.id === r);
		if (d && d.base)
			out.add(d.base);
	}
	return out;
}

/* Whether the user is a client or a representative in the portal. */
export function isPortal(s) {
	const b = baseRoles(s);
	return b.has('subject') || b.has('representative');
}

/* The role's name in the profile's language pair. */
export function roleName(s, id) {
	const d = s.profile && s.profile.roles.find(x => x.id === id);
	return d ? d.name : id;
}
