/*
 * protection.jsx: a client's shields (SHD-1) and the restriction of
 * processing (RST-1, GDPR art. 18): placing and lifting them. A lifting
 * needs the client told first (art. 18(3)): the notice is recorded, then
 * the restriction is lifted. For the DPO also the two marks of the log
 * review (FG-2, LOG-7): the client flagged as a public figure, and the
 * staff account that is this client. Who may do each is the server's to
 * decide; a refusal shows in words.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {api, get, post, del} from '../api.js';
import {t, fmtDateTime} from '../i18n.js';
import {go} from '../router.js';
import {baseRoles} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';
import {ClientPage, catName} from './record.jsx';
import {word, CHANNELS, ActError, mayReadEntries} from './requests.jsx';
import {RESTRICT_GROUNDS} from './request.jsx';

/* The server answers a second restriction with the first one's id in its
 * message; there is no other way to find a subject's restriction. */
function restrictionIn(e) {
	const m = e && e.status === 409 && /\(([0-9a-f-]{36})\)/.exec(e.message || '');
	return m ? m[1] : null;
}

function Shields({id, s}) {
	const [state, reload] = useLoad(() => get('subjects/' + encodeURIComponent(id) + '/shields'), [id]);
	const [entries] = useLoad(async () => {
		if (!mayReadEntries(s))
			return null;
		try {
			return (await get('clients/' + encodeURIComponent(id) + '/entries')).entries.filter(e => !e.error);
		} catch (e) {
			return null;
		}
	}, [id]);
	const [entry, setEntry] = useState('');
	const [category, setCategory] = useState('');
	const a = useAction();
	const rm = useAction();
	const cats = Object.keys((s.profile && s.profile.categories) || {});
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			await post('subjects/' + encodeURIComponent(id) + '/shields', entry ? {entry} : {category});
			setEntry('');
			setCategory('');
			reload();
		});
	};
	return (
		<section aria-labelledby="shields-title">
			<h2 id="shields-title">{t('protection.shields')}</h2>
			<p class="hint">{t('protection.shields_hint')}</p>
			<Loaded state={state}>
				{d => {
					const live = d.shields.filter(x => !x.lifted_at);
					return live.length === 0 ? <p>{t('protection.no_shields')}</p> : (
						<ul class="shields">
							{live.map(x => (
								<li key={x.id} data-shield={x.id}>
									{x.entry ? t('protection.shield_entry', {id: x.entry.slice(0, 8)}) : t('protection.shield_category', {category: catName(x.category)})}
									<span class="meta"> · {fmtDateTime(x.created_at)}</span>
									{x.request && <span> · <a href={'#/requests/' + x.request}>{t('protection.by_request')}</a></span>}
									{' '}<button type="button" disabled={rm.busy} onClick={() => rm.run(async () => {
										await del('shields/' + x.id);
										reload();
									})}>{t('protection.unshield')}</button>
								</li>
							))}
						</ul>
					);
				}}
			</Loaded>
			<ErrorBox error={rm.error} />
			<form class="card" onSubmit={submit} novalidate aria-labelledby="shield-new-title">
				<h3 id="shield-new-title">{t('protection.new_shield')}</h3>
				{entries.data ? (
					<Field label={t('protection.entry')}>
						<select name="shield_entry" value={entry} onChange={e => setEntry(e.currentTarget.value)}>
							<option value="">{t('protection.none_entry')}</option>
							{entries.data.map(e => (
								<option key={e.id} value={e.id}>{catName(e.category) + ' · ' + fmtDateTime(e.created_at)}</option>
							))}
						</select>
					</Field>
				) : (
					<Field label={t('protection.entry_number')}>
						<input name="shield_entry" value={entry} onInput={e => setEntry(e.currentTarget.value.trim())} />
					</Field>
				)}
				<Field label={t('protection.category')} hint={t('protection.category_hint')}>
					<select name="shield_category" value={category} onChange={e => setCategory(e.currentTarget.value)}>
						<option value="">{t('protection.none_category')}</option>
						{cats.map(c => <option key={c} value={c}>{catName(c)}</option>)}
					</select>
				</Field>
				<ErrorBox error={a.error} />
				<Submit busy={a.busy}>{t('protection.shield')}</Submit>
			</form>
		</section>
	);
}

