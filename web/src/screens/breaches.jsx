/*
 * breaches.jsx: the breach register (BRE-1 to BRE-3, FG-1). Any member of
 * staff reports a (suspected) breach here; the DPO sees the register with
 * each open 72-hour clock counting down, assesses the risk, records the
 * notices to the AP in phases and who of the subjects was told, and reads
 * the texts of both notices in Dutch and English, on screen or as PDF.
 * When all is done the DPO closes a breach with a reason: its clock
 * stops and it is listed apart, and the server refuses any change after
 * that. The server decides who may do what and keeps the clock; this
 * screen shows its answers.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post, download} from '../api.js';
import {t, fmtDateTime} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';
import {useSession, baseRoles} from '../session.js';
import {catName} from './record.jsx';

/* An input of type datetime-local as an instant with its zone. */
function instant(local) {
	const d = new Date(local);
	return isNaN(d.getTime()) ? local : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/* BRE-2: amber under 24 hours, red under 12 and when overdue; in words. */
export function ClockBadge({clock}) {
	if (clock && clock.closed)
		return <span class="badge grey">{t('breaches.closed_badge')}</span>;
	if (!clock || !clock.notify_ap)
		return <span class="badge grey">{t('breaches.no_ap')}</span>;
	if (clock.ap_notified)
		return <span class={'badge ' + (clock.late ? 'red' : 'green')}>{t(clock.late ? 'breaches.notified_late' : 'breaches.notified_ap')}</span>;
	/* Not "h": that is the JSX factory. */
	const hours = clock.hours_left;
	const level = clock.overdue || hours < 12 ? 'red' : hours < 24 ? 'amber' : 'green';
	return <span class={'badge ' + level} data-level={level}>{clock.overdue ? t('breaches.overdue', {hours: -hours}) : t('breaches.hours_left', {hours})}</span>;
}

/* BRE-1: the report, open to every member of staff. */
function ReportForm({categories, onDone}) {
	const [f, setF] = useState({aware_at: '', people: '', records: '', facts: '', cats: []});
	const act = useAction();
	const set = k => e => setF({...f, [k]: e.currentTarget.value});
	const toggle = c => setF({...f, cats: f.cats.includes(c) ? f.cats.filter(x => x !== c) : [...f.cats, c]});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const r = await post('breaches', {aware_at: instant(f.aware_at), categories: f.cats,
				people_approx: parseInt(f.people, 10), records_approx: parseInt(f.records, 10), facts: f.facts});
			onDone(r);
		});
	};
	return (
		<form class="breach-report" onSubmit={submit} novalidate>
			<Field label={t('breaches.aware_at')} hint={t('breaches.aware_at_hint')}>
				<input type="datetime-local" name="aware_at" value={f.aware_at} onInput={set('aware_at')} required />
			</Field>
			<fieldset>
				<legend>{t('breaches.categories')}</legend>
				{categories.map(c => (
					<div key={c}><label><input type="checkbox" name="categories" value={c} checked={f.cats.includes(c)} onChange={() => toggle(c)} />{' ' + catName(c)}</label></div>
				))}
			</fieldset>
			<Field label={t('breaches.people')}><input type="number" min="0" name="people" value={f.people} onInput={set('people')} /></Field>
			<Field label={t('breaches.records')}><input type="number" min="0" name="records" value={f.records} onInput={set('records')} /></Field>
			<Field label={t('breaches.facts')} hint={t('breaches.facts_hint')}>
				<textarea name="facts" rows="4" maxlength="8000" value={f.facts} onInput={set('facts')} />
			</Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('breaches.report')}</Submit>
		</form>
	);
}

