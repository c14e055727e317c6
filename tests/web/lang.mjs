// Browser test (issue 15, part 4): Dutch is the default; one click on the
// language switch shows every label in English, on every screen, and the
// choice is kept; dates are written the Dutch way (2 december 2026).
import {run, page, login, ok, shot, otherLanguage} from './lib.mjs';

async function screens(p, env, id) {
	return [
		['the client list', '/#/clients'],
		['the record', '/#/clients/' + id],
		['the log view', '/#/clients/' + id + '/log'],
	];
}

await run('web_lang', async env => {
	const p = await page(env);
	await p.getByRole('heading', {name: 'Inloggen'}).waitFor();
	ok(await p.evaluate(() => document.documentElement.lang) === 'nl', 'Dutch is the default language');
	ok((await otherLanguage(p, 'nl')).length === 0, 'the login screen shows no English label in Dutch');
	await p.getByRole('button', {name: 'English'}).click();
	await p.getByRole('heading', {name: 'Log in'}).waitFor();
	ok(await p.evaluate(() => document.documentElement.lang) === 'en', 'the page says it is in English');
	let left = await otherLanguage(p, 'en');
	ok(left.length === 0, 'every label of the login screen is in English' + (left.length ? ': ' + left.join(', ') : ''));
	await login(p, env, 'woondroomzorg', 'professional');
	await p.getByRole('heading', {name: 'Clients'}).waitFor();
	const first = p.locator('table.list tbody tr a').first();
	const href = await first.getAttribute('href');
	const id = href.split('/').pop();
	for (const [what, path] of await screens(p, env, id)) {
		await p.goto(env.url + path);
		await p.locator('main h1').first().waitFor();
		await p.waitForLoadState('networkidle');
		left = await otherLanguage(p, 'en');
		ok(left.length === 0, `every label of ${what} is in English` + (left.length ? ': ' + left.join(', ') : ''));
	}
	await shot(p, 'log-english');
	/* The date of birth on the record, the Dutch way after switching back. */
	await p.goto(env.url + '/#/clients/' + id);
	await p.getByRole('button', {name: 'Nederlands'}).click();
	const born = p.locator('p.meta', {hasText: 'Geboren'}).first();
	await born.waitFor();
	ok(/^Geboren \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$/.test((await born.textContent()).trim()),
	   'dates are Dutch: "' + (await born.textContent()).trim() + '"');
	left = await otherLanguage(p, 'nl');
	ok(left.length === 0, 'back in Dutch, no English label is left' + (left.length ? ': ' + left.join(', ') : ''));
	/* The choice is kept across a reload. */
	await p.getByRole('button', {name: 'English'}).click();
	await p.reload();
	await p.getByRole('button', {name: 'Nederlands'}).waitFor();
	ok(await p.evaluate(() => document.documentElement.lang) === 'en', 'the chosen language is kept after a reload');
});
