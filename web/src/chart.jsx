/*
 * chart.jsx: a count per day as a bar chart, drawn by uPlot. Used for the
 * log view's actions per day and the DPO's emergency accesses per day;
 * a table or list beside each chart holds the same figures, so the chart
 * adds overview and takes nothing away from who cannot see it.
 */
import {h} from 'preact';
import {useEffect, useRef} from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {getLang} from './i18n.js';

/* The Dutch calendar day of a time, as YYYY-MM-DD. */
export function dayNl(v) {
	return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Amsterdam'}).format(new Date(v));
}

/*
 * counts: a Map of YYYY-MM-DD to a number. label: what the chart shows,
 * for screen readers; caption: the line under it; series: the name of
 * the bars; colour: 'blue' or 'red'.
 */
export function DayChart({counts, label, caption, series, colour}) {
	const ref = useRef(null);
	const lang = getLang();
	const key = JSON.stringify([...counts]);
	useEffect(() => {
		if (!ref.current || counts.size === 0)
			return;
		const days = [...counts.keys()].sort();
		/* uPlot puts its day ticks at the browser's midnight: so do the bars. */
		const xs = days.map(d => {
			const [y, m, dd] = d.split('-').map(Number);
			return new Date(y, m - 1, dd).getTime() / 1000;
		});
		const ys = days.map(d => counts.get(d));
		const width = Math.max(280, Math.min(720, ref.current.clientWidth || 320));
		/* Day ticks in the chosen language (uPlot's own are American). */
		const dayFmt = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {day: 'numeric', month: 'short'});
		const red = colour === 'red';
		const plot = new uPlot({
			width, height: 170,
			legend: {show: false},
			cursor: {show: false},
			scales: {
				/* The days' own span and a few days either side: one day
				 * is then a bar, not a point on a span of years. */
				x: {time: true, range: () => [xs[0] - 3 * 86400, xs[xs.length - 1] + 3 * 86400]},
				y: {range: (u, min, max) => [0, Math.max(1, max)]},
			},
			/* Whole days on the x axis, whole numbers on the y axis. */
			axes: [{incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400, 365 * 86400],
				values: (u, vals) => vals.map(v => dayFmt.format(new Date(v * 1000)))},
			       {incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]}],
			series: [{}, {
				label: series, stroke: red ? '#a4161a' : '#1d4e89',
				fill: red ? 'rgba(164,22,26,0.3)' : 'rgba(29,78,137,0.35)',
				paths: uPlot.paths.bars({size: [0.6, 40]}), points: {show: false},
			}],
		}, [xs, ys], ref.current);
		return () => plot.destroy();
	}, [key, lang]);
	if (counts.size === 0)
		return null;
	return (
		<figure class="chart">
			<div ref={ref} role="img" aria-label={label} />
			<figcaption>{caption}</figcaption>
		</figure>
	);
}
