/*
 * registers.jsx: the DPO's registers (FG-1, PRC-1, CMP-1, SEC-2): the
 * art. 30 register of processing activities (seeded from the profile,
 * edited, downloaded as CSV or PDF), the processors and their
 * agreements, the complaints with the route to the Autoriteit
 * Persoonsgegevens, and the transfers outside the EEA. The DPO keeps
 * them; the board reads them. The server decides both: forms are shown
 * to the DPO only, and a refusal is shown in words.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post, patch, download} from '../api.js';
import {t, has, pick, fmtDate, fmtDateTime} from '../i18n.js';
import {useSession, baseRoles} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice, Dialog} from '../ui.jsx';

const TABS = ['processing', 'processors', 'complaints', 'transfers'];
const TEXTS = ['name', 'purpose', 'legal_basis', 'subjects', 'data_categories',
	'recipients', 'transfers', 'retention', 'security'];
const BINDS = ['instruction', 'security', 'audit', 'secrecy', 'subprocessors', 'breach'];
const CHANNELS = ['email', 'board', 'management', 'dpo', 'post', 'phone', 'in_person', 'portal', 'other'];
const COMPLAINANTS = ['subject', 'representative', 'other'];
const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld', 'withdrawn'];
const BASES = ['adequacy', 'scc', 'bcr', 'code_of_conduct', 'certification', 'legal_instrument', 'authorised_clauses'];

function word(prefix, v) {
	return has(prefix + v) ? t(prefix + v) : v;
}

function today() {
	return new Date().toISOString().slice(0, 10);
}

/* FG-1: one activity, and the DPO's edit of it in a dialog. */
function Activity({a, keeper, onSaved}) {
	const [open, setOpen] = useState(false);
	const [vals, setVals] = useState(null);
	const act = useAction();
	const start = () => {
		const v = {};
		for (const k of TEXTS)
			v[k] = a[k] || '';
		setVals(v);
		setOpen(true);
	};
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {};
			for (const k of TEXTS)
				if (vals[k] !== (a[k] || ''))
					body[k] = vals[k];
			if (Object.keys(body).length > 0)
				await patch('registers/processing/' + encodeURIComponent(a.id), body);
			setOpen(false);
			onSaved();
		});
	};
	return (
		<article class="card activity" data-activity={a.id}>
			<h3>{a.name}</h3>
			<dl class="content">
				{TEXTS.slice(1).map(k => (
					<div key={k}><dt>{t('registers.field.' + k)}</dt><dd>{a[k]}</dd></div>
				))}
				<div>
					<dt>{t('registers.edited')}</dt>
					<dd>{a.edited_at ? t('registers.edited_by', {date: fmtDateTime(a.edited_at), by: a.edited_by_name || a.edited_by}) : t('registers.from_profile')}</dd>
				</div>
			</dl>
			{keeper && <button type="button" onClick={start}>{t('registers.edit', {name: a.name})}</button>}
			<Dialog open={open} title={t('registers.edit', {name: a.name})} onClose={() => setOpen(false)}>
				{vals && (
					<form onSubmit={submit} novalidate>
						{TEXTS.map(k => (
							<Field key={k} label={t('registers.field.' + k)}>
								<textarea name={k} rows={k === 'name' ? 1 : 3} value={vals[k]} onInput={e => setVals({...vals, [k]: e.currentTarget.value})} />
							</Field>
						))}
						<ErrorBox error={act.error} />
						<Submit busy={act.busy}>{t('common.save')}</Submit>
						<button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
					</form>
				)}
			</Dialog>
		</article>
	);
}

