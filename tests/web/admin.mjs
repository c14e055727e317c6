// Browser test (issue 15): the administrator's screens (ACC-3, SEC-3).
// The administrator adds an account that needs no approval and hands over
// its invitation; a second browser accepts it and logs in. An account in
// a health-data role waits for approval, the administrator who asked may
// not approve it, the DPO does, and the new user's first login enrols a
// second factor from the server's QR code and reaches the client list.
// Deny: the administrator cannot disable their own account, and sees no
// client data (no clients menu, GET clients refused).
import {run, page, login, ok, shot, axe, totp, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';
const PASSWORD = 'een-lang-wachtwoord-42';

/* Sets a password from an invitation in a fresh browser. */
async function accept(env, token) {
	const p = await page(env, {path: '/#/invitation', bypassCSP: true});
	await p.getByRole('heading', {name: 'Uitnodiging gebruiken'}).waitFor();
	await p.getByLabel('Code uit de uitnodiging').fill(token);
	await p.getByLabel(/^Organisatie/).fill(T);
	await p.getByLabel('Nieuw wachtwoord', {exact: true}).fill(PASSWORD);
	await p.getByLabel('Nieuw wachtwoord nogmaals').fill(PASSWORD);
	await p.getByRole('button', {name: 'Wachtwoord instellen'}).click();
	await p.getByRole('status').filter({hasText: 'Uw wachtwoord is ingesteld'}).waitFor();
	return p;
}

/* The password step of the login screen, for an account made here. */
async function password(p, user) {
	await p.getByRole('link', {name: 'Naar inloggen'}).click();
	await p.getByLabel('Gebruikersnaam').fill(user);
	await p.getByLabel(/^Wachtwoord$/).fill(PASSWORD);
	await p.getByLabel(/^Organisatie/).fill(T);
	await p.getByRole('button', {name: 'Inloggen'}).click();
}

await run('web_admin', async env => {
	const a = await page(env, {bypassCSP: true});
	await login(a, env, T, 'administrator');
	await a.getByRole('heading', {level: 1, name: 'Gebruikers'}).waitFor();
	const nav = a.getByRole('navigation', {name: 'Hoofdmenu'});
	ok(await nav.getByRole('link', {name: 'Beheer'}).count() === 1, 'ACC-3: the administrator has the administration menu');
	ok(await nav.getByRole('link', {name: 'Cliënten'}).count() === 0, 'ACC-3: the administrator has no clients menu');
	await a.locator('tr[data-user="administrator"]').waitFor();
	ok(await a.locator('table.users tbody tr').count() >= 7, 'ACC-3: the users of the organisation are listed');
	/* SCOPE-3: none of the other organisation's accounts shows. */
	const other = await apiLogin(env, 'klaverblad', 'klaver.administrator');
	const theirs = (await other('GET', 'users')).body.users.map(u => u.id);
	const shown = await a.locator('table.users tbody tr').evaluateAll(rs => rs.map(r => r.dataset.id));
	ok(theirs.length > 0 && theirs.every(id => !shown.includes(id)), 'SCOPE-3: the other organisation\'s accounts do not show');
	await axe(a, 'the users screen');

	/* An account without health data: the invitation comes at once. */
	await a.getByLabel('Gebruikersnaam').fill('kantoor2');
	await a.getByLabel('Naam (optioneel)').fill('Kim Kantoor');
	await a.getByRole('checkbox', {name: 'Administratie (PGB)'}).check();
	await a.getByLabel('Grond van de geheimhouding').selectOption('agreement');
	await a.getByRole('button', {name: 'Gebruiker toevoegen'}).click();
	const tok1 = a.locator('code.token[data-token]');
	await tok1.waitFor();
	const token1 = await tok1.getAttribute('data-token');
	ok(token1 && token1.length >= 16, 'SEC-3: the invitation to hand over is shown');
	await a.locator('tr[data-user="kantoor2"]', {hasText: 'Actief'}).waitFor();
	ok(true, 'ACC-3: the new account shows, active');
	await shot(a, 'admin-users');

	/* A taken user name is refused in words. */
	await a.getByLabel('Gebruikersnaam').fill('kantoor2');
	await a.getByRole('checkbox', {name: 'Administratie (PGB)'}).check();
	await a.getByRole('button', {name: 'Gebruiker toevoegen'}).click();
	await a.locator('.card').getByRole('alert').waitFor();
	ok(/al in gebruik/.test(await a.locator('.card').getByRole('alert').textContent()),
	   'ACC-3: a user name taken is refused in words');

	const b = await accept(env, token1);
	await password(b, 'kantoor2');
	await b.getByRole('button', {name: 'Uitloggen'}).or(b.getByRole('heading', {name: 'Tweede factor instellen'})).first().waitFor();
	ok(await b.getByText('Ingelogd als Kim Kantoor').count() === 1, 'SEC-3: the invited office account logs in with its own password, greeted by name');
	await b.context().close();

	/* A health-data role waits for approval (ACC-3). */
	await a.getByLabel('Gebruikersnaam').fill('begeleider2');
	await a.getByLabel('Naam (optioneel)').fill('Bo Begeleider');
	await a.getByRole('checkbox', {name: 'Administratie (PGB)'}).uncheck();
	await a.getByRole('checkbox', {name: 'Begeleider'}).check();
	await a.getByRole('button', {name: 'Gebruiker toevoegen'}).click();
	await a.getByRole('status').filter({hasText: 'wacht op goedkeuring'}).waitFor();
	ok(await a.locator('.card code.token').count() === 0, 'ACC-3: an account in a health-data role gets no invitation before approval');
	const wait = a.locator('tr[data-user="begeleider2"]', {hasText: 'Wacht op goedkeuring'});
	await wait.waitFor();
	ok(await wait.locator('td').nth(1).textContent() === 'Begeleider', 'ACC-3: the account shows as awaiting approval, with its role');

	/* The administrator who asked cannot approve it. */
	await a.getByRole('link', {name: 'Goedkeuringen'}).click();
	await a.getByRole('heading', {level: 1, name: 'Goedkeuringen'}).waitFor();
	const row = a.locator('tr[data-approval="begeleider2"]');
	await row.waitFor();
	await row.getByRole('button', {name: /Goedkeuren/}).click();
	await a.getByRole('alert').waitFor();
	ok(/toestemming|beheerder/.test(await a.getByRole('alert').textContent()),
	   'ACC-3: the administrator who asked cannot approve, said in words');
	await axe(a, 'the approvals screen');

	/* The DPO approves and gets the invitation. */
	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Goedkeuringen'}).click();
	const drow = d.locator('tr[data-approval="begeleider2"]');
	await drow.waitFor();
	ok(/Begeleider/.test(await drow.textContent()), 'ACC-3: the DPO sees the role that waits');
	await shot(d, 'admin-approvals');
	await drow.getByRole('button', {name: /Goedkeuren/}).click();
	const tok2 = d.locator('code.token[data-token]');
	await tok2.waitFor();
	const token2 = await tok2.getAttribute('data-token');
	ok(!!token2, 'ACC-3: the approver receives the invitation to hand over');
	await d.getByText('Er wacht niets op goedkeuring.').waitFor();
	ok(true, 'ACC-3: the approval no longer waits');

	/* The new professional's first login enrols a second factor. */
	const c = await accept(env, token2);
	await password(c, 'begeleider2');
	await c.getByRole('heading', {name: 'Tweede factor instellen'}).waitFor();
	ok(true, 'SEC-3: the first login of a health-data account goes to enrolment');
	await c.getByRole('button', {name: 'QR-code maken'}).click();
	const qr = c.locator('img.qr');
	await qr.waitFor();
	ok((await qr.getAttribute('src')).startsWith('data:image/svg+xml'), 'SEC-3: the QR code is the server\'s SVG');
	ok(await qr.evaluate(img => img.complete && img.naturalWidth > 0), 'SEC-3: the QR code image renders');
	await axe(c, 'the enrolment screen');
	await shot(c, 'enrol');
	const secret = await c.locator('code.secret').getAttribute('data-secret');
	await c.getByLabel(/authenticator/).fill(await totp(secret));
	await c.getByRole('button', {name: 'Tweede factor bevestigen'}).click();
	await c.getByRole('heading', {level: 1, name: 'Cliënten'}).waitFor();
	ok(true, 'SEC-3: after enrolment the professional reaches the client list');
	await c.context().close();

	/* Deny: the administrator cannot disable their own account. */
	await a.getByRole('link', {name: 'Gebruikers'}).click();
	await a.locator('tr[data-user="administrator"]').getByRole('button', {name: /Beheren/}).click();
	const dlg = a.getByRole('dialog', {name: 'Account administrator'});
	await dlg.waitFor();
	await axe(a, 'the account dialog');
	await dlg.getByRole('button', {name: 'Account uitschakelen'}).click();
	await dlg.getByRole('alert').waitFor();
	ok(/eigen account/.test(await dlg.getByRole('alert').textContent()),
	   'ACC-3: disabling one\'s own account is refused in words');
	await shot(a, 'admin-own-account');
	await dlg.getByRole('button', {name: 'Sluiten'}).click();
	ok(/Actief/.test(await a.locator('tr[data-user="administrator"]').textContent()), 'ACC-3: the own account stays active');

	/* Permit: disabling, enabling and a new invitation for another. */
	await a.locator('tr[data-user="kantoor2"]').getByRole('button', {name: /Beheren/}).click();
	const k = a.getByRole('dialog', {name: 'Account kantoor2'});
	await k.getByRole('button', {name: 'Account uitschakelen'}).click();
	await k.getByRole('status').filter({hasText: 'uitgeschakeld'}).waitFor();
	await a.locator('tr[data-user="kantoor2"]', {hasText: 'Uitgeschakeld'}).waitFor();
	ok(true, 'ACC-3: another account can be disabled');
	await k.getByRole('button', {name: 'Account inschakelen'}).click();
	await k.getByRole('status').filter({hasText: 'weer ingeschakeld'}).waitFor();
	await k.getByRole('button', {name: 'Wachtwoord opnieuw laten instellen'}).click();
	await k.locator('code.token[data-token]').waitFor();
	ok(true, 'SEC-3: a password reset is a new invitation to hand over');
	await k.getByRole('button', {name: 'Tweede factor opnieuw instellen'}).click();
	await k.getByRole('alert').waitFor();
	ok(true, 'SEC-3: an account without a second factor has none to reset, said in words');
	await k.getByRole('button', {name: 'Sluiten'}).click();

	/* The roles of begeleider2: the second factor reset works there. */
	await a.locator('tr[data-user="begeleider2"]').getByRole('button', {name: /Beheren/}).click();
	const bd = a.getByRole('dialog', {name: 'Account begeleider2'});
	await bd.getByRole('button', {name: 'Tweede factor opnieuw instellen'}).click();
	await bd.getByRole('status').filter({hasText: 'tweede factor'}).waitFor();
	ok(true, 'SEC-3: the second factor of an enrolled account is reset');
	await bd.getByRole('button', {name: 'Sluiten'}).click();

	/* Deny: no client data for the administrator. The list answers
	 * none; a client by its id is refused (ACC-2, ACC-3). */
	const some = await d.evaluate(async () => (await (await fetch('/api/v1/clients?limit=1')).json()).clients[0].id);
	const list = await a.evaluate(async () => {
		const r = await fetch('/api/v1/clients?limit=200');
		return {status: r.status, n: r.ok ? (await r.json()).clients.length : -1};
	});
	ok(list.status === 403 || list.n === 0, `ACC-3: GET clients gives the administrator no client (${list.status}, ${list.n})`);
	const one = await a.evaluate(async id => {
		const r = await fetch('/api/v1/clients/' + id);
		return {status: r.status, body: await r.json()};
	}, some);
	ok(one.status === 403 && !one.body.identity, `ACC-3: GET clients/{id} is refused to the administrator (${one.status})`);
	await a.goto(env.url + '/#/clients/' + some);
	await a.getByRole('alert').waitFor();
	ok(await a.locator('article.entry').count() === 0, 'ACC-3: the record screen shows the refusal in words, no entries');
	await a.goto(env.url + '/#/clients');
	await a.getByRole('heading', {level: 1, name: 'Cliënten'}).waitFor();
	await a.locator('main p').filter({hasText: /geen/i}).first().waitFor();
	ok(await a.locator('table.list tbody tr').count() === 0, 'ACC-3: the clients screen lists no client for the administrator');

	/* Teams and locations. */
	await a.goto(env.url + '/#/admin/teams');
	await a.getByRole('heading', {level: 1, name: 'Teams en locaties'}).waitFor();
	await a.getByLabel('Naam van de locatie').fill('Het Anker');
	await a.getByLabel('Adres').fill('Ankerweg 3');
	await a.getByRole('button', {name: 'Locatie toevoegen'}).click();
	await a.locator('table.locations', {hasText: 'Ankerweg 3'}).waitFor();
	await a.getByLabel('Naam van het team').fill('Team Anker');
	await a.getByLabel('Locatie', {exact: true}).selectOption('Het Anker');
	await a.getByRole('button', {name: 'Team toevoegen'}).click();
	await a.locator('table.teams tr', {hasText: 'Team Anker'}).filter({hasText: 'Het Anker'}).waitFor();
	ok(true, 'ACC-5: a location and a team in it are added');
	await a.getByLabel('Naam van het team').fill('Team Anker');
	await a.getByRole('button', {name: 'Team toevoegen'}).click();
	await a.locator('form', {hasText: 'Naam van het team'}).getByRole('alert').waitFor();
	ok(/al in gebruik/.test(await a.locator('form', {hasText: 'Naam van het team'}).getByRole('alert').textContent()),
	   'ACC-5: a team name taken is refused in words');
	ok(true, 'ACC-5: a team name taken is refused in words');
	await axe(a, 'the teams screen');
	await shot(a, 'admin-teams');

	/* The organisation and the log's state. */
	await a.getByRole('link', {name: 'Organisatie en logboek'}).click();
	await a.locator('.audit[data-intact="true"]').waitFor();
	ok(await a.getByText('Het logboek is ongeschonden.').count() === 1, 'LOG-3: the log is verified intact');
	ok(await a.locator('dl.org dd.tenant').textContent() === T, 'SCOPE-3: the organisation is the administrator\'s own');
	await axe(a, 'the organisation screen');
	await shot(a, 'admin-organisation');
	await a.setViewportSize({width: 360, height: 800});
	await a.goto(env.url + '/#/admin');
	await a.locator('tr[data-user="kantoor2"]').waitFor();
	ok(await a.evaluate(() => document.documentElement.scrollWidth <= 360), 'the users screen fits 360 px');
	await shot(a, 'admin-users-360');

	/* English is one click away; no text is left untranslated. */
	await a.setViewportSize({width: 1280, height: 800});
	await a.getByRole('button', {name: 'English'}).click();
	await a.getByRole('heading', {level: 1, name: 'Users'}).waitFor();
	const text = await a.locator('body').innerText();
	ok(/Add a user/.test(text) && !/Gebruiker toevoegen|Beheren/.test(text), 'the users screen is in English');
	ok(!/\b(admin|review)\.[a-z_]+/.test(text), 'no message key shows as text');
});
