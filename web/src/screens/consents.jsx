/*
 * consents.jsx: a client's consents and objections. A consent is
 * recorded with who gave it, how, where its proof is kept and its scope
 * (CON-1), explicit for health data (CON-2); who may give it is decided
 * by the profile's representation rules (REP-1 to REP-4) and recorded
 * (REP-6). Withdrawing stops processing on it from that moment (CON-3)
 * and the list keeps it, marked withdrawn. An objection stops processing
 * for a purpose or a kind of recipient (OBJ-1).
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post} from '../api.js';
import {t, pick, fmtDate, fmtDateTime} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Dialog, Submit, Notice} from '../ui.jsx';
import {ClientPage, catName} from './record.jsx';
import {Check, today, load, refusal, word, myRelations, mayDo, useRelations} from './relations.jsx';

const FORMS = ['written', 'verbal', 'electronic', 'conduct'];
export const RECIPIENT_KINDS = ['specialist', 'care_provider', 'directly_involved', 'insurer', 'statistics',
				'researcher', 'public_body', 'other'];

/* The profile's kinds of recipient, in the vocabulary's order. */
function recipientKinds(s) {
	const r = s.profile && s.profile.recipients;
	return r ? RECIPIENT_KINDS.filter(k => r[k]) : RECIPIENT_KINDS;
}

/* Who acted: the client, or a representative by name and kind. */
function byText(by, reps, basis) {
	let who;
	if (!by || by === 'subject')
		who = t('ct.con.by_subject');
	else {
		const r = reps.find(x => x.id === by);
		who = r ? t('ct.con.by_rep', {name: r.name, kind: word('ct.rep.kind.', r.kind)}) : t('ct.con.by_rep_ended');
	}
	if (!basis)
		return who;
	/* The basis is "RULE reason" (REP-6): the reason in words. */
	const [rule, ...rest] = basis.split(' ');
	const reason = rest.join(' ');
	return t('ct.con.with_basis', {who, rule, basis: reason ? word('ct.basis.', reason) : rule});
}

/* The people who may act: the client, then each representative. */
function ByOptions({reps}) {
	return [
		<option key="subject" value="subject">{t('ct.con.by_subject')}</option>,
		...reps.map(r => <option key={r.id} value={r.id}>{t('ct.con.by_rep', {name: r.name, kind: word('ct.rep.kind.', r.kind)})}</option>),
	];
}

function purposeName(s, id) {
	const p = s.profile && s.profile.purposes.find(x => x.id === id);
	return p ? pick(p.name) : id;
}

/* The categories a client has (CAT-1): the profile's, for clients. */
function clientCategories(s) {
	const cats = (s.profile && s.profile.categories) || {};
	return Object.keys(cats).filter(c => !cats[c].applies_to || cats[c].applies_to.includes('client'));
}

