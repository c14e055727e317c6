/*
 * request.jsx: one data subject's request (RQ-1 to RQ-5, INZ-2, INZ-4,
 * INZ-6): what was asked and by whom, the deadline, its history, the acts
 * its state allows, the decision with reasons, withheld entries, the
 * changes a rectification, erasure, shielding or restriction makes and
 * their carrying out, the letters to preview and download, and the copy.
 * The server decides every act again; the page offers only those the
 * request's state allows, so the handler is not led into a 409.
 */
import {h} from 'preact';
import {useState, useEffect} from 'preact/hooks';
import {get, post, download, blobUrl} from '../api.js';
import {t, fmtDate, fmtDateTime, getLang} from '../i18n.js';
import {baseRoles} from '../session.js';
import {Field, Loaded, useLoad, useAction, Submit, DaysBadge, Notice} from '../ui.jsx';
import {fullName} from './clients.jsx';
import {catName, fieldName} from './record.jsx';
import {word, today, ID_DOCUMENTS, ActError, mayReadEntries} from './requests.jsx';

const OPEN = ['received', 'awaiting_identity', 'in_progress'];
const COPY_KINDS = ['access', 'copy', 'portability'];
const EXPORT_KINDS = ['access', 'copy', 'portability', 'log', 'scheme'];
const CHANGE_KINDS = ['rectification', 'completion', 'erasure', 'shielding', 'restriction'];
const ERASE_GROUNDS = ['no_longer_needed', 'consent_withdrawn', 'objection_upheld', 'unlawful',
		       'legal_obligation', 'information_society'];
export const RESTRICT_GROUNDS = ['accuracy_contested', 'unlawful', 'legal_claim', 'objection_pending'];
const REFUSAL_GROUNDS = ['legal_retention', 'interest_of_another', 'agreement_with_subject'];

/* The ops a change of each kind may be (docs/api.md, the changes table). */
const OPS = {
	rectification: ['correct', 'erase'],
	completion: ['complete'],
	erasure: ['erase'],
	shielding: ['shield'],
	restriction: ['restrict'],
};

/* One act as a folded form: the summary names it, the form does it. */
function ActForm({title, id, act, body, children, onDone, open, mapError}) {
	const a = useAction();
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			const b = body();
			if (b instanceof Error)
				throw b;
			try {
				await post('requests/' + id + '/' + act, b);
			} catch (err) {
				throw (mapError && mapError(err, b)) || err;
			}
			onDone(act);
		});
	};
	return (
		<details class="act" data-act={act} open={open}>
			<summary>{title}</summary>
			<form onSubmit={submit} novalidate>
				{children}
				<ActError error={a.error} />
				<div class="buttons">
					<button type="submit" class="primary" disabled={a.busy}
						aria-busy={a.busy ? 'true' : 'false'}>{title}</button>
				</div>
			</form>
		</details>
	);
}

/* An error made in the page, shown like the server's (ActError). */
function localError(code, rule) {
	const e = new Error(code);
	e.code = code;
	e.rule = rule || null;
	return e;
}

/* RQ-5: the server refuses a partial grant or a refusal without reasons
 * as a malformed body; the handler is told what is missing. */
function reasonsMissing(err, b) {
	if ((err.code === 'invalid' || err.code === 'invalid_type') && b.decision !== 'granted' && !b.reasons)
		return localError('reasons_required', 'RQ-5');
	return null;
}