/* BRE-2, BRE-3: the DPO's assessment. */
function AssessForm({b, onDone}) {
	const [risk, setRisk] = useState(b.risk || '');
	const [reasons, setReasons] = useState('');
	const [ex, setEx] = useState({encrypted: b.encrypted, risk_removed: b.risk_removed, disproportionate: b.disproportionate});
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => onDone(await post('breaches/' + b.id + '/assessment', {risk, reasons, ...ex})));
	};
	return (
		<form onSubmit={submit} novalidate>
			<Field label={t('breaches.risk')}>
				<select name="risk" value={risk} onChange={e => setRisk(e.currentTarget.value)}>
					<option value="">{t('breaches.choose')}</option>
					{['none', 'risk', 'high'].map(r => <option key={r} value={r}>{t('breaches.risk.' + r)}</option>)}
				</select>
			</Field>
			<Field label={t('breaches.reasons')}><textarea name="reasons" rows="3" value={reasons} onInput={e => setReasons(e.currentTarget.value)} /></Field>
			<fieldset>
				<legend>{t('breaches.exemptions')}</legend>
				{['encrypted', 'risk_removed', 'disproportionate'].map(k => (
					<div key={k}><label><input type="checkbox" name={k} checked={!!ex[k]} onChange={() => setEx({...ex, [k]: !ex[k]})} />{' ' + t('breaches.exemption.' + k)}</label></div>
				))}
			</fieldset>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('breaches.assess')}</Submit>
		</form>
	);
}

/* BRE-2: a phase of the notification to the AP. */
function NoticeForm({b, onDone}) {
	const [f, setF] = useState({sent_at: '', reference: '', text: ''});
	const act = useAction();
	const set = k => e => setF({...f, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => onDone(await post('breaches/' + b.id + '/ap-notices', {...f, sent_at: instant(f.sent_at)})));
	};
	return (
		<form onSubmit={submit} novalidate>
			<Field label={t('breaches.sent_at')}><input type="datetime-local" name="sent_at" value={f.sent_at} onInput={set('sent_at')} /></Field>
			<Field label={t('breaches.reference')}><input name="reference" value={f.reference} onInput={set('reference')} /></Field>
			<Field label={t('breaches.notice_text')}><textarea name="text" rows="3" value={f.text} onInput={set('text')} /></Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t(b.ap_notices && b.ap_notices.length ? 'breaches.add_addition' : 'breaches.add_first')}</Submit>
		</form>
	);
}

/* BRE-3: who was told, when and how. */
function NotifiedForm({b, onDone}) {
	const [f, setF] = useState({who: '', people: '', how: 'letter', notified_at: ''});
	const act = useAction();
	const set = k => e => setF({...f, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => onDone(await post('breaches/' + b.id + '/notified',
			{...f, people: parseInt(f.people, 10), notified_at: instant(f.notified_at)})));
	};
	return (
		<form onSubmit={submit} novalidate>
			<Field label={t('breaches.who')}><input name="who" value={f.who} onInput={set('who')} /></Field>
			<Field label={t('breaches.people')}><input type="number" min="0" name="people" value={f.people} onInput={set('people')} /></Field>
			<Field label={t('breaches.how')}>
				<select name="how" value={f.how} onChange={set('how')}>
					{['letter', 'email', 'phone', 'public_notice'].map(x => <option key={x} value={x}>{t('breaches.how.' + x)}</option>)}
				</select>
			</Field>
			<Field label={t('breaches.notified_at')}><input type="datetime-local" name="notified_at" value={f.notified_at} onInput={set('notified_at')} /></Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('breaches.record_notified')}</Submit>
		</form>
	);
}

/* A letter's lines wrap, so that it fits a phone (set from JS: CSP). */
const LETTER = {whiteSpace: 'pre-wrap', overflowWrap: 'anywhere'};

const TEXTS = [['ap', 'nl'], ['ap', 'en'], ['subject', 'nl'], ['subject', 'en']];

/* The texts of both notices, nl and en, on screen or as a PDF. */
function Texts({b}) {
	const [which, setWhich] = useState(null);
	const act = useAction();
	const show = (w, lang) => act.run(async () => setWhich(await get('breaches/' + b.id + '/texts/' + w, {lang})));
	const pdf = (w, lang) => act.run(() => download('breaches/' + b.id + '/texts/' + w + '.pdf', {lang},
		t('breaches.pdf_file.' + w, {lang})));
	return (
		<div>
			<p class="actions">
				{TEXTS.map(([w, l]) => (
					<button key={w + l} type="button" onClick={() => show(w, l)}>{t('breaches.text.' + w + '.' + l)}</button>
				))}
			</p>
			<p class="actions">
				{TEXTS.map(([w, l]) => (
					<button key={w + l} type="button" data-pdf={w + '-' + l} onClick={() => pdf(w, l)} disabled={act.busy}>{t('breaches.pdf.' + w + '.' + l)}</button>
				))}
			</p>
			<ErrorBox error={act.error} />
			{which && <pre class="letter" tabindex="0" lang={which.lang} data-text={which.text} style={LETTER}>{which.body}</pre>}
		</div>
	);
}

