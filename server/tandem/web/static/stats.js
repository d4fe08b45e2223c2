// Tandem dashboard: stats (/stats). A weekly chart drawn as inline SVG (no library), a table with
// the same numbers, totals, export as a file, and delete-everything behind a typed phrase.
'use strict';

(() => {
  const root = document.getElementById('stats-app');
  if (!root) return;
  const { api, el, svg, say, number } = window.TandemDashboard;
  const $ = (id) => document.getElementById(id);

  const DAY = 86_400_000;
  const CHART_WEEKS = 52;
  const PHRASE = 'delete everything';
  const percent = (share) => `${Math.round((Number(share) || 0) * 100)}%`;

  // ------------------------------------------------------------------ ISO weeks ("2026-W48")

  function mondayOf(key) {
    const [year, week] = key.split('-W').map(Number);
    const jan4 = Date.UTC(year, 0, 4);
    return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY;
  }

  function weekKey(monday) {
    const thursday = new Date(monday + 3 * DAY);
    const year = thursday.getUTCFullYear();
    const week = Math.ceil(((thursday - Date.UTC(year, 0, 1)) / DAY + 1) / 7);
    return `${year}-W${String(week).padStart(2, '0')}`;
  }

  const dayMonth = (ms, withYear = false) => new Date(ms).toLocaleDateString('en', {
    day: 'numeric', month: 'short', timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}) });

  /** Every week from the first to the last with data, empty weeks included (an honest time axis). */
  function timeline(weeks) {
    if (!weeks.length) return [];
    const byKey = new Map(weeks.map((week) => [week.week, week]));
    const series = [];
    const last = mondayOf(weeks[weeks.length - 1].week);
    for (let monday = mondayOf(weeks[0].week); monday <= last; monday += 7 * DAY) {
      const key = weekKey(monday);
      series.push(byKey.get(key) || { week: key, replies: 0, as_suggested: 0, written_by_you: null, median_seconds: null });
    }
    return series.slice(-CHART_WEEKS);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    const total = Math.round(seconds);
    if (total < 60) return `${total} s`;
    return `${Math.floor(total / 60)} min ${total % 60} s`;
  }

  /** A whole-number step so that four steps cover `value` (the grid has four intervals). */
  function niceStep(value) {
    const wanted = Math.max(1, value / 4);
    for (let scale = 1; ; scale *= 10) {
      for (const factor of [1, 1.5, 2, 2.5, 3, 4, 5, 7.5]) {
        const step = factor * scale;
        if (Number.isInteger(step) && step >= wanted) return step;
      }
    }
  }

  // ------------------------------------------------------------------ the chart

  function drawChart(weeks) {
    const series = timeline(weeks);
    const W = 760; const H = 280;
    const pad = { left: 48, right: 52, top: 16, bottom: 44 };
    const plotW = W - pad.left - pad.right;
    const plotH = H - pad.top - pad.bottom;
    const top = 4 * niceStep(Math.max(...series.map((week) => week.replies), 1));
    const slot = plotW / series.length;
    const barW = Math.max(2, Math.min(48, slot * 0.62));
    const y = (replies) => pad.top + plotH - (replies / top) * plotH;
    const yShare = (share) => pad.top + plotH - share * plotH;
    const x = (index) => pad.left + slot * index + slot / 2;

    const grid = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
      const at = pad.top + plotH - fraction * plotH;
      return svg('g', { class: 'tick' },
        svg('line', { x1: pad.left, x2: W - pad.right, y1: at, y2: at, class: fraction === 0 ? 'axis' : 'grid' }),
        svg('text', { x: pad.left - 8, y: at + 4, class: 'tick-left', 'text-anchor': 'end' }, number(Math.round(top * fraction))),
        svg('text', { x: W - pad.right + 8, y: at + 4, class: 'tick-right', 'text-anchor': 'start' }, percent(fraction)));
    });

    const every = Math.ceil(series.length / 12); // at most ~12 labels
    const bars = series.map((week, index) => {
      const monday = mondayOf(week.week);
      const height = (week.replies / top) * plotH;
      const label = `${week.week} (from ${dayMonth(monday, true)}): ${number(week.replies)} ${week.replies === 1 ? 'reply' : 'replies'}`
        + (week.replies ? `, ${percent(week.written_by_you)} written by you` : '');
      return svg('g', { class: 'week' },
        svg('rect', { class: 'bar', x: x(index) - barW / 2, y: y(week.replies), width: barW, height: Math.max(0, height), rx: 2,
          'data-week': week.week, 'data-replies': week.replies },
        svg('title', {}, label)),
        index % every === 0 || index === series.length - 1
          ? svg('text', { x: x(index), y: H - pad.bottom + 16, class: 'tick-week', 'text-anchor': 'middle' }, `W${week.week.slice(-2)}`)
          : null,
        index % every === 0
          ? svg('text', { x: x(index), y: H - pad.bottom + 30, class: 'tick-date', 'text-anchor': 'middle' }, dayMonth(monday))
          : null);
    });

    const points = series.map((week, index) => ({ week, index })).filter(({ week }) => week.replies > 0);
    // The line joins neighbouring weeks only: a week without replies has no share to draw.
    const path = points.map(({ week, index }, n) => `${n && points[n - 1].index === index - 1 ? 'L' : 'M'}`
      + `${x(index).toFixed(1)},${yShare(week.written_by_you).toFixed(1)}`).join(' ');
    const share = svg('g', { class: 'share' },
      points.length > 1 ? svg('path', { d: path, class: 'share-line' }) : null,
      points.map(({ week, index }) => svg('circle', { cx: x(index), cy: yShare(week.written_by_you), r: 4, class: 'share-dot',
        'data-week': week.week, 'data-share': week.written_by_you },
      svg('title', {}, `${week.week}: ${percent(week.written_by_you)} written by you`))));

    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-labelledby': 'chart-title chart-desc',
      preserveAspectRatio: 'xMidYMid meet' },
    svg('title', { id: 'chart-title' }, 'Replies per week and the share written by you'),
    svg('desc', { id: 'chart-desc' }, `${series.length} ${series.length === 1 ? 'week' : 'weeks'} from ${series[0].week} to `
      + `${series[series.length - 1].week}. The table below has the same numbers.`),
    grid, bars, share);
    $('chart').replaceChildren(chart);
  }

  // ------------------------------------------------------------------ table and totals

  function drawTable(weeks) {
    $('weeks-body').replaceChildren(...[...weeks].reverse().map((week) => el('tr', { 'data-week': week.week },
      el('th', { scope: 'row' }, week.week, el('span', { class: 'muted from' }, ` from ${dayMonth(mondayOf(week.week), true)}`)),
      el('td', { class: 'num replies' }, number(week.replies)),
      el('td', { class: 'num as-suggested' }, number(week.as_suggested)),
      el('td', { class: 'num share' }, percent(week.written_by_you)),
      el('td', { class: 'num median' }, duration(week.median_seconds)))));
  }

  async function load() {
    const data = await api('GET', '/api/stats');
    const weeks = data.weeks || [];
    $('total-replies').textContent = number(data.total_replies);
    $('total-share').textContent = data.total_replies ? percent(data.written_by_you) : '–';
    $('total-as-suggested').textContent = number(weeks.reduce((sum, week) => sum + week.as_suggested, 0));
    $('total-weeks').textContent = number(weeks.length);
    $('stats-empty').hidden = weeks.length > 0;
    $('chart-figure').hidden = !weeks.length;
    $('table-wrap').hidden = !weeks.length;
    if (weeks.length) drawChart(weeks);
    else $('chart').replaceChildren();
    drawTable(weeks);
    root.dataset.loaded = 'yes';
  }

  // ------------------------------------------------------------------ export

  $('export').addEventListener('click', async () => {
    say($('export-error'), '');
    say($('export-result'), 'Preparing…');
    try {
      const data = await api('GET', '/api/export');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: `tandem-export-${new Date().toISOString().slice(0, 10)}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say($('export-result'), `Exported (${number(Math.ceil(blob.size / 1024))} KB). Check your downloads.`, 'ok');
    } catch (error) {
      say($('export-result'), '');
      say($('export-error'), error.message, 'error');
    }
  });

  // ------------------------------------------------------------------ delete everything

  const typed = () => $('delete-phrase').value.trim().toLowerCase() === PHRASE;

  function closeDelete() {
    $('delete-form').hidden = true;
    $('delete-phrase').value = '';
    $('delete-confirm').disabled = true;
    $('delete-open').hidden = false;
  }

  $('delete-open').addEventListener('click', () => {
    say($('delete-result'), '');
    say($('delete-error'), '');
    $('delete-open').hidden = true;
    $('delete-form').hidden = false;
    $('delete-phrase').focus();
  });
  $('delete-cancel').addEventListener('click', () => { closeDelete(); $('delete-open').focus(); });
  $('delete-phrase').addEventListener('input', () => { $('delete-confirm').disabled = !typed(); });
  $('delete-phrase').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); closeDelete(); $('delete-open').focus(); }
  });
  $('delete-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!typed()) {
      say($('delete-error'), `Type “${PHRASE}” to confirm.`, 'error');
      return;
    }
    $('delete-confirm').disabled = true;
    say($('delete-error'), '');
    try {
      await api('DELETE', '/api/data', { confirm: PHRASE });
      closeDelete();
      say($('delete-result'), 'Everything was deleted. The extension is still paired.', 'ok');
      $('delete-open').focus();
      await load();
    } catch (error) {
      $('delete-confirm').disabled = !typed();
      say($('delete-error'), error.message, 'error');
    }
  });

  // ------------------------------------------------------------------ start

  async function start() {
    try {
      await load();
      $('load-error').hidden = true;
    } catch (error) {
      const retry = el('button', { type: 'button' }, 'Try again');
      retry.addEventListener('click', start);
      $('load-error').replaceChildren(el('span', {}, `Could not load your stats: ${error.message} `), retry);
      $('load-error').hidden = false;
    }
  }

  start();
})();