function Decide({r, onDone}) {
	const [decision, setDecision] = useState('granted');
	const [reasons, setReasons] = useState('');
	const [excessive, setExcessive] = useState(false);
	const [fee, setFee] = useState('');
	const [ground, setGround] = useState('');
	const erasure = r.kind === 'erasure';
	return (
		<ActForm title={t('request.act.decide')} id={r.id} act="decide" onDone={onDone} open mapError={reasonsMissing}
			body={() => {
				const b = {decision};
				if (reasons.trim())
					b.reasons = reasons.trim();
				if (excessive)
					b.excessive = true;
				if (fee.trim()) {
					const cents = Math.round(Number(fee.replace(',', '.')) * 100);
					if (!isFinite(cents) || cents < 0)
						return localError('bad_fee');
					b.fee_cents = cents;
				}
				if (erasure && decision !== 'granted' && ground)
					b.refusal_ground = ground;
				return b;
			}}>
			<fieldset>
				<legend>{t('request.decision')}</legend>
				{['granted', 'partly', 'refused'].map(d => (
					<label key={d} class="radio">
						<input type="radio" name="decision" value={d} checked={decision === d}
							onChange={() => setDecision(d)} />
						{' '}{word('requests.decision.', d)}
					</label>
				))}
			</fieldset>
			<Field label={t('request.reasons')} hint={t('request.reasons_hint')}>
				<textarea name="reasons" rows="4" value={reasons} onInput={e => setReasons(e.currentTarget.value)} />
			</Field>
			{erasure && decision !== 'granted' && (
				<Field label={t('request.refusal_ground')}>
					<select name="refusal_ground" value={ground} onChange={e => setGround(e.currentTarget.value)}>
						<option value="">{t('request.choose')}</option>
						{REFUSAL_GROUNDS.map(g => <option key={g} value={g}>{word('request.refusal.', g)}</option>)}
					</select>
				</Field>
			)}
			<div class="field check">
				<label>
					<input type="checkbox" name="excessive" checked={excessive} onChange={e => setExcessive(e.currentTarget.checked)} />
					{' '}{t('request.excessive')}
				</label>
			</div>
			{excessive && (
				<Field label={t('request.fee')} hint={t('request.fee_hint')}>
					<input name="fee" inputmode="decimal" value={fee} onInput={e => setFee(e.currentTarget.value)} />
				</Field>
			)}
		</ActForm>
	);
}

/* INZ-2: an entry of the client kept out of the copy, with a reason.
 * The entries are listed when the user may read them (the assignee);
 * the DPO, who may not, names the entry by its number. */
function Withhold({r, s, onDone}) {
	const [entry, setEntry] = useState('');
	const [reason, setReason] = useState('');
	const [entries] = useLoad(async () => {
		if (!mayReadEntries(s))
			return null;
		try {
			return (await get('clients/' + encodeURIComponent(r.subject) + '/entries')).entries.filter(e => !e.error);
		} catch (e) {
			return null;
		}
	}, [r.subject]);
	const withheld = new Set((r.withheld || []).map(w => w.entry));
	const list = entries.data && entries.data.filter(e => !withheld.has(e.id));
	return (
		<ActForm title={t('request.act.withhold')} id={r.id} act="withhold" onDone={onDone}
			body={() => ({entry: entry.trim(), reason: reason.trim()})}>
			{list ? (
				<Field label={t('request.entry')}>
					<select name="entry" value={entry} onChange={e => setEntry(e.currentTarget.value)}>
						<option value="">{t('request.choose')}</option>
						{list.map(e => (
							<option key={e.id} value={e.id}>
								{catName(e.category) + ' · ' + fmtDateTime(e.created_at) + ' · ' + summary(e.content)}
							</option>
						))}
					</select>
				</Field>
			) : (
				<Field label={t('request.entry_number')} hint={t('request.entry_number_hint')}>
					<input name="entry" value={entry} onInput={e => setEntry(e.currentTarget.value)} />
				</Field>
			)}
			<Field label={t('request.withhold_reason')} hint={t('request.withhold_reason_hint')}>
				<textarea name="withhold_reason" rows="3" value={reason} onInput={e => setReason(e.currentTarget.value)} />
			</Field>
		</ActForm>
	);
}

/* The first words of an entry, to tell entries apart in a list. */
function summary(content) {
	const v = Object.values(content || {}).map(String).join(' ');
	return v.length > 60 ? v.slice(0, 60) + '…' : v;
}

/* COR-1: what a rectification, completion, erasure, shielding or
 * restriction changes, recorded before the decision. */
