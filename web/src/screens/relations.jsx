/*
 * relations.jsx: a client's care relations (ACC-2): who holds one, of
 * what kind and for which days; giving one (by the responsible
 * professional or the team lead, as the profile's care_relations say,
 * ACC-5) and ending one. Also the small helpers the other client tabs
 * share: today's date, a refusal in words, and what the scheme lets the
 * user do.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post, patch, ApiError} from '../api.js';
import {t, has, fmtDate} from '../i18n.js';
import {baseRoles} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Dialog, Submit, Notice, useId} from '../ui.jsx';
import {ClientPage} from './record.jsx';

/* Today as YYYY-MM-DD in the user's own calendar (the API's dates are
 * calendar days, not instants). */
export function today(offset = 0) {
	const d = new Date();
	d.setDate(d.getDate() + offset);
	const p = n => String(n).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/*
 * The API says why it refused in its message ("refused:
 * relation_for_oneself (ACC-2)"); where this area's catalogue has words
 * for that reason, or for the code under that rule, they say more than
 * the general text. Anything else goes to ErrorBox as it came.
 */
export function refusal(e) {
	if (!e || !e.code)
		return e;
	const m = /refused: ([a-z_]+)/.exec(e.message || '');
	if (m && has('error.ct.' + m[1]))
		return new ApiError(e.status, 'ct.' + m[1], e.message, e.rule);
	if (e.rule && has('error.ct.' + e.code + '.' + e.rule))
		return new ApiError(e.status, 'ct.' + e.code, e.message, e.rule);
	/* Some 400s name their rule only in the message ("... must be
	 * explicit (CON-2)"). */
	const r = /\(([A-Z]{2,4}-\d+)\)/.exec(e.message || '');
	if (!e.rule && r && has('error.ct.' + e.code + '.' + r[1]))
		return new ApiError(e.status, 'ct.' + e.code, e.message, r[1]);
	return e;
}

/* A checkbox inside its own label (Field puts the label above, which
 * leaves a lone box in the middle of the line). */
export function Check({label, hint, ...props}) {
	const hid = useId('chk') + '-hint';
	return (
		<div class="field">
			<label>
				<input type="checkbox" {...props} aria-describedby={hint ? hid : undefined} />
				{' '}{label}
			</label>
			{hint && <p class="hint" id={hid}>{hint}</p>}
		</div>
	);
}

/* GET path, a refusal in this area's words. */
export function load(path) {
	return get(path).catch(e => {
		throw refusal(e);
	});
}

/* A text from the catalogue for a code, or the code itself. */
export function word(prefix, code) {
	return code && has(prefix + code) ? t(prefix + code) : code || '';
}

/* The user's relations with the client in force today. */
export function myRelations(s, relations) {
	const me = s.session && s.session.user.username;
	const d = today();
	return (relations || []).filter(r => r.username === me && r.valid_from <= d &&
					 (!r.valid_until || r.valid_until >= d)).map(r => r.relation);
}

/*
 * Whether the scheme may let the user do act on cat for this client,
 * given their relations. A requirement the screen cannot see (team,
 * author) counts as perhaps: this only hides what is surely refused;
 * the server decides.
 */
export function mayDo(s, mine, cat, act) {
	const p = s.profile;
	if (!p || !s.session)
		return false;
	const roles = new Set(s.session.user.roles);
	for (const g of p.scheme || []) {
		if (!g.roles.some(r => roles.has(r)) || !g.categories.includes(cat) || !g.actions.includes(act))
			continue;
		const req = g.requires || ['any'];
		if (req.includes('any') || req.includes('team') || req.some(r => mine.includes(r)))
			return true;
	}
	return false;
}

/* Loads the client's relations once for a tab that needs the user's own. */
export function useRelations(id) {
	return useLoad(() => load('clients/' + encodeURIComponent(id) + '/relations'), [id]);
}

const KINDS = ['responsible', 'co_treating', 'substitute'];

function status(r) {
	const d = today();
	if (r.valid_from > d)
		return 'future';
	if (r.valid_until && r.valid_until < d)
		return 'ended';
	return 'current';
}

/*
 * Who gives relations under the profile (ACC-5): the responsible
 * professional, a team lead, or the office where the profile lets it.
 * could: the user's roles might (a role that holds relations may be the
 * responsible one elsewhere; the server says so in words when not);
 * does: the user is one of them for this client, as far as the screen
 * can see.
 */
function giver(s, mine) {
	const cr = s.profile && s.profile.care_relations;
	if (!cr)
		return {could: false, does: false};
	const roles = s.session.user.roles;
	const lead = (cr.given_by_team_lead || []).some(r => roles.includes(r));
	const office = (cr.given_by_office_for_team || []).length > 0 && baseRoles(s).has('office');
	const responsible = !!cr.given_by_responsible && mine.includes('responsible');
	const holder = !!cr.given_by_responsible && roles.some(r => (cr.held_by || []).includes(r));
	return {could: lead || office || responsible || holder, does: lead || office || responsible};
}

function GiveForm({id, onDone, onCancel}) {
	const [v, setV] = useState({username: '', relation: 'co_treating', valid_from: today(), valid_until: ''});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {username: v.username.trim(), relation: v.relation, valid_from: v.valid_from};
			if (v.valid_until)
				body.valid_until = v.valid_until;
			try {
				await post('clients/' + encodeURIComponent(id) + '/relations', body);
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="give-rel-title">
			<h3 id="give-rel-title">{t('ct.rel.give_title')}</h3>
			<Field label={t('ct.rel.username')} hint={t('ct.rel.username_hint')}>
				<input name="username" autocomplete="off" required value={v.username} onInput={set('username')} />
			</Field>
			<Field label={t('ct.rel.kind')}>
				<select name="relation" value={v.relation} onChange={set('relation')}>
					{KINDS.map(k => <option key={k} value={k}>{t('ct.rel.kind.' + k)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.rel.valid_from')}>
				<input type="date" name="valid_from" required value={v.valid_from} onInput={set('valid_from')} />
			</Field>
			<Field label={t('ct.rel.valid_until_optional')} hint={t('ct.rel.valid_until_hint')}>
				<input type="date" name="valid_until" value={v.valid_until} onInput={set('valid_until')} />
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('ct.rel.give')}</Submit>
			</div>
		</form>
	);
}

function EndDialog({rel, onClose, onDone}) {
	const [until, setUntil] = useState(today());
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await patch('relations/' + encodeURIComponent(rel.id), {valid_until: until});
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<Dialog open={!!rel} title={t('ct.rel.end_title')} onClose={onClose}>
			<form onSubmit={submit} novalidate>
				<p>{t('ct.rel.end_explain', {who: rel.username, kind: t('ct.rel.kind.' + rel.relation)})}</p>
				<Field label={t('ct.rel.last_day')} hint={t('ct.rel.last_day_hint')}>
					<input type="date" name="valid_until" required min={today(-1)} value={until} onInput={e => setUntil(e.currentTarget.value)} />
				</Field>
				<ErrorBox error={act.error} />
				<div class="buttons">
					<button type="button" onClick={onClose}>{t('common.cancel')}</button>
					<Submit busy={act.busy}>{t('ct.rel.end')}</Submit>
				</div>
			</form>
		</Dialog>
	);
}

/* Keyed by the client, so nothing typed for one client stays for the next. */
export function Relations(props) {
	return <RelationsTab key={props.params.id} {...props} />;
}

function RelationsTab({params, s}) {
	const id = params.id;
	const [state, reload] = useRelations(id);
	const [giving, setGiving] = useState(false);
	const [ending, setEnding] = useState(null);
	const [done, setDone] = useState('');
	const me = s.session.user.username;
	return (
		<ClientPage id={id} tab="/relations">
			<h2>{t('ct.rel.title')}</h2>
			<p>{t('ct.rel.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => {
					const mine = myRelations(s, data.relations);
					const g = giver(s, mine);
					return (
						<div>
							{data.relations.length === 0 ? <p>{t('ct.rel.none')}</p> : (
								<div class="table-wrap">
									<table class="list relations">
										<caption class="sr-only">{t('ct.rel.title')}</caption>
										<thead>
											<tr>
												<th scope="col">{t('ct.rel.username')}</th>
												<th scope="col">{t('ct.rel.kind')}</th>
												<th scope="col">{t('ct.rel.period')}</th>
												<th scope="col">{t('ct.rel.status')}</th>
												<th scope="col"><span class="sr-only">{t('ct.rel.actions')}</span></th>
											</tr>
										</thead>
										<tbody>
											{data.relations.map(r => {
												const st = status(r);
												return (
													<tr key={r.id} data-relation={r.id} data-status={st}>
														<td>{r.username}{r.username === me && <span class="meta"> {t('ct.rel.you')}</span>}</td>
														<td>{t('ct.rel.kind.' + r.relation)}</td>
														<td>{r.valid_until
															? t('ct.rel.from_until', {from: fmtDate(r.valid_from), until: fmtDate(r.valid_until)})
															: t('ct.rel.from', {from: fmtDate(r.valid_from)})}</td>
														<td><span class={'badge ' + (st === 'current' ? 'green' : 'grey')}>{t('ct.rel.status.' + st)}</span></td>
														<td>
															{st !== 'ended' && (g.does || r.username === me) && (
																<button type="button" onClick={() => {
																	setDone('');
																	setEnding(r);
																}} aria-label={t('ct.rel.end_for', {who: r.username})}>{t('ct.rel.end')}</button>
															)}
														</td>
													</tr>
												);
											})}
										</tbody>
									</table>
								</div>
							)}
							{g.could && !giving && (
								<button type="button" class="primary" onClick={() => {
									setDone('');
									setGiving(true);
								}}>{t('ct.rel.give_title')}</button>
							)}
							{giving && (
								<GiveForm id={id} onCancel={() => setGiving(false)} onDone={() => {
									setGiving(false);
									setDone('ct.rel.given');
									reload();
								}} />
							)}
						</div>
					);
				}}
			</Loaded>
			{ending && (
				<EndDialog rel={ending} onClose={() => setEnding(null)} onDone={() => {
					setEnding(null);
					setDone('ct.rel.ended');
					reload();
				}} />
			)}
		</ClientPage>
	);
}
