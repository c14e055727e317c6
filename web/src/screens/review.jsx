/*
 * review.jsx: the DPO's review of emergency access (ACC-6, FG-2, LOG-7):
 * each time someone broke the glass, with the written reason, what was
 * done under the grant and whether the account was new; the DPO records
 * whether it was justified, and when it was not, the measure taken
 * (M§17). The server decides who may review; this screen only shows
 * what it answers.
 */
import {DayChart, dayNl} from '../chart.jsx';
import {h} from 'preact';
import {useState} from 'preact/hooks';
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

/*
 * A staff account as a person reads it: the display name, with the
 * account name below it (two people can share a name; LOG-8). Without a
 * display name, the account name alone.
 */
export function Person({name, username}) {
	if (!name || name === username)
		return <span class="account">{username}</span>;
	return <span class="person">{name}<br /><span class="meta account">{username}</span></span>;
}

function reviewer(g) {
	const r = g.reviewed_by;
	if (!r)
		return '';
	if (typeof r === 'object')
		return <Person name={r.display_name} username={r.username || r.id} />;
	return <Person name={g.reviewed_by_name} username={r} />;
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

/*
 * LOG-7: emergency accesses per day, so that a run of them stands out;
 * the cards below hold the same accesses one by one.
 */
function ReviewChart({grants}) {
	const counts = new Map();
	for (const g of grants) {
		const d = dayNl(g.granted_at);
		counts.set(d, (counts.get(d) || 0) + 1);
	}
	return <DayChart counts={counts} colour="red" series={t('review.chart_series')}
		label={t('review.chart_label', {n: grants.length})} caption={t('review.chart_caption')} />;
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
			<h2>{t('review.grant_title', {user: g.user && (g.user.display_name || g.user.username), date: fmtDateTime(g.granted_at)})}</h2>
			<p>
				<span class={'badge ' + (g.status === 'pending' ? 'amber' : g.status === 'justified' ? 'green' : 'red')}>{statusLabel(g.status)}</span>
				{g.new_account && <span class="badge red">{t('review.new_account', {days: g.account_age_days})}</span>}
			</p>
			<dl class="content">
				<div><dt>{t('review.user')}</dt><dd>{g.user && <Person name={g.user.display_name} username={g.user.username} />}</dd></div>
				<div><dt>{t('review.account_age')}</dt><dd>{t('review.days', {days: g.account_age_days})}</dd></div>
				<div><dt>{t('review.client')}</dt><dd><a href={'#/clients/' + g.client + '/log'}>{t('review.client_log')}</a> <code>{g.client}</code></dd></div>
				<div><dt>{t('review.granted_at')}</dt><dd>{fmtDateTime(g.granted_at)}</dd></div>
				<div><dt>{t('review.expires_at')}</dt><dd>{fmtDateTime(g.expires_at)}</dd></div>
				<div><dt>{t('review.reason')}</dt><dd class="reason">{g.reason}</dd></div>
				{g.reviewed_at && <div><dt>{t('review.reviewed_at')}</dt><dd>{fmtDateTime(g.reviewed_at)}</dd></div>}
				{g.reviewed_by && <div><dt>{t('review.reviewed_by')}</dt><dd>{reviewer(g)}</dd></div>}
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