function Change({r, s, onDone}) {
	const ops = OPS[r.kind] || [];
	const [op, setOp] = useState(ops[0]);
	const [entry, setEntry] = useState('');
	const [category, setCategory] = useState('');
	const [ground, setGround] = useState('');
	const [reason, setReason] = useState('');
	const [values, setValues] = useState({});
	const a = useAction();
	const [entries] = useLoad(async () => {
		if (!mayReadEntries(s))
			return null;
		try {
			return (await get('clients/' + encodeURIComponent(r.subject) + '/entries')).entries.filter(e => !e.error);
		} catch (e) {
			return null;
		}
	}, [r.subject]);
	const chosen = entries.data && entries.data.find(e => e.id === entry);
	const cats = Object.keys((s.profile && s.profile.categories) || {});
	const fields = chosen && s.profile.categories[chosen.category] ? s.profile.categories[chosen.category].fields : [];
	const needsEntry = op === 'correct' || op === 'complete';
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			const b = {op};
			if (entry.trim())
				b.entry = entry.trim();
			if (needsEntry) {
				b.content = {};
				for (const f of fields)
					if (values[f.name] !== undefined && values[f.name] !== '')
						b.content[f.name] = f.type === 'integer' ? Number(values[f.name]) : values[f.name];
				if (reason.trim())
					b.reason = reason.trim();
			}
			if (op === 'erase' || op === 'restrict')
				b.ground = ground;
			if (op === 'shield' && category && !entry.trim()) {
				delete b.entry;
				b.category = category;
			}
			if (op === 'restrict')
				delete b.entry;
			await post('requests/' + r.id + '/changes', b);
			setEntry('');
			setValues({});
			setReason('');
			onDone('changes');
		});
	};
	const pickEntry = id => {
		setEntry(id);
		const e = entries.data && entries.data.find(x => x.id === id);
		const init = {};
		if (e)
			for (const [k, v] of Object.entries(e.content || {}))
				init[k] = String(v);
		setValues(init);
	};
	return (
		<details class="act" data-act="changes">
			<summary>{t('request.act.changes')}</summary>
			<form onSubmit={submit} novalidate>
				{ops.length > 1 && (
					<Field label={t('request.op')}>
						<select name="op" value={op} onChange={e => setOp(e.currentTarget.value)}>
							{ops.map(o => <option key={o} value={o}>{word('request.op.', o)}</option>)}
						</select>
					</Field>
				)}
				{op !== 'restrict' && (entries.data ? (
					<Field label={op === 'erase' ? t('request.entry_or_all') : t('request.entry')}>
						<select name="entry" value={entry} onChange={e => pickEntry(e.currentTarget.value)}>
							<option value="">{op === 'erase' ? t('request.whole_record') : t('request.choose')}</option>
							{entries.data.map(e => (
								<option key={e.id} value={e.id}>
									{catName(e.category) + ' · ' + fmtDateTime(e.created_at) + ' · ' + summary(e.content)}
								</option>
							))}
						</select>
					</Field>
				) : (
					<Field label={t('request.entry_number')} hint={t(op === 'erase' ? 'request.entry_erase_hint' : 'request.entry_number_hint')}>
						<input name="entry" value={entry} onInput={e => setEntry(e.currentTarget.value)} />
					</Field>
				))}
				{op === 'shield' && (
					<Field label={t('request.shield_category')} hint={t('request.shield_category_hint')}>
						<select name="category" value={category} onChange={e => setCategory(e.currentTarget.value)}>
							<option value="">{t('request.choose')}</option>
							{cats.map(c => <option key={c} value={c}>{catName(c)}</option>)}
						</select>
					</Field>
				)}
				{needsEntry && fields.map(f => (
					<Field key={entry + f.name} label={fieldName(f.name)}>
						{f.type === 'text' ? (
							<textarea rows="3" name={f.name} value={values[f.name] || ''}
								onInput={e => setValues({...values, [f.name]: e.currentTarget.value})} />
						) : (
							<input type={f.type === 'date' ? 'date' : 'text'} name={f.name} value={values[f.name] || ''}
								onInput={e => setValues({...values, [f.name]: e.currentTarget.value})} />
						)}
					</Field>
				))}
				{needsEntry && (
					<Field label={t('request.change_reason')}>
						<input name="change_reason" maxlength="1000" value={reason} onInput={e => setReason(e.currentTarget.value)} />
					</Field>
				)}
				{(op === 'erase' || op === 'restrict') && (
					<Field label={t('request.ground')}>
						<select name="ground" value={ground} onChange={e => setGround(e.currentTarget.value)}>
							<option value="">{t('request.choose')}</option>
							{(op === 'erase' ? ERASE_GROUNDS : RESTRICT_GROUNDS).map(g => (
								<option key={g} value={g}>{word('request.ground.', g)}</option>
							))}
						</select>
					</Field>
				)}
				<ActError error={a.error} />
				<div class="buttons">
					<Submit busy={a.busy}>{t('request.act.changes')}</Submit>
				</div>
			</form>
		</details>
	);
}

