/*
 * review.jsx: the DPO's review of emergency access (ACC-6, FG-2, LOG-7):
 * each time someone broke the glass, with the written reason, what was
 * done under the grant and whether the account was new; the DPO records
 * whether it was justified, and when it was not, the measure taken
 * (M§17). The server decides who may review; this screen only shows
 * what it answers.
 */
import {h} from 'preact';
import {useEffect, useRef, useState} from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {get, post} from '../api.js';
import {t, getLang, fmtDateTime, has} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';
import {catName} from './record.jsx';

function statusLabel(st) {
	return has('review.status.' + st) ? t('review.status.' + st) : st;
}

function actionLabel(a) {
	return has('review.action.' + a) ? t('review.action.' + a) : a;
}

function reviewer(r) {
	if (!r)
		return '';
	return typeof r === 'object' ? r.username || r.id : r;
}

/*
 * What the log holds under the grant. The API counts the reviewer's own
 * reading of the reason (break_glass.review_read) and the review itself
 * among them; those are not what the grantee did, so they are left out.
 */
function DoneUnder({items: all}) {
	const items = (all || []).filter(d => !/^break_glass\.review/.test(d.event || ''));
	if (items.length === 0)
		return <p>{t('review.nothing_done')}</p>;
	return (
		<div class="table-wrap">
			<table class="list done">
				<caption class="sr-only">{t('review.done_under_grant')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('review.at')}</th>
						<th scope="col">{t('review.event')}</th>
						<th scope="col">{t('review.action')}</th>
						<th scope="col">{t('review.category')}</th>
						<th scope="col">{t('review.outcome')}</th>
					</tr>
				</thead>
				<tbody>
					{items.map((d, i) => (
						<tr key={i}>
							<td>{fmtDateTime(d.at)}</td>
							<td><code>{d.event}</code></td>
							<td>{actionLabel(d.action)}</td>
							<td>{d.category ? catName(d.category) : '–'}</td>
							<td>{has('review.outcome.' + d.outcome) ? t('review.outcome.' + d.outcome) : d.outcome}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

/* The Dutch calendar day of a time, as YYYY-MM-DD. */
function dayNl(v) {
	return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Amsterdam'}).format(new Date(v));
}

/*
 * LOG-7: emergency accesses per day, drawn by uPlot, so that a run of
 * them stands out; the cards below hold the same accesses one by one.
 */
function ReviewChart({grants}) {
	const ref = useRef(null);
	useEffect(() => {
		if (!ref.current || grants.length === 0)
			return;
		const per = new Map();
		for (const g of grants) {
			const d = dayNl(g.granted_at);
			per.set(d, (per.get(d) || 0) + 1);
		}
		const days = [...per.keys()].sort();
		const xs = days.map(d => Date.parse(d + 'T12:00:00Z') / 1000);
		const ys = days.map(d => per.get(d));
		const width = Math.max(280, Math.min(720, ref.current.clientWidth || 320));
		/* Day ticks in the chosen language (uPlot's own are American). */
		const dayFmt = new Intl.DateTimeFormat(getLang() === 'nl' ? 'nl-NL' : 'en-GB', {day: 'numeric', month: 'short', timeZone: 'UTC'});
		const plot = new uPlot({
			width, height: 160,
			legend: {show: false},
			cursor: {show: false},
			scales: {
				/* The days' own span and a few days either side: one day
				 * is then a bar, not a point on a span of years. */
				x: {time: true, range: () => [xs[0] - 3 * 86400, xs[xs.length - 1] + 3 * 86400]},
				y: {range: (u, min, max) => [0, Math.max(1, max)]},
			},
			/* Whole numbers of accesses on the y axis. */
			axes: [{incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400, 365 * 86400],
				values: (u, vals) => vals.map(v => dayFmt.format(new Date(v * 1000)))},
			       {incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500]}],
			series: [{}, {
				label: t('review.chart_series'), stroke: '#a4161a', fill: 'rgba(164,22,26,0.3)',
				paths: uPlot.paths.bars({size: [0.6, 40]}), points: {show: false},
			}],
		}, [xs, ys], ref.current);
		return () => plot.destroy();
	}, [grants, getLang()]);
	if (grants.length === 0)
		return null;
	return (
		<figure class="chart">
			<div ref={ref} role="img" aria-label={t('review.chart_label', {n: grants.length})} />
			<figcaption>{t('review.chart_caption')}</figcaption>
		</figure>
	);
}

/* ACC-6, M§17: the decision; not_justified needs the measure taken. */
function ReviewForm({g, onDone}) {
	const [decision, setDecision] = useState('');
	const [measure, setMeasure] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		if (!decision) {
			act.setError(t('review.choose'));
			return;
		}
		act.run(async () => {
			const body = {decision};
			if (measure.trim())
				body.measure = measure.trim();
			try {
				await post('break-glass/' + encodeURIComponent(g.id) + '/review', body);
			} catch (err) {
				/* The server's refusal of a missing measure, in words. */
				if (err.code === 'invalid' && decision === 'not_justified' && !body.measure)
					throw t('review.measure_required');
				throw err;
			}
			onDone(decision);
		});
	};
	const name = 'decision-' + g.id;
	return (
		<form class="review" onSubmit={submit} novalidate>
			<fieldset>
				<legend>{t('review.decision')}</legend>
				<div>
					<label>
						<input type="radio" name={name} value="justified" checked={decision === 'justified'} onChange={() => setDecision('justified')} />
						{' ' + t('review.status.justified')}
					</label>
				</div>
				<div>
					<label>
						<input type="radio" name={name} value="not_justified" checked={decision === 'not_justified'} onChange={() => setDecision('not_justified')} />
						{' ' + t('review.status.not_justified')}
					</label>
				</div>
			</fieldset>
			<Field label={t('review.measure')} hint={t('review.measure_hint')}>
				<textarea name="measure" rows="3" maxlength="2000" value={measure} onInput={e => setMeasure(e.currentTarget.value)} />
			</Field>
			<ErrorBox error={act.error} />
			<Submit busy={act.busy}>{t('review.submit')}</Submit>
		</form>
	);
}

function Grant({g, onDone}) {
	return (
		<article class="card grant" data-grant={g.id} data-status={g.status}>
			<h2>{t('review.grant_title', {user: g.user && g.user.username, date: fmtDateTime(g.granted_at)})}</h2>
			<p>
				<span class={'badge ' + (g.status === 'pending' ? 'amber' : g.status === 'justified' ? 'green' : 'red')}>{statusLabel(g.status)}</span>
				{g.new_account && <span class="badge red">{t('review.new_account', {days: g.account_age_days})}</span>}
			</p>
			<dl class="content">
				<div><dt>{t('review.user')}</dt><dd>{g.user && g.user.username}</dd></div>
				<div><dt>{t('review.account_age')}</dt><dd>{t('review.days', {days: g.account_age_days})}</dd></div>
				<div><dt>{t('review.client')}</dt><dd><a href={'#/clients/' + g.client + '/log'}>{t('review.client_log')}</a> <code>{g.client}</code></dd></div>
				<div><dt>{t('review.granted_at')}</dt><dd>{fmtDateTime(g.granted_at)}</dd></div>
				<div><dt>{t('review.expires_at')}</dt><dd>{fmtDateTime(g.expires_at)}</dd></div>
				<div><dt>{t('review.reason')}</dt><dd class="reason">{g.reason}</dd></div>
				{g.reviewed_at && <div><dt>{t('review.reviewed_at')}</dt><dd>{fmtDateTime(g.reviewed_at)}</dd></div>}
				{g.reviewed_by && <div><dt>{t('review.reviewed_by')}</dt><dd>{reviewer(g.reviewed_by)}</dd></div>}
				{g.measure && <div><dt>{t('review.measure')}</dt><dd class="measure">{g.measure}</dd></div>}
			</dl>
			<h3>{t('review.done_under_grant')}</h3>
			<DoneUnder items={g.done_under_grant} />
			{g.status === 'pending' && (
				<div>
					<h3>{t('review.your_review')}</h3>
					<ReviewForm g={g} onDone={onDone} />
				</div>
			)}
		</article>
	);
}

export function Review({query}) {
	const status = query.get('status') === 'all' ? 'all' : 'pending';
	const [state, reload] = useLoad(() => get('break-glass', {status}), [status]);
	const [done, setDone] = useState(null);
	const views = [['pending', '#/review'], ['all', '#/review?status=all']];
	return (
		<section>
			<h1>{t('review.title')}</h1>
			<p>{t('review.intro')}</p>
			<nav class="tabs" aria-label={t('review.views')}>
				{views.map(([v, href]) => (
					<a key={v} href={href} aria-current={v === status ? 'page' : undefined}>{t('review.view.' + v)}</a>
				))}
			</nav>
			{done && <Notice>{t('review.recorded', {status: statusLabel(done)})}</Notice>}
			<Loaded state={state}>
				{data => data.break_glass.length === 0 ? (
					<p>{status === 'pending' ? t('review.none_pending') : t('review.none')}</p>
				) : (
					<div>
						{status === 'all' && <ReviewChart grants={data.break_glass} />}
						{data.break_glass.map(g => (
							<Grant key={g.id} g={g} onDone={d => {
								setDone(d);
								reload();
							}} />
						))}
					</div>
				)}
			</Loaded>
		</section>
	);
}