function Processing({keeper}) {
	const [state, reload] = useLoad(() => get('registers/processing'), []);
	const [msg, setMsg] = useState(null);
	const act = useAction();
	const seed = () => act.run(async () => {
		const r = await post('registers/processing/seed');
		setMsg(t('registers.seeded', {n: r.changed}));
		reload();
	});
	const dl = format => act.run(() => download('registers/processing', {format}, 'verwerkingsregister.' + format));
	return (
		<div>
			<h2>{t('registers.tab.processing')}</h2>
			<p>{t('registers.processing_intro')}</p>
			<p class="actions">
				{keeper && <button type="button" onClick={seed} disabled={act.busy}>{t('registers.seed')}</button>}
				<button type="button" onClick={() => dl('csv')} disabled={act.busy}>{t('registers.download_csv')}</button>
				<button type="button" onClick={() => dl('pdf')} disabled={act.busy}>{t('registers.download_pdf')}</button>
			</p>
			{msg && <Notice>{msg}</Notice>}
			<ErrorBox error={act.error} />
			<Loaded state={state}>
				{data => data.activities.length === 0 ? <p>{t('registers.no_activities')}</p> : (
					<div>{data.activities.map(a => <Activity key={a.id} a={a} keeper={keeper} onSaved={reload} />)}</div>
				)}
			</Loaded>
		</div>
	);
}

/* PRC-1: a processor's form, new (p null) or changed. */
function ProcessorForm({p, onDone}) {
	const [v, setV] = useState(() => ({
		name: p ? p.name : '', processes: p ? p.processes : '', country: p ? p.country : 'NL',
		signed_on: p && p.signed_on ? p.signed_on : '', valid_until: p && p.valid_until ? p.valid_until : '',
		certified: p ? p.certified : false,
		binds: Object.fromEntries(BINDS.map(b => [b, p ? !!p.binds[b] : false])),
	}));
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {name: v.name, processes: v.processes, country: v.country.toUpperCase(),
				certified: v.certified, signed_on: v.signed_on || null, valid_until: v.valid_until || null};
			for (const b of BINDS)
				body[b] = v.binds[b];
			if (p)
				await patch('processors/' + encodeURIComponent(p.id), body);
			else
				await post('processors', body);
			onDone();
		});
	};
	const text = (k, extra) => (
		<Field label={t('registers.processor.' + k)}>
			<input name={k} value={v[k]} {...extra} onInput={e => setV({...v, [k]: e.currentTarget.value})} />
		</Field>
	);
	return (
		<form class="processor-form" onSubmit={submit} novalidate>
			{text('name')}
			{text('processes')}
			{text('country', {maxlength: 2, size: 3, autocomplete: 'off'})}
			{text('signed_on', {type: 'date'})}
			{text('valid_until', {type: 'date'})}
			<fieldset>
				<legend>{t('registers.processor.binds')}</legend>
				{BINDS.map(b => (
					<div key={b}>
						<label>
							<input type="checkbox" name={b} checked={v.binds[b]} onChange={e => setV({...v, binds: {...v.binds, [b]: e.currentTarget.checked}})} />
							{' ' + t('registers.bind.' + b)}
						</label>
					</div>
				))}
				<div>
					<label>
						<input type="checkbox" name="certified" checked={v.certified} onChange={e => setV({...v, certified: e.currentTarget.checked})} />
						{' ' + t('registers.processor.certified')}
					</label>
				</div>
			</fieldset>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('common.save')}</Submit>
		</form>
	);
}

