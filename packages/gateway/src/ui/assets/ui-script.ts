/**
 * The UI's one script, served from `/ui/assets/ui.js` (strict CSP: no inline scripts). Keyboard
 * shortcuts for the queue (j/k move, o/Enter open, x select, a approve, r reject, ? help), clickable
 * rows, select-all, confirmations, and the live dashboard (server-sent events, Chart.js).
 */
export const uiScript = `
(function () {
  'use strict';
  var body = document.body;

  function typing(event) {
    var target = event.target;
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }

  // Clickable queue rows and keyboard selection.
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-href]'));
  var selected = rows.length > 0 ? 0 : -1;
  function select(index) {
    if (rows.length === 0) return;
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, position) { row.classList.toggle('selected', position === selected); });
    rows[selected].scrollIntoView({ block: 'nearest' });
  }
  if (rows.length > 0) select(0);
  rows.forEach(function (row, index) {
    row.addEventListener('click', function (event) {
      var tag = event.target && event.target.tagName;
      if (tag === 'INPUT' || tag === 'A' || tag === 'BUTTON' || tag === 'LABEL') return;
      select(index);
      window.location.href = row.getAttribute('data-href');
    });
  });

  var selectAll = document.getElementById('select-all');
  if (selectAll) {
    selectAll.addEventListener('change', function () {
      document.querySelectorAll('input[name=ids]').forEach(function (box) { box.checked = selectAll.checked; });
    });
  }

  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  function submitBulk(status) {
    var form = document.getElementById('bulk-form');
    if (!form) return false;
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=ids]'));
    if (!boxes.some(function (box) { return box.checked; }) && selected >= 0) {
      var box = rows[selected].querySelector('input[name=ids]');
      if (box) box.checked = true;
    }
    if (!boxes.some(function (box) { return box.checked; })) return false;
    form.querySelector('input[name=status]').value = status;
    form.submit();
    return true;
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var key = event.key;
    if (key === 'j') { select(selected + 1); event.preventDefault(); }
    else if (key === 'k') { select(selected - 1); event.preventDefault(); }
    else if ((key === 'o' || key === 'Enter') && selected >= 0 && rows.length > 0) {
      window.location.href = rows[selected].getAttribute('data-href');
    } else if (key === 'x' && selected >= 0 && rows.length > 0) {
      var box = rows[selected].querySelector('input[name=ids]');
      if (box) box.checked = !box.checked;
    } else if (key === 'a' || key === 'r') {
      var single = document.getElementById(key === 'a' ? 'approve-form' : 'reject-form');
      if (single) { single.submit(); event.preventDefault(); }
      else if (submitBulk(key === 'a' ? 'approved' : 'rejected')) event.preventDefault();
    } else if (key === '?') {
      var help = document.getElementById('shortcuts');
      if (help) help.classList.toggle('hidden');
    }
  });

  // Periodic refresh of list pages (alerts, queue) while nothing is being typed.
  var refresh = Number(body.getAttribute('data-refresh') || '0');
  if (refresh > 0) {
    window.setInterval(function () {
      if (!typing({ target: document.activeElement }) && !document.querySelector('input[name=ids]:checked')) window.location.reload();
    }, refresh * 1000);
  }

  // Live dashboard.
  var dashboard = document.getElementById('dashboard');
  if (!dashboard || typeof window.Chart === 'undefined') return;
  var Chart = window.Chart;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var colours = { allow: '#1c7c3c', redact: '#2454d6', review: '#a15c00', block: '#b3261e', p50: '#2454d6', p99: '#b3261e' };
  function chart(id, type, options) {
    var canvas = document.getElementById(id);
    return new Chart(canvas, { type: type, data: { labels: [], datasets: [] }, options: options || {} });
  }
  var charts = {
    decisions: chart('chart-decisions', 'line', { scales: { y: { beginAtZero: true, stacked: false } } }),
    latency: chart('chart-latency', 'line', { scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } } }),
    keys: chart('chart-keys', 'bar', { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% rejected' } } } }),
    scanners: chart('chart-scanners', 'bar', { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% of requests rejected with a finding' } } } }),
    categories: chart('chart-categories', 'bar', { indexAxis: 'y', scales: { x: { beginAtZero: true } } }),
    upstreams: chart('chart-upstreams', 'bar', { scales: { y: { beginAtZero: true, title: { display: true, text: 'errors' } } } })
  };
  function setText(id, value) { var element = document.getElementById(id); if (element) element.textContent = value; }
  function seconds(value) { return value === null || value === undefined ? '–' : value < 120 ? value.toFixed(0) + ' s' : (value / 60).toFixed(1) + ' min'; }
  function render(data) {
    charts.decisions.data.labels = data.labels;
    charts.decisions.data.datasets = Object.keys(data.decisions).map(function (name) {
      return { label: name, data: data.decisions[name], borderColor: colours[name] || '#555', backgroundColor: colours[name] || '#555', tension: 0.2 };
    });
    charts.latency.data.labels = data.labels;
    charts.latency.data.datasets = [
      { label: 'p50', data: data.latency.p50, borderColor: colours.p50, backgroundColor: colours.p50 },
      { label: 'p99', data: data.latency.p99, borderColor: colours.p99, backgroundColor: colours.p99 }
    ];
    charts.keys.data.labels = data.rejectionByKey.map(function (row) { return row.key; });
    charts.keys.data.datasets = [{ label: '% rejected', data: data.rejectionByKey.map(function (row) { return row.rate * 100; }), backgroundColor: '#b3261e' }];
    charts.scanners.data.labels = data.rejectionByScanner.map(function (row) { return row.scanner; });
    charts.scanners.data.datasets = [{ label: '% rejected', data: data.rejectionByScanner.map(function (row) { return row.rate * 100; }), backgroundColor: '#a15c00' }];
    charts.categories.data.labels = data.topCategories.map(function (row) { return row.category; });
    charts.categories.data.datasets = [{ label: 'findings', data: data.topCategories.map(function (row) { return row.count; }), backgroundColor: '#2454d6' }];
    charts.upstreams.data.labels = data.upstreams.map(function (row) { return row.name + ' (' + row.state + ')'; });
    charts.upstreams.data.datasets = [{ label: 'errors', data: data.upstreams.map(function (row) { return row.errors; }), backgroundColor: data.upstreams.map(function (row) { return row.state === 'closed' ? '#5d6778' : '#b3261e'; }) }];
    Object.keys(charts).forEach(function (name) { charts[name].update(); });
    setText('stat-requests', String(data.totals.requests));
    setText('stat-rejected', (data.totals.requests === 0 ? 0 : (100 * data.totals.rejected / data.totals.requests)).toFixed(1) + ' %');
    setText('stat-backlog', String(data.review.pending));
    setText('stat-ttd', seconds(data.review.medianSeconds) + ' / ' + seconds(data.review.p90Seconds));
    setText('stat-alerts', String(data.alerts.open));
    setText('stat-kill', String(data.killSwitches));
    setText('updated', 'updated ' + new Date(data.generatedAt).toLocaleTimeString());
    dashboard.setAttribute('data-ready', 'true');
  }
  var source = dashboard.getAttribute('data-events');
  var fallback = dashboard.getAttribute('data-source');
  var polling = false;
  function poll() {
    if (polling) return;
    polling = true;
    function tick() { fetch(fallback, { credentials: 'same-origin' }).then(function (response) { return response.json(); }).then(render).catch(function () {}); }
    tick();
    window.setInterval(tick, 5000);
  }
  if (typeof window.EventSource === 'function' && source) {
    var events = new EventSource(source);
    events.addEventListener('snapshot', function (event) { render(JSON.parse(event.data)); });
    events.onerror = function () { if (events.readyState === 2) poll(); };
  } else {
    poll();
  }
})();
`;
