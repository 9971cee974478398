// The failures-over-time chart of the dashboard, from the failuresOverTime series of GET /api/monitor.

import { formatNumber, svg } from './dom.js';

/** Failures per bucket as SVG bars, drawn here so the page needs no chart library; returns the SVG and a one-line note. */
export function failureChart(series) {
  const counts = series.counts;
  const total = counts.reduce((a, b) => a + b, 0);
  const hours = (counts.length * series.bucketMinutes) / 60;
  const note = `${formatNumber(total)} in the last ${hours} h, per ${series.bucketMinutes} min`;

  const barWidth = 10;
  const left = 34;
  const top = 10;
  const plotHeight = 120;
  const width = left + counts.length * barWidth + 4;
  const height = top + plotHeight + 26;
  const max = Math.max(1, ...counts);
  const from = new Date(series.from).getTime();
  const bucketMs = series.bucketMinutes * 60000;

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Failures over time: ${total} in the last ${hours} hours` });
  chart.append(
    svg('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: width - 4, y2: top + plotHeight }),
    svg('line', { class: 'axis', x1: left, y1: top, x2: width - 4, y2: top }),
    svg('text', { class: 'label', x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)),
    svg('text', { class: 'label', x: left - 6, y: top + plotHeight + 3, 'text-anchor': 'end' }, '0'));

  counts.forEach((count, i) => {
    const start = new Date(from + i * bucketMs);
    if (i % Math.max(1, Math.round(240 / series.bucketMinutes)) === 0) {
      chart.append(svg('text', { class: 'label', x: left + i * barWidth, y: height - 6 },
        start.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
    if (count === 0) return;
    const barHeight = Math.max(2, (count / max) * plotHeight);
    const end = new Date(start.getTime() + bucketMs);
    chart.append(svg('rect', {
      class: 'bar', x: left + i * barWidth + 1, y: top + plotHeight - barHeight, width: barWidth - 2, height: barHeight,
      'data-count': count,
    }, svg('title', {}, `${count} failed, ${start.toLocaleTimeString()}–${end.toLocaleTimeString()}`)));
  });

  if (total === 0) {
    chart.append(svg('text', { class: 'label', x: left + (counts.length * barWidth) / 2, y: top + plotHeight / 2, 'text-anchor': 'middle' },
      `No failures in the last ${hours} hours`));
  }
  return { chart, note };
}
