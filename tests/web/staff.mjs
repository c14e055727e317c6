// Browser test (issue 15): a professional logs in with the second factor
// (SEC-3), finds a client (ACC-2), adds an entry (PUR-1, PUR-4), corrects
// it, and sees the correction beside the original (COR-2).
import {run, page, login, ok, shot} from './lib.mjs';

await run('web_staff', async env => {
	/* The page comes from the binary with headers that keep it to its
	 * own code (issue 15, part 1). */
	const r = await fetch(env.url + '/');
	const csp = r.headers.get('content-security-policy') || '';
	ok(r.status === 200 && /text\/html/.test(r.headers.get('content-type')), 'the application is served at /');
	ok(/script-src 'self'/.test(csp) && !/unsafe-inline|unsafe-eval/.test(csp), 'SEC-1: the CSP allows no inline script');
	ok(/frame-ancestors 'none'/.test(csp), 'SEC-1: the page may not be framed');
	ok(r.headers.get('x-content-type-options') === 'nosniff', 'SEC-1: nosniff');
	ok(r.headers.get('referrer-policy') === 'no-referrer', 'SEC-1: no referrer');
	const html = await r.text();
	ok(!/<script>|<script [^>]*>[^<]/.test(html) && !/ on[a-z]+=/.test(html), 'the page holds no inline script');
	const js = /src="(\/app\.[0-9a-f]+\.js)"/.exec(html);
	const a = js && await fetch(env.url + js[1]);
	ok(a && a.status === 200 && /immutable/.test(a.headers.get('cache-control')), 'the bundle is served, named by its content');
	ok((await fetch(env.url + '/app.0000.js')).status === 404, 'an unknown file is a 404');

	const p = await page(env);
	await p.getByRole('heading', {name: 'Inloggen'}).waitFor();
	await shot(p, 'login');
	await login(p, env, 'woondroomzorg', 'professional');
	await p.getByRole('heading', {name: 'Cliënten'}).waitFor();
	const rows = p.locator('table.list tbody tr');
	await rows.first().waitFor();
	const n = await rows.count();
	ok(n > 0, `ACC-2: the professional sees their clients (${n})`);
	await shot(p, 'clients');

	/* Search on a name from the list finds that client. */
	const first = (await rows.first().locator('a').textContent()).trim();
	const family = first.split(' ').slice(-1)[0];
	await p.getByLabel('Zoek op naam').fill(family);
	await p.getByRole('button', {name: 'Zoeken'}).click();
	await p.waitForURL(/q=/);
	await p.locator('table.list tbody tr a', {hasText: first}).first().waitFor();
	ok(true, 'search finds the client by family name');
	await p.locator('table.list tbody tr a', {hasText: first}).first().click();
	await p.getByRole('heading', {level: 1, name: first}).waitFor();

	/* A new entry. */
	const stamp = 'Rustige nacht ' + Date.now();
	await p.getByRole('button', {name: 'Nieuwe aantekening'}).click();
	await p.getByLabel('Soort gegevens').selectOption('care');
	await p.getByLabel(/^Soort \*$/).fill('rapportage');
	await p.getByLabel(/^Tekst \*$/).fill(stamp);
	await p.getByRole('button', {name: 'Aantekening opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'Opgeslagen'}).waitFor();
	const entry = p.locator('article.entry', {hasText: stamp});
	await entry.waitFor();
	ok(await entry.count() === 1, 'PUR-4: the new entry shows in the record');

	/* Correct it. */
	await entry.getByRole('button', {name: 'Corrigeren'}).click();
	const fixed = 'Onrustige nacht ' + Date.now();
	await entry.getByLabel(/^Tekst \*$/).fill(fixed);
	await entry.getByLabel(/Reden van de correctie/).fill('verkeerde dienst genoteerd');
	await entry.getByRole('button', {name: 'Correctie opslaan'}).click();
	const pair = p.locator('article.entry.corrected', {hasText: fixed});
	await pair.waitFor();
	ok(await pair.locator('.version.original', {hasText: stamp}).count() === 1,
	   'COR-2: the original stays, beside its correction');
	ok(await pair.locator('.version.correction', {hasText: fixed}).count() === 1,
	   'COR-2: the correction shows beside the original');
	ok(await pair.locator('.version.original .label').textContent() === 'Oorspronkelijk',
	   'COR-2: the original is marked as such');
	await shot(p, 'record');
});