function Processors({keeper}) {
	const [state, reload] = useLoad(() => get('processors'), []);
	const [edit, setEdit] = useState(null);
	const [adding, setAdding] = useState(false);
	return (
		<div>
			<h2>{t('registers.tab.processors')}</h2>
			<p>{t('registers.processors_intro')}</p>
			<Loaded state={state}>
				{data => data.processors.length === 0 ? <p>{t('registers.no_processors')}</p> : (
					<div class="table-wrap">
						<table class="list processors">
							<caption class="sr-only">{t('registers.tab.processors')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('registers.processor.name')}</th>
									<th scope="col">{t('registers.processor.country')}</th>
									<th scope="col">{t('registers.processor.agreement')}</th>
									<th scope="col">{t('registers.processor.status')}</th>
									{keeper && <th scope="col">{t('registers.actions')}</th>}
								</tr>
							</thead>
							<tbody>
								{data.processors.map(p => (
									<tr key={p.id} data-processor={p.id} data-valid={p.valid ? 'yes' : 'no'}>
										<td>{p.name}<br />{p.processes}</td>
										<td>{p.country}</td>
										<td>{p.signed_on ? t('registers.signed', {from: fmtDate(p.signed_on), until: p.valid_until ? fmtDate(p.valid_until) : t('registers.open_ended')}) : t('registers.reason.no_agreement')}</td>
										<td>
											<span class={'badge ' + (p.valid ? 'green' : 'red')}>{p.valid ? t('registers.valid') : t('registers.not_valid')}</span>
											{!p.valid && <ul class="reasons">{p.reasons.map(r => <li key={r}>{word('registers.reason.', r)}</li>)}</ul>}
										</td>
										{keeper && <td><button type="button" onClick={() => setEdit(p)}>{t('registers.edit', {name: p.name})}</button></td>}
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{keeper && <button type="button" onClick={() => setAdding(true)}>{t('registers.processor.add')}</button>}
			<Dialog open={adding || !!edit} title={edit ? t('registers.edit', {name: edit.name}) : t('registers.processor.add')} onClose={() => {
				setAdding(false);
				setEdit(null);
			}}>
				<ProcessorForm key={edit ? edit.id : 'new'} p={edit} onDone={() => {
					setAdding(false);
					setEdit(null);
					reload();
				}} />
			</Dialog>
		</div>
	);
}

/* CMP-1: a new complaint. */
function ComplaintForm({onDone}) {
	const [v, setV] = useState({received_on: today(), channel: 'email', complainant: 'subject', subject: '', matter: ''});
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {received_on: v.received_on, channel: v.channel, complainant: v.complainant, matter: v.matter};
			if (v.subject.trim())
				body.subject = v.subject.trim();
			await post('complaints', body);
			onDone();
		});
	};
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	return (
		<form class="complaint-form" onSubmit={submit} novalidate>
			<Field label={t('registers.complaint.received_on')}><input type="date" name="received_on" value={v.received_on} onInput={set('received_on')} /></Field>
			<Field label={t('registers.complaint.channel')}>
				<select name="channel" value={v.channel} onChange={set('channel')}>
					{CHANNELS.map(c => <option key={c} value={c}>{t('registers.channel.' + c)}</option>)}
				</select>
			</Field>
			<Field label={t('registers.complaint.complainant')}>
				<select name="complainant" value={v.complainant} onChange={set('complainant')}>
					{COMPLAINANTS.map(c => <option key={c} value={c}>{t('registers.complainant.' + c)}</option>)}
				</select>
			</Field>
			<Field label={t('registers.complaint.subject')} hint={t('registers.complaint.subject_hint')}><input name="subject" value={v.subject} onInput={set('subject')} /></Field>
			<Field label={t('registers.complaint.matter')} hint={t('registers.complaint.matter_hint')}><textarea name="matter" rows="4" value={v.matter} onInput={set('matter')} /></Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('registers.complaint.add')}</Submit>
		</form>
	);
}

/* CMP-1: closing a complaint with its outcome and the answer given. */
function CloseForm({c, onDone}) {
	const [v, setV] = useState({outcome: 'upheld', closed_on: today(), answer: ''});
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			await post('complaints/' + encodeURIComponent(c.id) + '/close', v);
			onDone();
		});
	};
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	return (
		<form class="close-form" onSubmit={submit} novalidate>
			<Field label={t('registers.complaint.outcome')}>
				<select name="outcome" value={v.outcome} onChange={set('outcome')}>
					{OUTCOMES.map(o => <option key={o} value={o}>{t('registers.outcome.' + o)}</option>)}
				</select>
			</Field>
			<Field label={t('registers.complaint.closed_on')}><input type="date" name="closed_on" value={v.closed_on} onInput={set('closed_on')} /></Field>
			<Field label={t('registers.complaint.answer')} hint={t('registers.complaint.answer_hint')}><textarea name="answer" rows="3" value={v.answer} onInput={set('answer')} /></Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('registers.complaint.close')}</Submit>
		</form>
	);
}

