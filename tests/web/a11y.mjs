// Browser test (issue 15, part 4): axe-core finds no serious or critical
// WCAG 2.1 AA violation on the login, client list, record (with the entry
// form open), break-the-glass dialog and log view; the same screens fit a
// 360 px wide phone without sideways scrolling; the keyboard alone logs in.
import {run, page, login, ok, shot, axe, apiLogin, totp} from './lib.mjs';

async function fits(p, what) {
	const w = await p.evaluate(() => document.documentElement.scrollWidth);
	ok(w <= 360, `${what} fits 360 px (${w} px wide)`);
}

await run('web_a11y', async env => {
	const T = 'woondroomzorg';
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;

	/* The keyboard alone: tab to each field, type, Enter. */
	const k = await page(env, {bypassCSP: true});
	await k.getByRole('heading', {name: 'Inloggen'}).waitFor();
	await axe(k, 'the login screen');
	const l = env.logins[T].professional;
	await k.keyboard.press('Tab'); /* the skip link */
	let focused = await k.evaluate(() => document.activeElement.className);
	ok(focused === 'skip', 'the first Tab reaches the skip link');
	await k.getByLabel('Gebruikersnaam').focus();
	await k.keyboard.type('professional');
	await k.keyboard.press('Tab');
	await k.keyboard.type(l.password);
	await k.keyboard.press('Tab');
	await k.keyboard.type(T);
	await k.keyboard.press('Enter');
	const code = k.getByLabel(/authenticator/);
	await code.waitFor();
	ok(await k.evaluate(() => document.activeElement.name) === 'totp', 'the code field takes the focus when it is asked for');
	await k.keyboard.type(await totp(l.secret));
	await k.keyboard.press('Enter');
	await k.getByRole('heading', {name: 'Cliënten'}).waitFor();
	ok(true, 'the keyboard alone logs in with the second factor');
	await axe(k, 'the client list');
	const id = (await k.locator('table.list tbody tr a').first().getAttribute('href')).split('/').pop();
	await k.goto(env.url + '/#/clients/' + id);
	await k.locator('article.entry').first().waitFor();
	await axe(k, 'the record');
	await k.getByRole('button', {name: 'Nieuwe aantekening'}).click();
	await k.getByLabel('Soort gegevens').waitFor();
	await axe(k, 'the form for a new entry');
	await k.goto(env.url + '/#/clients/' + id + '/log');
	await k.locator('table.list.log').waitFor();
	await axe(k, 'the log view');
	const mine = new Set((await k.evaluate(async () => (await (await fetch('/api/v1/clients?limit=200')).json()).clients.map(c => c.id))));
	const other = all.find(c => !mine.has(c.id));
	await k.goto(env.url + '/#/clients/' + other.id);
	await k.getByRole('button', {name: /noodtoegang/}).click();
	await k.getByRole('dialog').waitFor();
	await axe(k, 'the break-the-glass dialog');
	await k.keyboard.press('Escape');
	const closed = await k.getByRole('dialog').waitFor({state: 'hidden', timeout: 5000}).then(() => true, () => false);
	ok(closed, 'Escape closes the dialog');

	/* A phone. The same session's cookie is not shared: log in again. */
	const m = await page(env, {width: 360, height: 740});
	await m.getByRole('heading', {name: 'Inloggen'}).waitFor();
	await fits(m, 'the login screen');
	await shot(m, 'phone-login');
	await login(m, env, T, 'professional');
	await m.locator('table.list tbody tr').first().waitFor();
	await fits(m, 'the client list');
	await m.goto(env.url + '/#/clients/' + id);
	await m.locator('article.entry').first().waitFor();
	await fits(m, 'the record');
	await shot(m, 'phone-record');
	await m.goto(env.url + '/#/clients/' + id + '/log');
	await m.locator('table.list.log').waitFor();
	await fits(m, 'the log view');
});
