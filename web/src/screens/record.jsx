/*
 * record.jsx: a client's record by category (ACC-2, CAT-4), each
 * correction beside its original (COR-2), a new entry (PUR-1, PUR-3,
 * PUR-4) and a correction; and breaking the glass (ACC-6) when the user
 * has no care relation with the client.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post} from '../api.js';
import {t, pick, fmtDate, fmtDateTime, has} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Dialog, Submit, Notice} from '../ui.jsx';
import {fullName} from './clients.jsx';

/* The tabs of a client's pages; each names its place and its text. */
export const CLIENT_TABS = [
	{path: '', label: 'record.tab_entries'},
	{path: '/relations', label: 'record.tab_relations'},
	{path: '/representation', label: 'record.tab_representation'},
	{path: '/consents', label: 'record.tab_consents'},
	{path: '/information', label: 'record.tab_information'},
	{path: '/log', label: 'record.tab_log'},
	{path: '/requests', label: 'requests.tab'},
	{path: '/disclosures', label: 'disclosures.tab'},
	{path: '/protection', label: 'protection.tab'},
	{path: '/retention', label: 'retention.tab'},
];

export function catName(c) {
	return has('category.' + c) ? t('category.' + c) : c;
}

export function fieldName(f) {
	return has('field.' + f) ? t('field.' + f) : f.replace(/_/g, ' ');
}

/* The client's name and the tabs; children below. */
export function ClientPage({id, tab, children}) {
	const [state] = useLoad(() => get('clients/' + encodeURIComponent(id)), [id]);
	return (
		<section>
			<Loaded state={{...state, error: state.error && state.error.status !== 403 ? state.error : null}}>
				{data => (
					<div>
						<h1>{data ? fullName(data.identity) : t('record.title')}</h1>
						{data && data.break_glass && (
							<p class="banner red" role="note">{t('record.under_break_glass')}</p>
						)}
						{data && data.identity && data.identity.birth_date && (
							<p class="meta">{t('record.born', {date: fmtDate(data.identity.birth_date)})}</p>
						)}
					</div>
				)}
			</Loaded>
			{state.error && state.error.status === 403 ? (
				<BreakGlass id={id} error={state.error} />
			) : (
				<div>
					<nav class="tabs" aria-label={t('record.tabs')}>
						{CLIENT_TABS.map(x => (
							<a key={x.path} href={'#/clients/' + id + x.path} aria-current={x.path === tab ? 'page' : undefined}>{t(x.label)}</a>
						))}
					</nav>
					{!state.loading && children}
				</div>
			)}
		</section>
	);
}

/* ACC-6: no care relation; the user may break the glass with a reason. */
function BreakGlass({id, error}) {
	const [open, setOpen] = useState(false);
	const [reason, setReason] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			await post('clients/' + encodeURIComponent(id) + '/break-glass', {reason: reason.trim()});
			setOpen(false);
			location.reload();
		});
	};
	return (
		<div>
			<h1>{t('record.title')}</h1>
			<ErrorBox error={error} />
			<p>{t('break_glass.explain')}</p>
			<button type="button" class="danger" onClick={() => setOpen(true)}>{t('break_glass.open')}</button>
			<Dialog open={open} title={t('break_glass.title')} onClose={() => setOpen(false)}>
				<form onSubmit={submit} novalidate>
					<p class="warning" role="note">{t('break_glass.warning')}</p>
					<Field label={t('break_glass.reason')} hint={t('break_glass.reason_hint')}>
						<textarea name="reason" rows="4" required minlength="10" value={reason} onInput={e => setReason(e.currentTarget.value)} />
					</Field>
					<ErrorBox error={act.error} />
					<div class="buttons">
						<button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
						<Submit busy={act.busy}>{t('break_glass.confirm')}</Submit>
					</div>
				</form>
			</Dialog>
		</div>
	);
}

/* An entry's or identity's fields, dates the Dutch way. */
export function Content({content}) {
	return (
		<dl class="content">
			{Object.entries(content || {}).map(([k, v]) => (
				<div key={k}>
					<dt>{fieldName(k)}</dt>
					<dd>{typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? fmtDate(v) : String(v)}</dd>
				</div>
			))}
		</dl>
	);
}

function EntryMeta({e, profile}) {
	const purpose = profile && profile.purposes.find(p => p.id === e.purpose);
	return (
		<p class="meta">
			{fmtDateTime(e.created_at)}
			{purpose ? ' · ' + pick(purpose.name) : ''}
			{e.break_glass && <span class="badge red">{t('record.break_glass_badge')}</span>}
		</p>
	);
}

