// The operators' dashboard: plain JavaScript over the API, no framework, no build step.
// Every value from the API reaches the page through textContent or attributes, never as HTML.

const KEY_STORAGE = 'backgroundjobs.dashboard.key';
const REFRESH_MS = 5000;
const PAGE_SIZE = 20;
const SVG_NS = 'http://www.w3.org/2000/svg';
const ACTIVE = new Set(['pending', 'running', 'suspended']);
const RETRYABLE = new Set(['failed', 'canceled']);

// The page is /dashboard on the server and /api/dashboard on Functions; the API is /api on both.
const apiBase = (() => {
  const path = location.pathname.replace(/\/+$/, '');
  const prefix = path.endsWith('/dashboard') ? path.slice(0, -'/dashboard'.length) : '';
  return prefix.endsWith('/api') ? prefix : `${prefix}/api`;
})();

const state = {
  key: sessionStorage.getItem(KEY_STORAGE),
  selectedId: null,
  lastSuccess: null,
  timer: null,
  generation: 0,
  retried: new Map(), // old job id -> new job id, for retries made from this page
  confirming: null, // { id, until }: a Cancel waiting for its second click
  signatures: new Map(), // what each region last showed, so an unchanged region is left alone
};

const $ = (id) => document.getElementById(id);

// ---------- API ----------

class KeyRejected extends Error {}
class Unreachable extends Error {}
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'x-functions-key': state.key, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new Unreachable(error.message || 'network error');
  }

  if (response.status === 401 || response.status === 403) throw new KeyRejected();
  if ([502, 503, 504].includes(response.status)) throw new Unreachable(`${response.status} ${response.statusText}`);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && (json.detail || json.title)) || response.statusText || 'request failed');
  }
  return json;
}

const jobPath = (id) => `/jobs/${encodeURIComponent(id)}`;

// ---------- small DOM helpers ----------

