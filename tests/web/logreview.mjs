// Browser test (issue 16): the DPO's log review (LOG-7, FG-2, LOG-6).
// A professional is refused a client outside the care relation three
// times; the DPO chooses the report of attempts outside a care relation
// and of refusal bursts for today, sees who, which client (linked to its
// log) and why, and the break-the-glass review is one link away. A
// professional who asks is refused in words.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

await run('web_logreview', async env => {
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	const pro = await apiLogin(env, T, 'professional');
	const mine = new Set((await pro('GET', 'clients?limit=200')).body.clients.map(c => c.id));
	const other = all.find(c => c.kind === 'client' && !mine.has(c.id));
	ok(!!other, 'ACC-2: there is a client outside the professional\'s relations');
	for (let i = 0; i < 6; i++)
		ok((await pro('GET', 'clients/' + other.id)).status === 403, 'ACC-2: the professional is refused');
	const denied = await pro('GET', 'reports/log?kind=no_relation');
	ok(denied.status === 403 && denied.body.error.rule === 'LOG-6', 'LOG-6: the professional gets no report');

	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Logboekcontrole'}).click();
	await d.getByRole('heading', {level: 1, name: 'Logboekcontrole'}).waitFor();
	const row = d.locator('tr[data-why="outside_care_relation"][data-user="professional"]').first();
	await row.waitFor();
	ok(await row.locator(`a[href="#/clients/${other.id}/log"]`).count() === 1, 'LOG-7: the row names the client, linked to its log');
	ok(await d.getByRole('link', {name: /beoordeling van noodtoegang/}).count() === 1, 'FG-2: the break-the-glass review is linked');
	await axe(d, 'the log review');
	await shot(d, 'logreview');

	/* Another report through the form: six refusals in a minute are a burst. */
	await d.getByLabel('Rapport').selectOption('denials');
	await d.getByRole('button', {name: 'Rapport tonen'}).click();
	await d.getByRole('heading', {level: 2, name: 'Reeksen weigeringen'}).waitFor();
	const burst = d.locator('tr[data-why="denial_burst"][data-user="professional"]').first();
	await burst.waitFor();
	ok(/weigeringen/.test(await burst.textContent()), 'LOG-7: the burst says why it is in the report');
	ok(/kind=denials/.test(d.url()), 'the report chosen is in the address');
	await axe(d, 'the log review, bursts of refusals');

	/* A period without findings says so. */
	await d.getByLabel('Rapport').selectOption('no_relation');
	await d.getByLabel('Van').fill('2020-01-01');
	await d.getByLabel('Tot en met').fill('2020-01-31');
	await d.getByRole('button', {name: 'Rapport tonen'}).click();
	await d.locator('[data-empty="true"]').waitFor();
	ok(true, 'LOG-7: an empty period says nothing was found');

	await d.goto(env.url + '/#/logreview?kind=no_relation');
	await row.waitFor();
	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await row.waitFor();
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the log review fits 360 px');
	await shot(d, 'logreview-360');

	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Log review'}).waitFor();
	const text = await d.locator('main').innerText();
	ok(/Attempts outside a care relation/.test(text) && !/Pogingen buiten|geweigerd: geen zorgrelatie/.test(text),
	   'the log review is in English');
	ok(!/\blogreview\.[a-z_]+/.test(text), 'no message key shows as text');

	/* The professional who opens the screen is refused in words. */
	const p = await page(env);
	await login(p, env, T, 'professional');
	await p.goto(env.url + '/#/logreview');
	const alert = p.getByRole('alert');
	await alert.waitFor();
	ok(/functionaris gegevensbescherming/.test(await alert.textContent()), 'LOG-6: the refusal is told in words');
	ok(await p.locator('table.logreview').count() === 0, 'LOG-6: no report for the professional');
});
