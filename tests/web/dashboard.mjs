// Browser test (issue 16): the DPO's dashboard (FG-2, LOG-7, RQ-2,
// INF-3). The DPO logs in and lands on it: open requests by due date,
// emergency accesses to review, people not yet informed and the
// anomalies of 30 days as a uPlot chart with a table of the same counts.
// A section whose endpoint does not exist (yet) hides itself. A
// professional gets no menu item, and the log's sections refuse them in
// words (LOG-6).
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

await run('web_dashboard', async env => {
	/* A refused read feeds the anomalies (ACC-2). */
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	const pro = await apiLogin(env, T, 'professional');
	const mine = new Set((await pro('GET', 'clients?limit=200')).body.clients.map(c => c.id));
	const other = all.find(c => c.kind === 'client' && !mine.has(c.id));
	ok(!!other, 'ACC-2: there is a client outside the professional\'s relations');
	ok((await pro('GET', 'clients/' + other.id)).status === 403, 'ACC-2: the professional is refused');
	const denied = await pro('GET', 'reports/anomalies');
	ok(denied.status === 403 && denied.body.error.rule === 'LOG-6', 'LOG-6: the professional gets no anomalies');
	/* A breach reported an hour ago runs its clock (BRE-1, BRE-2). */
	const aware = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
	const br = await pro('POST', 'breaches', {aware_at: aware, categories: ['care'], people_approx: 3,
		records_approx: 3, facts: 'Een overdrachtsmap lag in de trein'});
	ok(br.status === 201, `BRE-1: any member of staff reports a breach (${br.status})`);
	/* A processor without an agreement (PRC-1). */
	const fg = await apiLogin(env, T, 'dpo');
	const pr = await fg('POST', 'processors', {name: 'Roosterdienst BV', processes: 'roosters', country: 'NL'});
	ok(pr.status === 201, `PRC-1: the DPO registers a processor (${pr.status})`);

	const d = await page(env, {bypassCSP: true});
	await login(d, env, T, 'dpo');
	await d.getByRole('heading', {level: 1, name: 'Dashboard gegevensbescherming'}).waitFor();
	ok(true, 'FG-2: the DPO lands on the dashboard');
	for (const name of ['requests', 'breaches', 'break-glass', 'uninformed', 'processors', 'retention', 'anomalies'])
		await d.locator(`section[data-section="${name}"]`).waitFor();
	ok(true, 'FG-2: every section shows');
	const drawn = await d.locator('section[data-section="anomalies"] figure.chart canvas').first()
		.waitFor({timeout: 10000}).then(() => true, () => false);
	ok(drawn, 'LOG-7: the anomalies of 30 days are charted (uPlot)');
	const n = Number(await d.locator('section[data-section="anomalies"] tr[data-kind="no_relation"] td').nth(1).textContent());
	ok(n >= 1, `LOG-7: the refused attempt is counted (${n})`);
	await d.locator('section[data-section="requests"]').getByText(/open verzoek|Geen open verzoeken/).first().waitFor();
	ok(true, 'RQ-2: the open requests are listed by due date');

	const clock = d.locator(`section[data-section="breaches"] li[data-breach="${br.body.id}"] .badge`);
	await clock.waitFor();
	ok(/nog \d+ uur/i.test(await clock.textContent()), 'BRE-2: the open breach shows its clock in hours, in words');
	const ret = d.locator('section[data-section="retention"]');
	await ret.getByText(/vernietig|aan vernietiging toe/).first().waitFor();
	ok(true, 'RET-4: the DPO sees what a retention run today would destroy');
	ok((await pro('GET', 'retention/due')).status === 403, 'RET-4: a professional gets no retention overview');
	const proc = d.locator(`section[data-section="processors"] li[data-processor="${pr.body.id}"]`);
	await proc.waitFor();
	ok(/Roosterdienst BV/.test(await proc.textContent()), 'PRC-1: the processor without an agreement is listed');

	/* A section whose source answers 404 hides itself; the rest stays. */
	await d.route('**/api/v1/reports/processors-without-agreement', r => r.fulfill({status: 404,
		contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no such path"}}'}));
	await d.reload();
	await d.locator('section[data-section="breaches"]').waitFor();
	/* The section shows while its source loads, so wait for the answer. */
	const gone = await d.locator('section[data-section="processors"]').waitFor({state: 'detached', timeout: 15000})
		.then(() => true, () => false);
	ok(gone && await d.locator('section[data-section="processors"]').count() === 0,
	   'a section whose endpoint answers 404 is not shown');
	await d.unroute('**/api/v1/reports/processors-without-agreement');
	await d.reload();
	await d.locator('section[data-section="processors"]').waitFor();
	await axe(d, 'the dashboard');
	await shot(d, 'dashboard');

	/* The anomalies link to the report of their kind. */
	await d.locator('section[data-section="anomalies"] tr[data-kind="no_relation"] a').click();
	await d.getByRole('heading', {level: 1, name: 'Logboekcontrole'}).waitFor();
	await d.locator('tr[data-why="outside_care_relation"]').first().waitFor();
	ok(true, 'LOG-7: the anomalies lead to the report');
	await d.goBack();
	await d.getByRole('heading', {level: 1, name: 'Dashboard gegevensbescherming'}).waitFor();

	await d.setViewportSize({width: 360, height: 800});
	await d.reload();
	await d.locator('section[data-section="anomalies"] figure.chart canvas').first().waitFor({timeout: 10000});
	ok(await d.evaluate(() => document.documentElement.scrollWidth <= 360), 'the dashboard fits 360 px');
	await shot(d, 'dashboard-360');

	await d.getByRole('button', {name: 'English'}).click();
	await d.getByRole('heading', {level: 1, name: 'Data protection dashboard'}).waitFor();
	const text = await d.locator('main').innerText();
	ok(/Unusual access in the last 30 days/.test(text) && !/Ongebruikelijke toegang|Nog niet geïnformeerd/.test(text),
	   'the dashboard is in English');
	ok(!/\b(dashboard|logreview)\.[a-z_]+/.test(text), 'no message key shows as text');

	/* A professional: no menu item, and the log's sections are refused in words. */
	const p = await page(env);
	await login(p, env, T, 'professional');
	ok(await p.getByRole('navigation', {name: 'Hoofdmenu'}).getByRole('link', {name: 'Dashboard'}).count() === 0,
	   'FG-2: the professional has no dashboard in the menu');
	await p.goto(env.url + '/#/dashboard');
	const alert = p.locator('section[data-section="anomalies"] [role="alert"]');
	await alert.waitFor();
	ok(/functionaris gegevensbescherming/.test(await alert.textContent()), 'LOG-6: the refusal is told in words');
	ok(await p.locator('section[data-section="anomalies"] figure.chart').count() === 0, 'LOG-6: no chart for the professional');
});
