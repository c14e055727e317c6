// Browser test (issue 16): studies and their anonymised exports (RES-1,
// RES-2, OBJ-1). A professional gets no study (403, RES-1). The DPO
// registers a study without consent; its export is refused in words
// while the public interest is unconfirmed; the DPO confirms the three
// conditions that are the DPO's, the board the public interest. Without
// generalisation the demo's clients are not 5-anonymous and the refusal
// names k in words; with it the export is released with k, the
// generalisation per trait, the smallest class and the counts, and comes
// as CSV. Axe on the list and the study, 360 px, English.
import {readFileSync} from 'node:fs';
import {run, page, login, ok, shot, axe, apiLogin, otherLanguage} from './lib.mjs';

const T = 'woondroomzorg';
const NAME = 'Valpreventie thuis';

await run('web_research', async env => {
	/* RES-1: deny by default, the professional reads and registers nothing. */
	const pro = await apiLogin(env, T, 'professional');
	const list = await pro('GET', 'studies');
	ok(list.status === 403 && list.body.error.rule === 'RES-1', `RES-1: a professional reads no study (${list.status})`);
	const reg = await pro('POST', 'studies', {name: 'X', purpose: 'x', requester: 'x', basis: 'conditions'});
	ok(reg.status === 403, `RES-1: a professional registers no study (${reg.status})`);

	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Onderzoek'}).click();
	await d.getByRole('heading', {level: 1, name: 'Onderzoek en statistiek'}).waitFor();
	await d.getByLabel('Naam van de studie').fill(NAME);
	await d.getByLabel('Doel', {exact: true}).fill('Vallen bij ouderen thuis');
	await d.getByLabel('Aanvrager').fill('UMC Utrecht, afdeling Geriatrie');
	await d.getByLabel('Grondslag').selectOption('conditions');
	await d.getByRole('button', {name: 'Studie registreren'}).click();
	await d.locator('tr[data-study]').filter({hasText: NAME}).waitFor();
	ok(true, 'RES-1: the DPO registers a study');
	await axe(d, 'the list of studies');
	await d.getByRole('link', {name: NAME}).click();
	await d.getByRole('heading', {level: 2, name: NAME}).waitFor();
	ok(await d.locator('li.condition[data-confirmed="no"]').count() === 4, 'RES-1: four conditions, none confirmed');
	ok(await d.getByRole('button', {name: /Bevestigen: Het onderzoek dient een algemeen belang/}).count() === 0,
	   'RES-1: the DPO gets no button for the public interest (the board\'s)');

	/* RES-1: refused in words while a condition is open. */
	await d.getByRole('button', {name: 'Export maken'}).click();
	const refusal = d.getByRole('alert');
	await refusal.waitFor();
	const words = await refusal.innerText();
	ok(/Geweigerd/.test(words) && /algemeen belang/.test(words) && /RES-1/.test(words),
	   'RES-1: the export is refused, naming the open condition in words: ' + words);
	for (const c of ['De verwerking is noodzakelijk voor het onderzoek',
		'Toestemming vragen is onmogelijk of kost een onevenredige inspanning',
		'Er zijn waarborgen voor de persoonlijke levenssfeer']) {
		await d.getByRole('button', {name: 'Bevestigen: ' + c}).click();
		await d.getByRole('button', {name: 'Bevestigen: ' + c}).waitFor({state: 'detached'});
	}
	ok(await d.locator('li.condition[data-confirmed="yes"]').count() === 3, 'RES-1: the DPO confirms the three conditions that are the DPO\'s');
	const who = await d.locator('li.condition[data-condition="safeguards"]').innerText();
	ok(/Bevestigd door .+ \(.+\) op /.test(who), 'RES-1: a confirmation names who, in which role, when: ' + who);
	/* People by display name, not by account id or username. */
	ok(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(who), 'RES-1: the confirmation names the DPO by name, not by account id: ' + who);
	ok(!/[0-9a-f]{8}-[0-9a-f]{4}-/.test(await d.locator('div.study dl.content').innerText()), 'the study names who registered it by name');
	await axe(d, 'a study');
	const url = d.url();

	/* RES-1: the board confirms the public interest, and makes no export. */
	const b = await page(env, {bypassCSP: true});
	await login(b, env, T, 'board');
	await b.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Onderzoek'}).click();
	await b.getByRole('link', {name: NAME}).click();
	ok(await b.getByRole('button', {name: 'Export maken'}).count() === 0, 'RES-1: the board gets no export button');
	ok(await b.getByRole('button', {name: /Bevestigen: De verwerking/}).count() === 0, 'RES-1: the board gets no button for the DPO\'s conditions');
	await b.getByRole('button', {name: 'Bevestigen: Het onderzoek dient een algemeen belang'}).click();
	await b.locator('li.condition[data-condition="public_interest"][data-confirmed="yes"]').waitFor();
	const bw = await b.locator('li.condition[data-condition="public_interest"]').innerText();
	ok(/Bevestigd door .+ \(.+\) op /.test(bw) && !/[0-9a-f]{8}-[0-9a-f]{4}-/.test(bw), 'RES-1: the board\'s confirmation names who by name and the role: ' + bw);
	await axe(b, 'a study as the board');
	const boardExport = await b.evaluate(async u => {
		const s = await (await fetch('/api/v1/session')).json();
		return (await fetch('/api/v1/' + u, {method: 'POST', headers: {'Content-Type': 'application/json',
			'X-CSRF-Token': s.csrf_token}, body: '{}'})).status;
	}, 'studies/' + new URL(url).hash.split('id=')[1] + '/exports');
	ok(boardExport === 403, `RES-1: the board may not make an export (${boardExport})`);

	/* RES-2: the demo's 53 clients are not 5-anonymous as they are. */
	await d.reload();
	await d.locator('li.condition[data-confirmed="yes"]').nth(3).waitFor();
	await d.getByLabel('Grover maken waar nodig (generaliseren)').uncheck();
	await d.getByRole('button', {name: 'Export maken'}).click();
	await d.getByRole('alert').filter({hasText: '5-anoniem'}).waitFor();
	const kw = await d.getByRole('alert').innerText();
	ok(/Geweigerd/.test(kw) && /niet 5-anoniem/.test(kw) && /RES-2/.test(kw), 'RES-2: without generalisation the refusal names k in words: ' + kw);
	ok(/kleinste groep telt er \d+/.test(kw) && /Geboortedatum/.test(kw) && /generaliseren/.test(kw),
	   'RES-2: the refusal, built from the API\'s fields, names the smallest group, the traits in words and the way out: ' + kw);
	await d.getByRole('alert').scrollIntoViewIfNeeded();
	await shot(d, 'research-refused-k');

	/* RES-2: generalised, the export is released with its proof. */
	await d.getByLabel('Grover maken waar nodig (generaliseren)').check();
	await d.getByRole('button', {name: 'Export maken'}).click();
	const res = d.locator('section.export-result');
	await res.waitFor();
	ok(await d.getByRole('alert').count() === 0, 'RES-2: no refusal shows with the released export');
	ok((await res.locator('dd.k').innerText()).trim() === '5', 'RES-2: the export shows k = 5');
	ok(+(await res.locator('dd.smallest').innerText()) >= 5, 'RES-2: the smallest class is at least k');
	ok(await res.locator('tr[data-qi]').count() === 4, 'RES-2: the generalisation shows per quasi-identifier');
	ok(/Geboortedatum/.test(await res.locator('tr[data-qi="birth_date"]').innerText()), 'RES-2: the traits are named in words');
	ok(/\d+/.test(await res.locator('dd.objected').innerText()), 'OBJ-1: the objectors left out are counted');
	await shot(d, 'research-export');
	const [dl] = await Promise.all([d.waitForEvent('download'), d.getByRole('button', {name: 'Downloaden als CSV'}).click()]);
	const csv = readFileSync(await dl.path(), 'utf8');
	ok(/^birth_date,postal_code,gender,city/.test(csv) && !/Jansen|BSN/i.test(csv), 'RES-2: the CSV has the columns and no direct identifier');
	await d.locator('tr[data-export]').nth(1).waitFor();
	ok(true, 'RES-2: both exports are in the study\'s list');
	await axe(d, 'a released export');

	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await d.locator('li.condition').first().waitFor();
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the study fits 360 px');
	await shot(d, 'research-360');

	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Research and statistics'}).waitFor();
	ok(/There are safeguards for privacy/.test(await d.locator('body').innerText()), 'the conditions are in English');
	const left = await otherLanguage(d, 'en');
	ok(left.length === 0, 'every label is in English' + (left.length ? ': ' + left.join(', ') : ''));
	ok(!/\bresearch\.[a-z_]+/.test(await d.locator('body').innerText()), 'no message key shows as text');
});