function h(tag, props = {}, ...children) {
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
const nodes = (...children) => children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

/** Runs render only when what it shows changed, so a refresh that brings nothing new touches nothing. */
function whenChanged(region, value, render) {
  const signature = JSON.stringify(value);
  if (state.signatures.get(region) === signature) return;
  state.signatures.set(region, signature);
  render(value);
}

/**
 * Brings a table body to these items without rebuilding it: rows are keyed by job id, a row is
 * replaced only when its item changed, and rows are moved rather than recreated. No flicker, and a
 * button under the pointer stays where it is unless its own job changed.
 */
function syncRows(tbody, items, renderRow) {
  const existing = new Map([...tbody.children].map((row) => [row.dataset.key, row]));
  let previous = null;
  for (const item of items) {
    const signature = JSON.stringify([item, state.retried.get(item.id) ?? null, confirmingId() === item.id, state.selectedId === item.id]);
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
const formatNumber = (n) => numberFormat.format(n);

function formatTime(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString() : date.toLocaleString();
}

function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return 'none';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

/** An exception type without its namespace; the full name is in the element's title. */
function errorType(type) {
  const full = type ?? 'Error';
  return h('span', { className: 'error-type', title: full }, full.split('.').pop());
}

const statusPill = (status) => h('span', { className: `status status-${status}` }, status);

function progressBar(progress, status) {
  if (!progress) return h('span', { className: 'progress-text' }, status === 'completed' ? 'done' : '–');
  const percent = Math.max(0, Math.min(100, progress.percent ?? 0));
  const fill = h('span', { className: percent >= 100 ? 'progress-fill done' : 'progress-fill' });
  // CSSOM, not a style attribute: the page's CSP forbids inline styles in markup.
  fill.style.width = `${percent}%`;
  return h('span', { className: 'progress', title: `${progress.stage}: ${progress.done} of ${progress.total}` },
    h('span', { className: 'progress-bar' }, fill),
    h('span', { className: 'progress-text' }, `${percent}%`));
}

function jobLink(id) {
  return h('button', { type: 'button', className: 'link job-id', onclick: (e) => { e.stopPropagation(); select(id); } }, id);
}

// ---------- connection state ----------

function setConnection(kind, text) {
  const pill = $('connection');
  pill.className = `pill pill-${kind}`;
  pill.textContent = text;
}

function showBanner(text, kind) {
  const banner = $('banner');
  banner.className = kind === 'key' ? 'banner banner-key' : 'banner';
  banner.textContent = text;
  banner.hidden = false;
}

const hideBanner = () => { $('banner').hidden = true; };

let toastTimer = null;
function toast(text, isError = false) {
  const element = $('toast');
  element.className = isError ? 'toast toast-error' : 'toast';
  element.textContent = text;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { element.hidden = true; }, 6000);
}

function askForKey(message) {
  stopRefreshing();
  $('key-panel').hidden = false;
  $('change-key').hidden = true;
  $('key-error').hidden = !message;
  $('key-error').textContent = message ?? '';
  $('key-input').value = '';
  $('key-input').focus();
}

function handleFailure(error) {
  if (error instanceof KeyRejected) {
    sessionStorage.removeItem(KEY_STORAGE);
    state.key = null;
    setConnection('key', 'Key rejected');
    showBanner('The API rejected the key (401). Enter a valid key to go on.', 'key');
    askForKey('That key was rejected. Check it and try again.');
    $('main').classList.add('stale');
    return;
  }

  const since = state.lastSuccess ? ` Showing data from ${state.lastSuccess.toLocaleTimeString()}.` : '';
  if (error instanceof Unreachable) {
    setConnection('down', 'API unreachable');
    showBanner(`The API cannot be reached (${error.message}).${since} Trying again every ${REFRESH_MS / 1000} s.`);
  } else {
    setConnection('down', 'API error');
    showBanner(`The API answered ${error.status ?? ''}: ${error.message}.${since}`);
  }
  $('main').classList.add('stale');
}

// ---------- refresh loop ----------

function stopRefreshing() {
  clearTimeout(state.timer);
  state.timer = null;
  state.generation++;
}

async function refresh() {
  clearTimeout(state.timer);
  if (!state.key) return;
  const generation = ++state.generation;
  try {
    const [monitor, failed, recent] = await Promise.all([
      api('/monitor'),
      api(`/jobs?status=failed&pageSize=${PAGE_SIZE}`),
      api(`/jobs?${recentQuery()}`),
    ]);
    const detail = state.selectedId ? await loadDetail(state.selectedId) : null;
    if (generation !== state.generation) return; // a newer refresh (or a new key) took over

    renderMonitor(monitor);
    renderFailed(failed.items);
    renderRecent(recent.items);
    if (detail) renderDetail(detail);
    state.lastSuccess = new Date();
    $('refreshed').textContent = `updated ${state.lastSuccess.toLocaleTimeString()}`;
    setConnection('live', 'Live');
    hideBanner();
    $('main').hidden = false;
    $('main').classList.remove('stale');
    $('change-key').hidden = false;
  } catch (error) {
    if (generation !== state.generation) return;
    handleFailure(error);
  }

  if (state.key && generation === state.generation) {
    state.timer = setTimeout(refresh, REFRESH_MS);
  }
}

/** The jobs table's filters as query parameters of GET /api/jobs. */
function recentQuery() {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  if ($('filter-status').value) query.set('status', $('filter-status').value);
  if ($('filter-type').value) query.set('type', $('filter-type').value);
  return query.toString();
}

// ---------- monitor ----------

function renderCounts(list, counts, classPrefix) {
  whenChanged(list.id, counts, () => {
    list.replaceChildren(...Object.entries(counts).map(([name, count]) =>
      h('div', { className: `${classPrefix}-${name}`, dataset: { name } }, h('dt', {}, name), h('dd', {}, formatNumber(count)))));
  });
}

function renderMonitor(monitor) {
  $('queue-depth').textContent = formatNumber(monitor.queueDepth.total);
  $('queue-source').textContent = monitor.queueDepth.source === 'azure-storage-queues' ? 'messages in the task hub queues' : 'jobs waiting in the engine';
  $('oldest-pending').textContent = formatDuration(monitor.oldestPendingAgeSeconds);
  $('failures-last-hour').textContent = formatNumber(monitor.failuresLastHour);
  $('throughput').textContent = monitor.completedPerMinute.toFixed(1);
  $('throughput-note').textContent = `completed per minute, last ${monitor.throughputMinutes} min`;
  renderCounts($('by-status'), monitor.jobsByStatus, 'status');
  renderCounts($('by-type'), monitor.jobsByType, 'type');
  renderTypeFilter(Object.keys(monitor.jobsByType));
  whenChanged('chart', monitor.failuresOverTime, renderChart);
}

/** The type filter offers the job types the API knows, which the monitor lists. */
function renderTypeFilter(types) {
  const select = $('filter-type');
  const known = new Set([...select.options].map((o) => o.value));
  for (const type of types) {
    if (!known.has(type)) select.append(h('option', { value: type }, type));
  }
}

/** Failures per bucket as SVG bars, drawn here so the page needs no chart library. */
function renderChart(series) {
  const counts = series.counts;
  const total = counts.reduce((a, b) => a + b, 0);
  const hours = (counts.length * series.bucketMinutes) / 60;
  $('chart-note').textContent = `${formatNumber(total)} in the last ${hours} h, per ${series.bucketMinutes} min`;

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
  $('chart').replaceChildren(chart);
}

// ---------- job tables ----------

function retryButton(job) {
  const retriedAs = state.retried.get(job.id);
  return h('button', {
    type: 'button', className: 'secondary', dataset: { action: 'retry' }, disabled: Boolean(retriedAs),
    title: retriedAs ? `Retried as ${retriedAs}` : 'Run the job again with its original input',
    onclick: (e) => { e.stopPropagation(); retry(job.id); },
  }, retriedAs ? 'Retried' : 'Retry');
}

function confirmingId() {
  const pending = state.confirming;
  return pending && pending.until > Date.now() ? pending.id : null;
}

function cancelButton(job) {
  const confirming = confirmingId() === job.id;
  return h('button', {
    type: 'button', className: confirming ? 'danger confirming' : 'danger', dataset: { action: 'cancel' },
    title: 'Stop the job; its notifications say it was canceled',
    onclick: (e) => { e.stopPropagation(); cancel(job.id); },
  }, confirming ? 'Confirm cancel' : 'Cancel');
}

function rowProps(job) {
  return { className: state.selectedId === job.id ? 'selected' : undefined, onclick: () => select(job.id) };
}

function renderFailed(items) {
  $('failed-count').textContent = items.length === PAGE_SIZE ? `newest ${PAGE_SIZE}` : `(${items.length})`;
  $('failed-empty').hidden = items.length > 0;
  syncRows($('failed-jobs'), items, (job) => {
    const retriedAs = state.retried.get(job.id);
    return h('tr', rowProps(job),
      h('td', {}, h('span', { className: 'job-id' }, job.id),
        retriedAs ? h('span', { className: 'retried' }, 'retried as ', jobLink(retriedAs)) : null),
      h('td', {}, job.type),
      h('td', { className: 'time', title: job.lastUpdatedAt }, formatTime(job.lastUpdatedAt)),
      h('td', { className: 'error' },
        errorType(job.error?.type),
        h('span', { className: 'error-message', title: job.error?.message ?? '' }, job.error?.message ?? '')),
      h('td', { className: 'actions' }, retryButton(job)));
  });
}

function renderRecent(items) {
  $('recent-empty').hidden = items.length > 0;
  syncRows($('recent-jobs'), items, (job) => h('tr', rowProps(job),
    h('td', {}, h('span', { className: 'job-id' }, job.id)),
    h('td', {}, job.type),
    h('td', {}, statusPill(job.status)),
    h('td', {}, progressBar(job.progress, job.status)),
    h('td', { className: 'time', title: job.createdAt }, formatTime(job.createdAt)),
    h('td', { className: 'actions' },
      ACTIVE.has(job.status) ? cancelButton(job) : null,
      RETRYABLE.has(job.status) ? retryButton(job) : null)));
}

// ---------- job detail ----------

async function loadDetail(id) {
  const [job, deliveries] = await Promise.all([
    api(jobPath(id)).catch((error) => (error instanceof ApiError && error.status === 404 ? { id, missing: true } : Promise.reject(error))),
    api(`${jobPath(id)}/deliveries`).catch((error) => (error instanceof ApiError && error.status === 404 ? { deliveries: [] } : Promise.reject(error))),
  ]);
  return { job, deliveries: deliveries?.deliveries ?? [] };
}

async function select(id) {
  state.selectedId = id;
  for (const row of document.querySelectorAll('table.jobs tbody tr')) {
    row.classList.toggle('selected', row.dataset.key === id);
  }
  try {
    renderDetail(await loadDetail(id));
  } catch (error) {
    handleFailure(error);
  }
}

function field(name, ...value) {
  return [h('dt', {}, name), h('dd', {}, ...value)];
}

function renderDetail(detail) {
  if (detail.job.id !== state.selectedId) return;
  whenChanged('detail', [detail, state.retried.get(detail.job.id) ?? null, confirmingId() === detail.job.id], () => {
    $('detail-empty').hidden = true;
    const body = $('detail-body');
    body.hidden = false;
    const job = detail.job;
    if (job.missing) {
      body.replaceChildren(h('p', { className: 'empty' }, `Job ${job.id} no longer exists (purged).`));
      return;
    }

    const progress = job.progress;
    const retriedBy = job.retriedBy ?? state.retried.get(job.id);
    body.replaceChildren(...nodes(
      h('p', {}, h('span', { className: 'job-id', id: 'detail-id' }, job.id), ' ', statusPill(job.status)),
      h('dl', { className: 'fields' },
        field('Type', job.type),
        field('Created', formatTime(job.createdAt)),
        field('Updated', formatTime(job.lastUpdatedAt)),
        job.retryOf ? field('Retry of', jobLink(job.retryOf)) : null,
        retriedBy ? field('Retried by', jobLink(retriedBy)) : null,
        field('Progress', progressBar(progress, job.status)),
        progress ? field('Stage', `${progress.stage}: ${formatNumber(progress.done)} of ${formatNumber(progress.total)}`) : null,
        progress?.counts ? field('Counts', Object.entries(progress.counts).map(([k, v]) => `${k} ${formatNumber(v)}`).join(' · ')) : null),
      failureBlock(job),
      h('div', { className: 'detail-actions' },
        ACTIVE.has(job.status) ? cancelButton(job) : null,
        RETRYABLE.has(job.status) ? retryButton(job) : null),
      job.result ? [h('h3', {}, 'Result'), h('pre', {}, JSON.stringify(job.result, null, 2))] : null,
      job.files?.length ? [h('h3', {}, 'Files'), h('ul', {}, job.files.map((f) => h('li', { className: 'mono' }, f.name)))] : null,
      job.input ? [h('h3', {}, 'Input (secrets redacted)'), h('pre', {}, JSON.stringify(job.input, null, 2))] : null,
      h('h3', {}, 'Webhook deliveries'),
      deliveriesTable(job.id, detail.deliveries)));
  });
}

function failureBlock(job) {
  if (job.failure) {
    return h('div', { className: 'failure', id: 'detail-failure' },
      job.failure.task ? h('div', {}, 'Failed in ', h('code', {}, job.failure.task),
        job.failure.attempts ? ` after ${job.failure.attempts} attempt${job.failure.attempts === 1 ? '' : 's'}` : null) : null,
      h('div', {}, errorType(job.failure.errorType)),
      h('div', { className: 'error-message' }, job.failure.errorMessage));
  }
  if (job.error) {
    return h('div', { className: 'failure', id: 'detail-failure' },
      h('div', {}, errorType(job.error.type)),
      h('div', { className: 'error-message' }, job.error.message));
  }
  return null;
}

function deliveriesTable(jobId, deliveries) {
  if (deliveries.length === 0) return h('p', { className: 'empty' }, 'No webhook deliveries (the job has no callback, or none is due yet).');
  return h('table', { className: 'deliveries', id: 'deliveries' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', {}, 'URL'), h('th', {}, 'Status'), h('th', {}, 'Attempts'), h('th', {}))),
    h('tbody', {}, deliveries.map((d) => {
      const last = d.attempts.at(-1);
      const lastText = last ? `, last ${last.statusCode ?? last.error ?? 'no answer'} in ${last.latencyMs} ms` : '';
      return h('tr', { dataset: { delivery: d.id } },
        h('td', {}, d.eventType),
        h('td', { className: 'url' }, d.url),
        h('td', {}, statusPill(d.status), d.nextAttemptAt ? h('div', { className: 'muted' }, `next ${formatTime(d.nextAttemptAt)}`) : null),
        h('td', {}, `${d.attempts.length}${lastText}`),
        h('td', {}, d.status === 'pending' ? null : h('button', {
          type: 'button', className: 'secondary', dataset: { action: 'redeliver' },
          onclick: () => redeliver(jobId, d.id),
        }, 'Redeliver')));
    })));
}

// ---------- actions ----------

async function act(work, done) {
  try {
    const result = await work();
    done(result);
  } catch (error) {
    if (error instanceof KeyRejected || error instanceof Unreachable) handleFailure(error);
    else toast(error.message, true);
  }
  state.signatures.delete('detail');
  refresh();
}

function retry(id) {
  act(() => api(`${jobPath(id)}/retry`, { method: 'POST' }), (result) => {
    state.retried.set(id, result.newId);
    toast(`Job ${id} retried as ${result.newId}.`);
    state.selectedId = result.newId;
  });
}

function cancel(id) {
  if (confirmingId() !== id) {
    // A first click arms the button; only a second click within a few seconds cancels.
    state.confirming = { id, until: Date.now() + 4000 };
    redrawConfirming();
    setTimeout(redrawConfirming, 4100);
    return;
  }
  state.confirming = null;
  act(() => api(`${jobPath(id)}/cancel`, { method: 'POST', body: { reason: 'Canceled from the dashboard', requestedBy: 'dashboard' } }),
    () => toast(`Job ${id} canceled.`));
}

function redrawConfirming() {
  for (const button of document.querySelectorAll('button[data-action="cancel"]')) {
    const id = button.closest('tr')?.dataset.key ?? state.selectedId;
    const confirming = confirmingId() === id;
    button.textContent = confirming ? 'Confirm cancel' : 'Cancel';
    button.classList.toggle('confirming', confirming);
  }
}

function redeliver(jobId, deliveryId) {
  act(() => api(`${jobPath(jobId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: 'POST' }),
    () => toast(`Delivery ${deliveryId} sent again.`));
}

// ---------- start ----------

function start() {
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key-input').value.trim();
    if (!key) return;
    state.key = key;
    sessionStorage.setItem(KEY_STORAGE, key);
    $('key-panel').hidden = true;
    $('key-error').hidden = true;
    hideBanner();
    setConnection('idle', 'Connecting…');
    refresh();
  });
  $('change-key').addEventListener('click', () => askForKey(null));
  for (const filter of [$('filter-status'), $('filter-type')]) filter.addEventListener('change', () => refresh());

  if (state.key) {
    setConnection('idle', 'Connecting…');
    refresh();
  } else {
    askForKey(null);
  }
}

start();
