/*
 * disclosures.jsx: a client's disclosure register (DIS-1), a new
 * disclosure decided by the door (ACC-1, ACC-2, DIS-1 to DIS-5, OBJ-1,
 * SEC-2) with its decision shown in words, whether it permits or
 * refuses, the recipients, and the notices a carried-out correction,
 * erasure or shielding owes those who received the data before (COR-3).
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get, post} from '../api.js';
import {t, has, fmtDate, fmtDateTime, errorText} from '../i18n.js';
import {Field, ErrorBox, Loaded, useLoad, useAction, Submit, Notice} from '../ui.jsx';
import {ClientPage, catName} from './record.jsx';
import {word} from './requests.jsx';

const PURPOSES = ['treatment', 'risk_assessment', 'contract_execution', 'research', 'unspecified'];
const RECIPIENT_KINDS = ['specialist', 'care_provider', 'insurer', 'directly_involved', 'statistics',
			 'researcher', 'public_body', 'other'];
const CONFIDENTIALITY = ['profession', 'office', 'law', 'agreement'];
const NOTICE_CHANNELS = ['post', 'email', 'secure_mail', 'phone', 'in_person', 'portal'];

/* The door's refusal: what it refused and the rule, in words. */
export function DoorRefusal({error}) {
	if (!error)
		return null;
	const k = 'disclosures.refused.' + error.rule;
	return (
		<div class="error door refused" role="alert" data-rule={error.rule || ''}>
			<p><strong>{t('disclosures.door_refused')}</strong></p>
			<p>{has(k) ? t(k) : errorText(error)}</p>
			{error.rule && <p class="rule">{t('error.rule', {rule: error.rule})}</p>}
		</div>
	);
}

