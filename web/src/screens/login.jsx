/*
 * login.jsx: logging in (SEC-3): the password, then the second factor
 * when the account has one; the first enrolment with the QR code the
 * server draws; the forced change of a password an administrator chose;
 * and setting a password from an invitation, for staff and for clients
 * and representatives alike.
 */
import {h} from 'preact';
import {useState, useEffect} from 'preact/hooks';
import {post} from '../api.js';
import {t} from '../i18n.js';
import {adopt, logout} from '../session.js';
import {useRoute} from '../router.js';
import {Field, ErrorBox, Submit, useAction, Notice} from '../ui.jsx';

function Login({expired}) {
	const [f, setF] = useState({tenant: '', username: '', password: '', totp: ''});
	const [needCode, setNeedCode] = useState(false);
	const act = useAction();
	const on = k => e => setF({...f, [k]: e.currentTarget.value});
	/* The code is asked for after the password: the focus goes to it. */
	useEffect(() => {
		const el = needCode && document.querySelector('input[name="totp"]');
		if (el)
			el.focus();
	}, [needCode]);
	const submit = e => {
		e.preventDefault();
		act.run(async () => {
			const body = {username: f.username.trim(), password: f.password};
			if (f.tenant.trim())
				body.tenant = f.tenant.trim();
			if (needCode)
				body.totp = f.totp.trim();
			try {
				const r = await post('login', body, {noExpire: true});
				await adopt(r);
			} catch (err) {
				if (err.code === 'second_factor_required') {
					setNeedCode(true);
					return;
				}
				throw err;
			}
		});
	};
	return (
		<section class="narrow">
			<h1>{t('login.title')}</h1>
			{expired && <Notice>{t('login.expired')}</Notice>}
			<form onSubmit={submit} novalidate>
				<Field label={t('login.username')}>
					<input name="username" autocomplete="username" required value={f.username} onInput={on('username')} />
				</Field>
				<Field label={t('login.password')}>
					<input name="password" type="password" autocomplete="current-password" required value={f.password} onInput={on('password')} />
				</Field>
				<Field label={t('login.tenant')} hint={t('login.tenant_hint')}>
					<input name="tenant" autocomplete="organization" value={f.tenant} onInput={on('tenant')} />
				</Field>
				{needCode && (
					<Field label={t('login.code')} hint={t('login.code_hint')}>
						<input name="totp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxlength="8" required value={f.totp} onInput={on('totp')} />
					</Field>
				)}
				<ErrorBox error={act.error} />
				<Submit busy={act.busy}>{needCode ? t('login.confirm_code') : t('login.submit')}</Submit>
			</form>
			<p><a href="#/invitation">{t('login.have_invitation')}</a></p>
		</section>
	);
}