/* An input for one field of a category, by its declared type. */
function FieldInput({f, value, onChange, id, 'aria-describedby': described}) {
	const common = {id, 'aria-describedby': described, name: f.name, required: !!f.required,
			value: value === undefined ? '' : value, onInput: e => onChange(e.currentTarget.value)};
	if (f.type === 'text')
		return <textarea rows="4" maxlength={f.max_length} {...common} />;
	if (f.type === 'date')
		return <input type="date" {...common} />;
	if (f.type === 'integer')
		return <input type="number" step="1" inputmode="numeric" {...common} />;
	return <input maxlength={f.max_length} {...common} />;
}

/* Turns the form's strings into the content the category declares. */
function toContent(fields, values) {
	const out = {};
	for (const f of fields) {
		const v = values[f.name];
		if (v === undefined || v === '')
			continue;
		out[f.name] = f.type === 'integer' ? Number(v) : v;
	}
	return out;
}

function EntryForm({id, profile, categories, onDone, onCancel}) {
	const [cat, setCat] = useState(categories[0]);
	const purposes = profile.purposes;
	const [purpose, setPurpose] = useState((purposes.find(p => p.care) || purposes[0]).id);
	const pdef = purposes.find(p => p.id === purpose) || purposes[0];
	const [basis, setBasis] = useState(pdef.legal_bases[0]);
	const [values, setValues] = useState({});
	const act = useAction();
	const fields = (profile.categories[cat] || {fields: []}).fields;
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			await post('clients/' + encodeURIComponent(id) + '/entries', {
				category: cat, purpose, legal_basis: pdef.legal_bases.includes(basis) ? basis : pdef.legal_bases[0],
				content: toContent(fields, values),
			});
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="new-entry-title">
			<h2 id="new-entry-title">{t('record.new_entry')}</h2>
			<Field label={t('record.category')}>
				<select name="category" value={cat} onChange={e => {
					setCat(e.currentTarget.value);
					setValues({});
				}}>
					{categories.map(c => <option key={c} value={c}>{catName(c)}</option>)}
				</select>
			</Field>
			<Field label={t('record.purpose')}>
				<select name="purpose" value={purpose} onChange={e => setPurpose(e.currentTarget.value)}>
					{purposes.map(p => <option key={p.id} value={p.id}>{pick(p.name)}</option>)}
				</select>
			</Field>
			<Field label={t('record.legal_basis')}>
				<select name="legal_basis" value={basis} onChange={e => setBasis(e.currentTarget.value)}>
					{pdef.legal_bases.map(b => <option key={b} value={b}>{has('basis.' + b) ? t('basis.' + b) : b}</option>)}
				</select>
			</Field>
			{fields.map(f => (
				<Field key={cat + f.name} label={fieldName(f.name) + (f.required ? ' *' : '')}>
					<FieldInput f={f} value={values[f.name]} onChange={v => setValues({...values, [f.name]: v})} />
				</Field>
			))}
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('record.save_entry')}</Submit>
			</div>
		</form>
	);
}

function CorrectForm({entry, profile, onDone, onCancel}) {
	const fields = (profile.categories[entry.category] || {fields: []}).fields;
	const init = {};
	for (const f of fields)
		if (entry.content && entry.content[f.name] !== undefined)
			init[f.name] = String(entry.content[f.name]);
	const [values, setValues] = useState(init);
	const [reason, setReason] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {content: toContent(fields, values)};
			if (reason.trim())
				body.reason = reason.trim();
			await post('entries/' + entry.id + '/corrections', body);
			onDone();
		});
	};
	const tid = 'correct-' + entry.id;
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby={tid}>
			<h3 id={tid}>{t('record.correct_title')}</h3>
			<p class="hint">{t('record.correct_explain')}</p>
			{fields.map(f => (
				<Field key={f.name} label={fieldName(f.name) + (f.required ? ' *' : '')}>
					<FieldInput f={f} value={values[f.name]} onChange={v => setValues({...values, [f.name]: v})} />
				</Field>
			))}
			<Field label={t('record.correct_reason')}>
				<input name="reason" maxlength="1000" value={reason} onInput={e => setReason(e.currentTarget.value)} />
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={act.busy}>{t('record.save_correction')}</Submit>
			</div>
		</form>
	);
}