function ConsentForm({id, s, reps, onDone, onCancel}) {
	const purposes = s.profile.purposes;
	const cats = clientCategories(s);
	const [v, setV] = useState({
		given_by: 'subject', also_given_by: '', form: 'written', evidence: '', explicit: true,
		purpose: purposes[0] ? purposes[0].id : '', categories: [], recipient_kind: '', recipient: '',
		valid_from: today(), valid_until: '',
	});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value});
	const toggle = c => e => setV({...v, categories: e.currentTarget.checked ? [...v.categories, c] : v.categories.filter(x => x !== c)});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {given_by: v.given_by, form: v.form, evidence: v.evidence.trim(), explicit: v.explicit,
				      purpose: v.purpose, categories: cats.filter(c => v.categories.includes(c)), valid_from: v.valid_from};
			for (const k of ['also_given_by', 'recipient_kind', 'valid_until'])
				if (v[k])
					body[k] = v[k];
			if (v.recipient.trim())
				body.recipient = v.recipient.trim();
			try {
				await post('clients/' + encodeURIComponent(id) + '/consents', body);
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="con-add-title">
			<h3 id="con-add-title">{t('ct.con.add')}</h3>
			<Field label={t('ct.con.given_by')}>
				<select name="given_by" value={v.given_by} onChange={set('given_by')}><ByOptions reps={reps} /></select>
			</Field>
			<Field label={t('ct.con.also_given_by')} hint={t('ct.con.also_given_by_hint')}>
				<select name="also_given_by" value={v.also_given_by} onChange={set('also_given_by')}>
					<option value="">{t('ct.con.nobody')}</option>
					<ByOptions reps={reps} />
				</select>
			</Field>
			<Field label={t('ct.con.purpose')}>
				<select name="purpose" value={v.purpose} onChange={set('purpose')}>
					{purposes.map(p => <option key={p.id} value={p.id}>{pick(p.name)}</option>)}
				</select>
			</Field>
			<fieldset class="field">
				<legend>{t('ct.con.categories')}</legend>
				{cats.map(c => (
					<div key={c}>
						<label>
							<input type="checkbox" name="categories" value={c} checked={v.categories.includes(c)} onChange={toggle(c)} />
							{' '}{catName(c)}
						</label>
					</div>
				))}
			</fieldset>
			<Check label={t('ct.con.explicit')} hint={t('ct.con.explicit_hint')} name="explicit" checked={v.explicit} onChange={set('explicit')} />
			<Field label={t('ct.con.form')}>
				<select name="form" value={v.form} onChange={set('form')}>
					{FORMS.map(f => <option key={f} value={f}>{t('ct.con.form.' + f)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.con.evidence')} hint={t('ct.con.evidence_hint')}>
				<input name="evidence" required maxlength="200" value={v.evidence} onInput={set('evidence')} />
			</Field>
			<Field label={t('ct.con.recipient_kind_optional')}>
				<select name="recipient_kind" value={v.recipient_kind} onChange={set('recipient_kind')}>
					<option value="">{t('ct.con.any_recipient')}</option>
					{recipientKinds(s).map(k => <option key={k} value={k}>{t('ct.recipient.' + k)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.con.recipient_optional')}>
				<input name="recipient" maxlength="119" value={v.recipient} onInput={set('recipient')} />
			</Field>
			<Field label={t('ct.con.valid_from')}>
				<input type="date" name="valid_from" required value={v.valid_from} onInput={set('valid_from')} />
			</Field>
			<Field label={t('ct.con.valid_until_optional')}>
				<input type="date" name="valid_until" value={v.valid_until} onInput={set('valid_until')} />
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('ct.con.save')}</Submit>
			</div>
		</form>
	);
}

function WithdrawDialog({c, s, reps, onClose, onDone}) {
	const [by, setBy] = useState('subject');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await post('consents/' + encodeURIComponent(c.id) + '/withdraw', {by});
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<Dialog open title={t('ct.con.withdraw_title')} onClose={onClose}>
			<form onSubmit={submit} novalidate>
				<p>{t('ct.con.withdraw_explain', {purpose: purposeName(s, c.purpose)})}</p>
				<Field label={t('ct.con.withdrawn_by')}>
					<select name="by" value={by} onChange={e => setBy(e.currentTarget.value)}><ByOptions reps={reps} /></select>
				</Field>
				<ErrorBox error={act.error} />
				<div class="buttons">
					<button type="button" onClick={onClose}>{t('common.cancel')}</button>
					<button type="submit" class="danger" disabled={act.busy}>{t('ct.con.withdraw')}</button>
				</div>
			</form>
		</Dialog>
	);
}

function scopeText(s, c) {
	const parts = [(c.categories || []).map(catName).join(', ')];
	if (c.recipient_kind)
		parts.push(t('ct.con.to_kind', {kind: word('ct.recipient.', c.recipient_kind)}));
	if (c.recipient)
		parts.push(c.recipient);
	return parts.filter(Boolean).join(' · ');
}

function Consents({id, s, reps, mayAct}) {
	const [state, reload] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/consents'), [id]);
	const [adding, setAdding] = useState(false);
	const [withdrawing, setWithdrawing] = useState(null);
	const [done, setDone] = useState('');
	return (
		<section aria-labelledby="con-title">
			<h2 id="con-title">{t('ct.con.title')}</h2>
			<p>{t('ct.con.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => data.consents.length === 0 ? <p>{t('ct.con.none')}</p> : (
					<div class="table-wrap">
						<table class="list consents">
							<caption class="sr-only">{t('ct.con.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('ct.con.purpose')}</th>
									<th scope="col">{t('ct.con.scope')}</th>
									<th scope="col">{t('ct.con.period')}</th>
									<th scope="col">{t('ct.con.given_by')}</th>
									<th scope="col">{t('ct.con.proof')}</th>
									<th scope="col">{t('ct.con.status')}</th>
								</tr>
							</thead>
							<tbody>
								{data.consents.map(c => (
									<tr key={c.id} data-consent={c.id} data-withdrawn={c.withdrawn_at ? 'true' : 'false'}>
										<td>{purposeName(s, c.purpose)}{c.explicit && <span class="meta"><br />{t('ct.con.explicit_short')}</span>}</td>
										<td>{scopeText(s, c)}</td>
										<td>{c.valid_until ? t('ct.rel.from_until', {from: fmtDate(c.valid_from), until: fmtDate(c.valid_until)})
											: t('ct.rel.from', {from: fmtDate(c.valid_from)})}</td>
										<td>{byText(c.given_by, reps, c.representative_basis)}<span class="meta"><br />{fmtDateTime(c.given_at)}</span></td>
										<td>{word('ct.con.form.', c.form)}<span class="meta"><br />{c.evidence}</span></td>
										<td>
											{c.withdrawn_at ? (
												<span>
													<span class="badge grey">{t('ct.con.withdrawn')}</span>
													<span class="meta"><br />{t('ct.con.withdrawn_on', {when: fmtDateTime(c.withdrawn_at), who: byText(c.withdrawn_by, reps, c.withdrawn_basis)})}</span>
												</span>
											) : (
												<span>
													<span class="badge green">{t('ct.con.in_force')}</span>
													{mayAct && (
														<span><br /><button type="button" aria-label={t('ct.con.withdraw_for', {purpose: purposeName(s, c.purpose)})}
															onClick={() => {
																setDone('');
																setWithdrawing(c);
															}}>{t('ct.con.withdraw')}</button></span>
													)}
												</span>
											)}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{mayAct && !adding && (
				<button type="button" class="primary" onClick={() => {
					setDone('');
					setAdding(true);
				}}>{t('ct.con.add')}</button>
			)}
			{adding && <ConsentForm id={id} s={s} reps={reps} onCancel={() => setAdding(false)} onDone={() => {
				setAdding(false);
				setDone('ct.con.added');
				reload();
			}} />}
			{withdrawing && <WithdrawDialog c={withdrawing} s={s} reps={reps} onClose={() => setWithdrawing(null)} onDone={() => {
				setWithdrawing(null);
				setDone('ct.con.withdrawn_done');
				reload();
			}} />}
		</section>
	);
}

function ObjectionForm({id, s, reps, onDone, onCancel}) {
	const kinds = recipientKinds(s);
	const [v, setV] = useState({against: 'purpose', purpose: s.profile.purposes[0] ? s.profile.purposes[0].id : '',
				    recipient_kind: kinds.includes('insurer') ? 'insurer' : kinds[0], by: 'subject'});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = v.against === 'purpose' ? {purpose: v.purpose} : {recipient_kind: v.recipient_kind};
			if (v.by !== 'subject')
				body.by = v.by;
			try {
				await post('clients/' + encodeURIComponent(id) + '/objections', body);
			} catch (e) {
				throw refusal(e);
			}
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="obj-add-title">
			<h3 id="obj-add-title">{t('ct.obj.add')}</h3>
			<Field label={t('ct.obj.by')}>
				<select name="by" value={v.by} onChange={set('by')}><ByOptions reps={reps} /></select>
			</Field>
			<Field label={t('ct.obj.against')}>
				<select name="against" value={v.against} onChange={set('against')}>
					<option value="purpose">{t('ct.obj.against_purpose')}</option>
					<option value="recipient_kind">{t('ct.obj.against_recipient')}</option>
				</select>
			</Field>
			{v.against === 'purpose' ? (
				<Field label={t('ct.con.purpose')}>
					<select name="purpose" value={v.purpose} onChange={set('purpose')}>
						{s.profile.purposes.map(p => <option key={p.id} value={p.id}>{pick(p.name)}</option>)}
					</select>
				</Field>
			) : (
				<Field label={t('ct.obj.recipient_kind')}>
					<select name="recipient_kind" value={v.recipient_kind} onChange={set('recipient_kind')}>
						{kinds.map(k => <option key={k} value={k}>{t('ct.recipient.' + k)}</option>)}
					</select>
				</Field>
			)}
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('ct.obj.save')}</Submit>
			</div>
		</form>
	);
}

function Objections({id, s, reps, mayAct}) {
	const [state, reload] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/objections'), [id]);
	const [adding, setAdding] = useState(false);
	const [done, setDone] = useState('');
	return (
		<section aria-labelledby="obj-title">
			<h2 id="obj-title">{t('ct.obj.title')}</h2>
			<p>{t('ct.obj.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => data.objections.length === 0 ? <p>{t('ct.obj.none')}</p> : (
					<div class="table-wrap">
						<table class="list objections">
							<caption class="sr-only">{t('ct.obj.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('ct.obj.against')}</th>
									<th scope="col">{t('ct.obj.by')}</th>
									<th scope="col">{t('ct.obj.registered')}</th>
									<th scope="col">{t('ct.con.status')}</th>
								</tr>
							</thead>
							<tbody>
								{data.objections.map(o => (
									<tr key={o.id} data-objection={o.id}>
										<td>{o.purpose ? t('ct.obj.to_purpose', {purpose: purposeName(s, o.purpose)})
											: t('ct.obj.to_recipient', {kind: word('ct.recipient.', o.recipient_kind)})}</td>
										<td>{byText(o.by, reps, o.representative_basis)}</td>
										<td>{fmtDateTime(o.registered_at)}</td>
										<td>{o.lifted_at ? <span class="badge grey">{t('ct.obj.lifted', {when: fmtDate(o.lifted_at)})}</span>
											: <span class="badge green">{t('ct.obj.in_force')}</span>}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{mayAct && !adding && (
				<button type="button" class="primary" onClick={() => {
					setDone('');
					setAdding(true);
				}}>{t('ct.obj.add')}</button>
			)}
			{adding && <ObjectionForm id={id} s={s} reps={reps} onCancel={() => setAdding(false)} onDone={() => {
				setAdding(false);
				setDone('ct.obj.added');
				reload();
			}} />}
		</section>
	);
}

/* Keyed by the client, so nothing typed for one client stays for the next. */
export function ConsentsTab(props) {
	return <ConsentsInner key={props.params.id} {...props} />;
}

function ConsentsInner({params, s}) {
	const id = params.id;
	const [rels] = useRelations(id);
	/* The representatives name who gave, withdrew or objected (REP-6). */
	const [reps] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/representatives').catch(() => ({representatives: []})), [id]);
	const mine = myRelations(s, rels.data && rels.data.relations);
	const mayAct = mayDo(s, mine, 'identity', 'correct');
	const list = (reps.data && reps.data.representatives) || [];
	return (
		<ClientPage id={id} tab="/consents">
			{reps.loading ? <p class="loading">{t('common.loading')}</p> : (
				<div>
					<Consents id={id} s={s} reps={list} mayAct={mayAct} />
					<Objections id={id} s={s} reps={list} mayAct={mayAct} />
				</div>
			)}
		</ClientPage>
	);
}
