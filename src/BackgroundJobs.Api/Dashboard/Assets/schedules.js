// The Schedules panel: each schedule's cron in words, zone, next run and last outcomes, with
// pause, resume and run-now. Kept apart from dashboard.js; it uses the key the page stored.

import { api } from './api.js';
import { formatTime, h } from './dom.js';

const KEY_STORAGE = 'backgroundjobs.dashboard.key';
const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);
const schedulePath = (name) => `/schedules/${encodeURIComponent(name)}`;

const pad = (n) => String(n).padStart(2, '0');
const isNumber = (field) => /^\d+$/.test(field);

/** Common crons in words; any other cron is shown as written. */
export function cronInWords(cron) {
  const fields = cron.trim().split(/\s+/);
  const [second, minute, hour, day, month, weekday] = fields.length === 6 ? fields : ['0', ...fields];
  const stepOf = (field) => (/^\*\/(\d+)$/.exec(field) || [])[1];
  if (fields.length === 6 && stepOf(second) && minute === '*' && hour === '*' && day === '*' && month === '*' && weekday === '*') {
    return `every ${stepOf(second)} seconds`;
  }
  if (second === '0' && day === '*' && month === '*') {
    if (stepOf(minute) && hour === '*' && weekday === '*') return `every ${stepOf(minute)} minutes`;
    if (minute === '*' && hour === '*' && weekday === '*') return 'every minute';
    if (isNumber(minute) && hour === '*' && weekday === '*') return `every hour at minute ${Number(minute)}`;
    if (isNumber(minute) && isNumber(hour)) {
      const time = `${pad(hour)}:${pad(minute)}`;
      if (weekday === '*') return `daily at ${time}`;
      if (weekday === '1-5' || weekday === 'MON-FRI') return `weekdays at ${time}`;
    }
  }
  return cron;
}

function outcomeList(outcomes) {
  return h('ul', { className: 'schedule-outcomes' }, ...outcomes.slice(0, 3).map((o) =>
    h('li', { className: `outcome outcome-${o.outcome}`, title: o.message }, `${formatTime(o.occurrence)} ${o.outcome}${o.jobId ? ` ${o.jobId}` : ''}`)));
}

async function act(name, action) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  try {
    const result = await api(key, `${schedulePath(name)}/${action}`, { method: 'POST' });
    $('schedules-message').textContent = action === 'trigger' ? `${name}: ${result.outcome}${result.jobId ? ` (${result.jobId})` : ''}` : `${name}: ${action}d`;
  } catch (error) {
    $('schedules-message').textContent = `${name}: ${error.message}`;
  }
  await refresh();
}

function row(schedule) {
  const button = (action, label) => h('button', { type: 'button', className: 'button', dataset: { action }, onclick: () => act(schedule.name, action) }, label);
  return h('tr', { dataset: { key: schedule.name } },
    h('td', {}, schedule.name),
    h('td', { className: 'cron', title: schedule.cron }, cronInWords(schedule.cron)),
    h('td', {}, schedule.timeZone),
    h('td', { className: 'next' }, schedule.paused ? 'paused' : (schedule.nextOccurrence ? formatTime(schedule.nextOccurrence) : '—')),
    h('td', {}, outcomeList(schedule.outcomes)),
    h('td', {}, schedule.paused ? button('resume', 'Resume') : button('pause', 'Pause'), ' ', button('trigger', 'Run now')));
}

async function refresh() {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) return;
  try {
    const schedules = await api(key, '/schedules');
    $('schedules-rows').replaceChildren(...schedules.map(row));
    $('schedules-empty').hidden = schedules.length > 0;
  } catch {
    // The page's own connection state tells of a rejected key or an unreachable API.
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
