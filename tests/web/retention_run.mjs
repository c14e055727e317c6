// Browser test (issue 16): the DPO runs the retention sweep from the
// dashboard (RET-1, RET-3, RET-4). Two clients' records are made due
// (their entries and last change moved to 2000, past every period, the
// WGBO's 20 years included); one gets a legal hold. The DPO previews
// (nothing changes), presses "Nu vernietigen", confirms in the dialog
// and sees the summary: the record that was due is gone, the held one
// is kept whole, the other organisation is untouched, and the audit
// chain verifies. A professional and an administrator are refused
// (403), a run on another day or without confirmation is a 400, no axe
// violations, 360 px wide.
import {execFileSync} from 'node:child_process';
import {run, page, login, ok, shot, axe, apiLogin, zk} from './lib.mjs';

const T = 'woondroomzorg';

function sql(env, q) {
	return execFileSync('sqlite3', [env.db, q], {encoding: 'utf8'}).trim();
}

await run('web_retention_run', async env => {
	const pick = "SELECT id FROM subject WHERE kind = 'client' AND tenant_id ="
		+ " (SELECT id FROM tenant WHERE slug = 'woondroomzorg') ORDER BY id LIMIT 2";
	const [gone, kept] = sql(env, `SELECT uid FROM subject WHERE id IN (${pick}) ORDER BY id`).split('\n');
	/* RET-1: past every period: the entries and the record's last change. */
	sql(env, `UPDATE entry SET created_at = '2000-01-01T00:00:00Z' WHERE subject_id IN (${pick});`
		+ ` UPDATE subject SET created_at = '2000-01-01T00:00:00Z', updated_at = '2000-01-01T00:00:00Z' WHERE id IN (${pick});`
		+ ` UPDATE subject_retention SET record_changed_on = '2000-01-01' WHERE subject_id IN (${pick});`);
	const keptEntries = sql(env, `SELECT count(*) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.uid = '${kept}'`);
	const other = sql(env, "SELECT count(*) FROM entry WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'klaverblad')");

	/* RET-3: the DPO holds the second record. */
	const dpo = await apiLogin(env, T, 'dpo');
	const hold = await dpo('POST', `clients/${kept}/holds`, {reason: 'Tuchtzaak loopt'});
	ok(hold.status === 201, 'RET-3: the DPO sets a hold: ' + hold.status);

	/* RET-4: deny by default: not a professional, not an administrator. */
	for (const who of ['professional', 'administrator']) {
		const other = await apiLogin(env, T, who);
		const r = await other('POST', 'retention/run', {dry_run: true});
		ok(r.status === 403 && r.body.error.rule === 'RET-4', `RET-4: ${who} may not start the sweep: ${r.status}`);
	}
	/* A run is today's and destroys only when confirmed. */
	let r = await dpo('POST', 'retention/run', {dry_run: false});
	ok(r.status === 400, 'RET-4: a run without confirmation is refused: ' + r.status);
	r = await dpo('POST', 'retention/run', {dry_run: true, on: '2099-01-01'});
	ok(r.status === 400, 'RET-4: a run on a day in the future is refused: ' + r.status);
	r = await dpo('POST', 'retention/run', {dry_run: 'yes'});
	ok(r.status === 400, 'RET-4: dry_run must be a boolean: ' + r.status);
	ok(sql(env, `SELECT count(*) FROM subject WHERE uid = '${gone}' AND key_destroyed_at IS NULL`) === '1',
	   'RET-4: nothing was destroyed by the refused calls');

	/* The DPO: preview, "Nu vernietigen", confirm, summary. */
	const p = await page(env, {bypassCSP: true, width: 360});
	await login(p, env, T, 'dpo');
	await p.goto(env.url + '/#/dashboard');
	const sec = p.locator('section[data-section="retention"]');
	await sec.getByText(/Een ronde vandaag vernietigt 1 volledig/).waitFor();
	await sec.getByRole('button', {name: 'Bekijk wat een ronde nu vernietigt'}).click();
	const prev = sec.locator('.retention-summary[data-dry-run="true"]');
	await prev.waitFor();
	ok(/1 volledig/.test(await prev.textContent()) && /door een blokkade/.test(await prev.textContent()),
	   'RET-3, RET-4: the preview counts one record and one kept by its hold: ' + await prev.textContent());
	ok(sql(env, `SELECT count(*) FROM subject WHERE uid = '${gone}' AND key_destroyed_at IS NULL`) === '1',
	   'RET-4: the preview destroyed nothing');
	await axe(p, 'the retention preview');
	await sec.getByRole('button', {name: 'Nu vernietigen'}).click();
	const dlg = p.getByRole('dialog', {name: 'Gegevens definitief vernietigen?'});
	await dlg.waitFor();
	await shot(p, 'retention_run_confirm');
	/* Cancel first: nothing happens. */
	await dlg.getByRole('button', {name: 'Annuleren'}).click();
	await dlg.waitFor({state: 'hidden'});
	ok(sql(env, `SELECT count(*) FROM subject WHERE uid = '${gone}' AND key_destroyed_at IS NULL`) === '1',
	   'RET-4: a cancelled dialog destroys nothing');
	await sec.getByRole('button', {name: 'Nu vernietigen'}).click();
	await dlg.getByRole('button', {name: 'Ja, vernietigen'}).click();
	const done = p.locator('section[data-section="retention"] .retention-summary[data-dry-run="false"]');
	await done.waitFor();
	ok(/Vernietigd: 1 volledig/.test(await done.textContent()), 'RET-4: the summary names what was destroyed: ' + await done.textContent());
	await sec.getByText('Vandaag is niets aan vernietiging toe.').waitFor();
	await axe(p, 'the retention summary');
	await shot(p, 'retention_run_done');

	/* RET-4: what was due is gone; RET-3: the held record is whole. */
	ok((await dpo('GET', `clients/${gone}`)).status !== 200, 'RET-4: the record that was due is gone');
	ok(sql(env, `SELECT count(*) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.uid = '${gone}'`) === '0',
	   'RET-4: no entry of the destroyed record stays');
	ok(sql(env, `SELECT count(*) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.uid = '${kept}'`) === keptEntries,
	   'RET-3: the held record keeps every entry');
	ok(sql(env, "SELECT count(*) FROM entry WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'klaverblad')") === other,
	   'RET-4: the other organisation is untouched');
	/* LOG-1: the run is logged with the DPO as the one who started it. */
	const me = sql(env, "SELECT uid FROM staff_user WHERE username = 'dpo' AND tenant_id = (SELECT id FROM tenant WHERE slug = 'woondroomzorg')");
	ok(sql(env, `SELECT count(*) FROM audit_log WHERE event = 'retention.run' AND user_uid = '${me}'`) === '1',
	   'LOG-1: the DPO\'s start of the run is logged as the DPO\'s');
	ok(Number(sql(env, `SELECT count(*) FROM audit_log WHERE on_behalf_of = '${me}'`)) >= 2,
	   'LOG-1: the run\'s own entries name the DPO as the one responsible');
	const v = zk('audit', 'verify', '--db', env.db);
	ok(/OK/.test(v), 'LOG-6: the audit chain verifies after the run: ' + v.trim());
});
