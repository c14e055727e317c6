/*
 * main.jsx: the application shell: the header with the language switch,
 * the navigation the user's roles open, and the screen of the current
 * place. The screens register their places in screens/index.js.
 */
import {h, render} from 'preact';
import {useEffect, useRef} from 'preact/hooks';
import {t, getLang, setLang, onLang, LANGS} from './i18n.js';
import {useSession, refresh, logout, baseRoles, isPortal} from './session.js';
import {useRoute, match} from './router.js';
import {useState} from 'preact/hooks';
import {screens, navItems} from './screens/index.js';
import {LoginFlow} from './screens/login.jsx';

function LangSwitch() {
	const other = LANGS.find(l => l !== getLang());
	return (
		<button type="button" class="link lang" lang={other} onClick={() => setLang(other)}>
			{t('shell.switch_language')}
		</button>
	);
}

/* More items than this and the menu groups them and, on a narrow
 * screen, folds away behind a button. */
const NAV_FLAT = 5;

function NavLink({i, path}) {
	return (
		<li>
			<a href={'#' + i.href} aria-current={(i.exact ? path === i.href : path.startsWith(i.href)) ? 'page' : undefined}>
				{t(i.label)}
			</a>
		</li>
	);
}

/*
 * The menu of the user's roles. A long one (the DPO's) is grouped under
 * headings, each group a labelled list, so that a screen reader hears
 * "Toezicht, list, 3 items"; below 40rem it folds behind a disclosure
 * button (aria-expanded) and folds again after each choice.
 */
function Nav({s, path}) {
	const [open, setOpen] = useState(false);
	const button = useRef(null);
	useEffect(() => setOpen(false), [path]);
	const bases = baseRoles(s);
	const items = navItems.filter(i => i.roles.some(r => bases.has(r)));
	const grouped = items.length > NAV_FLAT;
	/* Top-level entries in order: a link, or a group where its first
	 * item stands. */
	const top = [];
	for (const i of items) {
		const g = grouped && i.group;
		const known = g && top.find(x => x.group === g);
		if (known)
			known.items.push(i);
		else
			top.push(g ? {group: g, items: [i]} : i);
	}
	const onKey = e => {
		if (e.key === 'Escape' && open) {
			setOpen(false);
			button.current && button.current.focus();
		}
	};
	return (
		<nav aria-label={t('shell.nav')} class={grouped ? 'main-nav grouped' + (open ? ' open' : '') : 'main-nav'} onKeyDown={onKey}>
			{grouped && (
				<button type="button" class="nav-toggle" ref={button} aria-expanded={open ? 'true' : 'false'}
					aria-controls="main-menu" onClick={() => setOpen(!open)}>
					{t('dpoweb.menu')}
				</button>
			)}
			<ul id="main-menu">
				{top.map(x => x.items ? (
					<li key={x.group} class="nav-group">
						<span class="nav-group-label" id={'nav-' + x.group.replace(/\W/g, '-')}>{t(x.group)}</span>
						<ul aria-labelledby={'nav-' + x.group.replace(/\W/g, '-')}>
							{x.items.map(i => <NavLink key={i.href + i.label} i={i} path={path} />)}
						</ul>
					</li>
				) : <NavLink key={x.href + x.label} i={x} path={path} />)}
			</ul>
		</nav>
	);
}

function NotFound() {
	return (
		<section>
			<h1>{t('shell.not_found')}</h1>
			<p><a href="#/">{t('shell.home')}</a></p>
		</section>
	);
}

function Screen({s, route}) {
	const portal = isPortal(s);
	for (const sc of screens) {
		if (!!sc.portal !== portal)
			continue;
		const params = match(sc.path, route.path);
		if (params)
			return h(sc.component, {params, query: route.query, s});
	}
	if (route.path === '/') {
		const home = screens.find(sc => sc.home && !!sc.portal === portal &&
					  (!sc.roles || sc.roles.some(r => baseRoles(s).has(r))));
		if (home)
			return h(home.component, {params: {}, query: route.query, s});
	}
	return <NotFound />;
}

function App() {
	const s = useSession();
	const route = useRoute();
	const [, setL] = useState(getLang());
	const main = useRef(null);
	useEffect(() => onLang(setL), []);
	useEffect(() => {
		refresh();
	}, []);
	/* A new place: focus its heading, as a screen reader expects. */
	useEffect(() => {
		const h1 = main.current && main.current.querySelector('h1');
		if (h1) {
			h1.setAttribute('tabindex', '-1');
			h1.focus({preventScroll: true});
		}
	}, [route.path]);
	const ready = s.session && s.session.two_factor !== 'enrolment_required' &&
		      !s.session.password_change_required;
	return (
		<div class="app">
			<a class="skip" href="#main" onClick={e => {
				e.preventDefault();
				main.current && main.current.focus();
			}}>{t('shell.skip')}</a>
			<header>
				<a class="brand" href="#/">{t(s.session && isPortal(s) ? 'shell.portal_title' : 'shell.title')}</a>
				<div class="who">
					{s.session && (
						<span class="user">
							{t('shell.logged_in_as', {user: s.session.user.display_name || s.session.user.username, tenant: s.session.tenant_name || s.session.tenant})}
						</span>
					)}
					<LangSwitch />
					{s.session && (
						<button type="button" class="link" onClick={logout}>{t('shell.logout')}</button>
					)}
				</div>
			</header>
			{ready && <Nav s={s} path={route.path} />}
			<main id="main" ref={main} tabindex="-1">
				{!s.checked ? <p class="loading">{t('common.loading')}</p>
				 : !ready ? <LoginFlow s={s} />
				 : <Screen s={s} route={route} />}
			</main>
		</div>
	);
}

render(<App />, document.getElementById('app'));
