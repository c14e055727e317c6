/*
 * logreview.jsx: the DPO's reports over the log (LOG-7, FG-2): choose a
 * report and a period, and read who did what to which client's data,
 * when, and why it is in the report. Clients are named by id, linked to
 * their log; an emergency access links to the break-the-glass review.
 * Reading a report is itself logged by the server and needs two factors
 * (LOG-6); the server decides who may, this screen shows its answer.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get} from '../api.js';
import {t, has, fmtDateTime, pick} from '../i18n.js';
import {roleName} from '../session.js';
import {Field, Loaded, useLoad, Submit} from '../ui.jsx';
import {go} from '../router.js';
import {Person} from './review.jsx';

export const KINDS = ['no_relation', 'bulk', 'colleague', 'public_figure', 'denials', 'night'];

/* YYYY-MM-DD of a day n days before today, in the browser's calendar. */
function daysAgo(n) {
	const d = new Date(Date.now() - n * 86400000);
	return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Amsterdam'}).format(d);
}

function word(prefix, v) {
	return has(prefix + v) ? t(prefix + v) : v;
}

/* Why a row is in the report, with the window's figures where it has them. */
function why(r) {
	const text = word('logreview.why.', r.why);
	if (r.count)
		return text + ' ' + t('logreview.why_count', {n: r.count});
	return text;
}

function Rows({data, s}) {
	if (data.rows.length === 0)
		return <p data-empty="true">{t('logreview.none')}</p>;
	return (
		<div class="table-wrap">
			{data.truncated && <p class="notice">{t('logreview.truncated', {n: data.rows.length})}</p>}
			<table class="list logreview">
				<caption class="sr-only">{t('logreview.kind.' + data.kind)}</caption>
				<thead>
					<tr>
						<th scope="col">{t('logreview.when')}</th>
						<th scope="col">{t('logreview.who')}</th>
						<th scope="col">{t('logreview.client')}</th>
						<th scope="col">{t('logreview.what')}</th>
						<th scope="col">{t('logreview.why')}</th>
					</tr>
				</thead>
				<tbody>
					{data.rows.map((r, i) => (
						<tr key={i} data-user={r.username} data-why={r.why}>
							<td data-label={t('logreview.when')}>
								{fmtDateTime(r.at)}
								{r.until && r.until !== r.at && <span class="meta"><br />{t('logreview.until', {date: fmtDateTime(r.until)})}</span>}
							</td>
							<td data-label={t('logreview.who')}><Person name={r.display_name} username={r.username || r.user} /><br /><span class="meta">{r.role ? pick(roleName(s, r.role)) : ''}</span></td>
							<td data-label={t('logreview.client')}>
								{r.client && <a href={'#/clients/' + r.client + '/log'}>{t('logreview.client_log', {id: r.client.slice(0, 8)})}</a>}
								{r.clients && r.clients.map((c, j) => (
									<span key={c}>{j > 0 && ', '}<a href={'#/clients/' + c + '/log'}>{c.slice(0, 8)}</a></span>
								))}
								{r.colleague && <span class="meta"><br />{t('logreview.colleague_of', {user: r.colleague_name ? r.colleague_name + ' (' + r.colleague + ')' : r.colleague})}</span>}
							</td>
							<td data-label={t('logreview.what')}>
								<code>{r.event}</code> {word('logreview.outcome.', r.outcome)}
								{r.break_glass && <span><br /><a href="#/review?status=all">{t('logreview.break_glass')}</a></span>}
							</td>
							<td data-label={t('logreview.why')}>{why(r)}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

export function LogReview({query, s}) {
	const kind = KINDS.includes(query.get('kind')) ? query.get('kind') : 'no_relation';
	const from = query.get('from') || daysAgo(29);
	const to = query.get('to') || daysAgo(0);
	const [form, setForm] = useState({kind, from, to});
	const [state] = useLoad(() => get('reports/log', {kind, from, to}), [kind, from, to]);
	const submit = e => {
		e.preventDefault();
		go('/logreview?' + new URLSearchParams(form).toString());
	};
	const set = k => e => setForm({...form, [k]: e.currentTarget.value});
	return (
		<section>
			<h1>{t('logreview.title')}</h1>
			<p>{t('logreview.intro')}</p>
			<p><a href="#/review">{t('logreview.to_review')}</a></p>
			<form class="logreview-form" onSubmit={submit}>
				<Field label={t('logreview.kind')} hint={t('logreview.hint.' + form.kind)}>
					<select name="kind" value={form.kind} onChange={set('kind')}>
						{KINDS.map(k => <option key={k} value={k}>{t('logreview.kind.' + k)}</option>)}
					</select>
				</Field>
				<Field label={t('logreview.from')}>
					<input type="date" name="from" value={form.from} onInput={set('from')} />
				</Field>
				<Field label={t('logreview.to')}>
					<input type="date" name="to" value={form.to} onInput={set('to')} />
				</Field>
				<Submit>{t('logreview.show')}</Submit>
			</form>
			<h2>{t('logreview.kind.' + kind)}</h2>
			<Loaded state={state}>
				{data => <Rows data={data} s={s} />}
			</Loaded>
		</section>
	);
}