/* One restriction: its state, the notice to the client, the lifting. */
function Restriction({rid, onGone}) {
	const [state, reload] = useLoad(() => get('restrictions/' + encodeURIComponent(rid)), [rid]);
	const [channel, setChannel] = useState('paper');
	const a = useAction();
	return (
		<Loaded state={state}>
			{r => (
				<div class="card restriction" data-restriction={r.id}>
					<h3>{t(r.in_force ? 'protection.restricted' : 'protection.lifted')}</h3>
					<dl class="summary">
						<div><dt>{t('protection.ground')}</dt><dd>{word('request.ground.', r.ground)}</dd></div>
						<div><dt>{t('protection.since')}</dt><dd>{fmtDateTime(r.started_at)}</dd></div>
						{r.notice && <div><dt>{t('protection.notice')}</dt><dd>{typeof r.notice === 'object' ? [word('requests.channel.', r.notice.channel), fmtDateTime(r.notice.at || r.notice.recorded_at)].filter(Boolean).join(' · ') : String(r.notice)}</dd></div>}
						{r.lifted_at && <div><dt>{t('protection.lifted_at')}</dt><dd>{fmtDateTime(r.lifted_at)}</dd></div>}
					</dl>
					{r.request && <p><a href={'#/requests/' + r.request}>{t('protection.by_request')}</a></p>}
					{r.in_force && !r.notice && (
						<form class="inline" onSubmit={e => {
							e.preventDefault();
							a.run(async () => {
								await post('restrictions/' + r.id + '/notice', {channel});
								reload();
							});
						}}>
							<Field label={t('protection.notice_channel')} hint={t('protection.notice_hint')}>
								<select name="notice_channel" value={channel} onChange={e => setChannel(e.currentTarget.value)}>
									{CHANNELS.map(c => <option key={c} value={c}>{word('requests.channel.', c)}</option>)}
								</select>
							</Field>
							<Submit busy={a.busy}>{t('protection.record_notice')}</Submit>
						</form>
					)}
					{r.in_force && (
						<button type="button" class="danger" disabled={a.busy} onClick={() => a.run(async () => {
							await del('restrictions/' + r.id);
							reload();
							onGone && onGone();
						})}>{t('protection.lift')}</button>
					)}
					<ErrorBox error={a.error} />
				</div>
			)}
		</Loaded>
	);
}

function Restrict({id, query}) {
	const rid = query.get('restriction');
	const [ground, setGround] = useState('');
	const [known, setKnown] = useState(null);
	const a = useAction();
	const submit = e => {
		e.preventDefault();
		setKnown(null);
		a.run(async () => {
			try {
				const r = await post('subjects/' + encodeURIComponent(id) + '/restriction', {ground});
				go('/clients/' + id + '/protection?restriction=' + r.id);
			} catch (err) {
				setKnown(restrictionIn(err));
				throw err;
			}
		});
	};
	return (
		<section aria-labelledby="restriction-title">
			<h2 id="restriction-title">{t('protection.restriction')}</h2>
			<p class="hint">{t('protection.restriction_hint')}</p>
			{rid && <Restriction rid={rid} />}
			<form class="card" onSubmit={submit} novalidate aria-labelledby="restrict-new-title">
				<h3 id="restrict-new-title">{t('protection.new_restriction')}</h3>
				<Field label={t('protection.ground')}>
					<select name="restriction_ground" value={ground} onChange={e => setGround(e.currentTarget.value)}>
						<option value="">{t('protection.choose')}</option>
						{RESTRICT_GROUNDS.map(g => <option key={g} value={g}>{word('request.ground.', g)}</option>)}
					</select>
				</Field>
				<ActError error={a.error} prefix="protection.error." />
				{known && known !== rid && (
					<p><a href={'#/clients/' + id + '/protection?restriction=' + known}>{t('protection.open_current')}</a></p>
				)}
				<Submit busy={a.busy}>{t('protection.restrict')}</Submit>
			</form>
			{!rid && <p class="hint">{t('protection.find_hint')}</p>}
		</section>
	);
}

/* A staff account by its name, with the account name beside it. */
export function accountName(u) {
	if (!u)
		return '';
	return u.display_name && u.display_name !== u.username ? u.display_name + ' (' + u.username + ')' : u.username;
}