/* The acts the request's state allows, each a folded form. */
function Acts({r, s, onDone}) {
	const dpo = baseRoles(s).has('dpo');
	const open = OPEN.includes(r.state);
	const [assignee, setAssignee] = useState(r.assignee || '');
	const [doc, setDoc] = useState('');
	const [last, setLast] = useState('');
	const [ext, setExt] = useState({reason: '', on: today()});
	const [expl, setExpl] = useState('offered');
	const [to, setTo] = useState({to: '', token: ''});
	const granted = r.state === 'decided' && r.decision !== 'refused';
	const closable = r.state === 'carried_out' || (r.state === 'decided' && r.decision === 'refused');
	return (
		<section aria-labelledby="acts-title">
			<h2 id="acts-title">{t('request.acts')}</h2>
			{r.state === 'closed' && <p>{t('request.closed_note')}</p>}
			{r.state === 'received' && (
				<ActForm title={t('request.act.start')} id={r.id} act="start" body={() => ({})} onDone={onDone}>
					<p class="hint">{t('request.start_hint')}</p>
				</ActForm>
			)}
			{open && dpo && (
				<ActForm title={t('request.act.assign')} id={r.id} act="assign" onDone={onDone}
					mapError={e => (e.code === 'invalid' ? localError('unknown_user', 'RQ-1') : null)}
					body={() => ({assignee: assignee.trim()})}>
					<Field label={t('request.assignee_name')} hint={t('request.assignee_hint')}>
						<input name="assignee" autocomplete="off" value={assignee} onInput={e => setAssignee(e.currentTarget.value)} />
					</Field>
				</ActForm>
			)}
			{(r.state === 'received' || r.state === 'in_progress') && (
				<ActForm title={t('request.act.identity_request')} id={r.id} act="identity-request" body={() => ({})} onDone={onDone}>
					<p class="hint">{t('request.identity_request_hint')}</p>
				</ActForm>
			)}
			{open && (
				<ActForm title={t('request.act.identity')} id={r.id} act="identity" onDone={onDone}
					open={r.state === 'awaiting_identity'}
					body={() => {
						const b = {document: doc};
						if (last.trim())
							b.last_digits = last.trim();
						return b;
					}}>
					<Field label={t('requests.id_document')}>
						<select name="document" value={doc} onChange={e => setDoc(e.currentTarget.value)}>
							<option value="">{t('request.choose')}</option>
							{ID_DOCUMENTS.map(x => <option key={x} value={x}>{word('requests.id_doc.', x)}</option>)}
						</select>
					</Field>
					<Field label={t('requests.id_last')} hint={t('requests.id_last_hint')}>
						<input name="last_digits" maxlength="4" autocomplete="off" value={last} onInput={e => setLast(e.currentTarget.value)} />
					</Field>
				</ActForm>
			)}
			{open && !r.extended_on && (
				<ActForm title={t('request.act.extend')} id={r.id} act="extend" onDone={onDone}
					body={() => ({reason: ext.reason.trim(), on: ext.on || undefined})}>
					<p class="hint">{t('request.extend_hint')}</p>
					<Field label={t('request.extend_reason')}>
						<textarea name="extend_reason" rows="3" value={ext.reason} onInput={e => setExt({...ext, reason: e.currentTarget.value})} />
					</Field>
					<Field label={t('request.extend_on')}>
						<input type="date" name="extend_on" value={ext.on} onInput={e => setExt({...ext, on: e.currentTarget.value})} />
					</Field>
				</ActForm>
			)}
			{(r.kind === 'access' || r.kind === 'copy') && r.state !== 'closed' && (
				<ActForm title={t('request.act.explanation')} id={r.id} act="explanation" onDone={onDone}
					body={() => ({status: expl})}>
					<Field label={t('request.explanation')} hint={t('request.explanation_hint')}>
						<select name="explanation" value={expl} onChange={e => setExpl(e.currentTarget.value)}>
							{['offered', 'accepted', 'declined'].map(x => <option key={x} value={x}>{word('request.explanation.', x)}</option>)}
						</select>
					</Field>
				</ActForm>
			)}
			{open && COPY_KINDS.includes(r.kind) && <Withhold r={r} s={s} onDone={onDone} />}
			{open && CHANGE_KINDS.includes(r.kind) && <Change r={r} s={s} onDone={onDone} />}
			{open && <Decide r={r} onDone={onDone} />}
			{granted && (
				<ActForm title={t('request.act.carry_out')} id={r.id} act="carry-out" body={() => ({})} onDone={onDone} open>
					<p class="hint">{t(CHANGE_KINDS.includes(r.kind) ? 'request.carry_out_changes_hint' : 'request.carry_out_hint')}</p>
				</ActForm>
			)}
			{r.kind === 'portability' && (r.state === 'decided' || r.state === 'carried_out') && r.decision !== 'refused' && (
				<ActForm title={t('request.act.transfer')} id={r.id} act="transfer" onDone={onDone}
					body={() => {
						const b = {to: to.to.trim()};
						if (to.token.trim())
							b.token = to.token.trim();
						return b;
					}}>
					<Field label={t('request.transfer_to')} hint={t('request.transfer_to_hint')}>
						<input type="url" name="to" value={to.to} onInput={e => setTo({...to, to: e.currentTarget.value})} />
					</Field>
					<Field label={t('request.transfer_token')}>
						<input name="token" autocomplete="off" value={to.token} onInput={e => setTo({...to, token: e.currentTarget.value})} />
					</Field>
				</ActForm>
			)}
			{closable && (
				<ActForm title={t('request.act.close')} id={r.id} act="close" body={() => ({})} onDone={onDone} open>
					<p class="hint">{t('request.close_hint')}</p>
				</ActForm>
			)}
		</section>
	);
}