function Enrol() {
	const [enrolment, setEnrolment] = useState(null);
	const [code, setCode] = useState('');
	const act = useAction();
	const start = () => act.run(async () => setEnrolment(await post('2fa/enrol')));
	const verify = e => {
		e.preventDefault();
		act.run(async () => {
			await post('2fa/verify', {code: code.trim()});
			await adopt();
		});
	};
	return (
		<section class="narrow">
			<h1>{t('enrol.title')}</h1>
			<p>{t('enrol.intro')}</p>
			{!enrolment ? (
				<button type="button" class="primary" onClick={start} disabled={act.busy}>{t('enrol.start')}</button>
			) : (
				<form onSubmit={verify} novalidate>
					<img class="qr" alt={t('enrol.qr_alt')} src={'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(enrolment.qr_svg)} />
					<p>{t('enrol.secret_intro')}</p>
					<p><code class="secret" data-secret={enrolment.secret}>{enrolment.secret}</code></p>
					<Field label={t('login.code')} hint={t('enrol.code_hint')}>
						<input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required value={code} onInput={e => setCode(e.currentTarget.value)} />
					</Field>
					<ErrorBox error={act.error} />
					<Submit busy={act.busy}>{t('enrol.confirm')}</Submit>
				</form>
			)}
			{!enrolment && <ErrorBox error={act.error} />}
			<p><button type="button" class="link" onClick={logout}>{t('shell.logout')}</button></p>
		</section>
	);
}

function PasswordChange({forced}) {
	const [f, setF] = useState({current: '', next: '', again: ''});
	const [done, setDone] = useState(false);
	const act = useAction();
	const on = k => e => setF({...f, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		if (f.next !== f.again) {
			act.setError(t('password.mismatch'));
			return;
		}
		act.run(async () => {
			await post('password', {current: f.current, new: f.next});
			setDone(true);
			await adopt();
		});
	};
	return (
		<section class="narrow">
			<h1>{t('password.title')}</h1>
			{forced && <p>{t('password.forced')}</p>}
			{done && <Notice>{t('password.done')}</Notice>}
			<form onSubmit={submit} novalidate>
				<Field label={t('password.current')}>
					<input name="current" type="password" autocomplete="current-password" required value={f.current} onInput={on('current')} />
				</Field>
				<Field label={t('password.new')} hint={t('password.rules')}>
					<input name="new" type="password" autocomplete="new-password" minlength="10" required value={f.next} onInput={on('next')} />
				</Field>
				<Field label={t('password.again')}>
					<input name="again" type="password" autocomplete="new-password" minlength="10" required value={f.again} onInput={on('again')} />
				</Field>
				<ErrorBox error={act.error} />
				<Submit busy={act.busy}>{t('password.submit')}</Submit>
			</form>
		</section>
	);
}

export function Invitation() {
	const route = useRoute();
	const [f, setF] = useState({tenant: route.query.get('tenant') || '', token: route.query.get('token') || '', password: '', again: ''});
	const [done, setDone] = useState(null);
	const act = useAction();
	const on = k => e => setF({...f, [k]: e.currentTarget.value});
	const submit = e => {
		e.preventDefault();
		if (f.password !== f.again) {
			act.setError(t('password.mismatch'));
			return;
		}
		act.run(async () => {
			const body = {token: f.token.trim(), password: f.password};
			if (f.tenant.trim())
				body.tenant = f.tenant.trim();
			setDone(await post('invitations/accept', body, {noExpire: true}));
		});
	};
	if (done)
		return (
			<section class="narrow">
				<h1>{t('invitation.title')}</h1>
				<Notice>{t('invitation.done', {username: done.username})}</Notice>
				<p><a href="#/">{t('invitation.to_login')}</a></p>
			</section>
		);
	return (
		<section class="narrow">
			<h1>{t('invitation.title')}</h1>
			<p>{t('invitation.intro')}</p>
			<form onSubmit={submit} novalidate>
				<Field label={t('invitation.token')}>
					<input name="token" autocomplete="off" required value={f.token} onInput={on('token')} />
				</Field>
				<Field label={t('login.tenant')} hint={t('login.tenant_hint')}>
					<input name="tenant" autocomplete="organization" value={f.tenant} onInput={on('tenant')} />
				</Field>
				<Field label={t('password.new')} hint={t('password.rules')}>
					<input name="password" type="password" autocomplete="new-password" minlength="10" required value={f.password} onInput={on('password')} />
				</Field>
				<Field label={t('password.again')}>
					<input name="again" type="password" autocomplete="new-password" minlength="10" required value={f.again} onInput={on('again')} />
				</Field>
				<ErrorBox error={act.error} />
				<Submit busy={act.busy}>{t('invitation.submit')}</Submit>
			</form>
			<p><a href="#/">{t('invitation.to_login')}</a></p>
		</section>
	);
}

/* What someone without a full session sees. */
export function LoginFlow({s}) {
	const route = useRoute();
	if (!s.session)
		return route.path === '/invitation' ? <Invitation /> : <Login expired={s.expired} />;
	if (s.session.password_change_required)
		return <PasswordChange forced />;
	return <Enrol />;
}

export {PasswordChange};
