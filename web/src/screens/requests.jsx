/*
 * requests.jsx: the inbox of data subjects' requests (RQ-1, RQ-2), sorted
 * by due date with the days left as a coloured badge and in words, and
 * the form that registers a new request for a client. The client's own
 * tab shows that client's requests and the same form.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post} from '../api.js';
import {t, has, fmtDate, errorText} from '../i18n.js';
import {go} from '../router.js';
import {baseRoles} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, DaysBadge} from '../ui.jsx';
import {fullName} from './clients.jsx';
import {ClientPage} from './record.jsx';

export const KINDS = ['access', 'copy', 'portability', 'rectification', 'completion', 'erasure',
		      'shielding', 'restriction', 'objection', 'log', 'scheme'];
export const STATES = ['received', 'awaiting_identity', 'in_progress', 'decided', 'carried_out', 'closed'];
export const CHANNELS = ['paper', 'email', 'portal', 'in_person'];
export const ID_DOCUMENTS = ['passport', 'id_card', 'driving_licence', 'residence_permit', 'known_in_person', 'digid'];

/* The catalogue's word for a value of the API, or the value itself: a
 * value the API adds later still shows, rather than nothing. */
export function word(prefix, v) {
	if (v === null || v === undefined || v === '')
		return '';
	return has(prefix + v) ? t(prefix + v) : String(v);
}

/*
 * Whether the scheme lets the user's roles read some entries (not only
 * the identity). Only a hint: the server decides. It keeps a screen from
 * asking for the entries of a user who may not read them, since each
 * such refusal is logged and shows in the client's log view.
 */
export function mayReadEntries(s) {
	const mine = new Set((s.session && s.session.user.roles) || []);
	return ((s.profile && s.profile.scheme) || []).some(g => g.roles.some(r => mine.has(r)) &&
		g.actions.includes('read') && g.categories.some(c => c !== 'identity' && c !== 'bsn'));
}