/* CMP-1: how an open complaint is being handled. */
function HandlingForm({c, onDone}) {
	const [v, setV] = useState(c.handling || '');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			await patch('complaints/' + encodeURIComponent(c.id), {handling: v});
			onDone();
		});
	};
	return (
		<form class="handling-form" onSubmit={submit} novalidate>
			<Field label={t('registers.complaint.handling')}><textarea name="handling" rows="4" value={v} onInput={e => setV(e.currentTarget.value)} /></Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('common.save')}</Submit>
		</form>
	);
}

function Complaint({c, keeper, onDone}) {
	const [closing, setClosing] = useState(false);
	const [handling, setHandling] = useState(false);
	return (
		<article class="card complaint" data-complaint={c.id} data-status={c.status}>
			<h3>{t('registers.complaint.title', {date: fmtDate(c.received_on), channel: t('registers.channel.' + c.channel)})}</h3>
			<p><span class={'badge ' + (c.status === 'open' ? 'amber' : 'green')}>{t('registers.status.' + c.status)}</span></p>
			<dl class="content">
				<div><dt>{t('registers.complaint.complainant')}</dt><dd>{t('registers.complainant.' + c.complainant)}</dd></div>
				{c.matter && <div><dt>{t('registers.complaint.matter')}</dt><dd class="matter">{c.matter}</dd></div>}
				{c.handling && <div><dt>{t('registers.complaint.handling')}</dt><dd>{c.handling}</dd></div>}
				{c.outcome && <div><dt>{t('registers.complaint.outcome')}</dt><dd>{t('registers.outcome.' + c.outcome)} ({fmtDate(c.closed_on)})</dd></div>}
				{c.answer && <div><dt>{t('registers.complaint.answer')}</dt><dd>{c.answer}</dd></div>}
				<div><dt>{t('registers.complaint.ap_route')}</dt><dd class="ap-route">{pick(c.ap_route)}</dd></div>
			</dl>
			{keeper && c.status === 'open' && (
				<p class="actions">
					<button type="button" onClick={() => setHandling(true)}>{t('registers.complaint.edit_handling')}</button>
					<button type="button" onClick={() => setClosing(true)}>{t('registers.complaint.close')}</button>
				</p>
			)}
			<Dialog open={handling} title={t('registers.complaint.edit_handling')} onClose={() => setHandling(false)}>
				<HandlingForm c={c} onDone={() => {
					setHandling(false);
					onDone();
				}} />
			</Dialog>
			<Dialog open={closing} title={t('registers.complaint.close')} onClose={() => setClosing(false)}>
				<CloseForm c={c} onDone={() => {
					setClosing(false);
					onDone();
				}} />
			</Dialog>
		</article>
	);
}

function Complaints({keeper}) {
	const [state, reload] = useLoad(() => get('complaints'), []);
	const [adding, setAdding] = useState(false);
	return (
		<div>
			<h2>{t('registers.tab.complaints')}</h2>
			<p>{t('registers.complaints_intro')}</p>
			{!keeper && <p>{t('registers.complaints_board')}</p>}
			{keeper && <button type="button" onClick={() => setAdding(true)}>{t('registers.complaint.add')}</button>}
			<Dialog open={adding} title={t('registers.complaint.add')} onClose={() => setAdding(false)}>
				<ComplaintForm onDone={() => {
					setAdding(false);
					reload();
				}} />
			</Dialog>
			<Loaded state={state}>
				{data => data.complaints.length === 0 ? <p>{t('registers.no_complaints')}</p> : (
					<div>{data.complaints.map(c => <Complaint key={c.id} c={c} keeper={keeper} onDone={reload} />)}</div>
				)}
			</Loaded>
		</div>
	);
}

