// Browser test (issue 15, SEC-3, ACC-3): an account whose password an
// administrator chose must replace it before anything else: the login
// leads to the password screen and nowhere else; a wrong current password
// and two new ones that differ are refused in words; after the change the
// old password no longer works and the new one does.
import {execFileSync} from 'node:child_process';
import {run, page, ok, shot} from './lib.mjs';

await run('web_password', async env => {
	const T = 'woondroomzorg';
	/* An account from before invitations: the flag migration 016 set. */
	execFileSync('sqlite3', [env.db, "UPDATE staff_user SET password_change = 1 WHERE username = 'office'"]);
	const old = env.logins[T].office.password;
	const p = await page(env);
	const logIn = async pw => {
		await p.getByLabel('Gebruikersnaam').fill('office');
		await p.getByLabel(/^Wachtwoord$/).fill(pw);
		await p.getByLabel(/Organisatie/).fill(T);
		await p.getByRole('button', {name: 'Inloggen'}).click();
	};
	await logIn(old);
	await p.getByRole('heading', {name: 'Wachtwoord wijzigen'}).waitFor();
	ok(/Een beheerder heeft uw wachtwoord gekozen/.test(await p.locator('main').textContent()),
	   'SEC-3: the forced change says why');
	ok(await p.getByRole('link', {name: 'Cliënten'}).count() === 0, 'SEC-3: nothing else is offered before the change');
	await p.goto(env.url + '/#/clients');
	await p.getByRole('heading', {name: 'Wachtwoord wijzigen'}).waitFor();
	ok(true, 'SEC-3: another place leads back to the password screen');
	const r = await p.evaluate(async () => (await fetch('/api/v1/clients')).status);
	ok(r === 403, 'SEC-3: the server refuses the client list before the change (' + r + ')');
	await shot(p, 'password-forced');

	const fresh = 'nieuw-wachtwoord-' + Date.now();
	await p.getByLabel('Huidig wachtwoord').fill(old);
	await p.getByLabel(/^Nieuw wachtwoord$/).fill(fresh);
	await p.getByLabel('Nieuw wachtwoord nogmaals').fill(fresh + 'x');
	await p.getByRole('button', {name: 'Wachtwoord wijzigen'}).click();
	ok(/niet gelijk/.test(await p.getByRole('alert').textContent()), 'two different new passwords are refused in words');
	await p.getByLabel('Huidig wachtwoord').fill('fout-wachtwoord-123');
	await p.getByLabel('Nieuw wachtwoord nogmaals').fill(fresh);
	await p.getByRole('button', {name: 'Wachtwoord wijzigen'}).click();
	await p.getByRole('alert').filter({hasText: 'huidige wachtwoord klopt niet'}).waitFor();
	ok(true, 'SEC-3: a wrong current password is refused in words');
	await p.getByLabel('Huidig wachtwoord').fill(old);
	await p.getByRole('button', {name: 'Wachtwoord wijzigen'}).click();
	/* Every session ends with the change: log in again. */
	await p.getByRole('heading', {name: 'Inloggen'}).waitFor();
	await logIn(old);
	await p.getByRole('alert').filter({hasText: 'onjuist'}).waitFor();
	ok(true, 'SEC-3: the old password no longer works');
	await logIn(fresh);
	await p.getByRole('heading', {name: 'Cliënten'}).waitFor();
	ok(true, 'SEC-3: the new password opens the application');
});
