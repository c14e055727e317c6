/*
 * ui.jsx: the small building blocks every screen uses: a form field with
 * its label, buttons, an error box that speaks the user's language, a
 * modal dialog (the browser's own <dialog>, so focus and Escape work),
 * the days-left badge and a loader for API data.
 */
import {h, Fragment, cloneElement} from 'preact';
import {useEffect, useRef, useState, useCallback} from 'preact/hooks';
import {t, errorText} from './i18n.js';

let uid = 0;
export function useId(prefix) {
	const ref = useRef(null);
	if (ref.current === null)
		ref.current = (prefix || 'f') + '-' + ++uid;
	return ref.current;
}

export function Field({label, hint, children, id}) {
	const fid = id || useId('fld');
	const hid = hint ? fid + '-hint' : undefined;
	const child = Array.isArray(children) ? children[0] : children;
	const input = child && child.props ? cloneElement(child, {id: fid, 'aria-describedby': hid}) : child;
	return (
		<div class="field">
			<label for={fid}>{label}</label>
			{input}
			{hint && <p class="hint" id={hid}>{hint}</p>}
		</div>
	);
}

export function ErrorBox({error}) {
	if (!error)
		return null;
	return (
		<div class="error" role="alert">
			<p>{typeof error === 'string' ? error : errorText(error)}</p>
			{error.rule && <p class="rule">{t('error.rule', {rule: error.rule})}</p>}
		</div>
	);
}

export function Notice({children}) {
	return <div class="notice" role="status">{children}</div>;
}

/* Loads data with fn (an async function) whenever deps change. */
export function useLoad(fn, deps) {
	const [state, setState] = useState({loading: true, data: null, error: null});
	const [tick, setTick] = useState(0);
	useEffect(() => {
		let live = true;
		setState(s => ({...s, loading: true, error: null}));
		fn().then(data => live && setState({loading: false, data, error: null}),
			  error => live && setState({loading: false, data: null, error}));
		return () => {
			live = false;
		};
	}, [...deps, tick]);
	const reload = useCallback(() => setTick(x => x + 1), []);
	return [state, reload];
}

export function Loaded({state, children}) {
	if (state.loading && !state.data)
		return <p class="loading" aria-live="polite">{t('common.loading')}</p>;
	if (state.error)
		return <ErrorBox error={state.error} />;
	return children(state.data);
}

/*
 * A modal dialog. open: whether it shows; onClose: called when the user
 * dismisses it (Escape or the cancel button).
 */
export function Dialog({open, title, onClose, children, id}) {
	const ref = useRef(null);
	const tid = useId('dlg');
	useEffect(() => {
		const d = ref.current;
		if (!d)
			return;
		if (open && !d.open)
			d.showModal();
		else if (!open && d.open)
			d.close();
	}, [open]);
	return (
		<dialog ref={ref} aria-labelledby={tid} id={id} onCancel={e => {
			e.preventDefault();
			onClose && onClose();
		}}>
			<h2 id={tid}>{title}</h2>
			{open && children}
		</dialog>
	);
}

/*
 * RQ-2: the days left until a request's due date: green from 10 days,
 * amber under 10, red under 5 and when overdue.
 */
export function daysLeftLevel(days, overdue) {
	if (overdue || days < 5)
		return 'red';
	if (days < 10)
		return 'amber';
	return 'green';
}

export function DaysBadge({days, overdue, suspended}) {
	if (suspended)
		return <span class="badge grey">{t('requests.suspended')}</span>;
	if (days === null || days === undefined)
		return null;
	const level = daysLeftLevel(days, overdue);
	const text = overdue ? t('requests.overdue', {days: -days}) : t('requests.days_left', {days});
	return <span class={'badge ' + level} data-level={level}>{text}</span>;
}

/* A submit button that shows it is busy. */
export function Submit({busy, children}) {
	return <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : 'false'}>{children}</button>;
}

/* Runs an async action for a form: busy, error, and the result. */
export function useAction() {
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState(null);
	const run = useCallback(async (fn) => {
		setBusy(true);
		setError(null);
		try {
			return await fn();
		} catch (e) {
			setError(e);
			return undefined;
		} finally {
			setBusy(false);
		}
	}, []);
	return {busy, error, run, setError};
}

export {Fragment};
