/* Supervisors' floor dashboard: no build step. Logs in with POST /auth/login, opens /live with the
 * token, keeps the last snapshot + deltas in order (seq), and asks for a snapshot again on a gap. */
(function () {
  'use strict';
  var state = { token: null, socket: null, seq: -1, epoch: '', offset: 0, calls: {}, reps: {}, numbers: null };
  var $ = function (id) { return document.getElementById(id); };

  function text(value) { return value === null || value === undefined ? '—' : String(value); }
  function cell(row, value) { var td = document.createElement('td'); td.textContent = text(value); row.appendChild(td); return td; }
  function now() { return Date.now() + state.offset; }
  function since(ms) {
    if (!ms) return '—';
    var s = Math.max(0, Math.round((now() - ms) / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function fmt(value, digits) { return value === null || value === undefined ? '—' : Number(value).toFixed(digits); }

  function renderNumbers() {
    var n = state.numbers; if (!n) return;
    var tiles = [
      ['offered', n.today.offered + ' (' + n.hour.offered + ')'],
      ['answered', n.today.answered + ' (' + n.hour.answered + ')'],
      ['abandoned', n.today.abandoned + ' (' + n.hour.abandoned + ')'],
      ['service level %', fmt(n.today.serviceLevel, 0) + ' (' + fmt(n.hour.serviceLevel, 0) + ')'],
      ['ASA s', fmt(n.today.asaSeconds, 1) + ' (' + fmt(n.hour.asaSeconds, 1) + ')'],
      ['AHT s', fmt(n.today.ahtSeconds, 0) + ' (' + fmt(n.hour.ahtSeconds, 0) + ')'],
      ['waiting', n.waiting], ['in progress', n.inProgress],
      ['callbacks open', n.callbacksOpen], ['NPS today', fmt(n.nps.score, 0) + ' / ' + n.nps.responses],
    ];
    var box = $('numbers'); box.textContent = '';
    tiles.forEach(function (t) {
      var div = document.createElement('div'); div.className = 'tile'; div.dataset.metric = t[0];
      var b = document.createElement('b'); b.textContent = text(t[1]); div.appendChild(b);
      div.appendChild(document.createTextNode(t[0])); box.appendChild(div);
    });
  }

  function repName(id) { var rep = id && state.reps[id]; return rep ? (rep.name || id.slice(0, 8)) : (id ? id.slice(0, 8) : '—'); }

  function renderCalls() {
    var talking = $('calls'), waiting = $('waiting'); talking.textContent = ''; waiting.textContent = '';
    var oldest = null;
    Object.keys(state.calls).forEach(function (id) {
      var c = state.calls[id], row = document.createElement('tr'); row.dataset.callId = id; row.dataset.phase = c.phase;
      if (c.phase === 'talking') {
        cell(row, c.repName || repName(c.repId)); cell(row, c.clientName || c.caller); cell(row, c.dealStage); cell(row, c.direction);
        cell(row, since(c.answeredAt)).className = 'duration';
        var actions = document.createElement('td');
        ['listen', 'whisper', 'barge'].forEach(function (mode) {
          var button = document.createElement('button'); button.textContent = mode; button.dataset.mode = mode;
          button.onclick = function () { supervise(id, mode); }; actions.appendChild(button);
        });
        row.appendChild(actions); talking.appendChild(row);
      } else {
        cell(row, c.caller); cell(row, c.clientName); cell(row, c.phase === 'ringing' ? repName(c.repId) : '—'); cell(row, since(c.startedAt)).className = 'duration';
        if (c.startedAt && (oldest === null || c.startedAt < oldest)) oldest = c.startedAt;
        waiting.appendChild(row);
      }
    });
    $('longest').textContent = oldest ? '(longest ' + since(oldest) + ')' : '';
  }

  function renderReps() {
    var body = $('reps'); body.textContent = '';
    Object.keys(state.reps).sort(function (a, b) { return repName(a).localeCompare(repName(b)); }).forEach(function (id) {
      var r = state.reps[id], row = document.createElement('tr'); row.dataset.repId = id; row.dataset.state = r.state;
      cell(row, repName(id)); cell(row, r.state + (r.pauseReason ? ' (' + r.pauseReason + ')' : '')).className = 'state-' + r.state; cell(row, since(r.since)).className = 'duration';
      body.appendChild(row);
    });
  }

  function render() { renderNumbers(); renderCalls(); renderReps(); }

  function onSnapshot(snapshot) {
    state.seq = snapshot.seq; state.epoch = snapshot.epoch; state.offset = snapshot.serverNow - Date.now();
    state.numbers = snapshot.numbers; state.calls = {}; state.reps = {};
    snapshot.calls.forEach(function (c) { state.calls[c.callId] = c; });
    snapshot.reps.forEach(function (r) { state.reps[r.repId] = r; });
    $('scope').textContent = snapshot.scope; document.body.dataset.seq = String(state.seq);
    render();
  }

  function onDelta(delta) {
    if (delta.epoch !== state.epoch || delta.seq !== state.seq + 1) { state.socket.emit('stats.resync'); return; }
    state.seq = delta.seq; state.numbers = delta.numbers; state.offset = delta.serverNow - Date.now();
    delta.changes.forEach(function (change) {
      if (change.kind === 'call') { if (change.call) state.calls[change.callId] = change.call; else delete state.calls[change.callId]; }
      if (change.kind === 'rep') { if (change.rep) state.reps[change.repId] = change.rep; else delete state.reps[change.repId]; }
    });
    document.body.dataset.seq = String(state.seq);
    render();
  }

  function supervise(callId, mode) {
    var endpoint = $('endpoint').value.trim();
    if (!endpoint) { $('message').textContent = 'Enter your softphone endpoint first.'; return; }
    fetch('/supervision/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token }, body: JSON.stringify({ callId: callId, mode: mode, endpoint: endpoint }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) { $('message').textContent = res.ok ? mode + ': your phone rings (session ' + res.body.sessionId + ')' : 'Refused: ' + (res.body.code || '') + ' ' + (res.body.message || ''); });
  }

  function connect() {
    // eslint-disable-next-line no-undef
    var socket = io('/live', { auth: { token: state.token }, transports: ['websocket'] });
    state.socket = socket;
    socket.on('connect', function () { $('conn').textContent = 'live'; $('conn').dataset.state = 'live'; });
    socket.on('disconnect', function () { $('conn').textContent = 'reconnecting…'; $('conn').dataset.state = 'reconnecting'; });
    socket.on('connect_error', function (error) { $('conn').textContent = 'error: ' + error.message; });
    // The server ends the session when the token expires or the account is disabled: sign in again.
    socket.on('session.ended', function (ended) {
      socket.close(); state.token = null; $('app').hidden = true; $('login').hidden = false;
      $('login-error').textContent = ended && ended.code === 'TOKEN_EXPIRED' ? 'Session expired: sign in again.' : 'Signed out: sign in again.';
    });
    socket.on('stats.snapshot', onSnapshot); // sent on every (re)connect and after a resync
    socket.on('stats.delta', onDelta);
    setInterval(render, 1000);
  }

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: $('login-name').value, password: $('login-password').value }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { $('login-error').textContent = res.body.message || 'Sign-in failed'; return; }
        state.token = res.body.accessToken; $('login').hidden = true; $('app').hidden = false; connect();
        // charts.js draws from the REST reports with the same token.
        document.dispatchEvent(new CustomEvent('dashboard:signed-in', { detail: { token: state.token } }));
      });
  });
})();