/* The link's refusals in words: the API names no rule for an unknown
 * account (404) or a link that exists (409). */
export function linkError(e) {
	if (e && e.status === 404)
		return t('dpoweb.colleague.no_such');
	if (e && e.status === 409)
		return t('dpoweb.colleague.taken');
	if (e && e.status === 400)
		return t('dpoweb.colleague.bad_name');
	return e;
}

/*
 * FG-2, LOG-7: the DPO's two marks on a client. A public figure's every
 * read shows in the log review; so does every read of a colleague's
 * record, when the staff account that is this client is known. The API
 * takes no reason for the flag: the log records who set it and when.
 */
function Oversight({id}) {
	const path = 'clients/' + encodeURIComponent(id) + '/public-figure';
	const [state, reload] = useLoad(() => get(path), [id]);
	const [username, setUsername] = useState('');
	const [done, setDone] = useState('');
	const flag = useAction();
	const link = useAction();
	const act = (a, fn, what) => a.run(async () => {
		setDone('');
		await fn();
		setDone(what);
		reload();
	});
	const submit = e => {
		e.preventDefault();
		const u = username.trim().toLowerCase();
		act(link, async () => {
			try {
				await api('PUT', 'users/' + encodeURIComponent(u) + '/client', {body: {client: id}});
			} catch (err) {
				throw linkError(err);
			}
			setUsername('');
		}, t('dpoweb.colleague.linked', {user: u}));
	};
	return (
		<section aria-labelledby="oversight-title" class="oversight">
			<h2 id="oversight-title">{t('dpoweb.oversight')}</h2>
			<p class="hint">{t('dpoweb.oversight_hint')}</p>
			{done && <Notice>{done}</Notice>}
			<Loaded state={state}>
				{d => (
					<div>
						<div class="card" data-public-figure={d.public_figure ? 'true' : 'false'}>
							<h3>{t('dpoweb.public_figure')}</h3>
							<p>
								<span class={'badge ' + (d.public_figure ? 'amber' : 'grey')}>
									{t(d.public_figure ? 'dpoweb.public_figure.on' : 'dpoweb.public_figure.off')}
								</span>
							</p>
							<p class="hint">{t('dpoweb.public_figure.hint')}</p>
							<button type="button" class={d.public_figure ? '' : 'primary'} disabled={flag.busy}
								onClick={() => act(flag, () => api(d.public_figure ? 'DELETE' : 'PUT', path),
										   t(d.public_figure ? 'dpoweb.public_figure.cleared' : 'dpoweb.public_figure.set'))}>
								{t(d.public_figure ? 'dpoweb.public_figure.clear' : 'dpoweb.public_figure.flag')}
							</button>
							<ErrorBox error={flag.error} />
						</div>
						<div class="card" data-colleague={d.colleague ? d.colleague.username : ''}>
							<h3>{t('dpoweb.colleague')}</h3>
							<p class="hint">{t('dpoweb.colleague.hint')}</p>
							{d.colleague ? (
								<div>
									<p>{t('dpoweb.colleague.is', {user: accountName(d.colleague)})}</p>
									<button type="button" disabled={link.busy} onClick={() => act(link,
										() => del('users/' + encodeURIComponent(d.colleague.username) + '/client'),
										t('dpoweb.colleague.unlinked', {user: d.colleague.username}))}>
										{t('dpoweb.colleague.unlink')}
									</button>
								</div>
							) : (
								<form onSubmit={submit} novalidate>
									<p>{t('dpoweb.colleague.none')}</p>
									<Field label={t('dpoweb.colleague.username')} hint={t('dpoweb.colleague.username_hint')}>
										<input name="colleague_username" autocomplete="off" maxlength="63" value={username}
											onInput={e => setUsername(e.currentTarget.value)} />
									</Field>
									<Submit busy={link.busy}>{t('dpoweb.colleague.link')}</Submit>
								</form>
							)}
							<ErrorBox error={link.error} />
						</div>
					</div>
				)}
			</Loaded>
		</section>
	);
}

export function Protection({params, query, s}) {
	return (
		<ClientPage id={params.id} tab="/protection">
			{baseRoles(s).has('dpo') && <Oversight id={params.id} />}
			<Shields id={params.id} s={s} />
			<Restrict id={params.id} query={query} />
		</ClientPage>
	);
}
