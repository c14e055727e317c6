// Browser test (issue 16): the DPO's registers (FG-1, PRC-1, CMP-1,
// SEC-2). The DPO fills the register of processing activities from the
// profile, edits one activity (the edit names who), and downloads the
// register as CSV and PDF; adds a processor without an agreement, which
// is flagged; has a transfer to a country without adequacy refused in
// words and registers one with standard clauses; registers a complaint,
// which names the route to the Autoriteit Persoonsgegevens, and closes
// it. The board reads the registers but not what a complaint says and
// gets no forms; the administrator gets nothing. Axe on every tab, 360
// px, English.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

await run('web_registers', async env => {
	const admin = await apiLogin(env, T, 'administrator');
	const no = await admin('GET', 'registers/processing');
	ok(no.status === 403 && no.body.error.rule === 'ACC-1', `ACC-1: the administrator reads no register (${no.status})`);
	ok((await admin('GET', 'complaints')).status === 403, 'CMP-1: the administrator reads no complaint');

	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Registers'}).click();
	await d.getByRole('heading', {level: 1, name: 'Registers van de functionaris gegevensbescherming'}).waitFor();

	/* FG-1: seeded from the profile, one activity per purpose. */
	await d.getByRole('button', {name: 'Vullen uit het profiel'}).click();
	await d.getByRole('status').filter({hasText: 'activiteiten'}).waitFor();
	const cards = d.locator('article.activity');
	await cards.first().waitFor();
	ok(await cards.count() >= 2, 'FG-1: one activity per purpose of the profile');
	await axe(d, 'the register of processing activities');
	await shot(d, 'registers-processing');
	const first = cards.first();
	const name = (await first.locator('h3').textContent()).trim();
	await first.getByRole('button', {name: name + ' bewerken'}).click();
	const dlg = d.getByRole('dialog');
	await dlg.getByLabel('Bewaartermijnen').fill('Zie bewaarbeleid 2026, art. 4');
	await dlg.getByRole('button', {name: 'Opslaan'}).click();
	await dlg.waitFor({state: 'hidden'});
	await first.getByText('Zie bewaarbeleid 2026, art. 4').waitFor();
	ok(/door/.test(await first.innerText()), 'FG-1: the edit names who and when');
	const docs = await d.evaluate(async () => {
		const csv = await fetch('/api/v1/registers/processing.csv');
		const pdf = await fetch('/api/v1/registers/processing?format=pdf');
		return {csv: csv.status, type: csv.headers.get('Content-Type'), text: await csv.text(),
			pdf: pdf.status, head: (await pdf.text()).slice(0, 4)};
	});
	ok(docs.csv === 200 && /text\/csv/.test(docs.type) && /^id,purpose_id,name/.test(docs.text) &&
	   docs.text.includes('"Zie bewaarbeleid 2026, art. 4"'), 'FG-1: the register downloads as CSV (RFC 4180)');
	ok(docs.pdf === 200 && docs.head === '%PDF', 'FG-1: the register downloads as PDF');

	/* PRC-1: a processor without an agreement is flagged. */
	await d.getByRole('link', {name: 'Verwerkers'}).click();
	await d.getByRole('heading', {level: 2, name: 'Verwerkers'}).waitFor();
	await d.getByRole('button', {name: 'Verwerker toevoegen'}).click();
	const pd = d.getByRole('dialog');
	await pd.getByLabel('Verwerker', {exact: true}).fill('Mailhuis BV');
	await pd.getByLabel('Wat de verwerker verwerkt').fill('nieuwsbrieven');
	await pd.getByRole('button', {name: 'Opslaan'}).click();
	const row = d.locator('tr[data-valid="no"]').filter({hasText: 'Mailhuis BV'});
	await row.waitFor();
	ok(/geen overeenkomst/.test(await row.innerText()), 'PRC-1: a processor without an agreement is flagged with the reason');
	await axe(d, 'the processors');
	const report = await d.evaluate(async () => (await fetch('/api/v1/reports/processors-without-agreement')).json());
	ok(report.processors.some(p => p.name === 'Mailhuis BV'), 'PRC-1: the report lists it');

	/* SEC-2: no adequacy and no safeguard is refused in words. */
	await d.getByRole('link', {name: 'Doorgifte buiten de EER'}).click();
	await d.getByLabel('Ontvanger', {exact: true}).fill('Cloud Ltd');
	await d.getByLabel('Land (ISO-code)').fill('CN');
	await d.getByLabel('Welke gegevens').fill('back-ups');
	await d.getByRole('button', {name: 'Doorgifte registreren'}).click();
	const refusal = d.getByRole('alert');
	await refusal.waitFor();
	ok(/Geweigerd/.test(await refusal.innerText()) && /SEC-2/.test(await refusal.innerText()), 'SEC-2: the refusal is shown in words with its rule');
	ok(await d.locator('tr[data-transfer]').count() === 0, 'SEC-2: nothing was registered');
	await d.getByLabel('Grond', {exact: true}).selectOption('scc');
	await d.getByRole('button', {name: 'Doorgifte registreren'}).click();
	await d.locator('tr[data-transfer]').filter({hasText: 'Cloud Ltd'}).waitFor();
	ok(true, 'SEC-2: with standard clauses the transfer is registered');
	await axe(d, 'the transfers');

	/* CMP-1: a complaint, the AP route, closing it. */
	await d.getByRole('link', {name: 'Klachten'}).click();
	await d.getByRole('button', {name: 'Klacht registreren'}).click();
	const cd = d.getByRole('dialog');
	await cd.getByLabel('Waar de klacht over gaat').fill('Mijn dossier ging naar de verkeerde huisarts');
	await cd.getByRole('button', {name: 'Klacht registreren'}).click();
	const card = d.locator('article.complaint[data-status="open"]').first();
	await card.waitFor();
	ok(/autoriteitpersoonsgegevens\.nl/.test(await card.locator('.ap-route').innerText()), 'CMP-1: the complaint names the AP route');
	await axe(d, 'the complaints');
	await shot(d, 'registers-complaints');
	await card.getByRole('button', {name: 'Afhandeling bijwerken'}).click();
	const hd = d.getByRole('dialog');
	await hd.getByLabel('Afhandeling').fill('Gebeld met de klager; huisarts gevraagd het te vernietigen');
	await hd.getByRole('button', {name: 'Opslaan'}).click();
	await card.getByText('Gebeld met de klager', {exact: false}).waitFor();
	ok(true, 'CMP-1: the handling is recorded');
	await card.getByRole('button', {name: 'Klacht afsluiten'}).click();
	const close = d.getByRole('dialog');
	await close.getByLabel('Antwoord aan de klager').fill('Excuses; de verstrekking is gemeld.');
	await close.getByRole('button', {name: 'Klacht afsluiten'}).click();
	await d.locator('article.complaint[data-status="closed"]').first().waitFor();
	ok(true, 'CMP-1: the complaint is closed with its outcome');

	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await d.locator('article.complaint').first().waitFor();
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the registers fit 360 px');
	await shot(d, 'registers-360');

	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'The data protection officer\'s registers'}).waitFor();
	const text = await d.locator('body').innerText();
	ok(/Close the complaint|Complaint of/.test(text) && !/Klacht van|Klachten/.test(text), 'the registers are in English');
	ok(!/\bregisters\.[a-z_]+/.test(text), 'no message key shows as text');

	/* The board reads, without a complaint's content and without forms. */
	const b = await page(env, {bypassCSP: true});
	await login(b, env, T, 'board');
	await b.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Registers'}).click();
	await b.locator('article.activity').first().waitFor();
	ok(await b.getByRole('button', {name: 'Vullen uit het profiel'}).count() === 0, 'ACC-1: the board gets no seeding button');
	await b.getByRole('link', {name: 'Klachten'}).click();
	await b.locator('article.complaint').first().waitFor();
	const bt = await b.locator('body').innerText();
	ok(!/verkeerde huisarts/.test(bt), 'CMP-1: the board does not read what the complaint says');
	ok(/autoriteitpersoonsgegevens\.nl/.test(bt), 'CMP-1: the board sees the AP route too');
	ok(await b.getByRole('button', {name: 'Klacht registreren'}).count() === 0, 'ACC-1: the board registers no complaint');
	const denied = await b.evaluate(async () => {
		const s = await (await fetch('/api/v1/session')).json();
		return (await fetch('/api/v1/processors', {method: 'POST', headers: {'Content-Type': 'application/json',
			'X-CSRF-Token': s.csrf_token}, body: JSON.stringify({name: 'X', processes: 'x', country: 'NL'})})).status;
	});
	ok(denied === 403, `ACC-1: the board may not add a processor (${denied})`);
	await axe(b, 'the registers as the board');
});
