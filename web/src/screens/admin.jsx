/*
 * admin.jsx: the administrator's screens (ACC-3, SEC-3): the users of the
 * organisation with their roles, confidentiality basis and team; adding
 * one, which hands over an invitation or waits for approval; disabling,
 * enabling, a new second factor and a password reset as a new
 * invitation; the approvals that wait (also for the DPO, who approves
 * accounts that see health data); teams and locations; and the
 * organisation with its profile and the state of its log (LOG-3). An
 * account that is also a client is linked to that client's record, so
 * that reads of a colleague's record show in the log review (FG-2, LOG-7).
 * Administrators belong to one organisation (SCOPE-3): every figure here
 * comes from the API of their own session, never another's.
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {api, get, post, del} from '../api.js';
import {t, pick, fmtDateTime, has} from '../i18n.js';
import {baseRoles} from '../session.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Dialog, Submit, Notice} from '../ui.jsx';
import {linkError} from './protection.jsx';

/* The tabs of the administration; each shown to the base roles it names. */
const ADMIN_TABS = [
	{path: '/admin', label: 'admin.tab.users', roles: ['administrator']},
	{path: '/admin/approvals', label: 'admin.tab.approvals', roles: ['administrator', 'dpo']},
	{path: '/admin/teams', label: 'admin.tab.teams', roles: ['administrator']},
	{path: '/admin/organisation', label: 'admin.tab.organisation', roles: ['administrator', 'dpo']},
];

const CONFIDENTIALITY = ['profession', 'office', 'law', 'agreement'];

/* The screen's heading and the tabs the user's roles open. */
function AdminPage({s, tab, title, children}) {
	const bases = baseRoles(s);
	const tabs = ADMIN_TABS.filter(x => x.path === tab || x.roles.some(r => bases.has(r)));
	return (
		<section>
			<h1>{title}</h1>
			{tabs.length > 1 && (
				<nav class="tabs" aria-label={t('admin.tabs')}>
					{tabs.map(x => (
						<a key={x.path} href={'#' + x.path} aria-current={x.path === tab ? 'page' : undefined}>{t(x.label)}</a>
					))}
				</nav>
			)}
			{children}
		</section>
	);
}

/* The roles a staff account can have: the portal's roles are not given
 * to staff accounts. */
function staffRoles(s) {
	return ((s.profile && s.profile.roles) || []).filter(r => r.base !== 'subject' && r.base !== 'representative');
}

function roleLabel(s, id) {
	const d = s.profile && s.profile.roles.find(r => r.id === id);
	return d ? pick(d.name) : id;
}

function confLabel(c) {
	return has('admin.confidentiality.' + c) ? t('admin.confidentiality.' + c) : c || '';
}

/* A name that is taken (409), said as such. */
function taken(e) {
	return e && e.status === 409 ? t('admin.error.name_taken') : e;
}

/* A refusal on the user's own account, said as such (ACC-3). */
function ownError(e, own) {
	if (own && e && e.code === 'denied')
		return t('admin.error.own_account');
	return e;
}

/*
 * SEC-3: the invitation the owner sets their password with, to hand over
 * in person; the link fills in the code on the invitation screen.
 */
export function Handover({s, username, invitation}) {
	const link = location.origin + location.pathname + '#/invitation?tenant=' +
		encodeURIComponent(s.session.tenant) + '&token=' + encodeURIComponent(invitation.token);
	return (
		<div class="notice handover" role="status">
			<p>{username ? t('admin.invite.ready', {username}) : t('admin.invite.ready_anon')}</p>
			<p><code class="token" data-token={invitation.token}>{invitation.token}</code></p>
			<p>{t('admin.invite.expires', {date: fmtDateTime(invitation.expires_at)})}</p>
			<p>{t('admin.invite.link')}</p>
			<p><code class="link">{link}</code></p>
		</div>
	);
}

/* What an act on an account led to: an invitation, a wait, or a status. */
function Outcome({s, username, res}) {
	if (!res)
		return null;
	if (res.invitation)
		return <Handover s={s} username={username} invitation={res.invitation} />;
	if (res.status === 'awaiting_approval')
		return <Notice>{t('admin.awaiting', {username})}</Notice>;
	return <Notice>{has('admin.done.' + res.status) ? t('admin.done.' + res.status, {username}) : t('admin.done', {username})}</Notice>;
}