/*
 * COR-2: an original and its corrections side by side: the original
 * stays, marked corrected, with each later version beside it.
 */
function EntryCard({e, corrections, profile, onChanged, canCorrect}) {
	const [correcting, setCorrecting] = useState(false);
	if (e.error)
		return <div class="entry tampered" role="alert"><p>{t('record.tampered')}</p></div>;
	const latest = corrections.length ? corrections[corrections.length - 1] : null;
	return (
		<article class={'entry' + (latest ? ' corrected' : '')} data-entry={e.id}>
			<div class={latest ? 'pair' : ''}>
				<div class="version original">
					{latest && <p class="label">{t('record.original')}</p>}
					<EntryMeta e={e} profile={profile} />
					<Content content={e.content} />
				</div>
				{corrections.map(c => (
					<div class="version correction" key={c.id} data-entry={c.id}>
						<p class="label">{t('record.correction')}</p>
						<EntryMeta e={c} profile={profile} />
						{c.reason && <p class="reason">{t('record.correction_reason', {reason: c.reason})}</p>}
						<Content content={c.content} />
					</div>
				))}
			</div>
			{canCorrect && !correcting && (
				<button type="button" onClick={() => setCorrecting(true)}>{t('record.correct')}</button>
			)}
			{correcting && (
				<CorrectForm entry={latest || e} profile={profile} onCancel={() => setCorrecting(false)}
					onDone={() => {
						setCorrecting(false);
						onChanged();
					}} />
			)}
		</article>
	);
}

/* Entries grouped: each original with the chain of corrections after it. */
function chains(entries) {
	const byId = new Map(entries.map(e => [e.id, e]));
	const next = new Map();
	for (const e of entries)
		if (e.corrects)
			next.set(e.corrects, e);
	const out = [];
	for (const e of entries) {
		if (e.corrects && byId.has(e.corrects))
			continue; /* shown beside its original */
		const chain = [];
		let c = next.get(e.id);
		while (c) {
			chain.push(c);
			c = next.get(c.id);
		}
		out.push({e, corrections: chain});
	}
	return out;
}

/* The categories this user may create in, by the scheme (the server
 * decides again; this only keeps the form to what it would allow). */
function creatable(s) {
	const p = s.profile;
	if (!p)
		return [];
	const mine = new Set(s.session.user.roles);
	const out = [];
	for (const g of p.scheme || [])
		if (g.roles.some(r => mine.has(r)) && g.actions.includes('create'))
			for (const c of g.categories)
				if (c !== 'identity' && c !== 'bsn' && !out.includes(c) && p.categories[c])
					out.push(c);
	return out;
}

export function Record({params, s}) {
	const id = params.id;
	const [adding, setAdding] = useState(false);
	const [saved, setSaved] = useState(false);
	const [state, reload] = useLoad(() => get('clients/' + encodeURIComponent(id) + '/entries'), [id]);
	const cats = creatable(s);
	const canCorrect = cats.length > 0;
	return (
		<ClientPage id={id} tab="">
			{saved && <Notice>{t('record.saved')}</Notice>}
			{!adding && cats.length > 0 && (
				<button type="button" class="primary" onClick={() => {
					setAdding(true);
					setSaved(false);
				}}>{t('record.new_entry')}</button>
			)}
			{adding && (
				<EntryForm id={id} profile={s.profile} categories={cats} onCancel={() => setAdding(false)}
					onDone={() => {
						setAdding(false);
						setSaved(true);
						reload();
					}} />
			)}
			<Loaded state={state}>
				{data => {
					const groups = {};
					for (const g of chains(data.entries)) {
						const c = g.e.category || 'unknown';
						(groups[c] = groups[c] || []).push(g);
					}
					const order = Object.keys(groups);
					if (order.length === 0)
						return <p>{t('record.no_entries')}</p>;
					return order.map(c => (
						<section class="category" key={c} aria-labelledby={'cat-' + c}>
							<h2 id={'cat-' + c}>{catName(c)}</h2>
							{groups[c].slice().reverse().map(g => (
								<EntryCard key={g.e.id} e={g.e} corrections={g.corrections} profile={s.profile}
									canCorrect={canCorrect && cats.includes(c)}
									onChanged={() => {
										setSaved(true);
										reload();
									}} />
							))}
						</section>
					));
				}}
			</Loaded>
		</ClientPage>
	);
}
