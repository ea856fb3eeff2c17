/* Supervisors' charts under the live floor: funnel by stage with conversion, plan vs fact per rep
 * today, calls per hour today and the NPS trend of the last 30 days, from /stats and /reports.
 * Chart.js 4 is served by the service (/dashboard/chart.umd.min.js). The page's CSP allows no
 * inline style or script: Chart.js sizes its canvas through the CSSOM (element.style), which CSP
 * permits, and it injects no stylesheet. Each canvas gets data-points once drawn (tests read it). */
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  var Chart = window.Chart;
  var charts = {};
  var token = null;
  var $ = function (id) { return document.getElementById(id); };
  var COLORS = { plan: '#b8c2d6', fact: '#0057b8', answered: '#177245', abandoned: '#b00020', outbound: '#b35c00', nps: '#0057b8', funnel: '#3d6fb6' };

  function get(path) {
    return fetch(path, { headers: { Authorization: 'Bearer ' + token } }).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }

  function startOfToday() { var d = new Date(); d.setHours(0, 0, 0, 0); return d; }
  function daysAgo(days) { return new Date(Date.now() - days * 86400000); }
  function query(params) { return Object.keys(params).map(function (k) { return k + '=' + encodeURIComponent(params[k]); }).join('&'); }

  function draw(id, config, points) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false, plugins: {} }, config.options || {});
    charts[id] = new Chart($(id), config);
    $(id).dataset.points = String(points);
    $(id + '-empty').hidden = points > 0;
  }

  function funnel(rows) {
    var labels = rows.map(function (r) { return r.stageName + (r.conversionNext === null ? '' : ' · ' + Math.round(r.conversionNext) + '% on'); });
    draw('chart-funnel', {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: 'deals entering the stage', data: rows.map(function (r) { return r.entered; }), backgroundColor: COLORS.funnel }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } },
    }, rows.length);
  }

  function plan(rows) {
    draw('chart-plan', {
      type: 'bar',
      data: {
        labels: rows.map(function (r) { return r.repName; }),
        datasets: [
          { label: 'calls planned', data: rows.map(function (r) { return r.callsPlan; }), backgroundColor: COLORS.plan },
          { label: 'calls made or answered', data: rows.map(function (r) { return r.callsMade + r.callsAnswered; }), backgroundColor: COLORS.fact },
        ],
      },
    }, rows.length);
  }

  function perHour(rows) {
    var label = function (iso) { return String(new Date(iso).getHours()).padStart(2, '0') + ':00'; };
    draw('chart-hourly', {
      type: 'bar',
      data: {
        labels: rows.map(function (r) { return label(r.hour); }),
        datasets: [
          { label: 'inbound answered', data: rows.map(function (r) { return r.answered; }), backgroundColor: COLORS.answered, stack: 'in' },
          { label: 'inbound abandoned', data: rows.map(function (r) { return r.abandoned; }), backgroundColor: COLORS.abandoned, stack: 'in' },
          { label: 'outbound', data: rows.map(function (r) { return r.outbound; }), backgroundColor: COLORS.outbound, stack: 'out' },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }, rows.length);
  }

  function nps(rows) {
    var withScore = rows.filter(function (r) { return r.nps !== null; });
    draw('chart-nps', {
      type: 'line',
      data: { labels: withScore.map(function (r) { return r.key; }), datasets: [{ label: 'NPS', data: withScore.map(function (r) { return r.nps; }), borderColor: COLORS.nps, backgroundColor: COLORS.nps, tension: 0.2 }] },
      options: { scales: { y: { min: -100, max: 100 } }, plugins: { legend: { display: false } } },
    }, withScore.length);
  }

  function refresh() {
    var today = query({ from: startOfToday().toISOString() });
    var loads = [
      get('/stats/funnel').then(funnel),
      get('/stats/plan?' + today).then(plan),
      get('/stats/calls-per-hour?' + today).then(perHour),
      get('/reports/nps?' + query({ groupBy: 'day', from: daysAgo(30).toISOString() })).then(nps),
    ];
    Promise.all(loads.map(function (load) { return load.catch(function (error) { return error; }); })).then(function (results) {
      var failed = results.filter(function (result) { return result instanceof Error; });
      $('charts-status').textContent = failed.length ? 'Some charts could not load: ' + failed.map(function (e) { return e.message; }).join(', ') : 'updated ' + new Date().toLocaleTimeString();
      document.body.dataset.charts = failed.length ? 'partial' : 'ready';
    });
  }

  document.addEventListener('dashboard:signed-in', function (event) {
    token = event.detail.token;
    refresh();
    setInterval(refresh, 60000);
  });
  $('charts-refresh').addEventListener('click', refresh);
})();