/* Role checkboxes in a fieldset: one account may have several roles. */
function RolePicker({s, legend, value, onChange}) {
	const toggle = id => e => {
		const on = e.currentTarget.checked;
		onChange(on ? [...value.filter(x => x !== id), id] : value.filter(x => x !== id));
	};
	/* Spaced like a field; not class "field", whose labels are bold. */
	return (
		<div style={{marginBottom: '1rem'}}>
			<fieldset class="roles">
				<legend>{legend}</legend>
				{staffRoles(s).map(r => (
					<div key={r.id}>
						<label>
							<input type="checkbox" name="roles" value={r.id} checked={value.includes(r.id)} onChange={toggle(r.id)} />
							{' ' + pick(r.name)}
						</label>
					</div>
				))}
				<p class="hint">{t('admin.roles_hint')}</p>
			</fieldset>
		</div>
	);
}

function AddUser({s, teams, onDone}) {
	const empty = {username: '', display_name: '', roles: [], confidentiality: 'profession', team: ''};
	const [f, setF] = useState(empty);
	const [res, setRes] = useState(null);
	const act = useAction();
	const on = k => e => setF({...f, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		setRes(null);
		act.run(async () => {
			const body = {username: f.username.trim(), roles: f.roles, confidentiality: f.confidentiality};
			if (f.display_name.trim())
				body.display_name = f.display_name.trim();
			if (f.team)
				body.team = f.team;
			const r = await post('users', body).catch(err => {
				throw taken(err);
			});
			setRes({...r, username: body.username});
			setF(empty);
			onDone();
		});
	};
	return (
		<div class="card">
			<h2>{t('admin.add.title')}</h2>
			{res && <Outcome s={s} username={res.username} res={res} />}
			<form onSubmit={submit} novalidate>
				<Field label={t('admin.username')} hint={t('admin.username_hint')}>
					<input name="username" autocomplete="off" required maxlength="63" value={f.username} onInput={on('username')} />
				</Field>
				<Field label={t('admin.display_name')}>
					<input name="display_name" autocomplete="off" maxlength="127" value={f.display_name} onInput={on('display_name')} />
				</Field>
				<RolePicker s={s} legend={t('admin.roles')} value={f.roles} onChange={roles => setF({...f, roles})} />
				<Field label={t('admin.confidentiality')} hint={t('admin.confidentiality_hint')}>
					<select name="confidentiality" value={f.confidentiality} onChange={on('confidentiality')}>
						{CONFIDENTIALITY.map(c => <option key={c} value={c}>{confLabel(c)}</option>)}
					</select>
				</Field>
				<Field label={t('admin.team')}>
					<select name="team" value={f.team} onChange={on('team')}>
						<option value="">{t('admin.no_team')}</option>
						{teams.map(x => <option key={x.name} value={x.name}>{x.name}</option>)}
					</select>
				</Field>
				<ErrorBox error={act.error} />
				<Submit busy={act.busy}>{t('admin.add.submit')}</Submit>
			</form>
		</div>
	);
}

function statusText(u) {
	if (u.disabled)
		return t('admin.status.disabled');
	if (u.awaiting_approval)
		return t('admin.status.awaiting_approval');
	return t('admin.status.active');
}

/*
 * FG-2, LOG-7: the client this account is, by the client's number (the
 * administrator does not see clients' records; the number comes from
 * the record or from the DPO, who can also link it on the client's
 * protection tab).
 */
function ColleagueLink({u, onDone}) {
	const [client, setClient] = useState('');
	const [done, setDone] = useState('');
	const act = useAction();
	const path = 'users/' + encodeURIComponent(u.username) + '/client';
	const run = (fn, what) => act.run(async () => {
		setDone('');
		try {
			await fn();
		} catch (e) {
			throw linkError(e);
		}
		setDone(what);
		onDone();
	});
	const submit = e => {
		e.preventDefault();
		run(async () => {
			await api('PUT', path, {body: {client: client.trim()}});
			setClient('');
		}, t('dpoweb.colleague.linked', {user: u.username}));
	};
	return (
		<div class="colleague" data-client={u.client || ''}>
			<h3>{t('dpoweb.admin.colleague')}</h3>
			<p class="hint">{t('dpoweb.admin.colleague_hint')}</p>
			{u.client ? (
				<div>
					<p>{t('dpoweb.admin.linked_to')} <code>{u.client}</code></p>
					<button type="button" disabled={act.busy}
						onClick={() => run(() => del(path), t('dpoweb.colleague.unlinked', {user: u.username}))}>
						{t('dpoweb.colleague.unlink')}
					</button>
				</div>
			) : (
				<form onSubmit={submit} novalidate>
					<Field label={t('dpoweb.admin.client_number')} hint={t('dpoweb.admin.client_number_hint')}>
						<input name="colleague_client" autocomplete="off" maxlength="64" value={client}
							onInput={e => setClient(e.currentTarget.value)} />
					</Field>
					<Submit busy={act.busy}>{t('dpoweb.colleague.link')}</Submit>
				</form>
			)}
			<ErrorBox error={act.error} />
			{done && <Notice>{done}</Notice>}
		</div>
	);
}

/* The acts on one account, in a dialog. */
function ManageUser({s, u, onDone}) {
	const own = u.username === s.session.user.username;
	const [roles, setRoles] = useState(u.roles || []);
	const [res, setRes] = useState(null);
	const act = useAction();
	const path = 'users/' + encodeURIComponent(u.username) + '/';
	const doIt = (what, body) => act.run(async () => {
		setRes(null);
		try {
			setRes(await post(path + what, body));
		} catch (e) {
			throw ownError(e, own);
		} finally {
			onDone();
		}
	});
	const saveRoles = e => {
		e.preventDefault();
		doIt('roles', {roles});
	};
	return (
		<div>
			<p class="meta">{t('admin.manage.intro', {status: statusText(u)})}</p>
			<form onSubmit={saveRoles} novalidate>
				<RolePicker s={s} legend={t('admin.roles')} value={roles} onChange={setRoles} />
				<Submit busy={act.busy}>{t('admin.manage.save_roles')}</Submit>
			</form>
			<h3>{t('admin.manage.account')}</h3>
			<div class="buttons">
				{u.disabled ? (
					<button type="button" disabled={act.busy} onClick={() => doIt('enable')}>{t('admin.manage.enable')}</button>
				) : (
					<button type="button" class="danger" disabled={act.busy} onClick={() => doIt('disable')}>{t('admin.manage.disable')}</button>
				)}
				<button type="button" disabled={act.busy} onClick={() => doIt('totp-reset')}>{t('admin.manage.totp_reset')}</button>
				<button type="button" disabled={act.busy} onClick={() => doIt('reset')}>{t('admin.manage.reset')}</button>
			</div>
			<p class="hint">{t('admin.manage.hint')}</p>
			<ErrorBox error={act.error} />
			<Outcome s={s} username={u.username} res={res} />
			<ColleagueLink u={u} onDone={onDone} />
		</div>
	);
}

function UserTable({s, users, onManage}) {
	return (
		<div class="table-wrap">
			<table class="list users">
				<caption class="sr-only">{t('admin.users.title')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('admin.user')}</th>
						<th scope="col">{t('admin.roles')}</th>
						<th scope="col">{t('admin.team')}</th>
						<th scope="col">{t('admin.confidentiality')}</th>
						<th scope="col">{t('admin.status')}</th>
						<th scope="col">{t('admin.actions')}</th>
					</tr>
				</thead>
				<tbody>
					{users.map(u => (
						<tr key={u.id} data-user={u.username} data-id={u.id}>
							<td><strong>{u.username}</strong>{u.display_name ? <span class="meta"><br />{u.display_name}</span> : null}</td>
							<td>{(u.roles || []).map(r => roleLabel(s, r)).join(', ')}</td>
							<td>{u.team || '–'}</td>
							<td>{confLabel(u.confidentiality)}</td>
							<td>
								<span class={'badge ' + (u.disabled ? 'red' : u.awaiting_approval ? 'amber' : 'green')}>{statusText(u)}</span>
								{u.client && <span class="badge grey colleague-badge">{t('dpoweb.admin.also_client')}</span>}
							</td>
							<td>
								<button type="button" onClick={() => onManage(u)}>
									{t('admin.users.manage')}<span class="sr-only">{' ' + u.username}</span>
								</button>
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

export function Users({s}) {
	const [state, reload] = useLoad(async () => {
		const [u, tm] = await Promise.all([get('users'), get('teams')]);
		return {users: u.users, teams: tm.teams};
	}, []);
	const [managing, setManaging] = useState(null);
	const current = managing && state.data && state.data.users.find(u => u.username === managing);
	return (
		<AdminPage s={s} tab="/admin" title={t('admin.users.title')}>
			<p>{t('admin.users.intro')}</p>
			<Loaded state={state}>
				{data => (
					<div>
						<UserTable s={s} users={data.users} onManage={u => setManaging(u.username)} />
						<AddUser s={s} teams={data.teams} onDone={reload} />
					</div>
				)}
			</Loaded>
			<Dialog open={!!current} title={current ? t('admin.manage.title', {username: current.username}) : ''}
				onClose={() => setManaging(null)}>
				{current && <ManageUser key={current.username} s={s} u={current} onDone={reload} />}
				<div class="buttons">
					<button type="button" onClick={() => setManaging(null)}>{t('common.close')}</button>
				</div>
			</Dialog>
		</AdminPage>
	);
}

/* ACC-3: the accounts and roles that wait for an approver. */
export function Approvals({s}) {
	const [state, reload] = useLoad(() => get('approvals'), []);
	const [res, setRes] = useState(null);
	const act = useAction();
	const decide = (a, what) => act.run(async () => {
		setRes(null);
		const r = await post('approvals/' + encodeURIComponent(a.id) + '/' + what);
		setRes({...r, username: a.username});
		reload();
	});
	return (
		<AdminPage s={s} tab="/admin/approvals" title={t('admin.approvals.title')}>
			<p>{t('admin.approvals.intro')}</p>
			<ErrorBox error={act.error} />
			{res && (res.invitation ? <Handover s={s} username={res.username} invitation={res.invitation} />
				 : <Notice>{t('admin.approvals.' + res.decision, {username: res.username})}</Notice>)}
			<Loaded state={state}>
				{data => data.approvals.length === 0 ? <p>{t('admin.approvals.none')}</p> : (
					<div class="table-wrap">
						<table class="list approvals">
							<caption class="sr-only">{t('admin.approvals.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('admin.user')}</th>
									<th scope="col">{t('admin.approvals.kind')}</th>
									<th scope="col">{t('admin.roles')}</th>
									<th scope="col">{t('admin.approvals.requested_at')}</th>
									<th scope="col">{t('admin.actions')}</th>
								</tr>
							</thead>
							<tbody>
								{data.approvals.map(a => (
									<tr key={a.id} data-approval={a.username}>
										<td><strong>{a.username}</strong></td>
										<td>{has('admin.approvals.kind.' + a.kind) ? t('admin.approvals.kind.' + a.kind) : a.kind}</td>
										<td>{(a.roles || []).map(r => roleLabel(s, r)).join(', ')}</td>
										<td>{fmtDateTime(a.requested_at)}</td>
										<td>
											<div class="buttons">
												<button type="button" class="primary" disabled={act.busy} onClick={() => decide(a, 'approve')}>
													{t('admin.approvals.approve')}<span class="sr-only">{' ' + a.username}</span>
												</button>
												<button type="button" disabled={act.busy} onClick={() => decide(a, 'reject')}>
													{t('admin.approvals.reject')}<span class="sr-only">{' ' + a.username}</span>
												</button>
											</div>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
		</AdminPage>
	);
}

function AddLocation({onDone}) {
	const [f, setF] = useState({name: '', address: ''});
	const [done, setDone] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		setDone('');
		act.run(async () => {
			const body = {name: f.name.trim()};
			if (f.address.trim())
				body.address = f.address.trim();
			await post('locations', body).catch(err => {
				throw taken(err);
			});
			setDone(body.name);
			setF({name: '', address: ''});
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate>
			<h3>{t('admin.teams.add_location')}</h3>
			<Field label={t('admin.teams.location_name')}>
				<input name="location_name" required value={f.name} onInput={e => setF({...f, name: e.currentTarget.value})} />
			</Field>
			<Field label={t('admin.teams.address')}>
				<input name="address" autocomplete="off" value={f.address} onInput={e => setF({...f, address: e.currentTarget.value})} />
			</Field>
			<ErrorBox error={act.error} />
			{done && <Notice>{t('admin.teams.location_added', {name: done})}</Notice>}
			<Submit busy={act.busy}>{t('admin.teams.add_location_submit')}</Submit>
		</form>
	);
}

function AddTeam({locations, onDone}) {
	const [f, setF] = useState({name: '', location: ''});
	const [done, setDone] = useState('');
	const act = useAction();
	const submit = e => {
		e.preventDefault();
		setDone('');
		act.run(async () => {
			const body = {name: f.name.trim()};
			if (f.location)
				body.location = f.location;
			await post('teams', body).catch(err => {
				throw taken(err);
			});
			setDone(body.name);
			setF({name: '', location: ''});
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate>
			<h3>{t('admin.teams.add_team')}</h3>
			<Field label={t('admin.teams.team_name')}>
				<input name="team_name" required value={f.name} onInput={e => setF({...f, name: e.currentTarget.value})} />
			</Field>
			<Field label={t('admin.teams.location')}>
				<select name="location" value={f.location} onChange={e => setF({...f, location: e.currentTarget.value})}>
					<option value="">{t('admin.teams.no_location')}</option>
					{locations.map(l => <option key={l.name} value={l.name}>{l.name}</option>)}
				</select>
			</Field>
			<ErrorBox error={act.error} />
			{done && <Notice>{t('admin.teams.team_added', {name: done})}</Notice>}
			<Submit busy={act.busy}>{t('admin.teams.add_team_submit')}</Submit>
		</form>
	);
}

/* ACC-5: the teams and locations accounts and clients belong to. */
export function Teams({s}) {
	const [state, reload] = useLoad(() => get('teams'), []);
	return (
		<AdminPage s={s} tab="/admin/teams" title={t('admin.teams.title')}>
			<p>{t('admin.teams.intro')}</p>
			<Loaded state={state}>
				{data => (
					<div>
						<h2>{t('admin.teams.teams')}</h2>
						{data.teams.length === 0 ? <p>{t('admin.teams.no_teams')}</p> : (
							<table class="list teams">
								<caption class="sr-only">{t('admin.teams.teams')}</caption>
								<thead>
									<tr>
										<th scope="col">{t('admin.teams.team_name')}</th>
										<th scope="col">{t('admin.teams.location')}</th>
									</tr>
								</thead>
								<tbody>
									{data.teams.map(x => (
										<tr key={x.name}><td>{x.name}</td><td>{x.location || '–'}</td></tr>
									))}
								</tbody>
							</table>
						)}
						<h2>{t('admin.teams.locations')}</h2>
						{data.locations.length === 0 ? <p>{t('admin.teams.no_locations')}</p> : (
							<table class="list locations">
								<caption class="sr-only">{t('admin.teams.locations')}</caption>
								<thead>
									<tr>
										<th scope="col">{t('admin.teams.location_name')}</th>
										<th scope="col">{t('admin.teams.address')}</th>
									</tr>
								</thead>
								<tbody>
									{data.locations.map(l => (
										<tr key={l.name}><td>{l.name}</td><td>{l.address || '–'}</td></tr>
									))}
								</tbody>
							</table>
						)}
						<h2>{t('admin.teams.add')}</h2>
						<AddLocation onDone={reload} />
						<AddTeam locations={data.locations} onDone={reload} />
					</div>
				)}
			</Loaded>
		</AdminPage>
	);
}

/* LOG-3: whether the organisation's log chain is intact. */
function AuditStatus() {
	const [state, reload] = useLoad(() => get('audit/verify'), []);
	return (
		<div>
			<h2>{t('admin.audit.title')}</h2>
			<p>{t('admin.audit.intro')}</p>
			<Loaded state={state}>
				{v => (
					<div class="audit" data-intact={v.intact ? 'true' : 'false'}>
						{v.intact ? (
							<div class="notice" role="status"><p><strong>{t('admin.audit.intact')}</strong></p></div>
						) : (
							<div class="error" role="alert"><p><strong>{t('admin.audit.broken', {entry: v.first_bad_entry})}</strong></p></div>
						)}
						<dl class="content">
							<div><dt>{t('admin.audit.entries')}</dt><dd>{v.entries}</dd></div>
							<div><dt>{t('admin.audit.checkpoints')}</dt><dd>{v.checkpoints}</dd></div>
							{!v.intact && <div><dt>{t('admin.audit.first_bad')}</dt><dd>{v.first_bad_entry}</dd></div>}
						</dl>
					</div>
				)}
			</Loaded>
			<p><button type="button" onClick={reload} disabled={state.loading}>{t('admin.audit.again')}</button></p>
		</div>
	);
}

/* The organisation: who it is, its profile, its roles, and its log. */
export function Organisation({s}) {
	const p = s.profile || {};
	return (
		<AdminPage s={s} tab="/admin/organisation" title={t('admin.org.title')}>
			<dl class="content org">
				<div><dt>{t('admin.org.slug')}</dt><dd class="tenant">{s.session.tenant}</dd></div>
				<div><dt>{t('admin.org.profile')}</dt><dd>{p.profile}</dd></div>
				<div><dt>{t('admin.org.version')}</dt><dd>{p.version}</dd></div>
			</dl>
			<p class="hint">{t('admin.org.scope')}</p>
			<h2>{t('admin.org.roles')}</h2>
			<div class="table-wrap">
				<table class="list roles">
					<caption class="sr-only">{t('admin.org.roles')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('admin.org.role')}</th>
							<th scope="col">{t('admin.org.role_id')}</th>
							<th scope="col">{t('admin.org.base')}</th>
							<th scope="col">{t('admin.org.two_factor')}</th>
						</tr>
					</thead>
					<tbody>
						{(p.roles || []).map(r => (
							<tr key={r.id}>
								<td>{pick(r.name)}</td>
								<td><code>{r.id}</code></td>
								<td>{r.base}</td>
								<td>{r.two_factor ? t('common.yes') : t('common.no')}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<AuditStatus />
		</AdminPage>
	);
}