/* The letters the request has now (docs/api.md), to read in the page and
 * to download as PDF. */
function Letters({r}) {
	const [lang, setLang] = useState(getLang());
	const [preview, setPreview] = useState(null);
	const a = useAction();
	useEffect(() => () => preview && URL.revokeObjectURL(preview.url), [preview]);
	const letters = ['acknowledgement'];
	if ((r.suspensions && r.suspensions.length) || r.state === 'awaiting_identity')
		letters.push('identity');
	if (r.extended_on)
		letters.push('extension');
	if (r.decision)
		letters.push('decision');
	if (r.kind === 'restriction' && (r.state === 'carried_out' || r.state === 'closed'))
		letters.push('lifting');
	const path = l => 'requests/' + r.id + '/letters/' + l;
	return (
		<section aria-labelledby="letters-title">
			<h2 id="letters-title">{t('request.letters')}</h2>
			<Field label={t('request.letter_lang')} id="letter-lang">
				<select name="letter_lang" value={lang} onChange={e => setLang(e.currentTarget.value)}>
					<option value="nl">{t('request.lang.nl')}</option>
					<option value="en">{t('request.lang.en')}</option>
				</select>
			</Field>
			<ul class="letters">
				{letters.map(l => (
					<li key={l} data-letter={l}>
						<span class="letter-name">{word('request.letter.', l)}</span>
						<span class="buttons">
							<button type="button" disabled={a.busy} onClick={() => a.run(async () => {
								const url = await blobUrl(path(l), {lang});
								setPreview({url, letter: l});
							})}>{t('request.preview')}</button>
							<button type="button" disabled={a.busy} onClick={() => a.run(() =>
								download(path(l), {lang}, 'brief-' + l + '-' + r.id.slice(0, 8) + '.pdf'))}>
								{t('request.download')}
							</button>
						</span>
					</li>
				))}
			</ul>
			<ActError error={a.error} />
			{preview && (
				<figure class="letter-preview">
					<figcaption>
						{t('request.previewing', {letter: word('request.letter.', preview.letter)})}
						{' '}<button type="button" class="link" onClick={() => setPreview(null)}>{t('request.close_preview')}</button>
					</figcaption>
					<iframe src={preview.url} title={t('request.preview_title', {letter: word('request.letter.', preview.letter)})} />
				</figure>
			)}
		</section>
	);
}

