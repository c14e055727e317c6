/*
 * retention.jsx: a client's legal holds (RET-3) and the end of the
 * relationship (RET-2). A hold keeps the whole record, or one category,
 * past its retention period until the DPO lifts it. The responsible
 * professional and the DPO set holds and read them; only the DPO lifts
 * one and sets the end of the relationship. The server decides; the
 * screen hides what it would refuse and shows any refusal in words.
 */
import {h, Fragment} from 'preact';
import {useState} from 'preact/hooks';
import {api, get, post} from '../api.js';
import {t, fmtDate, fmtDateTime} from '../i18n.js';
import {baseRoles} from '../session.js';
import {Field, ErrorBox, Notice, Loaded, useLoad, useAction, Submit} from '../ui.jsx';
import {ClientPage, catName} from './record.jsx';

/* The API gives each account's display name beside its id. */
function who(s, id, name) {
	if (!id)
		return '';
	const me = s.session && s.session.user;
	if (me && me.id === id)
		return t('retention.you', {name: me.username});
	return name || t('retention.account', {id: id.slice(0, 8)});
}

function Holds({id, s, dpo, state, reload}) {
	const lift = useAction();
	return (
		<section aria-labelledby="holds-title">
			<h2 id="holds-title">{t('retention.holds')}</h2>
			<p class="hint">{t('retention.holds_hint')}</p>
			<Loaded state={state}>
				{d => d.holds.length === 0 ? <p>{t('retention.no_holds')}</p> : (
					<div class="table-wrap">
						<table class="list holds">
							<thead>
								<tr>
									<th scope="col">{t('retention.reason')}</th>
									<th scope="col">{t('retention.scope')}</th>
									<th scope="col">{t('retention.since')}</th>
									<th scope="col">{t('retention.set_by')}</th>
									<th scope="col">{t('retention.state')}</th>
								</tr>
							</thead>
							<tbody>
								{d.holds.map(x => (
									<tr key={x.id} data-hold={x.id}>
										<td data-label={t('retention.reason')}>{x.reason}</td>
										<td data-label={t('retention.scope')}>{x.category ? catName(x.category) : t('retention.whole_record')}</td>
										<td data-label={t('retention.since')}>{fmtDateTime(x.since)}</td>
										<td data-label={t('retention.set_by')}>{who(s, x.set_by, x.set_by_name)}</td>
										<td data-label={t('retention.state')}>
											{x.active ? (
												<span>
													<span class="badge amber">{t('retention.active')}</span>
													{dpo && <>{' '}<button type="button" class="danger" disabled={lift.busy} onClick={() => lift.run(async () => {
														await post('holds/' + encodeURIComponent(x.id) + '/lift');
														reload();
													})}>{t('retention.lift')}</button></>}
												</span>
											) : (
												<span class="lifted">{t('retention.lifted', {at: fmtDateTime(x.lifted_at), by: who(s, x.lifted_by, x.lifted_by_name)})}</span>
											)}
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Loaded>
			<ErrorBox error={lift.error} />
			<NewHold id={id} s={s} onDone={reload} />
		</section>
	);
}

function NewHold({id, s, onDone}) {
	const [reason, setReason] = useState('');
	const [category, setCategory] = useState('');
	const a = useAction();
	const cats = Object.keys((s.profile && s.profile.categories) || {});
	const submit = e => {
		e.preventDefault();
		a.run(async () => {
			await post('clients/' + encodeURIComponent(id) + '/holds', {reason: reason.trim(), category: category || null});
			setReason('');
			setCategory('');
			onDone();
		});
	};
	return (
		<form class="card" onSubmit={submit} novalidate aria-labelledby="hold-new-title">
			<h3 id="hold-new-title">{t('retention.new_hold')}</h3>
			<Field label={t('retention.reason')} hint={t('retention.reason_hint')}>
				<textarea name="hold_reason" rows="3" maxlength="2000" value={reason} onInput={e => setReason(e.currentTarget.value)} />
			</Field>
			<Field label={t('retention.category')}>
				<select name="hold_category" value={category} onChange={e => setCategory(e.currentTarget.value)}>
					<option value="">{t('retention.whole_record')}</option>
					{cats.map(c => <option key={c} value={c}>{catName(c)}</option>)}
				</select>
			</Field>
			<ErrorBox error={a.error} />
			<Submit busy={a.busy}>{t('retention.add')}</Submit>
		</form>
	);
}

/* RET-2: the end of care, from which periods "from the end of the
 * relationship" count. The holds' answer reads it back: the end the DPO
 * set, or the day the last care relation ended. */
function RelationshipEnd({id, state, reload}) {
	const [day, setDay] = useState('');
	const [saved, setSaved] = useState(undefined);
	const a = useAction();
	const put = value => a.run(async () => {
		const r = await api('PUT', 'clients/' + encodeURIComponent(id) + '/relationship-end', {body: {relationship_ended: value}});
		setSaved(r.relationship_ended || null);
		reload();
	});
	const d = state.data;
	return (
		<section aria-labelledby="end-title">
			<h2 id="end-title">{t('retention.end')}</h2>
			<p class="hint">{t('retention.end_hint')}</p>
			{d && (
				<p class="relationship-end" data-ended={d.relationship_ended || d.ended_on || ''}>
					{d.relationship_ended ? t('retention.end_current', {date: fmtDate(d.relationship_ended)})
						: d.ended_on ? t('retention.end_derived', {date: fmtDate(d.ended_on)})
						: t('retention.end_none')}
				</p>
			)}
			<form class="card" novalidate onSubmit={e => {
				e.preventDefault();
				if (!day) {
					a.setError(t('retention.end_missing'));
					return;
				}
				put(day);
			}}>
				<Field label={t('retention.end_date')}>
					<input type="date" name="relationship_ended" value={day} onInput={e => setDay(e.currentTarget.value)} />
				</Field>
				<ErrorBox error={a.error} />
				<div class="actions">
					<Submit busy={a.busy}>{t('retention.end_set')}</Submit>
					{' '}<button type="button" disabled={a.busy} onClick={() => {
						setDay('');
						put(null);
					}}>{t('retention.end_clear')}</button>
				</div>
			</form>
			{saved !== undefined && <Notice>{saved ? t('retention.end_saved', {date: fmtDate(saved)}) : t('retention.end_cleared')}</Notice>}
		</section>
	);
}

export function Retention({params, s}) {
	const id = params.id;
	const dpo = baseRoles(s).has('dpo');
	const [state, reload] = useLoad(() => get('clients/' + encodeURIComponent(id) + '/holds'), [id]);
	return (
		<ClientPage id={id} tab="/retention">
			<Holds id={id} s={s} dpo={dpo} state={state} reload={reload} />
			{dpo && <RelationshipEnd id={id} state={state} reload={reload} />}
		</ClientPage>
	);
}
