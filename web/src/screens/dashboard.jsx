/*
 * dashboard.jsx: the DPO's start screen (FG-2, LOG-7, RQ-2, INF-3): what
 * waits for the DPO, one section per source. Each section asks its own
 * endpoint and hides itself when that endpoint does not exist (404), so
 * that a source still being built (open breach clocks, processors without
 * an agreement) is added later with one line in SECTIONS. A refusal or
 * any other error is shown in words in its section; the rest still loads.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {DayChart} from '../chart.jsx';
import {ClockBadge} from './breaches.jsx';
import {get, post} from '../api.js';
import {t, has, fmtDate, fmtDateTime} from '../i18n.js';
import {useSession, baseRoles} from '../session.js';
import {ErrorBox, DaysBadge, useLoad, useId, useAction, Dialog} from '../ui.jsx';

/* How many items a section lists before it links to the full screen. */
const SHOW = 8;

function word(prefix, v) {
	return has(prefix + v) ? t(prefix + v) : v;
}

/*
 * One section of the dashboard: title, load (an async function giving
 * the data) and children (data => content). Hidden while its endpoint
 * answers 404: that source is not there (yet).
 */
export function Section({name, title, load, children}) {
	const [state] = useLoad(load, []);
	const hid = useId('dash');
	if (state.error && state.error.status === 404)
		return null;
	return (
		<section class="card dashboard-section" aria-labelledby={hid} data-section={name}>
			<h2 id={hid}>{title}</h2>
			{state.loading && !state.data && <p class="loading" aria-live="polite">{t('common.loading')}</p>}
			{state.error && <ErrorBox error={state.error} />}
			{state.data && children(state.data)}
		</section>
	);
}

/* RQ-2: the open requests, soonest due first (the server sorts them). */
function RequestsSection() {
	return (
		<Section name="requests" title={t('dashboard.requests')} load={() => get('requests')}>
			{d => d.requests.length === 0 ? <p>{t('dashboard.requests_none')}</p> : (
				<div>
					<p>{t('dashboard.requests_count', {n: d.requests.length})}</p>
					<ul class="dashboard-list">
						{d.requests.slice(0, SHOW).map(r => (
							<li key={r.id}>
								<a href={'#/requests/' + r.id}>{word('requests.kind.', r.kind)}</a>
								{' · '}{r.due ? t('dashboard.due', {date: fmtDate(r.due)}) : t('requests.no_due')}
								{' '}{!r.decision && <DaysBadge days={r.days_left} overdue={r.overdue}
									suspended={r.deadline && r.deadline.suspended} />}
							</li>
						))}
					</ul>
					<p><a href="#/requests">{t('dashboard.requests_all')}</a></p>
				</div>
			)}
		</Section>
	);
}

/* FG-2, ACC-6: emergency accesses waiting for the DPO's review. */
function BreakGlassSection() {
	return (
		<Section name="break-glass" title={t('dashboard.break_glass')} load={() => get('break-glass', {status: 'pending'})}>
			{d => d.break_glass.length === 0 ? <p>{t('dashboard.break_glass_none')}</p> : (
				<div>
					<p>{t('dashboard.break_glass_count', {n: d.break_glass.length})}</p>
					<ul class="dashboard-list">
						{d.break_glass.slice(0, SHOW).map(g => (
							<li key={g.id}>
								{t('dashboard.break_glass_item', {user: g.user && g.user.username, date: fmtDateTime(g.granted_at)})}
								{g.new_account && <span class="badge red">{t('dashboard.new_account')}</span>}
							</li>
						))}
					</ul>
					<p><a href="#/review">{t('dashboard.break_glass_review')}</a></p>
				</div>
			)}
		</Section>
	);
}

/* INF-3: the subjects not (or not fully) informed. */
function UninformedSection() {
	return (
		<Section name="uninformed" title={t('dashboard.uninformed')} load={() => get('reports/uninformed')}>
			{d => {
				const open = d.subjects.filter(x => x.informing !== 'exempt');
				if (open.length === 0)
					return <p>{t('dashboard.uninformed_none')}</p>;
				return (
					<div>
						<p>{t('dashboard.uninformed_count', {n: open.length})}</p>
						<ul class="dashboard-list">
							{open.slice(0, SHOW).map(x => (
								<li key={x.id}>
									<a href={'#/clients/' + x.id + '/information'}>
										{[x.given_names, x.family_name].filter(Boolean).join(' ') || x.id.slice(0, 8)}
									</a>
									{' · '}{word('dashboard.informing.', x.informing)}
								</li>
							))}
						</ul>
					</div>
				);
			}}
		</Section>
	);
}

