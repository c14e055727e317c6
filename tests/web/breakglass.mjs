// Browser test (issue 15): opening a client without a care relation is
// refused (ACC-2); breaking the glass with a reason opens it (ACC-6), the
// dialog warns that the DPO will review it, and the access shows, marked,
// in the client's log view (LOG-2, LOG-8).
import {run, page, login, ok, shot, apiLogin} from './lib.mjs';

await run('web_breakglass', async env => {
	const T = 'woondroomzorg';
	/* A client the professional has no relation with: the office sees
	 * every client, the professional only their own. */
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	const p = await page(env);
	await login(p, env, T, 'professional');
	const mine = new Set(await p.evaluate(async () =>
		(await (await fetch('/api/v1/clients?limit=200')).json()).clients.map(c => c.id)));
	const other = all.find(c => c.kind === 'client' && !mine.has(c.id));
	ok(!!other, 'ACC-2: there is a client outside the professional\'s relations');
	const name = [other.identity.given_names, other.identity.family_name].join(' ');
	await p.getByText('Cliënt openen met cliëntnummer').click();
	await p.getByLabel('Cliëntnummer').fill(other.id);
	await p.getByRole('button', {name: 'Openen'}).click();
	const alert = p.getByRole('alert');
	await alert.waitFor();
	ok(/geen zorgrelatie/.test(await alert.textContent()), 'ACC-2: without a care relation the record is refused, in words');
	ok(await p.getByText(name).count() === 0, 'ACC-2: nothing of the client shows before the glass is broken');

	await p.getByRole('button', {name: /Toegang doorbreken \(noodtoegang\)/}).click();
	const dialog = p.getByRole('dialog', {name: 'Noodtoegang'});
	await dialog.waitFor();
	ok(/functionaris gegevensbescherming beoordeelt/.test(await dialog.textContent()),
	   'ACC-6: the dialog warns that the DPO will review the access');
	await shot(p, 'break-glass');
	/* Too short a reason is refused by the server, in words. */
	await dialog.getByLabel('Reden').fill('kort');
	await dialog.getByRole('button', {name: 'Toegang doorbreken'}).click();
	await dialog.getByRole('alert').waitFor();
	ok(await p.getByText(name).count() === 0, 'ACC-6: a reason that is too short opens nothing');
	await dialog.getByLabel('Reden').fill('Cliënt onwel aangetroffen, eigen begeleider niet bereikbaar');
	await dialog.getByRole('button', {name: 'Toegang doorbreken'}).click();
	await p.getByRole('heading', {level: 1, name}).waitFor();
	ok(await p.getByRole('note').filter({hasText: 'noodtoegang'}).count() === 1,
	   'ACC-6: the record says it is open through emergency access');
	await p.locator('article.entry').first().waitFor();
	ok(await p.locator('article.entry').count() > 0, 'ACC-6: the entries can be read under the grant');

	/* The DPO sees the access in the client's log view, marked. */
	const d = await page(env);
	await login(d, env, T, 'dpo');
	await d.goto(env.url + '/#/clients/' + other.id + '/log');
	const row = d.locator('tr[data-break-glass="true"]', {hasText: 'ingezien'}).first();
	await row.waitFor();
	ok(await row.count() === 1, 'LOG-2: the emergency access shows in the client\'s log view, marked');
	ok(await d.locator('tr[data-break-glass="true"]', {hasText: /noodtoegang gevraagd/}).count() >= 1,
	   'LOG-8: breaking the glass itself shows in the log view');
	await shot(d, 'client-log');
});
