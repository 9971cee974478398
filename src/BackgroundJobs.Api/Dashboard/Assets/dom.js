// Small DOM and formatting helpers. Values reach the page as text nodes and attributes, never as HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of nodes(children)) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Children for replaceChildren: nested lists flattened, absent parts (null, false) left out. */
export const nodes = (...children) => children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

/**
 * Brings a table body to these items without rebuilding it: rows are keyed by job id, a row is
 * replaced only when its item changed, and rows are moved rather than recreated. No flicker, and a
 * button under the pointer stays where it is unless its own job changed.
 */
export function syncRows(tbody, items, signatureOf, renderRow) {
  const existing = new Map([...tbody.children].map((row) => [row.dataset.key, row]));
  let previous = null;
  for (const item of items) {
    const signature = JSON.stringify([item, signatureOf(item)]);
    let row = existing.get(item.id);
    existing.delete(item.id);
    if (!row || row.dataset.signature !== signature) {
      const fresh = renderRow(item);
      fresh.dataset.key = item.id;
      fresh.dataset.signature = signature;
      if (row) row.replaceWith(fresh);
      row = fresh;
    }
    const expectedNext = previous ? previous.nextSibling : tbody.firstChild;
    if (expectedNext !== row) tbody.insertBefore(row, expectedNext);
    previous = row;
  }
  for (const row of existing.values()) row.remove();
}

// ---------- formatting ----------

const numberFormat = new Intl.NumberFormat();
export const formatNumber = (n) => numberFormat.format(n);

// The operator's local date and time with the zone (a dashboard is read across zones), then the age.
// (dateStyle and timeStyle cannot be combined with timeZoneName, so the parts are named one by one.)
const localTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
});

/** How long ago, or for a time ahead (a delayed job's start) how long until. */
export function formatAge(date, now = new Date()) {
  const seconds = Math.round((now - date) / 1000);
  const span = Math.abs(seconds);
  let amount;
  if (span < 60) amount = `${span} s`;
  else if (span < 3600) amount = `${Math.floor(span / 60)} min`;
  else if (span < 86400) amount = `${Math.floor(span / 3600)} h`;
  else amount = `${Math.floor(span / 86400)} d`;
  return seconds < 0 ? `in ${amount}` : `${amount} ago`;
}

/**
 * A job id short enough for a table cell: the first 8 characters, an ellipsis and the last 4.
 * The tail tells apart ids that share a head, such as a schedule's jobs (schedule-{name}-{time}).
 */
export const shortId = (id) => (id.length <= 14 ? id : `${id.slice(0, 8)}…${id.slice(-4)}`);

export function formatTime(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return `${localTime.format(date)} (${formatAge(date)})`;
}

/** The same for a table cell: the age may go to a second line, neither part breaks inside. */
export function timeNodes(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return [h('span', { className: 'at' }, localTime.format(date)), ' ', h('span', { className: 'age' }, `(${formatAge(date)})`)];
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return 'none';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

/** An exception type without its namespace; the full name is in the element's title. */
export function errorType(type) {
  const full = type ?? 'Error';
  return h('span', { className: 'error-type', title: full }, full.split('.').pop());
}

export const statusPill = (status) => h('span', { className: `status status-${status}` }, status);

export function progressBar(progress, status) {
  if (!progress) return h('span', { className: 'progress-text' }, status === 'completed' ? 'done' : '–');
  const percent = Math.max(0, Math.min(100, progress.percent ?? 0));
  const fill = h('span', { className: percent >= 100 ? 'progress-fill done' : 'progress-fill' });
  // CSSOM, not a style attribute: the page's CSP forbids inline styles in markup.
  fill.style.width = `${percent}%`;
  return h('span', { className: 'progress', title: `${progress.stage}: ${progress.done} of ${progress.total}` },
    h('span', { className: 'progress-bar' }, fill),
    h('span', { className: 'progress-text' }, `${percent}%`));
}
