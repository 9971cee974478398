// The operators' dashboard: plain JavaScript over the API, no framework, no build step.
// Every value from the API reaches the page through textContent or attributes, never as HTML.

import { api, ApiError, KeyRejected, Unreachable } from './api.js';
import { failureChart } from './chart.js';
import { errorType, formatDuration, formatNumber, formatTime, h, nodes, progressBar, shortId, statusPill, svg, syncRows, timeNodes } from './dom.js';

const KEY_STORAGE = 'backgroundjobs.dashboard.key';
const REFRESH_MS = 5000;
const PAGE_SIZE = pageSizeOfUrl();
const ACTIVE = new Set(['scheduled', 'pending', 'running', 'suspended']);
const RETRYABLE = new Set(['failed', 'canceled']);

const state = {
  key: sessionStorage.getItem(KEY_STORAGE),
  selectedId: null,
  lastSuccess: null,
  timer: null,
  generation: 0,
  retried: new Map(), // old job id -> new job id, for retries made from this page
  confirming: null, // { id, until }: a Cancel waiting for its second click
  signatures: new Map(), // what each region last showed, so an unchanged region is left alone
  // The jobs table's page: its continuation token (null: the newest), the tokens of the newer
  // pages to go back to, and the token of the next older page, if any.
  page: { token: null, newer: [], older: null },
};

/** ?pageSize=N (1-100) on the page's URL sets how many jobs a table shows; 20 otherwise. */
function pageSizeOfUrl() {
  const size = Number(new URLSearchParams(location.search).get('pageSize'));
  return Number.isInteger(size) && size >= 1 && size <= 100 ? size : 20;
}

const $ = (id) => document.getElementById(id);

/** An API call with the key of this tab. */
const request = (path, options) => api(state.key, path, options);

const jobPath = (id) => `/jobs/${encodeURIComponent(id)}`;

/** Runs render only when what it shows changed, so a refresh that brings nothing new touches nothing. */
function whenChanged(region, value, render) {
  const signature = JSON.stringify(value);
  if (state.signatures.get(region) === signature) return;
  state.signatures.set(region, signature);
  render(value);
}

/** A job id, shortened, with the whole id in its title and a button that copies it. */
function jobId(id) {
  return h('span', { className: 'id' },
    h('span', { className: 'job-id', title: id, dataset: { id } }, shortId(id)),
    copyButton(id));
}

function copyButton(id) {
  return h('button', {
    type: 'button', className: 'copy', dataset: { action: 'copy' }, title: `Copy ${id}`, 'aria-label': `Copy the id ${id}`,
    onclick: (e) => { e.stopPropagation(); copy(id); },
  }, copyIcon());
}

// Drawn, not a character: the system fonts a server's browser has may lack the copy symbols.
const copyIcon = () => svg('svg', { viewBox: '0 0 16 16', width: 13, height: 13, 'aria-hidden': 'true' },
  svg('rect', { x: 5.5, y: 5.5, width: 8, height: 9, rx: 1.5 }),
  svg('path', { d: 'M3.5 10.5h-1a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v1' }));

async function copy(id) {
  // The clipboard API exists only on https and localhost pages.
  if (!navigator.clipboard) {
    toast(`This browser allows copying only on https pages. The id: ${id}`, true);
    return;
  }
  try {
    await navigator.clipboard.writeText(id);
    toast(`Copied ${id}.`);
  } catch (error) {
    toast(`Could not copy the id: ${error.message}`, true);
  }
}

/** A job id that opens that job's detail. */
function jobLink(id) {
  return h('button', { type: 'button', className: 'link job-id', title: id, dataset: { id }, onclick: (e) => { e.stopPropagation(); select(id); } }, shortId(id));
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
      request('/monitor'),
      request(`/jobs?status=failed&pageSize=${PAGE_SIZE}`),
      request(`/jobs?${recentQuery()}`),
    ]);
    const detail = state.selectedId ? await loadDetail(state.selectedId) : null;
    if (generation !== state.generation) return; // a newer refresh (or a new key) took over

    renderMonitor(monitor);
    renderFailed(failed.items);
    renderRecent(recent.items);
    renderPager(recent.continuationToken ?? null);
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
  if (state.page.token) query.set('continuationToken', state.page.token);
  return query.toString();
}

