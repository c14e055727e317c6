/*
 * portal.jsx: the client portal (INZ-6, LOG-2, LOG-8, RQ-1). A client, or
 * a representative for the clients rep_decide lets them act for today
 * (REP-1..REP-6), sees the client's own data (the server leaves out work
 * notes, shielded and withheld entries), who looked at it, and makes and
 * follows requests, downloading copies and letters. Every call goes
 * through the same API and door as the staff's, in the portal's roles.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post, download} from '../api.js';
import {t, pick, fmtDate, fmtDateTime, getLang} from '../i18n.js';
import {go} from '../router.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice, DaysBadge} from '../ui.jsx';
import {fullName} from './clients.jsx';
import {catName, Content} from './record.jsx';
import {LogChart, LogTable} from './log.jsx';

/* The kinds of request a client can make, in the order of the law. */
export const REQUEST_KINDS = ['access', 'copy', 'portability', 'rectification', 'completion', 'erasure',
			      'shielding', 'restriction', 'objection', 'log', 'scheme'];
const COPY_KINDS = ['access', 'copy', 'portability', 'log', 'scheme'];

export function PortalHome() {
	const [state] = useLoad(() => get('clients', {limit: 200}), []);
	return (
		<section>
			<h1>{t('portal.home_title')}</h1>
			<p>{t('portal.home_intro')}</p>
			<Loaded state={state}>
				{data => data.clients.length === 0 ? (
					<p>{t('portal.no_clients')}</p>
				) : (
					<ul class="cards">
						{data.clients.map(c => (
							<li key={c.id} class="card">
								<h2><a href={'#/p/' + c.id}>{fullName(c.identity) || c.id}</a></h2>
								<p class="meta">
									{c.acting_as === 'representative' ? t('portal.acting_as_representative') : t('portal.acting_as_self')}
									{c.identity && c.identity.birth_date ? ' · ' + t('record.born', {date: fmtDate(c.identity.birth_date)}) : ''}
								</p>
							</li>
						))}
					</ul>
				)}
			</Loaded>
		</section>
	);
}

const TABS = [
	{path: '', label: 'portal.tab_data'},
	{path: '/log', label: 'portal.tab_log'},
	{path: '/requests', label: 'portal.tab_requests'},
];

function PortalPage({id, tab, children}) {
	const [state] = useLoad(() => get('clients/' + encodeURIComponent(id)), [id]);
	return (
		<section>
			<p class="crumb"><a href="#/">{t('portal.back_home')}</a></p>
			<Loaded state={state}>
				{data => (
					<div>
						<h1>{fullName(data.identity)}</h1>
						<nav class="tabs" aria-label={t('record.tabs')}>
							{TABS.map(x => (
								<a key={x.path} href={'#/p/' + id + x.path} aria-current={x.path === tab ? 'page' : undefined}>{t(x.label)}</a>
							))}
						</nav>
						{children(data)}
					</div>
				)}
			</Loaded>
		</section>
	);
}

export function PortalData({params}) {
	const id = params.id;
	const [state] = useLoad(() => get('clients/' + encodeURIComponent(id) + '/entries'), [id]);
	return (
		<PortalPage id={id} tab="">
			{client => (
				<div>
					<h2>{t('portal.identity')}</h2>
					<Content content={client.identity} />
					<Loaded state={state}>
						{data => {
							const groups = {};
							for (const e of data.entries)
								if (!e.error)
									(groups[e.category] = groups[e.category] || []).push(e);
							const cats = Object.keys(groups);
							if (cats.length === 0)
								return <p>{t('portal.no_entries')}</p>;
							return cats.map(c => (
								<section key={c} class="category" aria-labelledby={'pc-' + c}>
									<h2 id={'pc-' + c}>{catName(c)}</h2>
									{groups[c].slice().reverse().map(e => (
										<article class={'entry' + (e.status === 'corrected' ? ' corrected' : '')} key={e.id} data-entry={e.id}>
											<p class="meta">
												{fmtDateTime(e.created_at)}
												{e.status === 'corrected' && <span class="badge grey">{t('portal.corrected')}</span>}
												{e.corrects && <span class="badge green">{t('record.correction')}</span>}
											</p>
											<Content content={e.content} />
										</article>
									))}
								</section>
							));
						}}
					</Loaded>
				</div>
			)}
		</PortalPage>
	);
}

export function PortalLog({params}) {
	const id = params.id;
	const [state] = useLoad(() => get('clients/' + encodeURIComponent(id) + '/log'), [id]);
	return (
		<PortalPage id={id} tab="/log">
			{() => (
				<div>
					<h2>{t('portal.log_title')}</h2>
					<p>{t('portal.log_intro')}</p>
					<Loaded state={state}>
						{data => (
							<div>
								<LogChart lines={data.lines} />
								<LogTable lines={data.lines.slice().reverse()} />
							</div>
						)}
					</Loaded>
				</div>
			)}
		</PortalPage>
	);
}

function kindName(k) {
	return t('portal.kind_' + k);
}

function stateName(r) {
	return t('portal.state_' + r.state) + (r.decision ? ' · ' + t('portal.decision_' + r.decision) : '');
}