function Register({data}) {
	if (data.length === 0)
		return <p>{t('disclosures.none')}</p>;
	return (
		<div class="table-wrap">
			<table class="list disclosures">
				<caption class="sr-only">{t('disclosures.register')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('disclosures.date')}</th>
						<th scope="col">{t('disclosures.recipient')}</th>
						<th scope="col">{t('disclosures.what')}</th>
						<th scope="col">{t('disclosures.purpose')}</th>
						<th scope="col">{t('disclosures.ground')}</th>
					</tr>
				</thead>
				<tbody>
					{data.map(d => (
						<tr key={d.id} data-disclosure={d.id}>
							<td data-label={t('disclosures.date')}>{fmtDate(d.disclosed_on)}</td>
							<td>
								{d.recipient.name}
								<span class="meta"> · {word('disclosures.kind.', d.recipient.kind)} · {d.recipient.country}</span>
							</td>
							<td>
								{d.items.map(i => i.entry ? t('disclosures.entry_short', {id: i.entry.slice(0, 8)}) : catName(i.category)).join(', ')}
								{d.identifiable === false && <span class="meta"> · {t('disclosures.not_identifiable')}</span>}
							</td>
							<td data-label={t('disclosures.purpose')}>{word('disclosures.purpose.', d.purpose)}</td>
							<td data-label={t('disclosures.ground')}>
								{word('disclosures.ground.', d.ground)}
								{d.legal_obligation && ' · ' + d.legal_obligation}
								{d.exception && ' · ' + word('disclosures.purpose.', d.exception)}
								{d.rule && <span class="meta"> ({t('error.rule', {rule: d.rule})})</span>}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

/* A new disclosure: the server's door decides; the form shows its
 * decision, the ground and rule of a permit or the rule of a refusal. */
function NewDisclosure({id, s, recipients, onDone, onCancel}) {
	const cats = Object.keys((s.profile && s.profile.categories) || {}).filter(c => c !== 'bsn');
	const [f, setF] = useState({recipient: '', categories: [], purpose: 'unspecified', consent: '',
				     legal_obligation: '', identifiable: true});
	const set = (k, v) => setF({...f, [k]: v});
	const [consents] = useLoad(async () => {
		try {
			return (await get('clients/' + encodeURIComponent(id) + '/consents')).consents.filter(c => !c.withdrawn_at);
		} catch (e) {
			return [];
		}
	}, [id]);
	const [result, setResult] = useState(null);
	const [refusal, setRefusal] = useState(null);
	const a = useAction();
	const submit = e => {
		e.preventDefault();
		setResult(null);
		setRefusal(null);
		a.run(async () => {
			const b = {recipient: f.recipient, categories: f.categories, purpose: f.purpose};
			if (f.consent)
				b.consent = f.consent;
			if (f.legal_obligation.trim())
				b.legal_obligation = f.legal_obligation.trim();
			if (!f.identifiable)
				b.identifiable = false;
			try {
				const r = await post('subjects/' + encodeURIComponent(id) + '/disclosures', b);
				setResult(r);
				onDone();
			} catch (err) {
				/* The door's own refusals are shown as its decision;
				 * anything else (a malformed form) as an error. */
				if (err.status === 403 && err.code === 'denied')
					setRefusal(err);
				else
					throw err;
			}
		});
	};
	const toggle = c => set('categories', f.categories.includes(c) ? f.categories.filter(x => x !== c) : [...f.categories, c]);
	return (
		<form class="card new-disclosure" onSubmit={submit} novalidate aria-labelledby="new-disclosure-title">
			<h3 id="new-disclosure-title">{t('disclosures.new')}</h3>
			<p class="hint">{t('disclosures.new_hint')}</p>
			<Field label={t('disclosures.recipient')}>
				<select name="recipient" value={f.recipient} onChange={e => set('recipient', e.currentTarget.value)}>
					<option value="">{t('disclosures.choose')}</option>
					{recipients.map(r => (
						<option key={r.id} value={r.id}>{r.name + ' · ' + word('disclosures.kind.', r.kind) + ' · ' + r.country}</option>
					))}
				</select>
			</Field>
			<fieldset>
				<legend>{t('disclosures.categories')}</legend>
				{cats.map(c => (
					<label key={c} class="check">
						<input type="checkbox" name="categories" value={c} checked={f.categories.includes(c)} onChange={() => toggle(c)} />
						{' '}{catName(c)}
					</label>
				))}
			</fieldset>
			<Field label={t('disclosures.purpose')} hint={t('disclosures.purpose_hint')}>
				<select name="purpose" value={f.purpose} onChange={e => set('purpose', e.currentTarget.value)}>
					{PURPOSES.map(p => <option key={p} value={p}>{word('disclosures.purpose.', p)}</option>)}
				</select>
			</Field>
			{consents.data && consents.data.length > 0 && (
				<Field label={t('disclosures.consent')} hint={t('disclosures.consent_hint')}>
					<select name="consent" value={f.consent} onChange={e => set('consent', e.currentTarget.value)}>
						<option value="">{t('disclosures.consent_any')}</option>
						{consents.data.map(c => (
							<option key={c.id} value={c.id}>
								{[c.recipient || c.recipient_kind || '', (c.categories || []).map(catName).join(', '), c.valid_from ? fmtDate(c.valid_from) : ''].filter(Boolean).join(' · ')}
							</option>
						))}
					</select>
				</Field>
			)}
			<Field label={t('disclosures.legal_obligation')} hint={t('disclosures.legal_obligation_hint')}>
				<input name="legal_obligation" value={f.legal_obligation} onInput={e => set('legal_obligation', e.currentTarget.value)} />
			</Field>
			<div class="field check">
				<label>
					<input type="checkbox" name="identifiable" checked={!f.identifiable} onChange={e => set('identifiable', !e.currentTarget.checked)} />
					{' '}{t('disclosures.non_identifiable')}
				</label>
			</div>
			<ErrorBox error={a.error} />
			<DoorRefusal error={refusal} />
			{result && (
				<div class="notice door permitted" role="status" data-rule={result.rule || ''}>
					<p><strong>{t('disclosures.door_permitted')}</strong></p>
					<p>{t('disclosures.permitted_ground', {ground: word(has('disclosures.ground.' + result.ground) ? 'disclosures.ground.' : 'disclosures.purpose.', result.ground)})}</p>
					{result.rule && <p class="rule">{t('error.rule', {rule: result.rule})}</p>}
				</div>
			)}
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.close')}</button>
				<Submit busy={a.busy}>{t('disclosures.disclose')}</Submit>
			</div>
		</form>
	);
}

/* A recipient: its country and certification decide SEC-2, its duty of
 * confidentiality DIS-4. */
function NewRecipient({onDone, onCancel}) {
	const [f, setF] = useState({name: '', kind: 'care_provider', country: 'NL', certified: false, confidentiality: ''});
	const set = (k, v) => setF({...f, [k]: v});
	const a = useAction();
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			const b = {name: f.name.trim(), kind: f.kind, country: f.country.trim().toUpperCase()};
			if (f.certified)
				b.certified = true;
			if (f.confidentiality)
				b.confidentiality = f.confidentiality;
			await post('recipients', b);
			onDone();
		});
	};
	return (
		<form class="card new-recipient" onSubmit={submit} novalidate aria-labelledby="new-recipient-title">
			<h3 id="new-recipient-title">{t('disclosures.new_recipient')}</h3>
			<Field label={t('disclosures.recipient_name')}>
				<input name="recipient_name" required value={f.name} onInput={e => set('name', e.currentTarget.value)} />
			</Field>
			<Field label={t('disclosures.recipient_kind')}>
				<select name="recipient_kind" value={f.kind} onChange={e => set('kind', e.currentTarget.value)}>
					{RECIPIENT_KINDS.map(k => <option key={k} value={k}>{word('disclosures.kind.', k)}</option>)}
				</select>
			</Field>
			<Field label={t('disclosures.country')} hint={t('disclosures.country_hint')}>
				<input name="country" maxlength="2" autocomplete="off" value={f.country} onInput={e => set('country', e.currentTarget.value)} />
			</Field>
			<div class="field check">
				<label>
					<input type="checkbox" name="certified" checked={f.certified} onChange={e => set('certified', e.currentTarget.checked)} />
					{' '}{t('disclosures.certified')}
				</label>
			</div>
			<Field label={t('disclosures.confidentiality')} hint={t('disclosures.confidentiality_hint')}>
				<select name="confidentiality" value={f.confidentiality} onChange={e => set('confidentiality', e.currentTarget.value)}>
					<option value="">{t('disclosures.choose')}</option>
					{CONFIDENTIALITY.map(c => <option key={c} value={c}>{word('disclosures.conf.', c)}</option>)}
				</select>
			</Field>
			<ErrorBox error={a.error} />
			<div class="buttons">
				<button type="button" onClick={onCancel}>{t('common.cancel')}</button>
				<Submit busy={a.busy}>{t('disclosures.add_recipient')}</Submit>
			</div>
		</form>
	);
}

/* COR-3: a notice owed to a recipient, recorded as sent, impossible or
 * disproportionate. */
function NoticeForm({n, onDone}) {
	const [outcome, setOutcome] = useState('sent');
	const [channel, setChannel] = useState('email');
	const [reason, setReason] = useState('');
	const a = useAction();
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			const b = {outcome};
			if (outcome === 'sent')
				b.channel = channel;
			else
				b.reason = reason.trim();
			await post('notices/' + n.id, b);
			onDone();
		});
	};
	return (
		<form class="inline notice-form" onSubmit={submit} novalidate>
			<Field label={t('disclosures.outcome')}>
				<select name="outcome" value={outcome} onChange={e => setOutcome(e.currentTarget.value)}>
					{['sent', 'impossible', 'disproportionate'].map(o => <option key={o} value={o}>{word('disclosures.outcome.', o)}</option>)}
				</select>
			</Field>
			{outcome === 'sent' ? (
				<Field label={t('disclosures.channel')}>
					<select name="channel" value={channel} onChange={e => setChannel(e.currentTarget.value)}>
						{NOTICE_CHANNELS.map(c => <option key={c} value={c}>{word('disclosures.channel.', c)}</option>)}
					</select>
				</Field>
			) : (
				<Field label={t('disclosures.notice_reason')}>
					<input name="notice_reason" maxlength="1000" value={reason} onInput={e => setReason(e.currentTarget.value)} />
				</Field>
			)}
			<Submit busy={a.busy}>{t('disclosures.record_notice')}</Submit>
			<ErrorBox error={a.error} />
		</form>
	);
}

