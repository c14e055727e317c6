// Browser test (issue 15): the DPO reviews an emergency access (ACC-6,
// FG-2, LOG-7). A professional breaks the glass on a client without a
// care relation and reads the record; the DPO sees the access with its
// reason and what was done under it, and records it as not justified. A
// not-justified decision without the measure taken is refused in words
// and nothing is recorded; with the measure it is recorded once. Someone
// other than the DPO gets no queue.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

await run('web_review', async env => {
	/* A client outside the professional's relations (as in breakglass.mjs). */
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	const pro = await apiLogin(env, T, 'professional');
	const mine = new Set((await pro('GET', 'clients?limit=200')).body.clients.map(c => c.id));
	const other = all.find(c => c.kind === 'client' && !mine.has(c.id));
	ok(!!other, 'ACC-2: there is a client outside the professional\'s relations');
	const reason = 'Cliënt gevallen in de gang, eigen begeleider niet bereikbaar';
	const bg = await pro('POST', 'clients/' + other.id + '/break-glass', {reason});
	ok(bg.status === 201, `ACC-6: the professional breaks the glass (${bg.status})`);
	ok((await pro('GET', 'clients/' + other.id + '/entries?category=care')).status === 200,
	   'ACC-6: the record is read under the grant');
	const denied = await pro('GET', 'break-glass');
	ok(denied.status === 403 && denied.body.error.rule === 'FG-2', 'FG-2: the professional gets no review queue');

	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Noodtoegang beoordelen'}).click();
	await d.getByRole('heading', {level: 1, name: 'Noodtoegang beoordelen'}).waitFor();
	const card = d.locator(`article.grant[data-grant="${bg.body.id}"]`);
	await card.waitFor();
	ok(await card.getAttribute('data-status') === 'pending', 'FG-2: the access waits for review');
	ok(await card.locator('dd.reason').textContent() === reason, 'ACC-6: the DPO reads the reason given');
	ok(await card.getByText('professional', {exact: true}).count() >= 1, 'ACC-6: the DPO sees who broke the glass');
	ok(await card.locator('table.done tbody tr').count() >= 1, 'LOG-7: what was done under the grant is listed');
	await axe(d, 'the review screen');
	await shot(d, 'review');

	/* Not justified without a measure: refused in words, nothing recorded. */
	await card.getByRole('radio', {name: 'Niet gerechtvaardigd'}).check();
	await card.getByRole('button', {name: 'Beoordeling vastleggen'}).click();
	const alert = card.getByRole('alert');
	await alert.waitFor();
	ok(/maatregel/.test(await alert.textContent()), 'ACC-6: not justified without a measure is refused in words');
	const still = await d.evaluate(async id => (await (await fetch('/api/v1/break-glass/' + id)).json()).status, bg.body.id);
	ok(still === 'pending', `ACC-6: nothing was recorded without the measure (${still})`);
	await shot(d, 'review-refused');

	/* With the measure it is recorded. */
	const measure = 'Gesprek met de leidinggevende; scholing noodtoegang ingepland';
	await card.getByLabel('Genomen maatregel').fill(measure);
	await card.getByRole('button', {name: 'Beoordeling vastleggen'}).click();
	await d.getByRole('status').filter({hasText: 'Niet gerechtvaardigd'}).waitFor();
	await card.waitFor({state: 'detached'});
	ok(true, 'FG-2: the reviewed access leaves the queue');
	const after = await d.evaluate(async id => (await fetch('/api/v1/break-glass/' + id)).json(), bg.body.id);
	ok(after.status === 'not_justified' && after.measure === measure, 'ACC-6: the decision and the measure are recorded');

	await d.getByRole('link', {name: 'Alle'}).click();
	const done = d.locator(`article.grant[data-grant="${bg.body.id}"]`);
	await done.waitFor();
	ok(await done.getAttribute('data-status') === 'not_justified', 'ACC-6: the access shows as not justified');
	/* uPlot draws in an effect after the list has rendered: wait for it. */
	const drawn = await d.locator('figure.chart canvas').first().waitFor({timeout: 10000}).then(() => true, () => false);
	ok(drawn && await d.locator('figure.chart canvas').count() === 1, 'LOG-7: the accesses per day are charted (uPlot)');
	await shot(d, 'review-all');
	ok(await done.locator('dd.measure').textContent() === measure, 'ACC-6: the measure shows with it');
	ok(await done.getByRole('button', {name: 'Beoordeling vastleggen'}).count() === 0,
	   'ACC-6: a reviewed access is decided once: no form');
	const again = await d.evaluate(async id => {
		const s = await (await fetch('/api/v1/session')).json();
		const r = await fetch('/api/v1/break-glass/' + id + '/review', {method: 'POST',
			headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token},
			body: JSON.stringify({decision: 'justified'})});
		return r.status;
	}, bg.body.id);
	ok(again === 409, `ACC-6: a second decision is refused (${again})`);
	await axe(d, 'the review screen, all accesses');
	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await done.waitFor();
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the review screen fits 360 px');
	await shot(d, 'review-360');

	/* English is one click away; no text is left untranslated. */
	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Review emergency access'}).waitFor();
	const text = await d.locator('body').innerText();
	ok(/Not justified/.test(text) && !/Niet gerechtvaardigd|Beoordeeld/.test(text), 'the review screen is in English');
	ok(!/\b(review|admin)\.[a-z_]+/.test(text), 'no message key shows as text');
});