// A page stays where it is while new jobs arrive: its token names the job it follows, not an offset.
function renderPager(older) {
  state.page.older = older;
  $('page-older').disabled = !older;
  $('page-newer').disabled = state.page.newer.length === 0;
  $('recent-page').textContent = state.page.newer.length ? `page ${state.page.newer.length + 1}, newest first` : 'newest first';
}

function goOlder() {
  if (!state.page.older) return;
  state.page.newer.push(state.page.token);
  state.page.token = state.page.older;
  // Until the new page arrives there is no older one to go to: a quick second click must not skip a page.
  state.page.older = null;
  $('page-older').disabled = true;
  refresh();
}

function goNewer() {
  if (state.page.newer.length === 0) return;
  state.page.token = state.page.newer.pop();
  refresh();
}

function firstPage() {
  state.page = { token: null, newer: [], older: null };
  refresh();
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
  whenChanged('chart', monitor.failuresOverTime, (series) => {
    const { chart, note } = failureChart(series);
    $('chart-note').textContent = note;
    $('chart').replaceChildren(chart);
  });
}

/** The type filter offers the job types the API knows, which the monitor lists. */
function renderTypeFilter(types) {
  const select = $('filter-type');
  const known = new Set([...select.options].map((o) => o.value));
  for (const type of types) {
    if (!known.has(type)) select.append(h('option', { value: type }, type));
  }
}

// ---------- job tables ----------

/** The job that retried this one: as the API says, or as this page just asked. */
const retriedAs = (job) => job.retriedBy ?? state.retried.get(job.id) ?? null;