function NewRequest({id, onDone}) {
	const [kind, setKind] = useState('copy');
	const [details, setDetails] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {subject: id, kind};
			if (details.trim())
				body.details = details.trim();
			const r = await post('requests', body);
			onDone(r.id);
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="new-request">
			<h2 id="new-request">{t('portal.new_request')}</h2>
			<Field label={t('portal.kind')} hint={t('portal.kind_help_' + kind)}>
				<select name="kind" value={kind} onChange={e => setKind(e.currentTarget.value)}>
					{REQUEST_KINDS.map(k => <option key={k} value={k}>{kindName(k)}</option>)}
				</select>
			</Field>
			<Field label={t('portal.details')} hint={t('portal.details_hint')}>
				<textarea name="details" rows="3" maxlength="2000" value={details} onInput={e => setDetails(e.currentTarget.value)} />
			</Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('portal.send_request')}</Submit>
		</form>
	);
}

export function PortalRequests({params}) {
	const id = params.id;
	const [sent, setSent] = useState(null);
	const [state, reload] = useLoad(() => get('requests'), [id]);
	return (
		<PortalPage id={id} tab="/requests">
			{() => (
				<div>
					{sent && <Notice>{t('portal.request_sent')}</Notice>}
					<NewRequest id={id} onDone={rid => {
						setSent(rid);
						reload();
					}} />
					<h2>{t('portal.my_requests')}</h2>
					<Loaded state={state}>
						{data => {
							const mine = data.requests.filter(r => r.subject === id);
							if (mine.length === 0)
								return <p>{t('portal.no_requests')}</p>;
							return (
								<table class="list">
									<caption class="sr-only">{t('portal.my_requests')}</caption>
									<thead>
										<tr>
											<th scope="col">{t('portal.kind')}</th>
											<th scope="col">{t('portal.received')}</th>
											<th scope="col">{t('portal.state')}</th>
											<th scope="col">{t('portal.due')}</th>
										</tr>
									</thead>
									<tbody>
										{mine.map(r => (
											<tr key={r.id}>
												<td><a href={'#/p/' + id + '/requests/' + r.id}>{kindName(r.kind)}</a></td>
												<td>{fmtDate(r.received)}</td>
												<td>{stateName(r)}</td>
												<td>{r.due ? fmtDate(r.due) : '–'}</td>
											</tr>
										))}
									</tbody>
								</table>
							);
						}}
					</Loaded>
				</div>
			)}
		</PortalPage>
	);
}

const LETTERS = ['acknowledgement', 'identity', 'extension', 'decision', 'lifting'];

export function PortalRequest({params}) {
	const {id, rid} = params;
	const [state] = useLoad(() => get('requests/' + encodeURIComponent(rid)), [rid]);
	const act = useAction();
	const lang = getLang();
	const fetchDoc = (path, q, name) => act.run(() => download(path, q, name));
	return (
		<PortalPage id={id} tab="/requests">
			{() => (
				<Loaded state={state}>
					{r => (
						<div>
							<h2>{t('portal.request_title', {kind: kindName(r.kind)})}</h2>
							<dl class="facts">
								<div><dt>{t('portal.received')}</dt><dd>{fmtDate(r.received)}</dd></div>
								<div><dt>{t('portal.state')}</dt><dd>{stateName(r)}</dd></div>
								{r.deadline && r.deadline.due && (
									<div><dt>{t('portal.due')}</dt><dd>{fmtDate(r.deadline.due)} <DaysBadge days={r.deadline.days_left} overdue={r.deadline.days_left < 0} suspended={r.deadline.suspended} /></dd></div>
								)}
								{r.reasons && <div><dt>{t('portal.reasons')}</dt><dd>{r.reasons}</dd></div>}
							</dl>
							<h3>{t('portal.documents')}</h3>
							<ErrorBox error={act.error} />
							<ul class="docs">
								{COPY_KINDS.includes(r.kind) && (r.decision === 'granted' || r.decision === 'partly') && (
									<li>
										<button type="button" onClick={() => fetchDoc('requests/' + rid + '/export', {format: 'pdf', lang}, 'zorgkluis-kopie.pdf')}>{t('portal.download_copy_pdf')}</button>
										{' '}
										<button type="button" onClick={() => fetchDoc('requests/' + rid + '/export', {format: 'fhir', lang}, 'zorgkluis-kopie.json')}>{t('portal.download_copy_fhir')}</button>
									</li>
								)}
								{LETTERS.filter(l => l === 'acknowledgement' || (l === 'decision' && r.decision) || (l === 'extension' && r.deadline && r.deadline.extension) || (l === 'identity' && r.state === 'awaiting_identity')).map(l => (
									<li key={l}>
										<button type="button" onClick={() => fetchDoc('requests/' + rid + '/letters/' + l, {lang}, 'zorgkluis-' + l + '.pdf')}>{t('portal.letter_' + l)}</button>
									</li>
								))}
							</ul>
							<h3>{t('portal.history')}</h3>
							<ol class="history">
								{(r.history || []).map((x, i) => (
									<li key={i}>{fmtDateTime(x.at)} · {t('portal.state_' + x.state)}</li>
								))}
							</ol>
						</div>
					)}
				</Loaded>
			)}
		</PortalPage>
	);
}