/* BRE-2: the breaches whose 72-hour clock still runs, soonest due first. */
function BreachesSection() {
	return (
		<Section name="breaches" title={t('dashboard.breaches')} load={() => get('breaches')}>
			{d => {
				const open = d.breaches.filter(b => b.clock && b.clock.notify_ap && !b.clock.ap_notified)
					.sort((a, b) => (a.clock.ap_due || '').localeCompare(b.clock.ap_due || ''));
				if (open.length === 0)
					return <p>{t('dashboard.breaches_none')}</p>;
				return (
					<div>
						<p>{t('dashboard.breaches_count', {n: open.length})}</p>
						<ul class="dashboard-list">
							{open.slice(0, SHOW).map(b => (
								<li key={b.id} data-breach={b.id}>
									{t('dashboard.breach_item', {date: fmtDateTime(b.aware_at)})}
									{' '}<ClockBadge clock={b.clock} />
								</li>
							))}
						</ul>
						<p><a href="#/breaches">{t('dashboard.breaches_all')}</a></p>
					</div>
				);
			}}
		</Section>
	);
}

/* PRC-1: processors without a valid agreement, with the reasons. */
function ProcessorsSection() {
	return (
		<Section name="processors" title={t('dashboard.processors')} load={() => get('reports/processors-without-agreement')}>
			{d => d.processors.length === 0 ? <p>{t('dashboard.processors_none')}</p> : (
				<div>
					<p>{t('dashboard.processors_count', {n: d.processors.length})}</p>
					<ul class="dashboard-list">
						{d.processors.slice(0, SHOW).map(p => (
							<li key={p.id} data-processor={p.id}>
								{p.name}{': '}{p.reasons.map(r => word('registers.reason.', r)).join(', ')}
							</li>
						))}
					</ul>
					<p><a href="#/registers">{t('dashboard.processors_all')}</a></p>
				</div>
			)}
		</Section>
	);
}

/*
 * RET-4: what a run (or a preview) did, as counts: whole records per
 * kind of subject, entries per kind and category, what was kept, and the
 * log lines pruned. Never who.
 */