/* BRE-1: the DPO closes the breach, with the reason; final. */
function CloseForm({b, onDone}) {
	const [reason, setReason] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => onDone(await post('breaches/' + b.id + '/close', {reason})));
	};
	return (
		<form class="breach-close" onSubmit={submit} novalidate>
			<p>{t('breaches.close_intro')}</p>
			<Field label={t('breaches.close_reason')}>
				<textarea name="close_reason" rows="3" maxlength="8000" value={reason} onInput={e => setReason(e.currentTarget.value)} />
			</Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('breaches.close')}</Submit>
		</form>
	);
}

/* The changes the DPO can still make to an open breach. */
function Acts({b, done}) {
	return (
		<div>
			<h3>{t('breaches.assessment')}</h3>
			<AssessForm b={b} onDone={done} />
			<h3>{t('breaches.ap_notices')}</h3>
			<Notices b={b} />
			<NoticeForm b={b} onDone={done} />
			<h3>{t('breaches.subjects_notified')}</h3>
			<Told b={b} />
			<NotifiedForm b={b} onDone={done} />
			<h3>{t('breaches.close_title')}</h3>
			<CloseForm b={b} onDone={done} />
		</div>
	);
}

function Notices({b}) {
	if (b.ap_notices.length === 0)
		return <p>{t('breaches.no_notices')}</p>;
	return <ul>{b.ap_notices.map(n => <li key={n.phase}>{t('breaches.phase_by', {n: n.phase, at: fmtDateTime(n.sent_at), ref: n.reference, by: n.recorded_by_name})}</li>)}</ul>;
}

function Told({b}) {
	if (b.subjects_notified.length === 0)
		return <p>{t('breaches.no_notified')}</p>;
	return <ul>{b.subjects_notified.map((n, i) => <li key={i}>{t('breaches.notified_line_by', {who: n.who, how: t('breaches.how.' + n.how), at: fmtDateTime(n.notified_at), by: n.recorded_by_name})}</li>)}</ul>;
}

function Detail({id, onChange}) {
	const [state, reload] = useLoad(() => get('breaches/' + id), [id]);
	const done = () => {
		reload();
		onChange();
	};
	return (
		<Loaded state={state}>
			{b => (
				<article class="card breach" data-breach={b.id}>
					<h2>{t('breaches.detail_title', {date: fmtDateTime(b.aware_at)})}</h2>
					<p><ClockBadge clock={b.clock} /> {b.clock.ap_due && !b.closed_at && t('breaches.due', {at: fmtDateTime(b.clock.ap_due)})}</p>
					<dl class="content">
						<div><dt>{t('breaches.facts')}</dt><dd>{b.facts}</dd></div>
						<div><dt>{t('breaches.categories')}</dt><dd>{b.categories.map(catName).join(', ')}</dd></div>
						<div><dt>{t('breaches.numbers')}</dt><dd>{t('breaches.numbers_value', {people: b.people_approx, records: b.records_approx})}</dd></div>
						<div><dt>{t('breaches.risk')}</dt><dd>{b.risk ? t('breaches.risk.' + b.risk) : t('breaches.not_assessed')}</dd></div>
						<div><dt>{t('breaches.subjects')}</dt><dd>{b.clock.notify_subjects ? t('breaches.subjects_yes') : b.clock.subject_exemption ? t('breaches.exemption.' + b.clock.subject_exemption) : t('breaches.subjects_no')}</dd></div>
						<div><dt>{t('breaches.reported_by')}</dt><dd>{t('breaches.by_at', {by: b.reported_by_name, at: fmtDateTime(b.reported_at)})}</dd></div>
						{b.assessed_at && <div><dt>{t('breaches.assessed_by')}</dt><dd>{t('breaches.by_at', {by: b.assessed_by_name, at: fmtDateTime(b.assessed_at)})}</dd></div>}
						{b.closed_at && <div><dt>{t('breaches.closed_by')}</dt><dd class="closed-by">{t('breaches.by_at', {by: b.closed_by_name, at: fmtDateTime(b.closed_at)})}</dd></div>}
						{b.closed_at && <div><dt>{t('breaches.close_reason')}</dt><dd class="close-reason">{b.close_reason}</dd></div>}
					</dl>
					{b.closed_at ? (
						<div>
							<Notice>{t('breaches.closed_notice')}</Notice>
							<h3>{t('breaches.ap_notices')}</h3>
							<Notices b={b} />
							<h3>{t('breaches.subjects_notified')}</h3>
							<Told b={b} />
						</div>
					) : <Acts b={b} done={done} />}
					<h3>{t('breaches.texts')}</h3>
					<Texts b={b} />
				</article>
			)}
		</Loaded>
	);
}