function Notices({id}) {
	const [state, reload] = useLoad(() => get('subjects/' + encodeURIComponent(id) + '/notices'), [id]);
	return (
		<section aria-labelledby="notices-title">
			<h2 id="notices-title">{t('disclosures.notices')}</h2>
			<p class="hint">{t('disclosures.notices_hint')}</p>
			<Loaded state={state}>
				{d => d.notices.length === 0 ? <p>{t('disclosures.no_notices')}</p> : (
					<ul class="notices">
						{d.notices.map(n => (
							<li key={n.id} class="card" data-notice={n.id}>
								<p>
									<strong>{n.recipient && n.recipient.name}</strong>
									{' · '}{word('disclosures.change.', n.change)}
									{' · '}<span class={'badge ' + (n.state === 'pending' ? 'amber' : 'green')}>{word('disclosures.notice_state.', n.state)}</span>
								</p>
								<p class="meta">
									{t('disclosures.opened', {date: fmtDateTime(n.opened_at)})}
									{n.request && <span> · <a href={'#/requests/' + n.request}>{t('disclosures.the_request')}</a></span>}
									{n.sent_on && ' · ' + t('disclosures.sent_on', {date: fmtDate(n.sent_on), channel: word('disclosures.channel.', n.channel)})}
									{n.reason && ' · ' + n.reason}
								</p>
								{n.state === 'pending' && <NoticeForm n={n} onDone={reload} />}
							</li>
						))}
					</ul>
				)}
			</Loaded>
		</section>
	);
}

