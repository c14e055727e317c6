/*
 * clients.jsx: the clients the user may see (ACC-1, ACC-2, ACC-5), with
 * a search on names, and a way to open a client by number, which is
 * where an emergency access begins (ACC-6).
 */
import {h} from 'preact';
import {useState} from 'preact/hooks';
import {get} from '../api.js';
import {t, fmtDate} from '../i18n.js';
import {go} from '../router.js';
import {Field, Loaded, useLoad} from '../ui.jsx';

export function fullName(identity) {
	if (!identity)
		return '';
	return [identity.given_names, identity.family_name].filter(Boolean).join(' ');
}

export function Clients({query}) {
	const q = query.get('q') || '';
	const [text, setText] = useState(q);
	const [number, setNumber] = useState('');
	const [state] = useLoad(() => get('clients', {q, limit: 100}), [q]);
	const search = e => {
		e.preventDefault();
		go('/clients' + (text.trim() ? '?q=' + encodeURIComponent(text.trim()) : ''));
	};
	const open = e => {
		e.preventDefault();
		if (number.trim())
			go('/clients/' + encodeURIComponent(number.trim()));
	};
	return (
		<section>
			<h1>{t('clients.title')}</h1>
			<form class="inline" role="search" onSubmit={search}>
				<Field label={t('clients.search')}>
					<input name="q" type="search" value={text} onInput={e => setText(e.currentTarget.value)} />
				</Field>
				<button type="submit">{t('clients.search_button')}</button>
			</form>
			<Loaded state={state}>
				{data => data.clients.length === 0 ? (
					<p>{q ? t('clients.none_found', {q}) : t('clients.none')}</p>
				) : (
					<table class="list">
						<caption class="sr-only">{t('clients.title')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('clients.name')}</th>
								<th scope="col">{t('clients.birth_date')}</th>
								<th scope="col">{t('clients.city')}</th>
							</tr>
						</thead>
						<tbody>
							{data.clients.map(c => (
								<tr key={c.id}>
									<td>
										<a href={'#/clients/' + c.id}>{fullName(c.identity) || c.id}</a>
										{c.break_glass && <span class="badge red">{t('record.break_glass_badge')}</span>}
									</td>
									<td>{fmtDate(c.identity && c.identity.birth_date)}</td>
									<td>{c.identity && c.identity.city}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</Loaded>
			<details class="open-by-number">
				<summary>{t('clients.open_by_number')}</summary>
				<form class="inline" onSubmit={open}>
					<Field label={t('clients.number')} hint={t('clients.number_hint')}>
						<input name="client_number" value={number} onInput={e => setNumber(e.currentTarget.value)} />
					</Field>
					<button type="submit">{t('clients.open')}</button>
				</form>
			</details>
		</section>
	);
}