/* One table of the register: the open breaches, or the closed ones. */
function BreachTable({list, closed, caption, onPick}) {
	return (
		<div class="table-wrap">
			<table class={'list ' + (closed ? 'breaches-closed' : 'breaches')}>
				<caption class="sr-only">{caption}</caption>
				<thead><tr>
					<th scope="col">{t('breaches.aware_at')}</th>
					<th scope="col">{t('breaches.risk')}</th>
					<th scope="col">{closed ? t('breaches.closed_on') : t('breaches.clock')}</th>
					<th scope="col">{t('breaches.open')}</th>
				</tr></thead>
				<tbody>
					{list.map(b => (
						<tr key={b.id} data-breach={b.id}>
							<td>{fmtDateTime(b.aware_at)}</td>
							<td>{b.risk ? t('breaches.risk.' + b.risk) : t('breaches.not_assessed')}</td>
							<td>{closed ? t('breaches.by_at', {by: b.closed_by_name, at: fmtDateTime(b.closed_at)}) : <ClockBadge clock={b.clock} />}</td>
							<td><button type="button" onClick={() => onPick(b.id)}>{t('breaches.show')}</button></td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

/* The register: the open breaches first, the closed ones apart below. */
function Register({tick, onPick}) {
	const [state] = useLoad(() => get('breaches', {state: 'all'}), [tick]);
	return (
		<Loaded state={state}>
			{data => {
				const open = data.breaches.filter(b => !b.closed_at);
				const closed = data.breaches.filter(b => b.closed_at);
				return (
					<div>
						{open.length === 0 ? <p>{t(closed.length ? 'breaches.none_open' : 'breaches.none')}</p>
							: <BreachTable list={open} caption={t('breaches.register')} onPick={onPick} />}
						<h3>{t('breaches.closed_title')}</h3>
						{closed.length === 0 ? <p>{t('breaches.none_closed')}</p>
							: <BreachTable list={closed} closed caption={t('breaches.closed_title')} onPick={onPick} />}
					</div>
				);
			}}
		</Loaded>
	);
}

export function Breaches() {
	const s = useSession();
	const dpo = baseRoles(s).has('dpo');
	const [roles] = useLoad(() => get('roles'), []);
	const [tick, setTick] = useState(0);
	const [pick, setPick] = useState(null);
	const [reported, setReported] = useState(null);
	return (
		<section>
			<h1>{t('breaches.title')}</h1>
			<p>{t(dpo ? 'breaches.intro_dpo' : 'breaches.intro_staff')}</p>
			{reported && <Notice>{t('breaches.reported', {hours: reported.clock.hours_left})}</Notice>}
			{dpo && <div><h2>{t('breaches.register')}</h2><Register tick={tick} onPick={setPick} /></div>}
			{dpo && pick && <Detail id={pick} onChange={() => setTick(tick + 1)} />}
			<h2>{t('breaches.report_title')}</h2>
			<Loaded state={roles}>
				{r => <ReportForm categories={Object.keys(r.categories || {})} onDone={b => {
					setReported(b);
					setTick(tick + 1);
				}} />}
			</Loaded>
		</section>
	);
}
