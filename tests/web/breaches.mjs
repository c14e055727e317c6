// Browser test (issue 16): the breach register (BRE-1 to BRE-3, FG-1). A
// professional reports a breach in the form and gets no register; the
// DPO sees it in the register with its 72-hour clock in words and
// colour, assesses it as high risk, records the first AP notice, and
// reads the subjects' letter in English; the screen has no axe
// violations and works at 360 px; in English it shows no Dutch label.
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
	await axe(d, 'the breach detail');

	/* 360 px and English, on the register and the form. */
	await d.reload();
	await d.locator('table.breaches tbody tr').first().waitFor();
	await d.setViewportSize({width: 360, height: 800});
	const wide = await d.evaluate(() => document.documentElement.scrollWidth);
	ok(wide <= 360, `the screen fits 360 px (${wide})`);
	await shot(d, 'breaches-360');
	await d.setViewportSize({width: 1280, height: 800});
	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Personal data breaches'}).waitFor();
	const left = await otherLanguage(d, 'en');
	ok(left.length === 0, 'every label is in English' + (left.length ? ': ' + left.join(', ') : ''));
});