/* The copy of a granted access, copy, portability, log or scheme
 * request, as PDF or FHIR (each part read with the user's own rights). */
function Export({r}) {
	const a = useAction();
	const lang = getLang();
	const get1 = (format, ext) => a.run(() =>
		download('requests/' + r.id + '/export', {format, lang}, 'afschrift-' + r.id.slice(0, 8) + '.' + ext));
	return (
		<section aria-labelledby="export-title">
			<h2 id="export-title">{t('request.export')}</h2>
			<p class="hint">{t('request.export_hint')}</p>
			<div class="buttons">
				<button type="button" disabled={a.busy} onClick={() => get1('pdf', 'pdf')}>{t('request.export_pdf')}</button>
				<button type="button" disabled={a.busy} onClick={() => get1('fhir', 'json')}>{t('request.export_fhir')}</button>
			</div>
			<ActError error={a.error} />
		</section>
	);
}

/* What carrying out a change made: a new entry's id, or the server's
 * word for it. */
function changeResult(v) {
	if (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v))
		return t('request.new_entry', {id: v.slice(0, 8)});
	return typeof v === 'object' ? Object.values(v).join(', ') : String(v);
}

function Changes({r}) {
	if (!r.changes || r.changes.length === 0)
		return null;
	return (
		<section aria-labelledby="changes-title">
			<h2 id="changes-title">{t('request.changes')}</h2>
			{r.refusal_ground && <p>{t('request.refusal_ground_is', {ground: word('request.refusal.', r.refusal_ground)})}</p>}
			<div class="table-wrap">
				<table class="list">
					<thead>
						<tr>
							<th scope="col">{t('request.op')}</th>
							<th scope="col">{t('request.what')}</th>
							<th scope="col">{t('request.ground')}</th>
							<th scope="col">{t('request.recorded')}</th>
							<th scope="col">{t('request.done')}</th>
						</tr>
					</thead>
					<tbody>
						{r.changes.map(c => (
							<tr key={c.id} data-change={c.id}>
								<td>{word('request.op.', c.op)}</td>
								<td>
									{c.entry ? t('request.entry_short', {id: c.entry.slice(0, 8)}) : c.category ? catName(c.category) : t('request.whole_record')}
									{c.has_reason && ' · ' + t('request.with_reason')}
								</td>
								<td>{word('request.ground.', c.ground)}</td>
								<td>{fmtDateTime(c.recorded_at)}{c.recorded_by ? ' · ' + c.recorded_by : ''}</td>
								<td>{c.done_at ? fmtDateTime(c.done_at) + (c.result ? ' · ' + changeResult(c.result) : '') : t('request.not_done')}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	);
}

function Withheld({r}) {
	if (!r.withheld || r.withheld.length === 0)
		return null;
	return (
		<section aria-labelledby="withheld-title">
			<h2 id="withheld-title">{t('request.withheld')}</h2>
			<div class="table-wrap">
				<table class="list">
					<thead>
						<tr>
							<th scope="col">{t('request.entry')}</th>
							<th scope="col">{t('request.category')}</th>
							<th scope="col">{t('request.withhold_reason')}</th>
						</tr>
					</thead>
					<tbody>
						{r.withheld.map(w => (
							<tr key={w.entry}>
								<td>{t('request.entry_short', {id: w.entry.slice(0, 8)})}</td>
								<td>{catName(w.category)}</td>
								<td>{w.reason}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	);
}

function History({r}) {
	return (
		<section aria-labelledby="history-title">
			<h2 id="history-title">{t('request.history')}</h2>
			<div class="table-wrap">
				<table class="list history">
					<thead>
						<tr>
							<th scope="col">{t('request.when')}</th>
							<th scope="col">{t('request.who')}</th>
							<th scope="col">{t('request.what')}</th>
							<th scope="col">{t('requests.state')}</th>
						</tr>
					</thead>
					<tbody>
						{(r.history || []).map((x, i) => (
							<tr key={i}>
								<td data-label={t('request.when')}>{fmtDateTime(x.at)}</td>
								<td data-label={t('request.who')}>{x.by}</td>
								<td data-label={t('request.what')}>{word('request.what.', x.what)}</td>
								<td data-label={t('requests.state')}>{word('requests.state.', x.state)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	);
}

function Summary({r, name}) {
	const d = r.deadline || {};
	const rows = [
		['requests.client', name ? <a href={'#/clients/' + r.subject}>{name}</a> : t('requests.client_number', {id: r.subject.slice(0, 8)})],
		['requests.received', fmtDate(r.received)],
		['requests.channel', word('requests.channel.', r.channel) + (r.answer_channel && r.answer_channel !== r.channel
			? ' · ' + t('request.answer_by', {channel: word('requests.channel.', r.answer_channel)}) : '')],
		['request.requester', r.requester && r.requester.by && r.requester.by !== 'subject'
			? t('request.by_representative') + (r.requester.basis ? ' (' + word('request.basis.', r.requester.basis) + ')' : '')
			: t('request.by_subject')],
		['requests.state', word('requests.state.', r.state)],
		['requests.assignee', r.assignee || t('requests.unassigned')],
		['requests.due', d.due ? <span>{fmtDate(d.due)} {!r.decision && <DaysBadge days={d.days_left} overdue={d.overdue} suspended={d.suspended} />}</span> : t('requests.no_due')],
		d.carry_out_by && ['request.carry_out_by', fmtDate(d.carry_out_by)],
		r.extended_on && ['request.extended_on', fmtDate(r.extended_on) + (d.extension ? ' · ' + word('request.extension.', d.extension) : '')],
		r.identity && ['request.identity', word('requests.id_doc.', r.identity.document || r.identity.id_document) +
			((r.identity.last_digits || r.identity.id_last) ? ' · ' + t('request.id_ending', {last: r.identity.last_digits || r.identity.id_last}) : '')],
		r.decision && ['request.decision', word('requests.decision.', r.decision) + (r.decided_at ? ' · ' + fmtDateTime(r.decided_at) : '')],
		r.reasons && ['request.reasons', r.reasons],
		r.excessive && ['request.excessive_short', r.fee_cents ? t('request.fee_is', {fee: (r.fee_cents / 100).toFixed(2).replace('.', ',')}) : t('common.yes')],
		r.explanation && ['request.explanation', word('request.explanation.', r.explanation)],
		r.details && ['requests.details', r.details],
	].filter(Boolean);
	return (
		<dl class="summary">
			{rows.map(([k, v]) => (
				<div key={k}>
					<dt>{t(k)}</dt>
					<dd data-field={k}>{v}</dd>
				</div>
			))}
		</dl>
	);
}

export function Request({params, s}) {
	const id = params.id;
	const [done, setDone] = useState(null);
	const [state, reload] = useLoad(async () => {
		const r = await get('requests/' + encodeURIComponent(id));
		let name = null;
		try {
			name = fullName((await get('clients/' + encodeURIComponent(r.subject))).identity);
		} catch (e) {
			/* the name stays unknown; the request is still handled */
		}
		return {r, name};
	}, [id]);
	const onDone = act => {
		setDone(act);
		reload();
	};
	return (
		<section class="request">
			{state.error && <h1>{t('request.title_plain')}</h1>}
			<Loaded state={state}>
				{({r, name}) => (
					<div>
						<h1>{t('request.title', {kind: word('requests.kind.', r.kind)})}</h1>
						<p><a href="#/requests">{t('request.back')}</a></p>
						{done && <Notice>{t('request.done_act', {act: word('request.act_done.', done)})}</Notice>}
						<Summary r={r} name={name} />
						{(r.decision === 'partly' || r.decision === 'refused') && (
							<p class="warning" role="note">{t('request.complaint_note')}</p>
						)}
						<Acts key={r.state + (r.history || []).length} r={r} s={s} onDone={onDone} />
						<Withheld r={r} />
						<Changes r={r} />
						{r.decision && r.decision !== 'refused' && EXPORT_KINDS.includes(r.kind) && <Export r={r} />}
						<Letters r={r} />
						<History r={r} />
					</div>
				)}
			</Loaded>
		</section>
	);
}

