/*
 * research.jsx: studies and their anonymised exports (RES-1, RES-2,
 * OBJ-1). The DPO registers a study for a purpose and a requester; on
 * the basis of the RES-1 conditions each condition is confirmed by the
 * role the profile names (the board the public interest, the DPO the
 * rest, in both shipped profiles). An export is refused in words while a
 * condition is open or the rows cannot be made k-anonymous; a released
 * export shows k, the generalisation per quasi-identifier, the smallest
 * class and what was left out, and comes as CSV. The server decides
 * everything: buttons are only hidden for roles that cannot use them.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {api, get, post} from '../api.js';
import {t, has, pick, fmtDateTime} from '../i18n.js';
import {useSession, baseRoles, roleName} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';

const CONDITIONS = ['public_interest', 'necessary', 'consent_impracticable', 'safeguards'];

/*
 * Who confirms which condition. The profile keeps this in its research
 * section, which the API does not hand to the browser; this mirrors both
 * shipped profiles and only decides which button shows (the server
 * refuses anyone else with RES-1).
 */
const CONFIRMER = {public_interest: 'board', necessary: 'dpo', consent_impracticable: 'dpo', safeguards: 'dpo'};

function word(prefix, v) {
	return has(prefix + v) ? t(prefix + v) : v;
}

/*
 * The refusal of an export in the user's words, built from the fields
 * the API gives beside its (English) message: the reason, the open
 * condition (RES-1), or k, the smallest group found and the traits
 * (RES-2). Anything else is left to ErrorBox.
 */
export function refusalText(e) {
	const d = (e && e.detail) || {};
	if (!e || e.code !== 'conflict')
		return null;
	switch (d.reason) {
	case 'condition_unconfirmed':
		return {rule: 'RES-1', text: t('research.refused.condition', {condition: word('research.condition.', d.condition)})};
	case 'without_consent_closed':
		return {rule: 'RES-1', text: t('research.refused.consent_only')};
	case 'not_k_anonymous': {
		if (!d.rows)
			return {rule: 'RES-2', text: t('research.refused.empty', {k: d.k})};
		const qi = (d.quasi_identifiers || []).map(q => word('research.qi.', q)).join(', ');
		const vars = {rows: d.rows, k: d.k, smallest: d.smallest_class, qi};
		return {rule: 'RES-2', text: t('research.refused.k', vars) + ' '
			+ t(d.generalised ? 'research.refused.k_general' : 'research.refused.k_plain', vars)};
	}
	default:
		return null;
	}
}

/* A refused export in words, with the rule the refusal rests on. */
function Refusal({error}) {
	const r = refusalText(error);
	if (!r)
		return <ErrorBox error={error} />;
	return (
		<div class="error refusal" role="alert">
			<p>{r.text}</p>
			<p class="rule">{t('error.rule', {rule: r.rule})}</p>
		</div>
	);
}

function NewStudy({onDone}) {
	const [v, setV] = useState({name: '', purpose: '', requester: '', basis: 'conditions'});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const r = await post('studies', v);
			onDone(r.id);
		});
	};
	return (
		<form class="study-form" onSubmit={submit} novalidate>
			<Field label={t('research.field.name')}><input name="name" maxlength="159" value={v.name} onInput={set('name')} /></Field>
			<Field label={t('research.field.purpose')}><input name="purpose" maxlength="399" value={v.purpose} onInput={set('purpose')} /></Field>
			<Field label={t('research.field.requester')}><input name="requester" maxlength="159" value={v.requester} onInput={set('requester')} /></Field>
			<Field label={t('research.field.basis')} hint={t('research.basis_hint')}>
				<select name="basis" value={v.basis} onChange={set('basis')}>
					<option value="conditions">{t('research.basis.conditions')}</option>
					<option value="consent">{t('research.basis.consent')}</option>
				</select>
			</Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('research.register')}</Submit>
		</form>
	);
}