/* SEC-2: a transfer; the server refuses one without a ground. */
function TransferForm({onDone}) {
	const [v, setV] = useState({recipient: '', country: '', what: '', basis: 'adequacy', basis_ref: '', certified: false});
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {recipient: v.recipient, country: v.country.toUpperCase(), what: v.what, basis: v.basis, certified: v.certified};
			if (v.basis_ref.trim())
				body.basis_ref = v.basis_ref.trim();
			await post('transfers', body);
			onDone();
		});
	};
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	return (
		<form class="transfer-form" onSubmit={submit} novalidate>
			<Field label={t('registers.transfer.recipient')}><input name="recipient" value={v.recipient} onInput={set('recipient')} /></Field>
			<Field label={t('registers.transfer.country')} hint={t('registers.transfer.country_hint')}><input name="country" maxlength="2" size="3" value={v.country} onInput={set('country')} /></Field>
			<Field label={t('registers.transfer.what')}><textarea name="what" rows="2" value={v.what} onInput={set('what')} /></Field>
			<Field label={t('registers.transfer.basis')}>
				<select name="basis" value={v.basis} onChange={set('basis')}>
					{BASES.map(b => <option key={b} value={b}>{t('registers.basis.' + b)}</option>)}
				</select>
			</Field>
			<Field label={t('registers.transfer.basis_ref')}><input name="basis_ref" value={v.basis_ref} onInput={set('basis_ref')} /></Field>
			<div>
				<label>
					<input type="checkbox" name="certified" checked={v.certified} onChange={e => setV({...v, certified: e.currentTarget.checked})} />
					{' ' + t('registers.processor.certified')}
				</label>
			</div>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('registers.transfer.add')}</Submit>
		</form>
	);
}

function Transfers({keeper}) {
	const [state, reload] = useLoad(() => get('transfers'), []);
	return (
		<div>
			<h2>{t('registers.tab.transfers')}</h2>
			<p>{t('registers.transfers_intro')}</p>
			<Loaded state={state}>
				{data => data.transfers.length === 0 ? <p>{t('registers.no_transfers')}</p> : (
					<div class="table-wrap">
						<table class="list transfers">
							<caption class="sr-only">{t('registers.tab.transfers')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('registers.transfer.recipient')}</th>
									<th scope="col">{t('registers.transfer.country')}</th>
									<th scope="col">{t('registers.transfer.what')}</th>
									<th scope="col">{t('registers.transfer.basis')}</th>
								</tr>
							</thead>
							<tbody>
								{data.transfers.map(x => (
									<tr key={x.id} data-transfer={x.id}>
										<td>{x.recipient}</td>
										<td>{x.country}</td>
										<td>{x.what}</td>
										<td>{t('registers.basis.' + x.basis)}{x.basis_ref ? ' (' + x.basis_ref + ')' : ''}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			{keeper && (
				<section class="card">
					<h3>{t('registers.transfer.add')}</h3>
					<TransferForm onDone={reload} />
				</section>
			)}
		</div>
	);
}

export function Registers({query}) {
	const s = useSession();
	const keeper = baseRoles(s).has('dpo');
	const tab = TABS.includes(query.get('tab')) ? query.get('tab') : 'processing';
	return (
		<section class="registers">
			<h1>{t('registers.title')}</h1>
			<nav class="tabs" aria-label={t('registers.views')}>
				{TABS.map(v => (
					<a key={v} href={'#/registers?tab=' + v} aria-current={v === tab ? 'page' : undefined}>{t('registers.tab.' + v)}</a>
				))}
			</nav>
			{tab === 'processing' && <Processing keeper={keeper} />}
			{tab === 'processors' && <Processors keeper={keeper} />}
			{tab === 'complaints' && <Complaints keeper={keeper} />}
			{tab === 'transfers' && <Transfers keeper={keeper} />}
		</section>
	);
}
