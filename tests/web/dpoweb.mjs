// Browser test (issue 16): the DPO's remaining tasks in the web
// application (FG-2, LOG-7, ACC-3). The DPO's menu is grouped (Dashboard
// first, then "Toezicht" and "Registers en verzoeken") and folds behind a
// menu button on a 360 px phone, by mouse and by keyboard. On a client's
// protection tab the DPO flags the client as a public figure and links
// the staff account that is this client; a professional's read then shows
// in the log review's reports under the reader's display name, and both
// marks are lifted again. The administrator links and unlinks an account
// to a client from the users screen. Deny: the professional and the
// administrator get no public-figure flag from the API (FG-2), the
// professional sees no controls, and an unknown account is refused in
// words.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

/* The DPO's menu links, by the names other tests click. */
const DPO_LINKS = ['Dashboard', 'Cliënten', 'Noodtoegang beoordelen', 'Logboekcontrole', 'Goedkeuringen',
		   'Verzoeken', 'Registers', 'Datalekken', 'Onderzoek'];

await run('web_dpoweb', async env => {
	const pro = await apiLogin(env, T, 'professional');
	const mine = (await pro('GET', 'clients?limit=200')).body.clients.filter(c => c.kind === 'client');
	const c = mine[0];
	ok(!!c, 'there is a client of the professional');
	const name = [c.identity.given_names, c.identity.family_name].join(' ');

	/* FG-2 deny through the API: only the DPO flags or links. */
	let r = await pro('PUT', 'clients/' + c.id + '/public-figure');
	ok(r.status === 403 && r.body.error.rule === 'FG-2', 'FG-2: the professional may not flag a public figure');
	r = await pro('GET', 'clients/' + c.id + '/public-figure');
	ok(r.status === 403 && r.body.error.rule === 'FG-2', 'FG-2: the professional may not read the flag');
	r = await pro('PUT', 'users/hr/client', {client: c.id});
	ok(r.status === 403 && r.body.error.rule === 'FG-2', 'FG-2: the professional may not link an account to a client');
	const adm = await apiLogin(env, T, 'administrator');
	r = await adm('PUT', 'clients/' + c.id + '/public-figure');
	ok(r.status === 403 && r.body.error.rule === 'FG-2', 'FG-2: the administrator may not flag a public figure');

	/* The DPO's menu: grouped, every link still there by its name. */
	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('heading', {level: 1, name: 'Dashboard gegevensbescherming'}).waitFor();
	const nav = d.getByRole('navigation', {name: 'Hoofdmenu'});
	for (const n of DPO_LINKS)
		ok(await nav.getByRole('link', {name: n, exact: true}).count() === 1, `FG-2: the DPO's menu links "${n}"`);
	ok(await nav.getByRole('link').first().textContent() === 'Dashboard', 'FG-2: the dashboard comes first in the DPO\'s menu');
	const oversight = nav.getByRole('list', {name: 'Toezicht'});
	ok(await oversight.getByRole('link').count() === 3 &&
	   await oversight.getByRole('link', {name: 'Logboekcontrole'}).count() === 1, 'LOG-7: the log review is under "Toezicht"');
	ok(await nav.getByRole('list', {name: 'Registers en verzoeken'}).getByRole('link').count() === 4,
	   'FG-1: the registers, breaches, studies and requests are one group');
	ok(!(await nav.getByRole('button', {name: 'Menu'}).isVisible()), 'the menu button does not show on a desktop');
	await axe(d, 'the grouped menu on the dashboard');
	await shot(d, 'dpoweb-menu-1280');

	/* FG-2: the public-figure flag on the client's protection tab. */
	await d.goto(env.url + '/#/clients/' + c.id + '/protection');
	await d.getByRole('heading', {level: 1, name}).waitFor();
	const over = d.locator('section.oversight');
	await over.getByRole('heading', {level: 2, name: 'Toezicht op inzage (FG)'}).waitFor();
	const flag = over.locator('[data-public-figure]');
	await flag.waitFor();
	ok(await flag.getAttribute('data-public-figure') === 'false', 'FG-2: the client is not flagged at first');
	await over.getByRole('button', {name: 'Markeren als publiek figuur'}).click();
	await over.locator('[data-public-figure="true"]').waitFor();
	ok(await over.getByRole('status').filter({hasText: 'gemarkeerd als publiek figuur'}).count() === 1, 'FG-2: the flag is confirmed in words');
	const dpo = await apiLogin(env, T, 'dpo');
	ok((await dpo('GET', 'clients/' + c.id + '/public-figure')).body.public_figure === true, 'FG-2: the API holds the flag');

	/* FG-2: the staff account that is this client; an unknown one is refused in words. */
	await over.getByLabel('Gebruikersnaam van de medewerker').fill('niemand');
	await over.getByRole('button', {name: 'Account koppelen'}).click();
	const refusal = over.getByRole('alert').filter({hasText: 'Er is geen medewerker met die gebruikersnaam'});
	await refusal.waitFor();
	ok(true, 'FG-2: an unknown account is refused in words');
	await over.getByLabel('Gebruikersnaam van de medewerker').fill('hr');
	await over.getByRole('button', {name: 'Account koppelen'}).click();
	await over.locator('[data-colleague="hr"]').waitFor();
	ok(/Personeelszaken \(hr\)/.test(await over.locator('[data-colleague="hr"]').textContent()),
	   'FG-2: the linked account shows by its display name');
	await axe(d, 'the protection tab with the DPO\'s marks');
	await shot(d, 'dpoweb-protection-1280');

	/* LOG-7: a professional's read shows in both reports, by name. */
	ok((await pro('GET', 'clients/' + c.id)).status === 200, 'the professional reads the record');
	for (const [kind, why] of [['public_figure', 'public_figure'], ['colleague', 'colleague_record']]) {
		await d.goto(env.url + '/#/logreview?kind=' + kind);
		const row = d.locator(`tr[data-why="${why}"][data-user="professional"]`).first();
		await row.waitFor();
		ok(/Begeleider/.test(await row.textContent()), `LOG-7: the ${kind} report names the reader by display name`);
		if (kind === 'colleague')
			ok(/Personeelszaken/.test(await row.textContent()), 'LOG-7: the colleague report names the colleague');
	}
	const rep = await dpo('GET', 'reports/log?kind=public_figure');
	ok(rep.body.rows.some(x => x.username === 'professional' && x.display_name === 'Begeleider'),
	   'LOG-7: the report\'s rows carry the display name');

	/* Lifting both marks. */
	await d.goto(env.url + '/#/clients/' + c.id + '/protection');
	await over.locator('[data-colleague="hr"]').waitFor();
	await over.getByRole('button', {name: 'Koppeling opheffen'}).click();
	await over.locator('[data-colleague=""]').waitFor();
	await over.getByRole('button', {name: 'Markering publiek figuur opheffen'}).click();
	await over.locator('[data-public-figure="false"]').waitFor();
	const after = (await dpo('GET', 'clients/' + c.id + '/public-figure')).body;
	ok(after.public_figure === false && after.colleague === null, 'FG-2: both marks are lifted');

	/* LOG-7: the break-the-glass review names who, by display name. */
	const office = await apiLogin(env, T, 'office');
	const other = (await office('GET', 'clients?limit=200')).body.clients.find(x => x.kind === 'client' && !mine.some(m => m.id === x.id));
	const bg = await pro('POST', 'clients/' + other.id + '/break-glass', {reason: 'Cliënt gevallen, eigen begeleider niet bereikbaar'});
	ok(bg.status === 201, 'ACC-6: the professional breaks the glass');
	const q = (await dpo('GET', 'break-glass')).body;
	const grant = (q.grants || q.break_glass || q.items || []).find(x => x.id === bg.body.id);
	ok(grant && grant.user.display_name === 'Begeleider', 'LOG-7: the review queue gives the display name');
	await d.goto(env.url + '/#/review');
	const card = d.locator(`article.grant[data-grant="${bg.body.id}"]`);
	await card.waitFor();
	ok(await card.getByRole('heading', {name: /^Begeleider,/}).count() === 1 &&
	   await card.getByText('professional', {exact: true}).count() >= 1, 'LOG-7: the review card names the person and the account');

	/* The menu at 360 px: folded behind a button, by mouse and by keyboard. */
	await d.goto(env.url + '/#/clients/' + c.id + '/protection');
	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await over.locator('[data-public-figure]').waitFor();
	const toggle = nav.getByRole('button', {name: 'Menu'});
	ok(await toggle.isVisible() && await toggle.getAttribute('aria-expanded') === 'false', 'the menu is folded on a phone');
	ok(!(await nav.getByRole('link', {name: 'Logboekcontrole'}).isVisible()), 'the folded menu hides its links');
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the protection tab fits 360 px');
	await shot(d, 'dpoweb-protection-360');
	await toggle.click();
	ok(await toggle.getAttribute('aria-expanded') === 'true', 'the menu button says the menu is open');
	await nav.getByRole('link', {name: 'Logboekcontrole'}).waitFor({state: 'visible'});
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the open menu fits 360 px');
	await shot(d, 'dpoweb-menu-360');
	await axe(d, 'the open menu at 360 px');
	await nav.getByRole('link', {name: 'Logboekcontrole'}).click();
	await d.getByRole('heading', {level: 1, name: 'Logboekcontrole'}).waitFor();
	ok(await toggle.getAttribute('aria-expanded') === 'false', 'the menu folds after a choice');
	await toggle.focus();
	await d.keyboard.press('Enter');
	ok(await toggle.getAttribute('aria-expanded') === 'true', 'the keyboard opens the menu');
	await d.keyboard.press('Tab');
	ok(await d.evaluate(() => document.activeElement.textContent) === 'Dashboard', 'Tab goes from the button to the first link');
	await d.keyboard.press('Escape');
	ok(await toggle.getAttribute('aria-expanded') === 'false' &&
	   await d.evaluate(() => document.activeElement.classList.contains('nav-toggle')), 'Escape folds the menu and returns to its button');

	/* In English. */
	await d.setViewportSize({width: 1280, height: 800});
	await d.goto(env.url + '/#/clients/' + c.id + '/protection');
	await d.getByRole('button', {name: 'English'}).click();
	await over.getByRole('heading', {level: 2, name: 'Oversight of access (DPO)'}).waitFor();
	ok(await d.getByRole('navigation', {name: 'Main menu'}).getByRole('list', {name: 'Oversight'}).count() === 1, 'the menu\'s groups are in English');
	await d.getByRole('button', {name: 'Nederlands'}).click();

	/* ACC-3: the administrator links an account to a client from the users screen. */
	const a = await page(env, {bypassCSP: true});
	await login(a, env, T, 'administrator');
	await a.locator('tr[data-user="eva.visser"]').waitFor();
	await a.getByRole('button', {name: 'Beheren eva.visser'}).click();
	const dlg = a.getByRole('dialog');
	await dlg.getByRole('heading', {name: 'Ook cliënt'}).waitFor();
	await dlg.getByLabel('Cliëntnummer').fill('00000000-0000-0000-0000-000000000000');
	await dlg.getByRole('button', {name: 'Account koppelen'}).click();
	await dlg.getByRole('alert').filter({hasText: 'geen cliënt met dat nummer'}).waitFor();
	ok(true, 'FG-2: an unknown client number is refused in words');
	await dlg.getByLabel('Cliëntnummer').fill(c.id);
	await dlg.getByRole('button', {name: 'Account koppelen'}).click();
	await dlg.locator(`[data-client="${c.id}"]`).waitFor();
	ok(await a.locator('tr[data-user="eva.visser"] .colleague-badge').count() === 1, 'FG-2: the users list shows the account is also a client');
	const users = (await adm('GET', 'users')).body.users;
	ok(users.find(u => u.username === 'eva.visser').client === c.id && users.find(u => u.username === 'hr').client === null,
	   'FG-2: GET /users says which account is a client');
	await axe(a, 'the users screen\'s dialog with the client link');
	await shot(a, 'dpoweb-admin-link');
	await dlg.getByRole('button', {name: 'Koppeling opheffen'}).click();
	await dlg.locator('[data-client=""]').waitFor();
	ok((await dpo('GET', 'clients/' + c.id + '/public-figure')).body.colleague === null, 'FG-2: the administrator\'s unlink holds');

	/* The board: four items, one flat row with every link. */
	const b = await page(env);
	await login(b, env, T, 'board');
	const bnav = b.getByRole('navigation', {name: 'Hoofdmenu'});
	for (const n of ['Cliënten', 'Registers', 'Onderzoek', 'Datalek melden'])
		ok(await bnav.getByRole('link', {name: n, exact: true}).count() === 1, `the board's menu links "${n}"`);
	ok(await bnav.getByRole('list', {name: 'Registers en verzoeken'}).count() === 0, 'the board\'s short menu is not grouped');

	/* The professional: no DPO controls on the protection tab, a short menu. */
	const p = await page(env);
	await login(p, env, T, 'professional');
	await p.goto(env.url + '/#/clients/' + c.id + '/protection');
	await p.getByRole('heading', {level: 2, name: 'Afgeschermde gegevens'}).waitFor();
	ok(await p.getByRole('heading', {name: 'Toezicht op inzage (FG)'}).count() === 0 &&
	   await p.getByRole('button', {name: 'Markeren als publiek figuur'}).count() === 0,
	   'FG-2: the professional sees no public-figure or colleague controls');
	ok(await p.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('button', {name: 'Menu'}).count() === 0 &&
	   await p.getByRole('list', {name: 'Toezicht'}).count() === 0, 'a short menu is neither grouped nor folded');
});
