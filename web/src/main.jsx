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

function Nav({s, path}) {
	const bases = baseRoles(s);
	const items = navItems.filter(i => i.roles.some(r => bases.has(r)));
	return (
		<nav aria-label={t('shell.nav')}>
			<ul>
				{items.map(i => (
					<li key={i.href}>
						<a href={'#' + i.href} aria-current={(i.exact ? path === i.href : path.startsWith(i.href)) ? 'page' : undefined}>
							{t(i.label)}
						</a>
					</li>
				))}
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
							{t('shell.logged_in_as', {user: s.session.user.username, tenant: s.session.tenant})}
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
