// Browser test (issue 15, part 3): a client logs in to the portal with a
// password and a second factor, sees their own data without work notes
// (CAT-4), sees the professional's access in their log (LOG-2, LOG-8),
// asks for a copy (RQ-1), and once the DPO has granted it downloads the
// PDF (INZ-6); another client's record is refused (INZ-6).
import {readFileSync} from 'node:fs';
import {run, page, login, ok, shot, apiLogin, axe} from './lib.mjs';

await run('web_portal', async env => {
	const T = 'woondroomzorg';
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	const petra = all.find(c => c.identity.given_names === 'Petra' && c.identity.family_name === 'Jansen');
	const stranger = all.find(c => c.id !== petra.id);

	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'client.jansen');
	await p.getByRole('heading', {name: 'Mijn gegevens'}).waitFor();
	const cards = p.locator('ul.cards li');
	await cards.first().waitFor();
	ok(await cards.count() === 1, 'INZ-6: the client sees one record: their own');
	ok(/Petra Jansen/.test(await cards.first().textContent()), 'INZ-6: it is their own');
	ok(await p.getByRole('link', {name: 'Cliënten'}).count() === 0, 'the portal shows no staff menu');
	await axe(p, 'the portal\'s start');
	await shot(p, 'portal-home');
	await p.getByRole('link', {name: 'Petra Jansen'}).click();
	await p.locator('article.entry').first().waitFor();
	const text = await p.locator('main').textContent();
	ok(/rapportage|Tekst/.test(text), 'INZ-6: the client reads their care data');
	ok(!/Eigen aantekening, niet in het portaal/.test(text), 'CAT-4: no work note in the portal');
	ok(await p.getByText('Werkaantekeningen').count() === 0, 'CAT-4: not even the heading of work notes');
	await axe(p, 'the portal\'s data');

	/* Who looked: the demo's professional recorded the entries. */
	await p.getByRole('link', {name: 'Wie keek er mee'}).click();
	await p.locator('table.list.log tbody tr').first().waitFor();
	const log = await p.locator('table.list.log').textContent();
	ok(/Begeleider/.test(log) && /vastgelegd/.test(log), 'LOG-2: the professional\'s act shows in the client\'s log');
	ok(/ingezien/.test(log), 'LOG-8: the client\'s own reading shows too');
	await axe(p, 'the portal\'s log');
	await shot(p, 'portal-log');

	/* A copy request. */
	await p.getByRole('link', {name: 'Verzoeken'}).click();
	await p.getByLabel('Soort verzoek').selectOption('copy');
	await p.getByLabel(/Toelichting/).fill('Graag een kopie van mijn dossier.');
	await p.getByRole('button', {name: 'Verzoek versturen'}).click();
	await p.getByRole('status').filter({hasText: 'ontvangen'}).waitFor();
	const row = p.locator('table.list tbody tr', {hasText: 'Kopie'});
	await row.waitFor();
	ok(/ontvangen/.test(await row.textContent()), 'RQ-1: the request is received and listed');
	await axe(p, 'the portal\'s requests');
	const rid = (await row.locator('a').getAttribute('href')).split('/').pop();

	/* Before the decision there is no copy to download. */
	await row.locator('a').click();
	await p.getByRole('heading', {name: 'Verzoek: Kopie'}).waitFor();
	ok(await p.getByRole('button', {name: /Kopie downloaden/}).count() === 0, 'INZ-6: no copy before the decision');

	/* The DPO grants it. */
	const dpo = await apiLogin(env, T, 'dpo');
	let r = await dpo('POST', `requests/${rid}/start`, {});
	ok(r.status === 200, 'the DPO starts the request');
	r = await dpo('POST', `requests/${rid}/decide`, {decision: 'granted'});
	ok(r.status === 200, 'the DPO grants it: ' + JSON.stringify(r.body));

	await p.reload();
	const btn = p.getByRole('button', {name: 'Kopie downloaden (PDF)'});
	await btn.waitFor();
	const [dl] = await Promise.all([p.waitForEvent('download'), btn.click()]);
	const file = await dl.path();
	const head = readFileSync(file).subarray(0, 5).toString('latin1');
	ok(head === '%PDF-', 'INZ-6: the downloaded copy is a PDF');
	await axe(p, 'the portal\'s request page');
	await shot(p, 'portal-request');

	/* Someone else's record is refused, in words. */
	await p.goto(env.url + '/#/p/' + stranger.id);
	await p.getByRole('alert').waitFor();
	ok(await p.getByText(stranger.identity.family_name).count() === 0, 'INZ-6: another client\'s record is refused');
});