/* Today as the Dutch calendar day, YYYY-MM-DD (a request's received date). */
export function today() {
	const d = new Date();
	const p = n => String(n).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/*
 * The names of the clients the requests are about. The inbox names only
 * ids, so each client is read once (and that read is logged, as any read
 * of an identity is); a client the user may not read keeps its number.
 */
export async function clientNames(ids) {
	const out = {};
	await Promise.all([...new Set(ids)].map(async id => {
		try {
			const c = await get('clients/' + encodeURIComponent(id));
			out[id] = fullName(c.identity);
		} catch (e) {
			out[id] = null;
		}
	}));
	return out;
}

function RequestRows({requests, names, showClient}) {
	return (
		<div class="table-wrap">
			<table class="list requests">
				<caption class="sr-only">{t('requests.title')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('requests.due')}</th>
						{showClient && <th scope="col">{t('requests.client')}</th>}
						<th scope="col">{t('requests.kind')}</th>
						<th scope="col">{t('requests.received')}</th>
						<th scope="col">{t('requests.state')}</th>
						<th scope="col">{t('requests.assignee')}</th>
					</tr>
				</thead>
				<tbody>
					{requests.map(r => (
						<tr key={r.id} data-request={r.id}>
							<td data-label={t('requests.due')}>
								<a href={'#/requests/' + r.id}>{r.due ? fmtDate(r.due) : t('requests.no_due')}</a>
								{!r.decision && (
									<DaysBadge days={r.days_left} overdue={r.overdue}
										suspended={r.deadline && r.deadline.suspended} />
								)}
							</td>
							{showClient && (
								<td data-label={t('requests.client')}>{(names && names[r.subject]) || t('requests.client_number', {id: r.subject.slice(0, 8)})}</td>
							)}
							<td data-label={t('requests.kind')}><a href={'#/requests/' + r.id}>{word('requests.kind.', r.kind)}</a></td>
							<td data-label={t('requests.received')}>{fmtDate(r.received)}</td>
							<td data-label={t('requests.state')}>
								{word('requests.state.', r.state)}
								{r.decision && ' · ' + word('requests.decision.', r.decision)}
							</td>
							<td data-label={t('requests.assignee')}>{r.assignee || t('requests.unassigned')}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

/* RQ-2: the inbox, soonest due first (the server sorts it). */
export function Requests({query, s}) {
	const kind = query.get('kind') || '';
	const state = query.get('state') || '';
	const [k, setK] = useState(kind);
	const [st, setSt] = useState(state);
	const [adding, setAdding] = useState(false);
	const [data] = useLoad(async () => {
		const d = await get('requests', {kind, state});
		d.names = await clientNames(d.requests.map(r => r.subject));
		return d;
	}, [kind, state]);
	const filter = e => {
		e.preventDefault();
		const q = new URLSearchParams();
		if (k)
			q.set('kind', k);
		if (st)
			q.set('state', st);
		go('/requests' + (q.toString() ? '?' + q : ''));
	};
	return (
		<section>
			<h1>{t('requests.title')}</h1>
			<p class="hint">{t(baseRoles(s).has('dpo') ? 'requests.intro_dpo' : 'requests.intro_assignee')}</p>
			{!adding && (
				<button type="button" class="primary" onClick={() => setAdding(true)}>{t('requests.new')}</button>
			)}
			{adding && <NewRequest onCancel={() => setAdding(false)} />}
			<form class="inline filters" onSubmit={filter} aria-label={t('requests.filters')}>
				<Field label={t('requests.kind')}>
					<select name="kind" value={k} onChange={e => setK(e.currentTarget.value)}>
						<option value="">{t('requests.all_kinds')}</option>
						{KINDS.map(x => <option key={x} value={x}>{word('requests.kind.', x)}</option>)}
					</select>
				</Field>
				<Field label={t('requests.state')}>
					<select name="state" value={st} onChange={e => setSt(e.currentTarget.value)}>
						<option value="">{t('requests.open_states')}</option>
						{STATES.map(x => <option key={x} value={x}>{word('requests.state.', x)}</option>)}
					</select>
				</Field>
				<button type="submit">{t('requests.filter')}</button>
			</form>
			<Loaded state={data}>
				{d => d.requests.length === 0 ? <p>{t('requests.none')}</p> : (
					<div>
						<p class="meta">{t('requests.today', {date: fmtDate(d.today)})}</p>
						<RequestRows requests={d.requests} names={d.names} showClient />
					</div>
				)}
			</Loaded>
		</section>
	);
}

/* A request's refusal in words: this screen's own texts for the codes
 * and rules it meets, else the application's. */
export function ActError({error, prefix}) {
	if (!error)
		return null;
	const p = prefix || 'request.error.';
	const keys = [p + error.code + '.' + error.rule, p + error.code];
	const k = keys.find(x => has(x));
	return (
		<div class="error" role="alert">
			<p>{k ? t(k) : errorText(error)}</p>
			{error.rule && <p class="rule">{t('error.rule', {rule: error.rule})}</p>}
		</div>
	);
}

/* Finds a client by name for a new request; gives its id to onPick. */
function ClientPicker({onPick}) {
	const [q, setQ] = useState('');
	const [found, setFound] = useState(null);
	const act = useAction();
	const search = e => {
		e.preventDefault();
		act.run(async () => {
			const r = await get('clients', {q: q.trim() || undefined, limit: 20});
			setFound(r.clients);
		});
	};
	return (
		<div>
			<form class="inline" role="search" onSubmit={search}>
				<Field label={t('requests.find_client')}>
					<input name="client_q" type="search" value={q} onInput={e => setQ(e.currentTarget.value)} />
				</Field>
				<button type="submit" disabled={act.busy}>{t('requests.find')}</button>
			</form>
			<ErrorBox error={act.error} />
			{found && found.length === 0 && <p>{t('requests.no_clients')}</p>}
			{found && found.length > 0 && (
				<ul class="picks">
					{found.map(c => (
						<li key={c.id}>
							<button type="button" class="link" onClick={() => onPick(c.id, fullName(c.identity))}>
								{fullName(c.identity)} · {fmtDate(c.identity && c.identity.birth_date)}
							</button>
						</li>
					))}
				</ul>
			)}
		</div>
	);
}

/*
 * Registers a request (RQ-1): whoever may read the client's identity.
 * With subject given (the client's tab) it asks no client; otherwise it
 * lets the user find one first.
 */
export function NewRequest({subject, onCancel, onDone}) {
	const [client, setClient] = useState(subject ? {id: subject} : null);
	const [f, setF] = useState({kind: 'copy', received: today(), channel: 'paper', answer_channel: '',
				     representative: '', id_document: '', id_last: '', identity_in_doubt: false, details: ''});
	const set = (k, v) => setF({...f, [k]: v});
	const [reps] = useLoad(async () => {
		if (!client)
			return [];
		try {
			return (await get('clients/' + encodeURIComponent(client.id) + '/representatives')).representatives;
		} catch (e) {
			return [];
		}
	}, [client && client.id]);
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {subject: client.id, kind: f.kind, received: f.received, channel: f.channel};
			for (const k of ['answer_channel', 'representative', 'id_document', 'id_last'])
				if (f[k].trim())
					body[k] = f[k].trim();
			if (f.details.trim())
				body.details = f.details.trim();
			if (f.identity_in_doubt)
				body.identity_in_doubt = true;
			const r = await post('requests', body);
			if (onDone)
				onDone(r.id);
			else
				go('/requests/' + r.id);
		});
	};
	return (
		<div class="card new-request">
			<h2>{t('requests.new_title')}</h2>
			{!client ? <ClientPicker onPick={(id, name) => setClient({id, name})} /> : (
				<form onSubmit={submit} novalidate>
					{client.name && <p>{t('requests.for_client', {name: client.name})}</p>}
					<Field label={t('requests.kind')}>
						<select name="kind" value={f.kind} onChange={e => set('kind', e.currentTarget.value)}>
							{KINDS.map(x => <option key={x} value={x}>{word('requests.kind.', x)}</option>)}
						</select>
					</Field>
					<Field label={t('requests.received')} hint={t('requests.received_hint')}>
						<input type="date" name="received" required value={f.received} onInput={e => set('received', e.currentTarget.value)} />
					</Field>
					<Field label={t('requests.channel')}>
						<select name="channel" value={f.channel} onChange={e => set('channel', e.currentTarget.value)}>
							{CHANNELS.map(x => <option key={x} value={x}>{word('requests.channel.', x)}</option>)}
						</select>
					</Field>
					<Field label={t('requests.answer_channel')} hint={t('requests.answer_channel_hint')}>
						<select name="answer_channel" value={f.answer_channel} onChange={e => set('answer_channel', e.currentTarget.value)}>
							<option value="">{t('requests.answer_same')}</option>
							{CHANNELS.map(x => <option key={x} value={x}>{word('requests.channel.', x)}</option>)}
						</select>
					</Field>
					{reps.data && reps.data.length > 0 && (
						<Field label={t('requests.representative')}>
							<select name="representative" value={f.representative} onChange={e => set('representative', e.currentTarget.value)}>
								<option value="">{t('requests.by_client')}</option>
								{reps.data.map(r => <option key={r.id} value={r.id}>{r.name}</option>)}
							</select>
						</Field>
					)}
					<Field label={t('requests.id_document')}>
						<select name="id_document" value={f.id_document} onChange={e => set('id_document', e.currentTarget.value)}>
							<option value="">{t('requests.id_none')}</option>
							{ID_DOCUMENTS.map(x => <option key={x} value={x}>{word('requests.id_doc.', x)}</option>)}
						</select>
					</Field>
					<Field label={t('requests.id_last')} hint={t('requests.id_last_hint')}>
						<input name="id_last" maxlength="4" autocomplete="off" value={f.id_last} onInput={e => set('id_last', e.currentTarget.value)} />
					</Field>
					<div class="field check">
						<label>
							<input type="checkbox" name="identity_in_doubt" checked={f.identity_in_doubt}
								onChange={e => set('identity_in_doubt', e.currentTarget.checked)} />
							{' '}{t('requests.identity_in_doubt')}
						</label>
					</div>
					<Field label={t('requests.details')}>
						<textarea name="details" rows="3" value={f.details} onInput={e => set('details', e.currentTarget.value)} />
					</Field>
					<ActError error={act.error} />
					<div class="buttons">
						{onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
						<Submit busy={act.busy}>{t('requests.register')}</Submit>
					</div>
				</form>
			)}
			{!client && onCancel && (
				<div class="buttons"><button type="button" onClick={onCancel}>{t('common.cancel')}</button></div>
			)}
		</div>
	);
}

/*
 * The client's tab: that client's requests among those the user sees
 * (the DPO all, others what is assigned to them), and a new request.
 */
export function ClientRequests({params}) {
	const id = params.id;
	const [adding, setAdding] = useState(false);
	const [state] = useLoad(async () => {
		const all = [];
		for (const st of ['', 'closed']) {
			try {
				const d = await get('requests', {state: st});
				all.push(...d.requests.filter(r => r.subject === id));
			} catch (e) {
				if (e.status !== 403)
					throw e;
			}
		}
		return all;
	}, [id]);
	return (
		<ClientPage id={id} tab="/requests">
			<h2>{t('requests.of_client')}</h2>
			{!adding && (
				<button type="button" class="primary" onClick={() => setAdding(true)}>{t('requests.new')}</button>
			)}
			{adding && <NewRequest subject={id} onCancel={() => setAdding(false)} />}
			<Loaded state={state}>
				{list => list.length === 0 ? <p>{t('requests.none_client')}</p> : <RequestRows requests={list} />}
			</Loaded>
		</ClientPage>
	);
}