export function Disclosures({params, s}) {
	const id = params.id;
	const [adding, setAdding] = useState(false);
	const [addingRecipient, setAddingRecipient] = useState(false);
	const [saved, setSaved] = useState(false);
	const [reg, reload] = useLoad(() => get('subjects/' + encodeURIComponent(id) + '/disclosures'), [id]);
	const [rec, reloadRec] = useLoad(() => get('recipients'), []);
	return (
		<ClientPage id={id} tab="/disclosures">
			<section aria-labelledby="register-title">
				<h2 id="register-title">{t('disclosures.register')}</h2>
				<p class="hint">{t('disclosures.register_hint')}</p>
				<Loaded state={reg}>{d => <Register data={d.disclosures} />}</Loaded>
				{rec.error && (
					<div>
						<p>{t('disclosures.no_recipients_access')}</p>
						<ErrorBox error={rec.error} />
					</div>
				)}
				{rec.data && !adding && (
					<button type="button" class="primary" onClick={() => setAdding(true)}>{t('disclosures.new')}</button>
				)}
				{rec.data && adding && (
					<NewDisclosure id={id} s={s} recipients={rec.data.recipients} onDone={reload}
						onCancel={() => setAdding(false)} />
				)}
			</section>
			{rec.data && (
				<section aria-labelledby="recipients-title">
					<h2 id="recipients-title">{t('disclosures.recipients')}</h2>
					{saved && <Notice>{t('disclosures.recipient_saved')}</Notice>}
					{rec.data.recipients.length === 0 ? <p>{t('disclosures.no_recipients')}</p> : (
						<div class="table-wrap">
							<table class="list recipients">
								<thead>
									<tr>
										<th scope="col">{t('disclosures.recipient_name')}</th>
										<th scope="col">{t('disclosures.recipient_kind')}</th>
										<th scope="col">{t('disclosures.country_short')}</th>
										<th scope="col">{t('disclosures.confidentiality')}</th>
									</tr>
								</thead>
								<tbody>
									{rec.data.recipients.map(r => (
										<tr key={r.id}>
											<td>{r.name}</td>
											<td data-label={t('disclosures.recipient_kind')}>{word('disclosures.kind.', r.kind)}</td>
											<td data-label={t('disclosures.country_short')}>{r.country}{r.certified ? ' · ' + t('disclosures.certified_short') : ''}</td>
											<td data-label={t('disclosures.confidentiality')}>{word('disclosures.conf.', r.confidentiality)}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					)}
					{!addingRecipient && (
						<button type="button" onClick={() => {
							setAddingRecipient(true);
							setSaved(false);
						}}>{t('disclosures.new_recipient')}</button>
					)}
					{addingRecipient && (
						<NewRecipient onCancel={() => setAddingRecipient(false)} onDone={() => {
							setAddingRecipient(false);
							setSaved(true);
							reloadRec();
						}} />
					)}
				</section>
			)}
			<Notices id={id} />
		</ClientPage>
	);
}
