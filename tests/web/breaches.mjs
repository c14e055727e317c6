// Browser test (issue 16): the breach register (BRE-1 to BRE-3, FG-1). A
// professional reports a breach in the form and gets no register; the
// DPO sees it in the register with its 72-hour clock in words and
// colour, assesses it as high risk, records the first AP notice, and
// reads the subjects' letter in English and downloads it as PDF; the DPO
// closes the breach with a reason: it moves to the closed ones, its
// forms go, and the API refuses a change (409); the professional may not
// close (403). People show by name. The screen has no axe violations and
// works at 360 px; in English it shows no Dutch label.
import {readFileSync} from 'node:fs';
import {run, page, login, ok, shot, axe, apiLogin, otherLanguage} from './lib.mjs';

const T = 'woondroomzorg';

function local(ms) {
	const d = new Date(ms - new Date().getTimezoneOffset() * 60000);
	return d.toISOString().slice(0, 16);
}

await run('web_breaches', async env => {
	/* BRE-1: a member of staff reports, in the form. */
	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'professional');
	await p.getByRole('link', {name: 'Datalek melden'}).click();
	await p.getByRole('heading', {level: 1, name: 'Datalekken'}).waitFor();
	ok(await p.getByRole('table').count() === 0, 'FG-1: staff see no register');
	await p.getByLabel('Ontdekt op').fill(local(Date.now() - 3 * 3600 * 1000));
	await p.getByRole('checkbox').first().check();
	await p.getByLabel('Geschat aantal personen').fill('12');
	await p.getByLabel('Geschat aantal registraties').fill('30');
	await p.getByLabel('Wat er is gebeurd').fill('Map met overdrachten in de trein laten liggen');
	await p.getByRole('button', {name: 'Melden'}).click();
	const note = p.getByRole('status');
	await note.waitFor();
	ok(/nog 6\d uur/.test(await note.textContent()), 'BRE-2: the reporter sees the clock: ' + await note.textContent());
	await axe(p, 'the report form');
	const pro = await apiLogin(env, T, 'professional');
	const denied = await pro('GET', 'breaches');
	ok(denied.status === 403 && denied.body.error.rule === 'FG-1', 'FG-1: the professional may not read the register');

	/* FG-1: the DPO's register, with the clock counting down. */
	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Datalekken'}).click();
	await d.getByRole('heading', {level: 1, name: 'Datalekken'}).waitFor();
	const row = d.locator('table.breaches tbody tr').first();
	await row.waitFor();
	const badge = row.locator('.badge');
	ok(/nog \d+ uur/.test(await badge.textContent()), 'BRE-2: the clock in words: ' + await badge.textContent());
	ok(await badge.getAttribute('data-level') === 'green', 'BRE-2: more than a day left is green');
	await axe(d, 'the register');
	await shot(d, 'breaches');

	/* BRE-3: the assessment and the first notice. */
	await row.getByRole('button', {name: 'Bekijken'}).click();
	const card = d.locator('article.breach');
	await card.waitFor();
	await card.getByLabel('Risico', {exact: true}).selectOption('high');
	await card.getByLabel('Onderbouwing').fill('Gezondheidsgegevens, niet versleuteld');
	await card.getByRole('button', {name: 'Beoordeling vastleggen'}).click();
	await card.getByText('Ja, iedere betrokkene').waitFor();
	ok(true, 'BRE-3: a high risk means telling each subject');
	await card.getByLabel('Verzonden op').fill(local(Date.now() - 60000));
	await card.getByLabel('Kenmerk van de AP').fill('AP-2026-42');
	await card.getByLabel('Inhoud of aanvulling').fill('Eerste melding');
	await card.getByRole('button', {name: 'Eerste melding vastleggen'}).click();
	await card.getByText(/kenmerk AP-2026-42/).waitFor();
	ok(await card.locator('.badge').first().textContent() === 'Gemeld aan de AP', 'BRE-2: the first notice stops the clock');
	await card.getByRole('button', {name: 'Brief betrokkenen (Engels)'}).click();
	const letter = card.locator('pre.letter');
	await letter.waitFor();
	ok(/What you can do/.test(await letter.textContent()), 'BRE-3: the subjects\' letter in English names what they can do');
	ok(!/\bdpo\b|\bprofessional\b/.test(await card.locator('dl.content').innerText()), 'the breach names people by display name, not by username');

	/* BRE-2, BRE-3: the letters as PDF. */
	const [dl] = await Promise.all([d.waitForEvent('download'),
		card.getByRole('button', {name: 'Brief betrokkenen als pdf (Engels)'}).click()]);
	ok(readFileSync(await dl.path()).subarray(0, 5).toString() === '%PDF-' && /\.pdf$/.test(dl.suggestedFilename()),
	   'BRE-3: the subjects\' letter downloads as a PDF: ' + dl.suggestedFilename());
	await axe(d, 'the breach detail');

	/* BRE-1: the professional may not close it; the DPO closes it. */
	const id = await card.getAttribute('data-breach');
	const shut = await pro('POST', 'breaches/' + id + '/close', {reason: 'Klaar'});
	ok(shut.status === 403, `FG-1: the professional may not close a breach (${shut.status})`);
	await card.getByLabel('Reden van sluiten').fill('AP gemeld en betrokkenen geïnformeerd; map teruggevonden');
	await card.getByRole('button', {name: 'Datalek sluiten'}).click();
	await card.locator('dd.close-reason').waitFor();
	ok(/map teruggevonden/.test(await card.locator('dd.close-reason').innerText()), 'BRE-1: the closing reason shows');
	ok(await card.getByRole('button', {name: 'Beoordeling vastleggen'}).count() === 0, 'BRE-1: a closed breach offers no change');
	ok(await card.locator('.badge').first().textContent() === 'Gesloten', 'BRE-1: the clock of a closed breach says closed');
	await d.locator('table.breaches-closed tr[data-breach="' + id + '"]').waitFor();
	ok(await d.locator('table.breaches tr[data-breach="' + id + '"]').count() === 0, 'BRE-1: the closed breach is shown apart from the open ones');
	/* The DPO's own session, as the screen calls the API. */
	const [again, openIds] = await d.evaluate(async bid => {
		const s = await (await fetch('/api/v1/session')).json();
		const r = await fetch('/api/v1/breaches/' + bid, {method: 'PATCH', headers: {'Content-Type': 'application/json',
			'X-CSRF-Token': s.csrf_token}, body: '{"cause":"later"}'});
		const l = await (await fetch('/api/v1/breaches')).json();
		return [{status: r.status, body: await r.json()}, l.breaches.map(b => b.id)];
	}, id);
	ok(again.status === 409 && again.body.error.rule === 'BRE-1', `BRE-1: a closed breach cannot change (${again.status})`);
	ok(!openIds.includes(id), 'BRE-1: the default list (the dashboard\'s) leaves the closed breach out');
	await axe(d, 'a closed breach');
	await shot(d, 'breaches-closed');

	/* 360 px and English, on the register and the form. */
	await d.reload();
	await d.locator('table.breaches-closed tbody tr').first().waitFor();
	await d.setViewportSize({width: 360, height: 800});
	const wide = await d.evaluate(() => document.documentElement.scrollWidth);
	ok(wide <= 360, `the screen fits 360 px (${wide})`);
	await shot(d, 'breaches-360');
	await d.locator('table.breaches-closed tbody tr').first().getByRole('button').click();
	await d.locator('article.breach dd.close-reason').waitFor();
	const wideDetail = await d.evaluate(() => document.documentElement.scrollWidth);
	ok(wideDetail <= 360, `a closed breach with its PDF buttons fits 360 px (${wideDetail})`);
	await d.locator('article.breach').scrollIntoViewIfNeeded();
	await shot(d, 'breaches-detail-360');
	await d.locator('article.breach button[data-pdf]').first().scrollIntoViewIfNeeded();
	await shot(d, 'breaches-pdf-360');
	await d.setViewportSize({width: 1280, height: 800});
	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Personal data breaches'}).waitFor();
	const left = await otherLanguage(d, 'en');
	ok(left.length === 0, 'every label is in English' + (left.length ? ': ' + left.join(', ') : ''));
});
