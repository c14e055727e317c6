// Browser test (issue 15, part 3): a parent with authority of a
// 10-year-old sees the child (REP-1, rep_decide today); the child whose
// representation has ended is not shown and is refused when asked for
// directly (REP-1, REP-4); the parent's acts are logged on the child's
// behalf (REP-6).
import {run, page, login, ok, shot, apiLogin} from './lib.mjs';

await run('web_representative', async env => {
	const T = 'woondroomzorg';
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	/* The demo's parent of Sem (10) and of Lotte (8, representation
	 * ended): the two children of the portal's demo. */
	const lotte = all.find(c => c.identity.given_names === 'Lotte' && c.identity.family_name === 'de Boer');
	ok(!!lotte, 'the demo has the child whose representation ended');

	const p = await page(env);
	await login(p, env, T, 'ouder.deboer');
	await p.getByRole('heading', {name: 'Mijn gegevens'}).waitFor();
	const cards = p.locator('ul.cards li');
	await cards.first().waitFor();
	const list = await p.locator('ul.cards').textContent();
	ok(/Sem de Boer/.test(list), 'REP-1: the parent of a 10-year-old sees the child');
	ok(/vertegenwoordiger/.test(list), 'REP-6: the portal says they act as representative');
	ok(!/Lotte/.test(list), 'REP-1: a child whose representation ended is not shown');
	await shot(p, 'portal-representative');

	const sem = {id: (await p.getByRole('link', {name: 'Sem de Boer'}).getAttribute('href')).split('/').pop()};
	await p.getByRole('link', {name: 'Sem de Boer'}).click();
	await p.locator('article.entry').first().waitFor();
	ok(await p.locator('article.entry').count() > 0, 'REP-1: the parent reads the child\'s data');

	await p.goto(env.url + '/#/p/' + lotte.id);
	await p.getByRole('alert').waitFor();
	ok(await p.getByText('Lotte').count() === 0, 'REP-1: the ended representation opens nothing, asked directly');

	/* REP-6: the DPO sees the parent's reading in Sem's log. */
	const dpo = await apiLogin(env, T, 'dpo');
	const r = await dpo('GET', `clients/${sem.id}/log`);
	ok(r.status === 200, 'the DPO reads the child\'s log view');
	const lines = r.body.lines || [];
	ok(lines.some(l => l.action === 'viewed' && l.ground === 'your representative, in the portal'),
	   'REP-6: the parent\'s reading is in the child\'s log, as a representative');
});
