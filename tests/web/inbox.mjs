// Browser test (issue 15): the DPO's request inbox (RQ-1, RQ-2). Requests
// registered through the API with received dates long ago, some weeks ago
// and today show sorted by due date, soonest first, each with a days-left
// badge whose colour matches the rule (green from 10 days, amber under 10,
// red under 5 and when overdue) and says it in words too. A professional
// to whom nothing is assigned sees none of them and has no menu item.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

/* The day n days before today, as the API takes it. */
function daysAgo(n) {
	const d = new Date(Date.now() - n * 86400000);
	const p = x => String(x).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/* RQ-2 as the screen must apply it. */
function level(days, overdue) {
	return overdue || days < 5 ? 'red' : days < 10 ? 'amber' : 'green';
}

/* A text the catalogues lack shows as its key: none may show. */
async function noKeys(p, what) {
	const text = await p.locator('main').innerText();
	const m = /\b(requests?|disclosures|protection)\.[a-z_]+(\.[A-Za-z0-9_-]+)?\b/.exec(text);
	ok(!m, `every text on ${what} comes from the catalogue` + (m ? ': ' + m[0] : ''));
}

await run('web_inbox', async env => {
	/* The office registers the requests (anyone who may read the
	 * client's identity may, RQ-1); it needs no second factor. */
	const office = await apiLogin(env, T, 'office');
	/* Adults, who ask for themselves (a child's parent would, REP-1). */
	const clients = (await office('GET', 'clients?limit=50')).body.clients
		.filter(c => c.kind === 'client' && c.identity.birth_date < daysAgo(20 * 366));
	const made = {};
	for (const [name, kind, ago, who] of [['old', 'copy', 70, 0], ['fresh', 'access', 0, 1],
					      ['weeks', 'rectification', 20, 2]]) {
		const r = await office('POST', 'requests', {subject: clients[who].id, kind, received: daysAgo(ago), channel: 'email'});
		ok(r.status === 201, `RQ-1: the ${name} request is registered (${r.status})`);
		made[name] = r.body.id;
	}
	/* A received date in the future is refused: the form's date is checked. */
	const future = await office('POST', 'requests', {subject: clients[0].id, kind: 'copy', received: daysAgo(-3)});
	ok(future.status === 400, 'RQ-2: a received date in the future is refused');

	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'dpo');
	await p.getByRole('link', {name: 'Verzoeken'}).click();
	await p.getByRole('heading', {level: 1, name: 'Verzoeken van betrokkenen'}).waitFor();
	const rows = p.locator('table.requests tbody tr');
	await rows.first().waitFor();
	const ids = await rows.evaluateAll(rs => rs.map(r => r.dataset.request));
	ok(ids.includes(made.old) && ids.includes(made.fresh) && ids.includes(made.weeks),
	   'RQ-1: the DPO sees every open request in the inbox');
	ok(ids.indexOf(made.old) < ids.indexOf(made.weeks) && ids.indexOf(made.weeks) < ids.indexOf(made.fresh),
	   'RQ-2: the inbox is sorted by due date, soonest first');

	/* Each badge as the API's days left says, and in words. */
	const badge = id => p.locator(`tr[data-request="${id}"] .badge`);
	ok(await badge(made.old).getAttribute('data-level') === 'red', 'RQ-2: the overdue request has a red badge');
	ok(/dagen te laat/.test(await badge(made.old).textContent()), 'RQ-2: the overdue badge says so in words, not only in colour');
	ok(await badge(made.fresh).getAttribute('data-level') === 'green', 'RQ-2: the fresh request has a green badge');
	ok(/^nog \d+ dagen$/.test(await badge(made.fresh).textContent()), 'RQ-2: the fresh badge says the days left');
	/* The middle one from the same numbers the API gives. */
	const weeks = await p.evaluate(async id => {
		const r = await fetch('/api/v1/requests/' + id, {credentials: 'same-origin'});
		return (await r.json()).deadline;
	}, made.weeks);
	ok(await badge(made.weeks).getAttribute('data-level') === level(weeks.days_left, weeks.overdue),
	   `RQ-2: a request with ${weeks.days_left} days left has the ${level(weeks.days_left, weeks.overdue)} badge`);
	ok(await p.locator(`tr[data-request="${made.old}"]`).getByText(clients[0].identity.family_name).count() === 1,
	   'RQ-1: the inbox names the client');
	await axe(p, 'the request inbox');
	await noKeys(p, 'the request inbox');
	await shot(p, 'requests-inbox');

	/* The filter on kind keeps only that kind. */
	await p.getByLabel('Soort verzoek').selectOption('access');
	await p.getByRole('button', {name: 'Filteren'}).click();
	await p.waitForFunction(() => document.querySelectorAll('table.requests tbody tr').length === 1);
	ok(await rows.evaluateAll(rs => rs.map(r => r.dataset.request).join()) === made.fresh,
	   'RQ-1: filtering on kind shows only requests of that kind');

	/* A new request through the form (RQ-1): the client is found by
	 * name; a received date in the future is refused, in words. */
	await p.getByRole('button', {name: 'Nieuw verzoek vastleggen'}).click();
	const nf = p.locator('.new-request');
	await nf.getByLabel('Zoek de cliënt op naam').fill(clients[3].identity.family_name);
	await nf.getByRole('button', {name: 'Zoeken'}).click();
	await nf.getByRole('button', {name: new RegExp(clients[3].identity.given_names)}).first().click();
	await nf.getByLabel('Soort verzoek').selectOption({label: 'Vernietiging'});
	await nf.getByLabel('Ontvangen op').fill(daysAgo(-2));
	await nf.getByRole('button', {name: 'Verzoek vastleggen'}).click();
	await nf.getByRole('alert').waitFor();
	ok(!/\{/.test(await nf.getByRole('alert').textContent()), 'RQ-2: a received date in the future is refused in words');
	await axe(p, 'the new request form');
	await nf.getByLabel('Ontvangen op').fill(daysAgo(1));
	await nf.getByRole('button', {name: 'Verzoek vastleggen'}).click();
	await p.getByRole('heading', {level: 1, name: 'Verzoek: Vernietiging'}).waitFor();
	ok(/Ontvangen/.test(await p.locator('dd[data-field="requests.state"]').textContent()), 'RQ-1: the form registers the request and opens it');
	await p.goto(env.url + '/#/requests');

	await p.setViewportSize({width: 360, height: 740});
	await p.getByLabel('Soort verzoek').selectOption('');
	await p.getByRole('button', {name: 'Filteren'}).click();
	await p.waitForFunction(() => document.querySelectorAll('table.requests tbody tr').length >= 4);
	ok(await p.evaluate(() => document.documentElement.scrollWidth <= 360), 'the inbox fits a 360 px wide screen');
	await shot(p, 'requests-inbox-360');

	/* The client's own tab lists that client's requests. */
	await p.goto(env.url + '/#/clients/' + clients[0].id + '/requests');
	await p.getByRole('heading', {level: 2, name: 'Verzoeken van deze cliënt'}).waitFor();
	await p.locator(`tr[data-request="${made.old}"]`).waitFor();
	ok(await p.locator(`tr[data-request="${made.fresh}"]`).count() === 0, 'RQ-1: the client\'s tab shows only that client\'s requests');
	await axe(p, 'the client\'s requests tab');
	await shot(p, 'client-requests');
	await noKeys(p, 'the client\'s requests tab');
	await p.goto(env.url + '/#/requests');
	await rows.first().waitFor();

	/* English is one click away, every label with it. */
	await p.getByRole('button', {name: 'English'}).click();
	await p.getByRole('heading', {level: 1, name: 'Data subjects\' requests'}).waitFor();
	ok(/days (left|overdue)/.test(await p.locator('table.requests').innerText()), 'the badges speak English too');
	await noKeys(p, 'the English inbox');
	await p.getByRole('button', {name: 'Nederlands'}).click();

	/* Deny: a professional with nothing assigned sees no request and no
	 * menu item; the inbox shows none of the DPO's. */
	const q = await page(env);
	await login(q, env, T, 'professional');
	ok(await q.getByRole('link', {name: 'Verzoeken'}).count() === 0, 'RQ-1: the professional has no inbox in the menu');
	await q.goto(env.url + '/#/requests');
	await q.getByText('Er zijn geen verzoeken die u ziet.').waitFor();
	ok(await q.locator('table.requests tbody tr').count() === 0, 'RQ-1: a professional sees no request not assigned to them');
});
