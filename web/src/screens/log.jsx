/*
 * log.jsx: who processed a client's data, in the form the client gets
 * (LOG-2, LOG-8, NEN 7513): one line per day, person, action and
 * ground, emergency accesses marked, and a chart of the accesses per
 * day drawn by uPlot.
 */
import {h} from 'preact';
import {DayChart} from '../chart.jsx';
import {get} from '../api.js';
import {t, getLang, has, fmtDate, fmtTime} from '../i18n.js';
import {Loaded, useLoad} from '../ui.jsx';
import {ClientPage, catName} from './record.jsx';

/* The line's texts in the chosen language: the API gives both. */
export function lineText(l, key) {
	if (getLang() === 'nl' && l[key + '_nl'])
		return l[key + '_nl'];
	if (getLang() === 'en' && l[key + '_en'])
		return l[key + '_en'];
	return l[key] || '';
}

/* Actions per day; the table below holds the same figures. */
export function LogChart({lines}) {
	const counts = new Map();
	for (const l of lines)
		counts.set(l.date, (counts.get(l.date) || 0) + (l.times || 1));
	return <DayChart counts={counts} series={t('log.chart_series')} label={t('log.chart_label')}
		caption={t('log.chart_caption')} />;
}

export function LogTable({lines}) {
	if (lines.length === 0)
		return <p>{t('log.empty')}</p>;
	return (
		<div class="table-wrap">
			<table class="list log">
				<caption class="sr-only">{t('log.title')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('log.date')}</th>
						<th scope="col">{t('log.who')}</th>
						<th scope="col">{t('log.action')}</th>
						<th scope="col">{t('log.data')}</th>
						<th scope="col">{t('log.ground')}</th>
						<th scope="col">{t('log.times')}</th>
					</tr>
				</thead>
				<tbody>
					{lines.map((l, i) => (
						<tr key={i} class={l.break_glass ? 'break-glass' : ''} data-break-glass={l.break_glass ? 'true' : 'false'}>
							<td>{fmtDate(l.date)}<br /><span class="meta">{fmtTime(l.first)}{l.last && l.last !== l.first ? '–' + fmtTime(l.last) : ''}</span></td>
							<td>{l.who}<br /><span class="meta">{l.role} · {l.organisation}</span></td>
							<td>
								{lineText(l, 'action')}
								{l.break_glass && <span class="badge red">{t('record.break_glass_badge')}</span>}
								{l.outcome !== 'success' && <span class="badge amber">{lineText(l, 'outcome')}</span>}
							</td>
							<td>{l.data && has('category.' + l.data) ? catName(l.data) : lineText(l, 'data')}{l.purpose ? <span class="meta"><br />{lineText(l, 'purpose')}</span> : null}</td>
							<td>{lineText(l, 'ground')} <span class="meta">({l.rule})</span></td>
							<td>{l.times}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

export function ClientLog({params}) {
	const id = params.id;
	const [state] = useLoad(() => get('clients/' + encodeURIComponent(id) + '/log'), [id]);
	return (
		<ClientPage id={id} tab="/log">
			<h2>{t('log.title')}</h2>
			<p>{t('log.intro')}</p>
			<Loaded state={state}>
				{data => (
					<div>
						<LogChart lines={data.lines} />
						<LogTable lines={data.lines.slice().reverse()} />
					</div>
				)}
			</Loaded>
		</ClientPage>
	);
}