/** Retry for a job not retried yet; for one that was, a marker that opens its retry instead. */
function retryAction(job) {
  const newId = retriedAs(job);
  if (newId) {
    return h('button', {
      type: 'button', className: 'link retried', dataset: { action: 'open-retry', id: newId }, title: `Retried as ${newId}: open it`,
      onclick: (e) => { e.stopPropagation(); select(newId); },
    }, h('span', {}, 'Retried →'), h('span', { className: 'job-id' }, shortId(newId)));
  }
  return h('button', {
    type: 'button', className: 'secondary', dataset: { action: 'retry' }, title: 'Run the job again with its original input',
    onclick: (e) => { e.stopPropagation(); retry(job.id); },
  }, 'Retry');
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

/** What besides the job itself changes how its row looks. */
const rowState = (job) => [retriedAs(job), confirmingId() === job.id, state.selectedId === job.id];

function rowProps(job) {
  return { className: state.selectedId === job.id ? 'selected' : undefined, onclick: () => select(job.id) };
}

function renderFailed(items) {
  $('failed-count').textContent = items.length === PAGE_SIZE ? `newest ${PAGE_SIZE}` : `(${items.length})`;
  $('failed-empty').hidden = items.length > 0;
  syncRows($('failed-jobs'), items, rowState, (job) => h('tr', rowProps(job),
    h('td', { className: 'id-cell' }, jobId(job.id)),
    h('td', { className: 'type' }, job.type),
    h('td', { className: 'time', title: job.lastUpdatedAt }, timeNodes(job.lastUpdatedAt)),
    h('td', { className: 'error' }, errorHeadline(job)),
    h('td', { className: 'actions' }, retryAction(job))));
}

/** The root error (the API's error is the root cause, not the engine's wrapper) and the task it came from. */
function errorHeadline(job) {
  const message = job.error?.message ?? '';
  return [
    errorType(job.error?.type),
    job.failure?.task ? h('span', { className: 'error-task' }, ' in ', h('code', {}, job.failure.task)) : null,
    h('span', { className: 'error-message', title: message }, message),
  ];
}

function renderRecent(items) {
  $('recent-empty').hidden = items.length > 0;
  syncRows($('recent-jobs'), items, rowState, (job) => h('tr', rowProps(job),
    h('td', { className: 'id-cell' }, jobId(job.id)),
    h('td', { className: 'type' }, job.type),
    h('td', {}, statusPill(job.status)),
    h('td', {}, job.runAt ? startsAt(job.runAt) : progressBar(job.progress, job.status)),
    h('td', { className: 'time', title: job.createdAt }, timeNodes(job.createdAt)),
    h('td', { className: 'actions' },
      ACTIVE.has(job.status) ? cancelButton(job) : null,
      RETRYABLE.has(job.status) ? retryAction(job) : null)));
}

/** When a scheduled (delayed) job starts. */
const startsAt = (runAt) => h('span', { className: 'starts time', title: runAt }, 'starts ', timeNodes(runAt));

// ---------- job detail ----------

async function loadDetail(id) {
  const [job, deliveries] = await Promise.all([
    request(jobPath(id)).catch((error) => (error instanceof ApiError && error.status === 404 ? { id, missing: true } : Promise.reject(error))),
    request(`${jobPath(id)}/deliveries`).catch((error) => (error instanceof ApiError && error.status === 404 ? { deliveries: [] } : Promise.reject(error))),
  ]);
  return { job, deliveries: deliveries?.deliveries ?? [] };
}

function markSelected() {
  for (const row of document.querySelectorAll('table.jobs tbody tr')) {
    row.classList.toggle('selected', row.dataset.key === state.selectedId);
  }
}

/** Opens the job's detail in the side panel, in view wherever the page is scrolled to. */
async function select(id) {
  state.selectedId = id;
  markSelected();
  const panel = $('detail');
  if (panel.hidden) {
    panel.hidden = false;
    document.body.classList.add('with-detail');
    $('detail-close').focus();
  }
  try {
    renderDetail(await loadDetail(id));
  } catch (error) {
    handleFailure(error);
  }
}

function closeDetail() {
  state.selectedId = null;
  state.signatures.delete('detail');
  $('detail').hidden = true;
  document.body.classList.remove('with-detail');
  markSelected();
}

function field(name, ...value) {
  return [h('dt', {}, name), h('dd', {}, ...value)];
}

function renderDetail(detail) {
  if (detail.job.id !== state.selectedId) return;
  whenChanged('detail', [detail, state.retried.get(detail.job.id) ?? null, confirmingId() === detail.job.id], () => {
    const body = $('detail-body');
    const job = detail.job;
    if (job.missing) {
      body.replaceChildren(h('p', { className: 'empty' }, `Job ${job.id} no longer exists (purged).`));
      return;
    }

    const progress = job.progress;
    const retriedBy = retriedAs(job);
    body.replaceChildren(...nodes(
      h('p', { className: 'detail-id' }, h('span', { className: 'job-id', id: 'detail-id' }, job.id), copyButton(job.id), ' ', statusPill(job.status)),
      h('dl', { className: 'fields' },
        field('Type', job.type),
        field('Created', formatTime(job.createdAt)),
        job.runAt ? field('Starts', formatTime(job.runAt)) : null,
        field('Updated', formatTime(job.lastUpdatedAt)),
        job.retryOf ? field('Retry of', jobLink(job.retryOf)) : null,
        retriedBy ? field('Retried by', jobLink(retriedBy)) : null,
        field('Progress', progressBar(progress, job.status)),
        progress ? field('Stage', `${progress.stage}: ${formatNumber(progress.done)} of ${formatNumber(progress.total)}`) : null,
        progress?.counts ? field('Counts', Object.entries(progress.counts).map(([k, v]) => `${k} ${formatNumber(v)}`).join(' · ')) : null),
      failureBlock(job),
      h('div', { className: 'detail-actions' },
        ACTIVE.has(job.status) ? cancelButton(job) : null,
        RETRYABLE.has(job.status) ? retryAction(job) : null),
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
  act(() => request(`${jobPath(id)}/retry`, { method: 'POST' }), (result) => {
    state.retried.set(id, result.newId);
    toast(`Job ${id} retried as ${result.newId}.`);
    select(result.newId);
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
  act(() => request(`${jobPath(id)}/cancel`, { method: 'POST', body: { reason: 'Canceled from the dashboard', requestedBy: 'dashboard' } }),
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
  act(() => request(`${jobPath(jobId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: 'POST' }),
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
  for (const filter of [$('filter-status'), $('filter-type')]) filter.addEventListener('change', firstPage);
  $('page-older').addEventListener('click', goOlder);
  $('page-newer').addEventListener('click', goNewer);
  $('detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('detail').hidden) closeDetail();
  });

  if (state.key) {
    setConnection('idle', 'Connecting…');
    refresh();
  } else {
    askForKey(null);
  }
}

start();
