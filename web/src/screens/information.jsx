/*
 * information.jsx: the information duty for a client. What the client
 * was told, which version of the privacy notice, when and how (INF-1 for
 * data collected from them, INF-2 for data obtained elsewhere), and an
 * exemption where informing is impossible, disproportionate or the
 * recording is required by law (INF-2). Not informing makes the
 * processing unlawful (INF-3), so the tab says plainly when nothing is
 * recorded.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post} from '../api.js';
import {t, fmtDate, fmtDateTime} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';
import {ClientPage} from './record.jsx';
import {today, load, refusal, word, myRelations, mayDo, useRelations} from './relations.jsx';

const HOW = ['in_person', 'letter', 'email', 'brochure', 'care_agreement'];
const GROUNDS = ['impossible', 'disproportionate', 'required_by_law'];

function InformForm({id, notices, onDone}) {
	const latest = notices.length ? notices[notices.length - 1].version : '';
	const [v, setV] = useState({version: latest, informed_on: today(), how: 'in_person', source: 'subject'});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await post('clients/' + encodeURIComponent(id) + '/information', v);
			} catch (e) {
				throw refusal(e);
			}
			onDone('ct.inf.recorded');
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="inf-add-title">
			<h3 id="inf-add-title">{t('ct.inf.add')}</h3>
			<Field label={t('ct.inf.version')}>
				<select name="version" value={v.version} onChange={set('version')}>
					{notices.map(n => <option key={n.version} value={n.version}>{t('ct.inf.version_of', {version: n.version, date: fmtDate(n.published_on)})}</option>)}
				</select>
			</Field>
			<Field label={t('ct.inf.informed_on')}>
				<input type="date" name="informed_on" required value={v.informed_on} onInput={set('informed_on')} />
			</Field>
			<Field label={t('ct.inf.how')}>
				<select name="how" value={v.how} onChange={set('how')}>
					{HOW.map(x => <option key={x} value={x}>{t('ct.inf.how.' + x)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.inf.source')}>
				<select name="source" value={v.source} onChange={set('source')}>
					<option value="subject">{t('ct.inf.source.subject')}</option>
					<option value="elsewhere">{t('ct.inf.source.elsewhere')}</option>
				</select>
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<Submit busy={act.busy}>{t('ct.inf.save')}</Submit>
			</div>
		</form>
	);
}

function ExemptForm({id, onDone}) {
	const [v, setV] = useState({ground: 'disproportionate', reason: ''});
	const act = useAction();
	const set = k => e => setV({...v, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			try {
				await post('clients/' + encodeURIComponent(id) + '/information-exemptions',
					   {ground: v.ground, reason: v.reason.trim()});
			} catch (e) {
				throw refusal(e);
			}
			setV({...v, reason: ''});
			onDone('ct.inf.exempted');
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="inf-ex-title">
			<h3 id="inf-ex-title">{t('ct.inf.exempt')}</h3>
			<p class="hint">{t('ct.inf.exempt_explain')}</p>
			<Field label={t('ct.inf.ground')}>
				<select name="ground" value={v.ground} onChange={set('ground')}>
					{GROUNDS.map(g => <option key={g} value={g}>{t('ct.inf.ground.' + g)}</option>)}
				</select>
			</Field>
			<Field label={t('ct.inf.reason')}>
				<textarea name="reason" rows="3" maxlength="399" required value={v.reason} onInput={set('reason')} />
			</Field>
			<ErrorBox error={act.error} />
			<div class="buttons">
				<Submit busy={act.busy}>{t('ct.inf.exempt_save')}</Submit>
			</div>
		</form>
	);
}

function Told({items}) {
	if (items.length === 0)
		return <p class="warning" role="note">{t('ct.inf.nothing')}</p>;
	return (
		<div class="table-wrap">
			<table class="list information">
				<caption class="sr-only">{t('ct.inf.told')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('ct.inf.what')}</th>
						<th scope="col">{t('ct.inf.when')}</th>
						<th scope="col">{t('ct.inf.details')}</th>
						<th scope="col">{t('ct.inf.recorded_at')}</th>
					</tr>
				</thead>
				<tbody>
					{items.map(x => x.type === 'exemption' ? (
						<tr key={x.id} data-information={x.id} data-type="exemption">
							<td>{t('ct.inf.exemption')}</td>
							<td>—</td>
							<td>{word('ct.inf.ground.', x.ground)}<span class="meta"><br />{x.reason}</span></td>
							<td>{fmtDateTime(x.recorded_at)}</td>
						</tr>
					) : (
						<tr key={x.id} data-information={x.id} data-type="informed">
							<td>{t('ct.inf.informed_of', {version: x.version})}</td>
							<td>{fmtDate(x.informed_on)}</td>
							<td>{word('ct.inf.how.', x.how)}<span class="meta"><br />{word('ct.inf.source.', x.source)}</span></td>
							<td>{fmtDateTime(x.recorded_at)}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

/* Keyed by the client, so nothing typed for one client stays for the next. */
export function Information(props) {
	return <InformationTab key={props.params.id} {...props} />;
}

function InformationTab({params, s}) {
	const id = params.id;
	const [rels] = useRelations(id);
	const [state, reload] = useLoad(() => load('clients/' + encodeURIComponent(id) + '/information'), [id]);
	const [notices] = useLoad(() => get('privacy-notices'), []);
	const [done, setDone] = useState('');
	const mine = myRelations(s, rels.data && rels.data.relations);
	const may = mayDo(s, mine, 'identity', 'correct');
	const finish = msg => {
		setDone(msg);
		reload();
	};
	const list = (notices.data && notices.data.notices) || [];
	return (
		<ClientPage id={id} tab="/information">
			<h2>{t('ct.inf.title')}</h2>
			<p>{t('ct.inf.intro')}</p>
			{done && <Notice>{t(done)}</Notice>}
			<Loaded state={state}>
				{data => <Told items={data.information} />}
			</Loaded>
			<h2>{t('ct.inf.notices')}</h2>
			<Loaded state={notices}>
				{data => data.notices.length === 0 ? <p>{t('ct.inf.no_notices')}</p> : (
					<ul>
						{data.notices.map(n => (
							<li key={n.version}>{t('ct.inf.version_of', {version: n.version, date: fmtDate(n.published_on)})}
								{n.summary && <span class="meta"> — {n.summary}</span>}</li>
						))}
					</ul>
				)}
			</Loaded>
			{may && list.length > 0 && <InformForm id={id} notices={list} onDone={finish} />}
			{may && <ExemptForm id={id} onDone={finish} />}
		</ClientPage>
	);
}