function List({manager}) {
	const [state, reload] = useLoad(() => get('studies'), []);
	const [made, setMade] = useState(null);
	return (
		<div>
			<h2>{t('research.list')}</h2>
			{made && <Notice>{t('research.registered')} <a href={'#/studies?id=' + encodeURIComponent(made)}>{t('research.open_new')}</a></Notice>}
			<Loaded state={state}>
				{data => data.studies.length === 0 ? <p>{t('research.none')}</p> : (
					<div class="table-wrap">
						<table class="list studies">
							<caption class="sr-only">{t('research.list')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('research.field.name')}</th>
									<th scope="col">{t('research.field.requester')}</th>
									<th scope="col">{t('research.field.basis')}</th>
									<th scope="col">{t('research.created')}</th>
								</tr>
							</thead>
							<tbody>
								{data.studies.map(s => (
									<tr key={s.id} data-study={s.id}>
										<td><a href={'#/studies?id=' + encodeURIComponent(s.id)}>{s.name}</a><br />{s.purpose}</td>
										<td>{s.requester}</td>
										<td>{t('research.basis.' + s.basis)}</td>
										<td>{fmtDateTime(s.created_at)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{manager && (
				<section class="card">
					<h2>{t('research.new')}</h2>
					<NewStudy onDone={id => {
						setMade(id);
						reload();
					}} />
				</section>
			)}
		</div>
	);
}

/* RES-1: one condition, who confirmed it, and the button for the role that may. */
function Condition({study, c, roles, onDone}) {
	const s = useSession();
	const act = useAction();
	const done = study.confirmed.find(x => x.condition === c);
	const confirm = () => act.run(async () => {
		await post('studies/' + encodeURIComponent(study.id) + '/confirmations', {condition: c});
		onDone();
	});
	return (
		<li class="condition" data-condition={c} data-confirmed={done ? 'yes' : 'no'}>
			<span class={'badge ' + (done ? 'green' : 'amber')}>{done ? t('research.confirmed') : t('research.open')}</span>
			{' '}<strong>{t('research.condition.' + c)}</strong>
			<p>
				{done ? t('research.confirmed_by', {by: done.confirmed_by_name || done.confirmed_by, role: pick(roleName(s, done.role)), date: fmtDateTime(done.confirmed_at)})
					: t('research.confirmer', {role: t('research.role.' + CONFIRMER[c])})}
			</p>
			{!done && roles.has(CONFIRMER[c]) && (
				<button type="button" onClick={confirm} disabled={act.busy}>{t('research.confirm', {condition: t('research.condition.' + c)})}</button>
			)}
			<ErrorBox error={act.error} />
		</li>
	);
}

/* The released export's proof of non-identifiability. */
function Result({r}) {
	return (
		<section class="card export-result" aria-labelledby="export-result-h">
			<h3 id="export-result-h">{t('research.released')}</h3>
			<dl class="content">
				<div><dt>{t('research.k')}</dt><dd class="k">{r.k}</dd></div>
				<div><dt>{t('research.smallest')}</dt><dd class="smallest">{r.smallest_class}</dd></div>
				<div><dt>{t('research.rows')}</dt><dd class="rows">{r.rows.length}</dd></div>
				<div><dt>{t('research.suppressed')}</dt><dd>{r.suppressed}</dd></div>
				<div><dt>{t('research.objected')}</dt><dd class="objected">{r.left_out.objected}</dd></div>
				<div><dt>{t('research.without_consent')}</dt><dd>{r.left_out.without_consent}</dd></div>
				<div><dt>{t('research.restricted')}</dt><dd>{r.left_out.restricted}</dd></div>
			</dl>
			<div class="table-wrap">
				<table class="list generalisation">
					<caption>{t('research.generalisation')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('research.qi')}</th>
							<th scope="col">{t('research.step')}</th>
						</tr>
					</thead>
					<tbody>
						{Object.entries(r.generalisation).map(([f, step]) => (
							<tr key={f} data-qi={f}>
								<td>{word('research.qi.', f)}</td>
								<td>{word('research.step.', step)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p class="digest">{t('research.digest', {digest: r.digest})}</p>
		</section>
	);
}

/* RES-2: making an export, with or without generalisation. */
function Export({study, onDone}) {
	const [generalise, setGeneralise] = useState(true);
	const [result, setResult] = useState(null);
	const act = useAction();
	const url = 'studies/' + encodeURIComponent(study.id) + '/exports';
	const make = e => {
		e.preventDefault();
		setResult(null);
		act.run(async () => {
			setResult(await post(url, {generalise, format: 'json'}));
			onDone();
		});
	};
	/* The CSV is a POST (each export is recorded), so it is fetched and
	 * handed to the browser as a file of the session's own origin. */
	const csv = () => act.run(async () => {
		const res = await api('POST', url, {body: {generalise, format: 'csv'}, raw: true, headers: {Accept: '*/*'}});
		const u = URL.createObjectURL(await res.blob());
		const a = document.createElement('a');
		a.href = u;
		a.download = 'studie-' + study.id + '.csv';
		document.body.appendChild(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(u), 10000);
		onDone();
	});
	return (
		<section class="card export">
			<h2>{t('research.export')}</h2>
			<p>{t('research.export_intro')}</p>
			<form onSubmit={make} novalidate>
				<div class="field">
					<label>
						<input type="checkbox" name="generalise" checked={generalise} onChange={e => setGeneralise(e.currentTarget.checked)} />
						{' ' + t('research.generalise')}
					</label>
				</div>
				<p class="actions">
					<Submit busy={act.busy}>{t('research.make_export')}</Submit>
					<button type="button" onClick={csv} disabled={act.busy}>{t('research.download_csv')}</button>
				</p>
			</form>
			{act.error && <Refusal error={act.error} />}
			{result && <Result r={result} />}
		</section>
	);
}

function Study({id, manager, roles}) {
	const [state, reload] = useLoad(() => get('studies/' + encodeURIComponent(id)), [id]);
	return (
		<Loaded state={state}>
			{st => (
				<div class="study" data-study={st.id}>
					<h2>{st.name}</h2>
					<dl class="content">
						<div><dt>{t('research.field.purpose')}</dt><dd>{st.purpose}</dd></div>
						<div><dt>{t('research.field.requester')}</dt><dd>{st.requester}</dd></div>
						<div><dt>{t('research.field.basis')}</dt><dd>{t('research.basis.' + st.basis)}</dd></div>
						<div><dt>{t('research.created')}</dt><dd>{t('research.created_by', {date: fmtDateTime(st.created_at), by: st.created_by_name || st.created_by})}</dd></div>
					</dl>
					{st.basis === 'conditions' ? (
						<section>
							<h3>{t('research.conditions')}</h3>
							<p>{t('research.conditions_intro')}</p>
							<ul class="conditions">
								{CONDITIONS.map(c => <Condition key={c} study={st} c={c} roles={roles} onDone={reload} />)}
							</ul>
						</section>
					) : <p>{t('research.consent_intro')}</p>}
					{manager && <Export study={st} onDone={reload} />}
					<h3>{t('research.exports')}</h3>
					{st.exports.length === 0 ? <p>{t('research.no_exports')}</p> : (
						<div class="table-wrap">
							<table class="list exports">
								<caption class="sr-only">{t('research.exports')}</caption>
								<thead>
									<tr>
										<th scope="col">{t('research.made')}</th>
										<th scope="col">{t('research.k')}</th>
										<th scope="col">{t('research.generalisation')}</th>
										<th scope="col">{t('research.smallest')}</th>
										<th scope="col">{t('research.counts')}</th>
									</tr>
								</thead>
								<tbody>
									{st.exports.map(x => (
										<tr key={x.id} data-export={x.id}>
											<td>{t('research.made_by', {date: fmtDateTime(x.made_at), by: x.made_by_name || x.made_by})}</td>
											<td>{x.k}</td>
											<td>{x.generalisation}</td>
											<td>{x.smallest_class}</td>
											<td>{t('research.counts_text', {rows: x.rows, suppressed: x.suppressed, objected: x.objected})}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					)}
				</div>
			)}
		</Loaded>
	);
}

export function Research({query}) {
	const s = useSession();
	const roles = baseRoles(s);
	const manager = roles.has('dpo');
	const id = query.get('id');
	return (
		<section class="research">
			<h1>{t('research.title')}</h1>
			<p>{t('research.intro')}</p>
			{id && <p><a href="#/studies">{t('research.back')}</a></p>}
			{id ? <Study id={id} manager={manager} roles={roles} /> : <List manager={manager} />}
		</section>
	);
}
