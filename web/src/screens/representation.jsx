/*
 * representation.jsx: who may act for a client. The representatives in
 * the order the profile weighs them (REP-1, REP-2: for a minor the
 * parents with authority or the guardian, then the ranks of
 * representation.order), adding, changing and ending one (REP-1,
 * REP-3); the capacity judgements that decide whether the client acts
 * themselves (REP-4), and letting one lapse; and the judgement that
 * letters go to the client rather than the representative (REP-5).
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post, patch, del, api} from '../api.js';
import {t, fmtDate, fmtDateTime} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Dialog, Submit, Notice} from '../ui.jsx';
import {ClientPage} from './record.jsx';
import {Check, today, load, refusal, word, myRelations, mayDo, useRelations} from './relations.jsx';

export const REP_KINDS = ['parent_with_authority', 'guardian', 'curator', 'mentor', 'authorised_in_writing',
			  'spouse_partner', 'child', 'sibling', 'parent'];

/* Age in whole years on day (both YYYY-MM-DD). */
function ageOn(birth, day) {
	if (!birth)
		return null;
	const [by, bm, bd] = birth.split('-').map(Number);
	const [y, m, d] = day.split('-').map(Number);
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/*
 * The rank the profile gives a kind: for a client younger than
 * act_alone_from the parents with authority and the guardian come first
 * (REP-1); then the ranks of order, first rank first (REP-2). A kind
 * the order does not name has no rank (null).
 */
export function repRank(rep, kind, age) {
	if (!rep)
		return null;
	if (age !== null && age < (rep.act_alone_from || 16) && (rep.for_minors || []).includes(kind))
		return 0;
	const i = (rep.order || []).findIndex(g => g.includes(kind));
	return i < 0 ? null : i + 1;
}

export function inOrder(reps, rep, age) {
	const key = r => {
		const k = repRank(rep, r.kind, age);
		return k === null ? 1000 : k;
	};
	/* The API lists oldest first; a stable sort keeps that within a rank. */
	return reps.map((r, i) => ({r, i})).sort((a, b) => key(a.r) - key(b.r) || a.i - b.i).map(x => x.r);
}

function Flags({r}) {
	const out = [];
	if (r.declines)
		out.push(t('ct.rep.declines'));
	if (r.absent)
		out.push(t('ct.rep.absent'));
	if (r.curator_consents)
		out.push(t('ct.rep.curator_consents'));
	return out.length ? out.join(', ') : '—';
}

function RepForm({id, onDone, onCancel}) {
	const [v, setV] = useState({kind: 'parent_with_authority', name: '', declines: false, absent: false, curator_consents: false});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {kind: v.kind, name: v.name.trim(), declines: v.declines, absent: v.absent};
			if (v.curator_consents && v.kind === 'authorised_in_writing')
				body.curator_consents = true;
			try {
				await post('clients/' + encodeURIComponent(id) + '/representatives', body);
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="rep-add-title">
			<h3 id="rep-add-title">{t('ct.rep.add')}</h3>
			<Field label={t('ct.rep.kind')}>
				<select name="kind" value={v.kind} onChange={set('kind')}>
					{REP_KINDS.map(k => <option key={k} value={k}>{t('ct.rep.kind.' + k)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.rep.name')}>
				<input name="name" required maxlength="200" autocomplete="off" value={v.name} onInput={set('name')} />
			</Field>
			<Check label={t('ct.rep.declines')} name="declines" checked={v.declines} onChange={set('declines')} />
			<Check label={t('ct.rep.absent')} name="absent" checked={v.absent} onChange={set('absent')} />
			{v.kind === 'authorised_in_writing' && (
				<Check label={t('ct.rep.curator_consents')} hint={t('ct.rep.curator_consents_hint')} name="curator_consents" checked={v.curator_consents} onChange={set('curator_consents')} />
			)}
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('ct.rep.save')}</Submit>
			</div>
		</form>
	);
}

/* REP-1, REP-2: a change in place (declines, absent, the curator's
 * consent); the next decision of who acts weighs it. */
function ChangeDialog({r, onClose, onDone}) {
	const [v, setV] = useState({declines: !!r.declines, absent: !!r.absent, curator_consents: !!r.curator_consents});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.checked});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {declines: v.declines, absent: v.absent};
			if (r.kind === 'authorised_in_writing')
				body.curator_consents = v.curator_consents;
			try {
				await patch('representatives/' + encodeURIComponent(r.id), body);
			} catch (e) {
				throw refusal(e);
			}
			onDone('ct.rep.changed');
		});
	};
	return (
		<Dialog open title={t('ct.rep.change_title', {name: r.name})} onClose={onClose}>
			<form onSubmit={submit} novalidate>
				<Check label={t('ct.rep.declines')} name="declines" checked={v.declines} onChange={set('declines')} />
				<Check label={t('ct.rep.absent')} name="absent" checked={v.absent} onChange={set('absent')} />
				{r.kind === 'authorised_in_writing' && (
					<Check label={t('ct.rep.curator_consents')} name="curator_consents" checked={v.curator_consents} onChange={set('curator_consents')} />
				)}
				<ErrorBox error={act.error} />
				<div class="buttons">
					<button type="button" onClick={onClose}>{t('common.cancel')}</button>
					<Submit busy={act.busy}>{t('common.save')}</Submit>
				</div>
			</form>
		</Dialog>
	);
}

