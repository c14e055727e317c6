// Browser test (issue 15): the client's tabs beside the record and the
// log. The responsible professional gives a care relation and ends it,
// and is refused in words where they are not responsible (ACC-2, ACC-5);
// representatives show in the profile's order (REP-1, REP-2), one is
// marked as declining and another ended, a written authorisation by a
// child is refused (REP-3), a capacity judgement is recorded and lapses
// (REP-4), letters directly to the client are recorded and lifted
// (REP-5); a consent is recorded by the parent and withdrawn, and stays
// listed as withdrawn (CON-1, CON-3), one that the child may not give is
// refused (REP-1), as is one not explicit for care data (CON-2); an
// objection is recorded (OBJ-1); an exemption is recorded and the client
// informed, after which an exemption is refused (INF-1, INF-2). The
// office does not see the relation form and is refused the capacity
// judgements in words (ACC-1). axe-core on every tab, at 1280 and at
// 360 pixels wide.
import {run, page, login, ok, shot, axe, apiLogin} from './lib.mjs';

const T = 'woondroomzorg';

function isoToday() {
	const d = new Date();
	const p = n => String(n).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/* No text key shows raw: every text the tabs use is in the catalogues. */
async function noKeys(p, what) {
	const text = await p.locator('main').innerText();
	const m = /\b(ct|error)\.[a-z_.]+/.exec(text);
	ok(!m, `every text on ${what} comes from the catalogue` + (m ? ` (${m[0]})` : ''));
}

await run('web_clienttabs', async env => {
	/* Setup through the API: the office sees every client and its
	 * relations (no second factor, so the professional's code stays
	 * fresh for the browser); the DPO publishes a privacy notice. */
	const office = await apiLogin(env, T, 'office');
	const all = (await office('GET', 'clients?limit=200')).body.clients;
	let mine = null, other = null;
	for (const c of all) {
		const rels = (await office('GET', `clients/${c.id}/relations`)).body.relations;
		const me = rels.find(r => r.username === 'professional' && !r.valid_until);
		if (!me)
			continue;
		const age = (Date.now() - Date.parse(c.identity.birth_date)) / (365.25 * 86400e3);
		if (me.relation === 'responsible' && age < 12 && !mine)
			mine = c;
		if (me.relation === 'substitute' && !other)
			other = c;
	}
	ok(mine && other, 'ACC-2: the demo has a child the professional is responsible for, and a client they only substitute for');
	const dpo = await apiLogin(env, T, 'dpo');
	ok((await dpo('POST', 'privacy-notices', {version: '2026.1', published_on: '2026-06-01', summary: 'Privacyverklaring WoondroomZorg'})).status === 201,
	   'INF-1: the DPO publishes a privacy notice');
	const name = c => [c.identity.given_names, c.identity.family_name].join(' ');
	const base = id => env.url + '/#/clients/' + id;

	const p = await page(env, {bypassCSP: true});
	await login(p, env, T, 'professional');

	/* --- care relations ------------------------------------------------ */
	await p.goto(base(mine.id) + '/relations');
	await p.getByRole('heading', {level: 1, name: name(mine)}).waitFor();
	await p.getByRole('heading', {level: 2, name: 'Zorgrelaties'}).waitFor();
	await p.locator('table.relations tbody tr').first().waitFor();
	ok(await p.getByRole('link', {name: 'Zorgrelaties'}).getAttribute('aria-current') === 'page',
	   'the tab shows where the user is');
	await axe(p, 'the care relations tab');
	await noKeys(p, 'the care relations tab');
	await p.getByRole('button', {name: 'Zorgrelatie geven'}).click();
	await p.getByLabel('Medewerker (gebruikersnaam)').fill('administrator');
	await p.getByLabel('Soort relatie').selectOption('co_treating');
	await p.getByRole('button', {name: 'Relatie geven'}).click();
	let alert = p.locator('form').getByRole('alert');
	await alert.waitFor();
	ok(/geen zorgrelatie kan hebben/.test(await alert.textContent()) && /ACC-2/.test(await alert.textContent()),
	   'ACC-2: a relation for an administrator is refused, in words, naming the rule');
	await p.getByLabel('Medewerker (gebruikersnaam)').fill('cor.bakker');
	await p.getByRole('button', {name: 'Relatie geven'}).click();
	await p.getByRole('status').filter({hasText: 'De zorgrelatie is gegeven.'}).waitFor();
	const row = p.locator('table.relations tbody tr', {hasText: 'cor.bakker'});
	await row.waitFor();
	ok(await row.count() === 1 && /Medebehandelaar/.test(await row.textContent()),
	   'ACC-5: the responsible professional gives a relation and it is listed');
	await shot(p, 'client-relations');
	await row.getByRole('button', {name: 'Relatie van cor.bakker beëindigen'}).click();
	const endDlg = p.getByRole('dialog', {name: 'Zorgrelatie beëindigen'});
	await endDlg.waitFor();
	await axe(p, 'the dialog that ends a relation');
	await endDlg.getByRole('button', {name: 'Beëindigen'}).click();
	await p.getByRole('status').filter({hasText: 'De zorgrelatie is beëindigd.'}).waitFor();
	await row.filter({hasText: 'tot en met'}).waitFor();
	ok(/tot en met/.test(await row.textContent()), 'ACC-5: the ended relation shows its last day');
	const after = (await office('GET', `clients/${mine.id}/relations`)).body.relations.find(r => r.username === 'cor.bakker');
	ok(after && after.valid_until === isoToday(), 'ACC-5: the relation ends today on the server');

	/* Not the responsible professional here: refused, in words. */
	await p.goto(base(other.id) + '/relations');
	await p.getByRole('heading', {level: 1, name: name(other)}).waitFor();
	await p.getByRole('button', {name: 'Zorgrelatie geven'}).click();
	await p.getByLabel('Medewerker (gebruikersnaam)').fill('cor.bakker');
	await p.getByRole('button', {name: 'Relatie geven'}).click();
	alert = p.locator('form').getByRole('alert');
	await alert.waitFor();
	ok(/Alleen de verantwoordelijke begeleider of de coördinator/.test(await alert.textContent()) &&
	   /ACC-5/.test(await alert.textContent()),
	   'ACC-5: a professional who is not responsible is refused giving a relation, in words');
	const still = (await office('GET', `clients/${other.id}/relations`)).body.relations;
	ok(!still.some(r => r.username === 'cor.bakker' && r.valid_from === isoToday()), 'ACC-5: the refused relation was not given');

	/* --- representatives and capacity ---------------------------------- */
	await p.goto(base(mine.id) + '/representation');
	await p.getByRole('heading', {level: 2, name: 'Vertegenwoordigers'}).waitFor();
	await p.getByText('Er zijn geen vertegenwoordigers vastgelegd.').waitFor();
	const addRep = async (kind, who) => {
		await p.getByRole('button', {name: 'Vertegenwoordiger toevoegen'}).click();
		await p.getByLabel('Hoedanigheid').selectOption(kind);
		await p.getByLabel('Naam', {exact: true}).fill(who);
		await p.getByRole('button', {name: 'Vertegenwoordiger opslaan'}).click();
	};
	await addRep('sibling', 'Sanne de Zus');
	await p.getByRole('status').filter({hasText: 'De vertegenwoordiger is toegevoegd.'}).waitFor();
	await addRep('parent_with_authority', 'Marja Moeder');
	await p.locator('table.representatives tbody tr', {hasText: 'Marja Moeder'}).waitFor();
	const order = await p.locator('table.representatives tbody tr td:nth-child(2)').allTextContents();
	ok(order[0] === 'Marja Moeder' && order[1] === 'Sanne de Zus',
	   'REP-1, REP-2: the parent with authority of a child comes before the sibling added earlier (' + order.join(', ') + ')');
	await addRep('authorised_in_writing', 'Kees Gemachtigd');
	alert = p.locator('form').getByRole('alert');
	await alert.waitFor();
	ok(/te jong/.test(await alert.textContent()) && /REP-3/.test(await alert.textContent()),
	   'REP-3: a written authorisation by a child is refused, in words');
	await p.getByRole('button', {name: 'Annuleren'}).click();
	ok(await p.locator('table.representatives tbody tr', {hasText: 'Kees'}).count() === 0, 'REP-3: nobody was added');

	await p.getByRole('button', {name: 'Oordeel vastleggen'}).first().click();
	await p.getByLabel('Oordeel', {exact: true}).selectOption('false');
	await p.getByLabel('Reikwijdte').selectOption('privacy');
	await p.getByLabel('Waarover').fill('toestemming en verzoeken');
	await p.getByRole('button', {name: 'Oordeel opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'Het oordeel is vastgelegd.'}).waitFor();
	const cap = p.locator('table.capacity tbody tr', {hasText: 'toestemming en verzoeken'});
	await cap.waitFor();
	ok(await cap.count() === 1 && /Niet in staat/.test(await cap.textContent()) && /professional/.test(await cap.textContent()),
	   'REP-4: the capacity judgement is listed with its assessor');
	await axe(p, 'the representation tab');
	await noKeys(p, 'the representation tab');
	await shot(p, 'client-representation');
	await cap.getByRole('button', {name: /laten vervallen/}).click();
	const lapse = p.getByRole('dialog', {name: 'Oordeel laten vervallen'});
	await lapse.getByRole('button', {name: 'Laten vervallen'}).click();
	await p.getByRole('status').filter({hasText: 'Het oordeel is vervallen.'}).waitFor();
	await p.locator('table.capacity tr[data-lapsed="true"]').waitFor();
	ok(await cap.getAttribute('data-lapsed') === 'true' && /vervallen op/.test(await cap.textContent()),
	   'REP-4: the judgement lapses and says so in words');

	/* A change in place: the sibling declines (REP-2). */
	await p.getByRole('button', {name: 'Sanne de Zus wijzigen'}).click();
	const chg = p.getByRole('dialog', {name: 'Sanne de Zus wijzigen'});
	await chg.getByLabel('Wil niet optreden').check();
	await chg.getByRole('button', {name: 'Opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'De vertegenwoordiger is gewijzigd.'}).waitFor();
	await p.locator('table.representatives tbody tr', {hasText: 'Wil niet optreden'}).waitFor();
	ok(/Sanne de Zus/.test(await p.locator('table.representatives tbody tr', {hasText: 'Wil niet optreden'}).textContent()),
	   'REP-2: a representative who declines is marked so');

	/* REP-5: letters directly to the client, recorded and lifted. */
	await p.getByLabel('Waarom rechtstreeks aan de cliënt').fill('Moeder en cliënt hebben een conflict over de zorg');
	await p.getByRole('button', {name: 'Rechtstreeks aan de cliënt vastleggen'}).click();
	await p.getByRole('status').filter({hasText: 'gaan rechtstreeks naar de cliënt'}).waitFor();
	await p.getByRole('button', {name: 'Weer via de vertegenwoordiger'}).click();
	await p.getByRole('status').filter({hasText: 'weer naar de vertegenwoordiger'}).waitFor();
	ok(true, 'REP-5: the judgement that letters go to the client directly is recorded and lifted');

	await p.locator('table.representatives tbody tr', {hasText: 'Sanne de Zus'})
		.getByRole('button', {name: 'Vertegenwoordiging door Sanne de Zus beëindigen'}).click();
	await p.getByRole('dialog', {name: 'Vertegenwoordiging beëindigen'}).getByRole('button', {name: 'Beëindigen'}).click();
	await p.getByRole('status').filter({hasText: 'De vertegenwoordiging is beëindigd.'}).waitFor();
	await p.locator('table.representatives tbody tr', {hasText: 'Sanne de Zus'}).waitFor({state: 'detached'});
	ok(await p.locator('table.representatives tbody tr', {hasText: 'Sanne de Zus'}).count() === 0,
	   'REP-1: an ended representation is no longer listed');

	/* --- consents and objections --------------------------------------- */
	await p.goto(base(mine.id) + '/consents');
	await p.getByRole('heading', {level: 2, name: 'Toestemmingen'}).waitFor();
	await p.getByText('Er zijn geen toestemmingen vastgelegd.').waitFor();
	await axe(p, 'the consents tab, empty');
	await p.getByRole('button', {name: 'Toestemming vastleggen'}).click();
	await p.getByLabel('Zorggegevens').check();
	await p.getByLabel('Waar het bewijs ligt').fill('scan 2026-117');
	await axe(p, 'the consent form');
	await shot(p, 'client-consent-form');
	/* The child of nine cannot consent (REP-1). */
	await p.getByRole('button', {name: 'Toestemming opslaan'}).click();
	alert = p.locator('form').getByRole('alert');
	await alert.waitFor();
	ok(/niet namens de cliënt optreden/.test(await alert.textContent()) && /REP-1/.test(await alert.textContent()),
	   'REP-1: a child of nine giving consent is refused, in words');
	await p.getByLabel('Gegeven door').selectOption({label: 'Marja Moeder (Ouder met gezag)'});
	/* Health data needs explicit consent (CON-2). */
	await p.getByLabel('Uitdrukkelijke toestemming').uncheck();
	await p.getByRole('button', {name: 'Toestemming opslaan'}).click();
	await p.locator('form').getByRole('alert').filter({hasText: 'CON-2'}).waitFor();
	ok(/moet uitdrukkelijk zijn/.test(await p.locator('form').getByRole('alert').textContent()),
	   'CON-2: consent to care data that is not explicit is refused, in words');
	await p.getByLabel('Uitdrukkelijke toestemming').check();
	await p.getByRole('button', {name: 'Toestemming opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'De toestemming is vastgelegd.'}).waitFor();
	const consent = p.locator('table.consents tbody tr').first();
	await consent.waitFor();
	ok(await consent.getAttribute('data-withdrawn') === 'false' && /Marja Moeder/.test(await consent.textContent()) &&
	   /scan 2026-117/.test(await consent.textContent()) && /Van kracht/.test(await consent.textContent()),
	   'CON-1, REP-6: the consent is listed in force, with who gave it and where its proof is');
	await consent.getByRole('button', {name: /intrekken/}).click();
	const wd = p.getByRole('dialog', {name: 'Toestemming intrekken'});
	await wd.getByLabel('Ingetrokken door').selectOption({label: 'Marja Moeder (Ouder met gezag)'});
	await axe(p, 'the dialog that withdraws a consent');
	await wd.getByRole('button', {name: 'Intrekken'}).click();
	await p.getByRole('status').filter({hasText: 'De toestemming is ingetrokken.'}).waitFor();
	await p.locator('table.consents tr[data-withdrawn="true"]').waitFor();
	ok(await consent.getAttribute('data-withdrawn') === 'true' && /Ingetrokken/.test(await consent.textContent()) &&
	   await consent.getByRole('button', {name: /intrekken/}).count() === 0,
	   'CON-3: the withdrawn consent stays listed, marked withdrawn, and cannot be withdrawn again');

	await p.getByRole('button', {name: 'Bezwaar vastleggen'}).click();
	await p.getByLabel('Gemaakt door').selectOption({label: 'Marja Moeder (Ouder met gezag)'});
	await p.getByLabel('Bezwaar tegen').selectOption('recipient_kind');
	await p.getByLabel('Soort ontvanger').selectOption('insurer');
	await p.getByRole('button', {name: 'Bezwaar opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'Het bezwaar is vastgelegd.'}).waitFor();
	const obj = p.locator('table.objections tbody tr', {hasText: 'Verzekeraar'});
	await obj.waitFor();
	ok(await obj.count() === 1 && /Marja Moeder/.test(await obj.textContent()), 'OBJ-1: the objection is listed, with who made it');
	await axe(p, 'the consents tab');
	await noKeys(p, 'the consents tab');
	await shot(p, 'client-consents');

	/* --- the information duty ------------------------------------------ */
	await p.goto(base(mine.id) + '/information');
	await p.getByRole('heading', {level: 2, name: 'Wat de cliënt is verteld'}).waitFor();
	await p.getByText(/niet vastgelegd dat de cliënt is geïnformeerd/).waitFor();
	ok(true, 'INF-3: a client not informed is said so plainly');
	await p.getByLabel('Toelichting').fill('gegevens van de gemeente, adres onbekend');
	await p.getByRole('button', {name: 'Uitzondering opslaan'}).click();
	await p.getByRole('status').filter({hasText: 'De uitzondering is vastgelegd.'}).waitFor();
	await p.locator('table.information tr[data-type="exemption"]').waitFor();
	ok(await p.locator('table.information tr[data-type="exemption"]', {hasText: 'Onevenredige inspanning'}).count() === 1,
	   'INF-2: the exemption is listed with its ground');
	await p.getByLabel('Privacyverklaring', {exact: true}).selectOption('2026.1');
	await p.getByLabel('Hoe', {exact: true}).selectOption('letter');
	await p.getByRole('button', {name: 'Informatie vastleggen'}).click();
	await p.getByRole('status').filter({hasText: 'Vastgelegd dat de cliënt is geïnformeerd.'}).waitFor();
	await p.locator('table.information tr[data-type="informed"]').waitFor();
	ok(await p.locator('table.information tr[data-type="informed"]', {hasText: '2026.1'}).count() === 1,
	   'INF-1: that the client was informed, of which notice and how, is listed');
	/* Informed of data from themselves: no exemption (INF-1). */
	await p.getByLabel('Toelichting').fill('nogmaals een uitzondering');
	await p.getByRole('button', {name: 'Uitzondering opslaan'}).click();
	await p.locator('form').getByRole('alert').filter({hasText: 'INF-1'}).waitFor();
	ok(await p.locator('table.information tr[data-type="exemption"]').count() === 1,
	   'INF-1: an exemption for a client informed at collection is refused, in words, and not listed');
	await axe(p, 'the information tab');
	await noKeys(p, 'the information tab');
	await shot(p, 'client-information');

	/* At 360 pixels wide every tab still fits. */
	await p.setViewportSize({width: 360, height: 740});
	for (const tab of ['relations', 'representation', 'consents', 'information']) {
		await p.goto(base(mine.id) + '/' + tab);
		await p.locator('table.list tbody tr').first().waitFor();
		const wide = await p.evaluate(() => document.documentElement.scrollWidth);
		ok(wide <= 362, `the ${tab} tab fits 360 pixels (${wide})`);
		await shot(p, 'client-' + tab + '-360');
	}
	await axe(p, 'the information tab at 360 pixels');


	/* --- the office: no relations to give, no capacity to read ---------- */
	const o = await page(env, {bypassCSP: true});
	await login(o, env, T, 'office');
	await o.goto(base(mine.id) + '/relations');
	await o.locator('table.relations tbody tr').first().waitFor();
	ok(await o.getByRole('button', {name: 'Zorgrelatie geven'}).count() === 0 &&
	   await o.getByRole('button', {name: /beëindigen/}).count() === 0,
	   'ACC-5: the office, which the profile does not let give relations, is not offered it');
	await o.goto(base(mine.id) + '/representation');
	await o.getByRole('heading', {level: 2, name: 'Wilsbekwaamheid'}).waitFor();
	const refused = o.locator('section[aria-labelledby="cap-title"] [role="alert"]');
	await refused.waitFor();
	ok(/Uw rol geeft geen toegang/.test(await refused.textContent()) && /ACC-1/.test(await refused.textContent()),
	   'ACC-1, REP-4: the office is refused the capacity judgements, in words');
	ok(await o.getByRole('button', {name: 'Oordeel vastleggen'}).count() === 0, 'REP-4: the office is not offered to record one');
	await axe(o, 'the representation tab as the office');

	/* One click to English, and the tab speaks it. */
	await o.getByRole('button', {name: 'English'}).or(o.getByRole('link', {name: 'English'})).first().click();
	await o.getByRole('heading', {level: 2, name: 'Capacity'}).waitFor();
	ok(await o.getByRole('heading', {level: 2, name: 'Representatives'}).count() === 1 &&
	   /Your role gives no access/.test(await refused.textContent()),
	   'the representation tab and its refusal speak English after one click');
	await noKeys(o, 'the representation tab in English');
});
