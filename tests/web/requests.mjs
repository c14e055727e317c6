// Browser test (issue 15): handling data subjects' requests and a
// disclosure. The DPO opens a copy request, tries to refuse it without
// reasons (refused in words, RQ-5), grants it, previews and downloads the
// decision letter (a PDF), is refused the copy it may not read (ACC-1),
// carries it out and closes it (RQ-1, RQ-4); someone else opening it is
// refused (RQ-1). The DPO assigns a rectification to the coordinator, who
// records the correction, grants and carries it out, and the record shows
// it beside the original (COR-1, COR-2). The coordinator's disclosures:
// one the profile refuses shows the door's refusal with its rule (DIS-1),
// one it permits shows its ground (DIS-2) and enters the register; shields
// and a restriction (SHD-1, RST-1); the notice the correction owes the
// insurer who had the data is recorded as sent (COR-3). axe-core on each
// screen.
import {readFileSync} from 'node:fs';
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

function daysAgo(n) {
	const d = new Date(Date.now() - n * 86400000);
	const p = x => String(x).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/* The bytes of a download the click starts. */
async function downloaded(p, click) {
	const [dl] = await Promise.all([p.waitForEvent('download'), click()]);
	return readFileSync(await dl.path());
}

/* A text the catalogues lack shows as its key: none may show. */
async function noKeys(p, what) {
	const text = await p.locator('main').innerText();
	const m = /\b(requests?|disclosures|protection)\.[a-z_]+(\.[A-Za-z0-9_-]+)?\b/.exec(text);
	ok(!m, `every text on ${what} comes from the catalogue` + (m ? ': ' + m[0] : ''));
}

await run('web_requests', async env => {
	/* An adult client whose responsible professional is the coordinator
	 * (the scheme lets the responsible coordinator disclose). */
	const office = await apiLogin(env, T, 'office');
	const clients = (await office('GET', 'clients?limit=200')).body.clients
		.filter(c => c.kind === 'client' && c.identity.birth_date < daysAgo(20 * 366));
	let client = null;
	for (const c of clients) {
		const rel = (await office('GET', 'clients/' + c.id + '/relations')).body.relations;
		if (rel.some(r => r.username === 'coordinator' && r.relation === 'responsible' && !r.valid_until)) {
			client = c;
			break;
		}
	}
	ok(!!client, 'there is an adult client for whom the coordinator is responsible');
	const reg = await office('POST', 'requests', {subject: client.id, kind: 'copy', received: daysAgo(3), channel: 'email'});
	ok(reg.status === 201, 'RQ-1: the office registers a copy request');
	const rid = reg.body.id;
	const rect = await office('POST', 'requests', {subject: client.id, kind: 'rectification', received: daysAgo(2)});
	ok(rect.status === 201, 'RQ-1: the office registers a rectification request');

	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'dpo');
	await p.goto(env.url + '/#/requests/' + rid);
	await p.getByRole('heading', {level: 1, name: 'Verzoek: Afschrift'}).waitFor();
	ok(await p.getByRole('link', {name: [client.identity.given_names, client.identity.family_name].join(' ')}).count() === 1,
	   'RQ-1: the request names its client');
	await axe(p, 'a request\'s page');
	await shot(p, 'request');

	/* RQ-5: a refusal without reasons is refused, in words. */
	const decide = p.locator('details[data-act="decide"]');
	await decide.getByLabel('Afgewezen').check();
	await decide.getByRole('button', {name: 'Besluiten'}).click();
	const alert = decide.getByRole('alert');
	await alert.waitFor();
	ok(/redenen nodig/.test(await alert.textContent()) && /RQ-5/.test(await alert.textContent()),
	   'RQ-5: a refusal without reasons is refused, and the page says why');
	ok(!/\{|"error"/.test(await alert.textContent()), 'the refusal is words, not raw JSON');
	ok(await p.locator('dd[data-field="request.decision"]').count() === 0, 'RQ-5: no decision was recorded');

	/* Granted, the decision shows and its letter is there. */
	await decide.getByLabel('Toegewezen', {exact: true}).check();
	await decide.getByRole('button', {name: 'Besluiten'}).click();
	await p.getByRole('status').filter({hasText: 'besluit vastgelegd'}).waitFor();
	ok(/Toegewezen/.test(await p.locator('dd[data-field="request.decision"]').textContent()),
	   'RQ-4: the decision shows on the request');
	ok(await p.locator('details[data-act="decide"]').count() === 0, 'RQ-5: a decided request offers no second decision');
	const letter = p.locator('li[data-letter="decision"]');
	await letter.getByRole('button', {name: 'Bekijken'}).click();
	const frame = p.locator('figure.letter-preview iframe');
	await frame.waitFor();
	ok(/^blob:/.test(await frame.getAttribute('src')), 'RQ-5: the decision letter previews in the page');
	const pdf = await downloaded(p, () => letter.getByRole('button', {name: 'Downloaden (PDF)'}).click());
	ok(pdf.subarray(0, 4).toString() === '%PDF', 'RQ-5: the decision letter downloads as a PDF');
	/* Opening and deciding the request did not try to read entries the
	 * DPO may not read: such a refusal would show in the client's log
	 * view (LOG-2). (The copy below is an attempt the DPO makes.) */
	const log = await p.evaluate(async id => (await (await fetch('/api/v1/clients/' + id + '/log')).json()).lines, client.id);
	const tried = log.filter(l => l.outcome !== 'success' && /view/.test(l.action) && /Functionaris/i.test(l.role));
	ok(tried.length === 0, 'LOG-2: the request page asks only for what the DPO may read' +
	   (tried.length ? ': ' + JSON.stringify(tried[0]) : ''));

	/* The copy is read with the reader's own rights: the DPO, who may
	 * not read the entries, is refused it, in words (ACC-1). */
	await p.getByRole('button', {name: 'Afschrift downloaden (PDF)'}).click();
	const exp = p.locator('section[aria-labelledby="export-title"] [role="alert"]');
	await exp.waitFor();
	ok(/ACC-1/.test(await exp.textContent()) && /hele dossier/.test(await exp.textContent()),
	   'ACC-1: a copy the DPO may not read is refused, in words');
	await shot(p, 'request-decided');
	await noKeys(p, 'a decided request');

	await p.locator('details[data-act="carry-out"]').getByRole('button', {name: 'Uitvoeren'}).click();
	await p.locator('details[data-act="close"]').getByRole('button', {name: 'Afsluiten'}).click();
	await p.getByText('Dit verzoek is afgesloten.').waitFor();
	const history = await p.locator('table.history').textContent();
	ok(/toegewezen/.test(history) && /uitgevoerd/.test(history) && /afgesloten/.test(history),
	   'RQ-1: the history shows the decision, the carrying out and the closing');
	await p.setViewportSize({width: 360, height: 740});
	ok(await p.evaluate(() => document.documentElement.scrollWidth <= 360), 'the request page fits a 360 px wide screen');
	await shot(p, 'request-360');

	/* The rectification goes to the client's coordinator (RQ-1). */
	await p.setViewportSize({width: 1280, height: 800});
	await p.goto(env.url + '/#/requests/' + rect.body.id);
	await p.getByRole('heading', {level: 1, name: 'Verzoek: Correctie'}).waitFor();
	const assign = p.locator('details[data-act="assign"]');
	await assign.locator('summary').click();
	await assign.getByLabel('Gebruikersnaam van de behandelaar').fill('niemand');
	await assign.getByRole('button', {name: 'Toewijzen'}).click();
	await assign.getByRole('alert').waitFor();
	ok(/geen gebruiker/.test(await assign.getByRole('alert').textContent()), 'RQ-1: assigning to an unknown user is refused, in words');
	await assign.getByLabel('Gebruikersnaam van de behandelaar').fill('coordinator');
	await assign.getByRole('button', {name: 'Toewijzen'}).click();
	await p.locator('dd[data-field="requests.assignee"]', {hasText: 'coordinator'}).waitFor();
	ok(true, 'RQ-1: the DPO assigns the request');

	/* The coordinator is neither the DPO nor the assignee: refused. */
	const c = await page(env, {bypassCSP: true});
	await login(c, env, T, 'coordinator');
	await c.goto(env.url + '/#/requests/' + rid);
	const denied = c.getByRole('alert');
	await denied.waitFor();
	ok(/toestemming/.test(await denied.textContent()) && /RQ-1/.test(await denied.textContent()),
	   'RQ-1: someone else opening the request is refused, in words');
	ok(await c.locator('details.act').count() === 0, 'RQ-1: the refused page offers no act');

	/* A new recipient, and disclosures decided by the door. */
	await c.goto(env.url + '/#/clients/' + client.id + '/disclosures');
	await c.getByRole('heading', {level: 2, name: 'Register van verstrekkingen'}).waitFor();
	await c.getByText('Er is nog niets verstrekt.').waitFor();
	for (const [name, kind] of [['Onderzoeksbureau Zorgdata', 'Onderzoeker'], ['Zorgverzekeraar Midden', 'Verzekeraar']]) {
		await c.getByRole('button', {name: 'Nieuwe ontvanger'}).click();
		const f = c.locator('form.new-recipient');
		await f.getByLabel('Naam').fill(name);
		await f.getByLabel('Soort ontvanger').selectOption({label: kind});
		await f.getByLabel('Geheimhoudingsplicht').selectOption({label: 'Geheimhoudingsovereenkomst'});
		await f.getByRole('button', {name: 'Ontvanger toevoegen'}).click();
		await c.locator('table.recipients').getByText(name).waitFor();
	}
	ok(true, 'DIS-4: recipients are added with their duty of confidentiality');
	await c.getByRole('button', {name: 'Nieuwe verstrekking'}).click();
	const form = c.locator('form.new-disclosure');
	await form.getByLabel('Ontvanger').selectOption({label: 'Onderzoeksbureau Zorgdata · Onderzoeker · NL'});
	await form.getByLabel('Zorggegevens').check();
	await form.getByLabel('Doel').selectOption({label: 'Onderzoek'});
	await form.getByRole('button', {name: 'Verstrekken'}).click();
	const refused = form.locator('.door.refused');
	await refused.waitFor();
	ok(await refused.getAttribute('data-rule') === 'DIS-1' && /geen geldige toestemming/.test(await refused.textContent()),
	   'DIS-1: a disclosure without consent shows the door\'s refusal and its rule');
	ok(await c.getByText('Er is nog niets verstrekt.').count() === 1, 'DIS-1: the refused disclosure is not in the register');
	await axe(c, 'the disclosures tab with a refusal');
	await shot(c, 'disclosure-refused');
	await noKeys(c, 'the disclosures tab');

	await form.getByLabel('Ontvanger').selectOption({label: 'Zorgverzekeraar Midden · Verzekeraar · NL'});
	await form.getByLabel('Doel').selectOption({label: 'Risicobeoordeling'});
	await form.getByRole('button', {name: 'Verstrekken'}).click();
	const permitted = form.locator('.door.permitted');
	await permitted.waitFor();
	ok(await permitted.getAttribute('data-rule') === 'DIS-2' && /Risicobeoordeling/.test(await permitted.textContent()),
	   'DIS-2: a permitted disclosure shows the door\'s ground and rule');
	await c.locator('table.disclosures').getByText('Zorgverzekeraar Midden').waitFor();
	ok(await c.locator('table.disclosures tbody tr').count() === 1, 'DIS-1: the permitted disclosure is in the register');
	await c.setViewportSize({width: 360, height: 740});
	ok(await c.evaluate(() => document.documentElement.scrollWidth <= 360), 'the disclosures tab fits a 360 px wide screen');
	await shot(c, 'disclosures-360');
	await c.setViewportSize({width: 1280, height: 800});

	/* The assignee records a correction, grants and carries it out: the
	 * record then shows the correction beside its original (COR-2). */
	await c.goto(env.url + '/#/requests/' + rect.body.id);
	await c.getByRole('heading', {level: 1, name: 'Verzoek: Correctie'}).waitFor();
	const ch = c.locator('details[data-act="changes"]');
	await ch.locator('summary').click();
	/* The client's entries load after the form opens. */
	await ch.getByLabel('Gegeven', {exact: true}).locator('option', {hasText: /^Zorggegevens/}).first()
		.waitFor({state: 'attached', timeout: 15000}).catch(() => {});
	const opts = await ch.getByLabel('Gegeven', {exact: true}).locator('option').evaluateAll(os => os.map(o => [o.value, o.textContent]));
	const care = opts.find(([v, text]) => v && /^Zorggegevens/.test(text));
	ok(!!care, 'COR-1: the assignee picks the entry to correct from the client\'s entries');
	await ch.getByLabel('Gegeven', {exact: true}).selectOption(care[0]);
	await ch.getByLabel('Tekst').fill('Cliënt vraagt om deze correctie: de juiste gang van zaken.');
	await ch.getByLabel('Reden van de wijziging').fill('Verzoek van de cliënt');
	await ch.getByRole('button', {name: 'Wijziging vastleggen'}).click();
	await c.locator('table tr[data-change]').first().waitFor();
	ok(await c.locator('table tr[data-change]').count() === 1, 'COR-1: the change is recorded on the request');
	await c.locator('details[data-act="decide"]').getByRole('button', {name: 'Besluiten'}).click();
	await c.locator('details[data-act="carry-out"]').getByRole('button', {name: 'Uitvoeren'}).click();
	await c.locator('dd[data-field="requests.state"]', {hasText: 'Uitgevoerd'}).waitFor();
	ok(!/Nog niet/.test(await c.locator('table tr[data-change]').textContent()), 'COR-2: carrying out did the change');
	await axe(c, 'a carried-out rectification');
	await shot(c, 'request-rectification');
	await noKeys(c, 'a carried-out rectification');
	await c.goto(env.url + '/#/clients/' + client.id);
	await c.locator('article.entry.corrected').first().waitFor();
	ok(/de juiste gang van zaken/.test(await c.locator('article.entry.corrected').first().textContent()),
	   'COR-2: the record shows the correction beside its original');

	/* COR-3: the insurer received the care data before the correction,
	 * so carrying it out opened a notice to it; it is recorded as sent. */
	await c.goto(env.url + '/#/clients/' + client.id + '/disclosures');
	const nt = c.locator('ul.notices li').first();
	await nt.waitFor();
	ok(/Zorgverzekeraar Midden/.test(await nt.textContent()) && /Nog te doen/.test(await nt.textContent()),
	   'COR-3: the correction opened a notice to the recipient who had the data');
	await nt.getByLabel('Via').selectOption({label: 'Beveiligde e-mail'});
	await nt.getByRole('button', {name: 'Vastleggen'}).click();
	await c.locator('ul.notices li .badge', {hasText: 'Verstuurd'}).waitFor();
	ok(await c.locator('ul.notices form').count() === 0, 'COR-3: the notice is recorded as sent');
	await axe(c, 'the disclosures tab with a notice');
	await shot(c, 'disclosure-notices');

	/* The shields and restriction tab: the coordinator shields a category. */
	await c.goto(env.url + '/#/clients/' + client.id + '/protection');
	await c.getByRole('heading', {level: 2, name: 'Afgeschermde gegevens'}).waitFor();
	await c.getByText('Er is niets afgeschermd.').waitFor();
	await c.getByLabel('Of een hele categorie').selectOption({label: 'Medische gegevens'});
	await c.getByRole('button', {name: 'Afschermen', exact: true}).click();
	await c.locator('ul.shields li').first().waitFor();
	ok(/Medische gegevens/.test(await c.locator('ul.shields').textContent()), 'SHD-1: the shielded category shows');
	/* Restricting is for the DPO: the coordinator is refused in words. */
	await c.getByLabel('Grond').selectOption({label: 'Juistheid betwist'});
	await c.getByRole('button', {name: 'Beperken', exact: true}).click();
	const rst = c.locator('section[aria-labelledby="restriction-title"] [role="alert"]');
	await rst.waitFor();
	ok(/functionaris gegevensbescherming/.test(await rst.textContent()),
	   'RST-1: a coordinator placing a restriction is refused, in words');
	await axe(c, 'the shields and restriction tab');
	await shot(c, 'protection');
	await noKeys(c, 'the shields and restriction tab');

	/* The DPO restricts, tells the client, and lifts (RST-1). */
	await p.setViewportSize({width: 1280, height: 800});
	await p.goto(env.url + '/#/clients/' + client.id + '/protection');
	await p.getByLabel('Grond').selectOption({label: 'Juistheid betwist'});
	await p.getByRole('button', {name: 'Beperken', exact: true}).click();
	await p.getByRole('heading', {level: 3, name: 'De verwerking is beperkt'}).waitFor();
	await p.getByRole('button', {name: 'Beperking opheffen'}).click();
	await p.locator('.restriction [role="alert"]').waitFor();
	ok(true, 'RST-1: lifting before the client was told is refused');
	await p.getByRole('button', {name: 'Bericht vastleggen'}).click();
	await p.getByText('Cliënt bericht').waitFor();
	await p.getByRole('button', {name: 'Beperking opheffen'}).click();
	await p.getByRole('heading', {level: 3, name: 'De beperking is opgeheven'}).waitFor();
	ok(true, 'RST-1: after the notice the restriction is lifted');
});
