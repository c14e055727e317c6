// Browser test (issue 16): the client tab "Bewaren" (RET-3, RET-2). The
// professional responsible for a client adds a legal hold and sees it
// listed; they get no lift button and the server refuses them the lift
// (403, RET-3) and the end of the relationship (403, RET-2) on a direct
// call; the DPO lifts the hold, which then shows as lifted, and sets
// and clears the end of the relationship; no axe violations, 360 px,
// and in English no Dutch label.
import {run, page, login, ok, shot, axe, apiLogin, otherLanguage} from './lib.mjs';

const T = 'woondroomzorg';
const REASON = 'Klacht bij de tuchtrechter ingediend';

/* A call from inside the page with its own session cookie and CSRF
 * token, as a user could make it without the screen. */
async function direct(p, method, path, body) {
	return p.evaluate(async ([method, path, body]) => {
		const s = await (await fetch('/api/v1/session')).json();
		const r = await fetch('/api/v1/' + path, {
			method, credentials: 'same-origin',
			headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return {status: r.status, body: await r.json().catch(() => null)};
	}, [method, path, body]);
}

function rule(r) {
	const e = r.body && r.body.error;
	return (e && typeof e === 'object' && e.rule) || (r.body && r.body.rule);
}

await run('web_retention', async env => {
	/* A client the professional is responsible for (the office sees
	 * relations without a second factor). */
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	let mine = null;
	for (const c of all) {
		const rels = (await office('GET', `clients/${c.id}/relations`)).body.relations;
		if (rels.find(r => r.username === 'professional' && r.relation === 'responsible' && !r.valid_until)) {
			mine = c;
			break;
		}
	}
	ok(mine, 'RET-3: the demo has a client the professional is responsible for');
	const url = env.url + '/#/clients/' + mine.id + '/retention';

	/* RET-3: the responsible professional sets a hold. */
	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'professional');
	await p.goto(url);
	await p.getByRole('heading', {level: 2, name: 'Blokkades op vernietiging'}).waitFor();
	await p.getByLabel('Reden').fill(REASON);
	await p.getByLabel('Soort gegevens').selectOption({index: 1});
	await p.getByRole('button', {name: 'Blokkade toevoegen'}).click();
	const row = p.locator('table.holds tbody tr', {hasText: REASON});
	await row.waitFor();
	ok(/Van kracht/.test(await row.textContent()) && /u \(professional\)/.test(await row.textContent()),
	   'RET-3: the professional sees the hold in force, set by them: ' + await row.textContent());
	const hold = await row.getAttribute('data-hold');
	ok(await row.getByRole('button', {name: 'Opheffen'}).count() === 0, 'RET-3: the professional has no lift button');
	ok(await p.getByRole('heading', {name: 'Einde van de relatie'}).count() === 0, 'RET-2: the professional does not see the end of the relationship');
	const lift = await direct(p, 'POST', 'holds/' + hold + '/lift');
	ok(lift.status === 403 && rule(lift) === 'RET-3', 'RET-3: the server refuses the professional the lift: ' + JSON.stringify(lift));
	const end = await direct(p, 'PUT', 'clients/' + mine.id + '/relationship-end', {relationship_ended: '2026-11-30'});
	ok(end.status === 403 && rule(end) === 'RET-2', 'RET-2: the server refuses the professional the end of the relationship: ' + JSON.stringify(end));
	/* A hold without a reason: refused in words, not as raw JSON. */
	await p.getByRole('button', {name: 'Blokkade toevoegen'}).click();
	const err = p.locator('form .error');
	await err.waitFor();
	ok(!/[{}]/.test(await err.textContent()), 'RET-3: an empty reason is refused in words: ' + await err.textContent());
	await axe(p, 'the retention tab (professional)');

	/* The DPO lifts it and sets the end of the relationship. */
	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.goto(url);
	const drow = d.locator('table.holds tbody tr', {hasText: REASON});
	await drow.waitFor();
	await drow.getByRole('button', {name: 'Opheffen'}).click();
	await drow.getByText(/Opgeheven op/).waitFor();
	ok(await drow.getByRole('button', {name: 'Opheffen'}).count() === 0 && !/Van kracht/.test(await drow.textContent()),
	   'RET-3: the DPO lifts the hold and it shows as lifted: ' + await drow.textContent());
	const again = await direct(d, 'POST', 'holds/' + hold + '/lift');
	ok(again.status === 409, 'RET-3: a lifted hold cannot be lifted again');
	await d.getByLabel('Relatie beëindigd op').fill('2026-11-30');
	await d.getByRole('button', {name: 'Datum opslaan'}).click();
	await d.getByRole('status').getByText('30 november 2026').waitFor();
	ok(true, 'RET-2: the DPO sets the end of the relationship');
	await d.getByRole('button', {name: 'Datum wissen'}).click();
	await d.getByRole('status').getByText('gewist').waitFor();
	ok(true, 'RET-2: the DPO clears the end of the relationship');
	await d.getByLabel('Relatie beëindigd op').fill('2026-11-30');
	await d.getByRole('button', {name: 'Datum opslaan'}).click();
	await d.getByRole('status').getByText('30 november 2026').waitFor();
	/* RET-2: the end is read back from the server on a fresh visit. */
	await d.reload();
	const back = await d.locator('p.relationship-end[data-ended="2026-11-30"]').waitFor({timeout: 15000})
		.then(() => true, () => false);
	ok(back && /Vastgelegd einde van de relatie: 30 november 2026/.test(await d.locator('p.relationship-end').textContent()),
	   'RET-2: the DPO reads back the end of the relationship that was set');
	ok(!/account /.test(await d.locator('table.holds tbody tr', {hasText: REASON}).textContent()),
	   'RET-3: the hold names the professional by name, not by account id');
	await axe(d, 'the retention tab (DPO)');
	await shot(d, 'retention');

	/* 360 px and English. */
	await d.setViewportSize({width: 360, height: 800});
	const wide = await d.evaluate(() => document.documentElement.scrollWidth);
	ok(wide <= 360, `the tab fits 360 px (${wide})`);
	await shot(d, 'retention-360');
	await d.setViewportSize({width: 1280, height: 800});
	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 2, name: 'Legal holds'}).waitFor();
	ok(await d.locator('table.holds tbody tr', {hasText: REASON}).getByText(/Lifted on/).count() === 1, 'RET-3: the lifted hold in English');
	const left = await otherLanguage(d, 'en');
	ok(left.length === 0, 'every label is in English' + (left.length ? ': ' + left.join(', ') : ''));
});