function EndRepDialog({r, onClose, onDone}) {
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await del('representatives/' + encodeURIComponent(r.id));
			} catch (e) {
				throw refusal(e);
			}
			onDone('ct.rep.ended');
		});
	};
	return (
		<Dialog open title={t('ct.rep.end_title')} onClose={onClose}>
			<form onSubmit={submit} novalidate>
				<p>{t('ct.rep.end_explain', {name: r.name, kind: t('ct.rep.kind.' + r.kind)})}</p>
				<ErrorBox error={act.error} />
				<div class="buttons">
					<button type="button" onClick={onClose}>{t('common.cancel')}</button>
					<button type="submit" class="danger" disabled={act.busy}>{t('ct.rep.end')}</button>
				</div>
			</form>
		</Dialog>
	);
}

function Representatives({id, s, client, mayChange}) {
	const [state, reload] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/representatives'), [id]);
	const [adding, setAdding] = useState(false);
	const [dialog, setDialog] = useState(null);
	const [done, setDone] = useState('');
	const rep = s.profile && s.profile.representation;
	const age = ageOn(client && client.identity && client.identity.birth_date, today());
	const finish = msg => {
		setDialog(null);
		setAdding(false);
		setDone(msg);
		reload();
	};
	return (
		<section aria-labelledby="reps-title">
			<h2 id="reps-title">{t('ct.rep.title')}</h2>
			<p>{t('ct.rep.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => data.representatives.length === 0 ? <p>{t('ct.rep.none')}</p> : (
					<div class="table-wrap">
						<table class="list representatives">
							<caption class="sr-only">{t('ct.rep.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('ct.rep.rank')}</th>
									<th scope="col">{t('ct.rep.name')}</th>
									<th scope="col">{t('ct.rep.kind')}</th>
									<th scope="col">{t('ct.rep.flags')}</th>
									<th scope="col">{t('ct.rep.since')}</th>
									<th scope="col"><span class="sr-only">{t('ct.rel.actions')}</span></th>
								</tr>
							</thead>
							<tbody>
								{inOrder(data.representatives, rep, age).map(r => {
									const rank = repRank(rep, r.kind, age);
									return (
										<tr key={r.id} data-rep={r.id} data-rank={rank === null ? '' : rank}>
											<td>{rank === null ? t('ct.rep.rank_none') : rank === 0 ? t('ct.rep.rank_minor') : t('ct.rep.rank_n', {n: rank})}</td>
											<td>{r.name}</td>
											<td>{word('ct.rep.kind.', r.kind)}</td>
											<td><Flags r={r} /></td>
											<td>{fmtDateTime(r.created_at)}</td>
											<td>
												{mayChange && (
													<div class="buttons">
														<button type="button" aria-label={t('ct.rep.change_for', {name: r.name})}
															onClick={() => setDialog({what: 'change', r})}>{t('ct.rep.change')}</button>
														<button type="button" aria-label={t('ct.rep.end_for', {name: r.name})}
															onClick={() => setDialog({what: 'end', r})}>{t('ct.rep.end')}</button>
													</div>
												)}
											</td>
										</tr>
									);
								})}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{rep && <p class="hint">{t('ct.rep.order_hint')}</p>}
			{mayChange && !adding && (
				<button type="button" class="primary" onClick={() => {
					setDone('');
					setAdding(true);
				}}>{t('ct.rep.add')}</button>
			)}
			{adding && <RepForm id={id} onCancel={() => setAdding(false)} onDone={() => finish('ct.rep.added')} />}
			{dialog && dialog.what === 'change' && <ChangeDialog r={dialog.r} onClose={() => setDialog(null)} onDone={finish} />}
			{dialog && dialog.what === 'end' && <EndRepDialog r={dialog.r} onClose={() => setDialog(null)} onDone={finish} />}
		</section>
	);
}

const SCOPES = ['general', 'privacy', 'treatment'];

function CapacityForm({id, onDone, onCancel}) {
	const [v, setV] = useState({able: 'false', assessed_on: today(), matter: '', scope: 'privacy', lapses_on: ''});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {able: v.able === 'true', assessed_on: v.assessed_on, matter: v.matter.trim(), scope: v.scope};
			if (v.lapses_on)
				body.lapses_on = v.lapses_on;
			try {
				await post('clients/' + encodeURIComponent(id) + '/capacity', body);
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="cap-add-title">
			<h3 id="cap-add-title">{t('ct.cap.add')}</h3>
			<Field label={t('ct.cap.judgement')}>
				<select name="able" value={v.able} onChange={set('able')}>
					<option value="true">{t('ct.cap.able')}</option>
					<option value="false">{t('ct.cap.not_able')}</option>
				</select>
			</Field>
			<Field label={t('ct.cap.scope')} hint={t('ct.cap.scope_hint')}>
				<select name="scope" value={v.scope} onChange={set('scope')}>
					{SCOPES.map(x => <option key={x} value={x}>{t('ct.cap.scope.' + x)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.cap.matter')}>
				<input name="matter" required maxlength="200" value={v.matter} onInput={set('matter')} />
			</Field>
			<Field label={t('ct.cap.assessed_on')}>
				<input type="date" name="assessed_on" required value={v.assessed_on} onInput={set('assessed_on')} />
			</Field>
			<Field label={t('ct.cap.lapses_on_optional')}>
				<input type="date" name="lapses_on" value={v.lapses_on} onInput={set('lapses_on')} />
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('ct.cap.save')}</Submit>
			</div>
		</form>
	);
}

function LapseDialog({a, onClose, onDone}) {
	const [on, setOn] = useState(today());
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await post('capacity/' + encodeURIComponent(a.id) + '/lapse', on ? {on} : {});
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<Dialog open title={t('ct.cap.lapse_title')} onClose={onClose}>
			<form onSubmit={submit} novalidate>
				<p>{t('ct.cap.lapse_explain', {date: fmtDate(a.assessed_on), matter: a.matter})}</p>
				<Field label={t('ct.cap.lapse_on')}>
					<input type="date" name="on" required value={on} onInput={e => setOn(e.currentTarget.value)} />
				</Field>
				<ErrorBox error={act.error} />
				<div class="buttons">
					<button type="button" onClick={onClose}>{t('common.cancel')}</button>
					<Submit busy={act.busy}>{t('ct.cap.lapse')}</Submit>
				</div>
			</form>
		</Dialog>
	);
}

/* REP-4: capacity is a care judgement, read within a care relation;
 * the office gets a refusal here, in words. */
function Capacity({id, mayRecord}) {
	const [state, reload] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/capacity'), [id]);
	const [adding, setAdding] = useState(false);
	const [lapsing, setLapsing] = useState(null);
	const [done, setDone] = useState('');
	const d = today();
	return (
		<section aria-labelledby="cap-title">
			<h2 id="cap-title">{t('ct.cap.title')}</h2>
			<p>{t('ct.cap.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => data.assessments.length === 0 ? <p>{t('ct.cap.none')}</p> : (
					<div class="table-wrap">
						<table class="list capacity">
							<caption class="sr-only">{t('ct.cap.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('ct.cap.assessed_on')}</th>
									<th scope="col">{t('ct.cap.judgement')}</th>
									<th scope="col">{t('ct.cap.scope')}</th>
									<th scope="col">{t('ct.cap.matter')}</th>
									<th scope="col">{t('ct.cap.assessor')}</th>
									<th scope="col">{t('ct.cap.lapses_on')}</th>
									<th scope="col"><span class="sr-only">{t('ct.rel.actions')}</span></th>
								</tr>
							</thead>
							<tbody>
								{data.assessments.map(a => {
									const lapsed = a.lapses_on && a.lapses_on <= d;
									return (
										<tr key={a.id} data-assessment={a.id} data-lapsed={lapsed ? 'true' : 'false'}>
											<td>{fmtDate(a.assessed_on)}</td>
											<td>{a.able ? t('ct.cap.able') : t('ct.cap.not_able')}</td>
											<td>{word('ct.cap.scope.', a.scope || 'general')}</td>
											<td>{a.matter}</td>
											<td>{a.assessor}</td>
											<td>{a.lapses_on ? (lapsed ? t('ct.cap.lapsed_on', {date: fmtDate(a.lapses_on)}) : fmtDate(a.lapses_on)) : '—'}</td>
											<td>
												{mayRecord && !lapsed && (
													<button type="button" aria-label={t('ct.cap.lapse_for', {date: fmtDate(a.assessed_on)})}
														onClick={() => {
															setDone('');
															setLapsing(a);
														}}>{t('ct.cap.lapse')}</button>
												)}
											</td>
										</tr>
									);
								})}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{mayRecord && !adding && (
				<button type="button" class="primary" onClick={() => {
					setDone('');
					setAdding(true);
				}}>{t('ct.cap.add')}</button>
			)}
			{adding && <CapacityForm id={id} onCancel={() => setAdding(false)} onDone={() => {
				setAdding(false);
				setDone('ct.cap.added');
				reload();
			}} />}
			{lapsing && <LapseDialog a={lapsing} onClose={() => setLapsing(null)} onDone={() => {
				setLapsing(null);
				setDone('ct.cap.lapsed');
				reload();
			}} />}
		</section>
	);
}

/*
 * REP-5: letters owed to the client go to the representative unless the
 * controller judged that incompatible with good care. The API records
 * and lifts the judgement but does not say whether one is recorded, so
 * the screen offers both and reports what the server answered.
 */
function DirectAddress({id}) {
	const [reason, setReason] = useState('');
	const [done, setDone] = useState('');
	const act = useAction();
	const path = 'clients/' + encodeURIComponent(id) + '/direct-address';
	const record = e => {
		e.preventDefault();
		act.run(async () => {
			setDone('');
			try {
				await api('PUT', path, {body: {reason: reason.trim()}});
			} catch (e) {
				throw refusal(e);
			}
			setReason('');
			setDone('ct.direct.recorded');
		});
	};
	const lift = () => act.run(async () => {
		setDone('');
		try {
			await del(path);
		} catch (e) {
			if (e.status === 404) {
				setDone('ct.direct.none');
				return;
			}
			throw refusal(e);
		}
		setDone('ct.direct.lifted');
	});
	return (
		<section aria-labelledby="direct-title">
			<h2 id="direct-title">{t('ct.direct.title')}</h2>
			<p>{t('ct.direct.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<form class="card" onSubmit={record} novalidate>
				<Field label={t('ct.direct.reason')} hint={t('ct.direct.reason_hint')}>
					<textarea name="reason" rows="3" maxlength="2000" required value={reason} onInput={e => setReason(e.currentTarget.value)} />
				</Field>
				<ErrorBox error={act.error} />
				<div class="buttons">
					<Submit busy={act.busy}>{t('ct.direct.record')}</Submit>
					<button type="button" onClick={lift} disabled={act.busy}>{t('ct.direct.lift')}</button>
				</div>
			</form>
		</section>
	);
}

/* Keyed by the client, so nothing typed for one client stays for the next. */
export function Representation(props) {
	return <RepresentationTab key={props.params.id} {...props} />;
}

function RepresentationTab({params, s}) {
	const id = params.id;
	const [client] = useLoad(() => get('clients/' + encodeURIComponent(id)), [id]);
	const [rels] = useRelations(id);
	const mine = myRelations(s, rels.data && rels.data.relations);
	const mayChange = mayDo(s, mine, 'identity', 'correct');
	const mayRecord = mayDo(s, mine, 'care', 'create');
	return (
		<ClientPage id={id} tab="/representation">
			<Representatives id={id} s={s} client={client.data} mayChange={mayChange} />
			<Capacity id={id} mayRecord={mayRecord} />
			{mayChange && <DirectAddress id={id} />}
		</ClientPage>
	);
}