function RunSummary({sum}) {
	return (
		<div class="retention-summary" data-dry-run={sum.dry_run ? 'true' : 'false'}>
			<p>{t(sum.dry_run ? 'retention_run.preview_total' : 'retention_run.done_total',
				{records: sum.records, entries: sum.entries})}</p>
			{sum.entries_by.length > 0 && (
				<div class="table-wrap">
					<table class="list retention-by">
						<caption>{t(sum.dry_run ? 'retention_run.preview_caption' : 'retention_run.done_caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('retention_run.kind')}</th>
								<th scope="col">{t('retention_run.category')}</th>
								<th scope="col">{t('retention_run.entries')}</th>
							</tr>
						</thead>
						<tbody>
							{sum.entries_by.map(r => (
								<tr key={r.kind + r.category} data-kind={r.kind} data-category={r.category}>
									<td>{word('retention_run.kind.', r.kind)}</td>
									<td>{word('category.', r.category)}</td>
									<td>{r.entries}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{Object.keys(sum.records_by_kind).length > 0 && (
				<p>{t('retention_run.records_by_kind', {list: Object.entries(sum.records_by_kind)
					.map(([k, n]) => word('retention_run.kind.', k) + ': ' + n).join(', ')})}</p>
			)}
			{(sum.held > 0 || sum.floor > 0) && <p>{t('dashboard.retention_kept', {held: sum.held, floor: sum.floor})}</p>}
			<p>{t('retention_run.log', {n: sum.log_entries, date: fmtDate(sum.log_before)})}</p>
		</div>
	);
}

/*
 * RET-4: the DPO runs the sweep from here: first a preview (a dry run,
 * which changes nothing), then "Nu vernietigen", which asks once more in
 * a dialog before the server is asked with its confirmation field, then
 * the summary. The server decides (the DPO only, today only).
 */
function RetentionRun({onDone}) {
	const [preview, setPreview] = useState(null);
	const [asking, setAsking] = useState(false);
	const act = useAction();
	const look = () => act.run(async () => setPreview(await post('retention/run', {dry_run: true})));
	const destroy = () => act.run(async () => {
		const sum = await post('retention/run', {dry_run: false, confirm: true});
		setAsking(false);
		setPreview(null);
		onDone(sum);
	});
	return (
		<div class="retention-run">
			<ErrorBox error={act.error} />
			<p><button type="button" onClick={look} disabled={act.busy}>{t('retention_run.preview')}</button></p>
			{preview && <RunSummary sum={preview} />}
			{preview && (preview.records > 0 || preview.entries > 0) && (
				<p><button type="button" class="danger" onClick={() => setAsking(true)} disabled={act.busy}>
					{t('retention_run.destroy')}</button></p>
			)}
			<Dialog open={asking} title={t('retention_run.confirm_title')} onClose={() => setAsking(false)}>
				{preview && <p>{t('retention_run.confirm_text', {records: preview.records, entries: preview.entries})}</p>}
				<ErrorBox error={act.error} />
				<p>
					<button type="button" class="danger" onClick={destroy} disabled={act.busy}
						aria-busy={act.busy ? 'true' : 'false'}>{t('retention_run.confirm')}</button>
					{' '}
					<button type="button" onClick={() => setAsking(false)} disabled={act.busy}>{t('common.cancel')}</button>
				</p>
			</Dialog>
		</div>
	);
}

/* RET-4: what a retention run today would destroy, as counts; the DPO
 * can run it (RetentionRun). After a run the counts load again. */
function RetentionSection() {
	const s = useSession();
	const [done, setDone] = useState(null);
	const [gen, setGen] = useState(0);
	const dpo = baseRoles(s).has('dpo');
	return (
		<Section key={gen} name="retention" title={t('dashboard.retention')} load={() => get('retention/due')}>
			{d => (
				<div>
					<p>{d.records === 0 && d.entries === 0 ? t('dashboard.retention_none')
						: t('dashboard.retention_due', {records: d.records, entries: d.entries})}</p>
					{(d.held > 0 || d.floor > 0) && <p>{t('dashboard.retention_kept', {held: d.held, floor: d.floor})}</p>}
					{d.log_entries > 0 && <p>{t('dashboard.retention_log', {n: d.log_entries})}</p>}
					{done && (
						<div role="status">
							<h3>{t('retention_run.done_title')}</h3>
							<RunSummary sum={done} />
						</div>
					)}
					{dpo && <RetentionRun onDone={sum => {
						setDone(sum);
						setGen(g => g + 1);
					}} />}
				</div>
			)}
		</Section>
	);
}

const KINDS = ['no_relation', 'bulk', 'colleague', 'public_figure', 'denials', 'night'];

/* LOG-7: the anomalies of the last 30 days, a chart and the same counts. */
function AnomaliesSection() {
	return (
		<Section name="anomalies" title={t('dashboard.anomalies')} load={() => get('reports/anomalies', {days: 30})}>
			{d => {
				const total = new Map();
				d.dates.forEach((day, i) => total.set(day, KINDS.reduce((n, k) => n + ((d.counts[k] || [])[i] || 0), 0)));
				const sums = KINDS.map(k => [k, (d.counts[k] || []).reduce((a, b) => a + b, 0)]);
				return (
					<div>
						<DayChart counts={total} colour="red" series={t('dashboard.anomalies_series')}
							label={t('dashboard.anomalies_label')} caption={t('dashboard.anomalies_caption')} />
						<div class="table-wrap">
							<table class="list anomalies">
								<caption class="sr-only">{t('dashboard.anomalies')}</caption>
								<thead>
									<tr>
										<th scope="col">{t('dashboard.kind')}</th>
										<th scope="col">{t('dashboard.count')}</th>
									</tr>
								</thead>
								<tbody>
									{sums.map(([k, n]) => (
										<tr key={k} data-kind={k}>
											<td><a href={'#/logreview?kind=' + k}>{t('logreview.kind.' + k)}</a></td>
											<td>{n}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					</div>
				);
			}}
		</Section>
	);
}

/*
 * The sections in order. A new source is one line here: a component
 * built on Section, which hides itself while its endpoint answers 404
 * (open breach clocks: GET /api/v1/breaches; processors without a valid
 * agreement: GET /api/v1/reports/processors-without-agreement).
 */
export const SECTIONS = [
	RequestsSection,
	BreachesSection,
	BreakGlassSection,
	UninformedSection,
	ProcessorsSection,
	RetentionSection,
	AnomaliesSection,
];

export function Dashboard() {
	return (
		<section class="dashboard">
			<h1>{t('dashboard.title')}</h1>
			<p>{t('dashboard.intro')}</p>
			<p><a href="#/logreview">{t('dashboard.to_logreview')}</a></p>
			{SECTIONS.map((S, i) => <S key={i} />)}
		</section>
	);
}
