/* The reps' workspace: sign in, the browser softphone, and the caller's card when it rings. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: sessionStorage.getItem('salescall.token'), login: sessionStorage.getItem('salescall.login'), popCallId: null, callSince: null, agentState: 'offline' };
  // eslint-disable-next-line no-undef
  var phone = new Softphone($('remote-audio'));
  window.__salescallPhone = phone; // for a look from the browser's console (and the end-to-end test's WebRTC stats)
  // What the page's other parts (wrap-up.js, my-work.js) hook into: the API, the live socket, the call ending.
  // Those scripts load first and may have made the bus already, so nothing announced is missed.
  var hooks = window.SalescallWorkspace = window.SalescallWorkspace || { bus: new EventTarget() };
  hooks.api = function (method, path, body) { return api(method, path, body); };
  function announce(name, detail) { hooks.bus.dispatchEvent(new CustomEvent(name, { detail: detail })); }

  function api(method, path, body) {
    return fetch(path, { method: method, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token }, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (json) { if (!r.ok) throw Object.assign(new Error(json.message || r.statusText), { status: r.status, code: json.code }); return json; }); });
  }

  function text(el, value) { el.textContent = value == null ? '' : String(value); return el; }
  function cell(row, value) { return row.appendChild(text(document.createElement('td'), value)); }
  function clock(ms) { var s = Math.max(0, Math.floor(ms / 1000)); return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }
  function when(iso) { return new Date(iso).toLocaleString([], { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }); }

  // ---- the phone card
  function setPhoneState(next) {
    var card = $('phone');
    card.dataset.state = next.state;
    var ringing = next.state === 'ringing', inCall = next.state === 'in-call';
    text($('call-status'), ringing ? 'Incoming call' : inCall ? 'In call' : 'Idle');
    if (next.party) text($('call-party'), next.party);
    if (next.state === 'idle') { text($('call-party'), '\u00a0'); state.callSince = null; setPressed('btn-mute', false); setPressed('btn-hold', false); }
    if (inCall) state.callSince = next.since;
    $('btn-answer').disabled = !ringing;
    $('btn-decline').disabled = !ringing;
    ['btn-hangup', 'btn-mute', 'btn-hold'].forEach(function (id) { $(id).disabled = !inCall; });
    Array.prototype.forEach.call($('keypad').children, function (key) { key.disabled = !inCall; });
    if (next.state === 'idle' && next.cause) text($('phone-error'), next.cause === 'Terminated' || next.cause === 'Canceled' || next.cause === 'Busy' ? '' : 'Call ended: ' + next.cause);
    tick();
  }

  function setPressed(id, on) { $(id).setAttribute('aria-pressed', on ? 'true' : 'false'); $(id).textContent = id === 'btn-mute' ? (on ? 'Unmute' : 'Mute') : (on ? 'Resume' : 'Hold'); }
  function tick() { text($('call-timer'), state.callSince ? clock(Date.now() - state.callSince) : '0:00'); }

  function buildKeypad() {
    '123456789*0#'.split('').forEach(function (digit) {
      var key = document.createElement('button');
      key.textContent = digit; key.dataset.digit = digit; key.disabled = true;
      key.addEventListener('click', function () { phone.dtmf(digit); });
      $('keypad').appendChild(key);
    });
  }

  function listDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return;
    navigator.mediaDevices.enumerateDevices().then(function (devices) {
      [['mic', 'audioinput'], ['speaker', 'audiooutput']].forEach(function (pair) {
        var select = $(pair[0]), current = select.value;
        select.textContent = '';
        devices.filter(function (d) { return d.kind === pair[1]; }).forEach(function (d, i) {
          var option = document.createElement('option');
          option.value = d.deviceId; option.textContent = d.label || (pair[1] === 'audioinput' ? 'Microphone ' : 'Speaker ') + (i + 1);
          select.appendChild(option);
        });
        if (current) select.value = current;
      });
    });
  }

  // ---- the screen pop
  function showPop(callId, attempt) {
    state.popCallId = callId;
    api('GET', '/workspace/calls/' + callId + '/pop').then(function (pop) {
      if (state.popCallId !== callId) return;
      renderPop(pop);
      // An unknown caller's lead and deal are written just behind the ring: look again shortly.
      if (pop.newLead && !pop.deal && (attempt || 0) < 5) setTimeout(function () { showPop(callId, (attempt || 0) + 1); }, 700);
    }).catch(function (error) {
      if (error.status === 404 && (attempt || 0) < 5) setTimeout(function () { showPop(callId, (attempt || 0) + 1); }, 400);
    });
  }

  function renderPop(pop) {
    $('pop').hidden = false; $('no-pop').hidden = true;
    $('pop').dataset.callId = pop.callId;
    text($('pop-title'), pop.title);
    text($('pop-number'), pop.number);
    var chip = $('pop-temperature');
    chip.dataset.temperature = pop.temperature || ''; chip.dataset.new = String(pop.newLead);
    text(chip, pop.newLead ? 'new lead' : pop.temperature || '');
    text($('pop-why'), 'Why you: ' + pop.whyYou);
    text($('pop-owner'), pop.owner);
    $('pop-deal').dataset.dealId = pop.deal ? pop.deal.id : '';
    text($('pop-deal'), pop.deal ? pop.deal.stage + ' · ' + pop.deal.amount + (pop.deal.justOpened ? ' (opened by this call)' : '') : 'none yet');
    text($('pop-nps'), pop.nps ? pop.nps.score + ' / 10 (' + pop.nps.category + ', ' + when(pop.nps.at) + ')' : '—');
    var calls = $('pop-calls'); calls.textContent = '';
    if (pop.lastCalls.length === 0) cell(calls.appendChild(document.createElement('tr')), 'No earlier calls').colSpan = 5;
    pop.lastCalls.forEach(function (c) {
      var row = calls.appendChild(document.createElement('tr'));
      cell(row, when(c.at)); cell(row, c.outcome); cell(row, c.talk); cell(row, c.rep);
      var play = cell(row, '');
      if (c.playRecordingId) {
        var button = document.createElement('button'); button.textContent = '▶ Play'; button.className = 'play';
        button.addEventListener('click', function () { playRecording(c.playRecordingId); });
        play.appendChild(button);
      }
    });
    var tasks = $('pop-tasks'); tasks.textContent = '';
    if (pop.openTasks.length === 0) text(tasks.appendChild(document.createElement('li')), 'No open tasks');
    pop.openTasks.forEach(function (t) {
      var item = text(document.createElement('li'), t.type + ' — due ' + when(t.dueAt) + ' — ' + t.reason + ' (' + t.assignee + ')');
      if (t.overdue) item.className = 'overdue';
      tasks.appendChild(item);
    });
  }

  function playRecording(recordingId) {
    api('GET', '/recordings/' + recordingId + '/url').then(function (res) {
      var audio = $('recording-audio'); audio.hidden = false; audio.src = res.url; return audio.play();
    }).catch(function (error) { text($('phone-error'), 'Recording: ' + error.message); });
  }

  // ---- presence and registration
  function setAgentState(next) {
    state.agentState = next.state;
    announce('agent-state', next);
    var badge = $('agent-state'); badge.dataset.state = next.state;
    text(badge, next.state + (next.pauseReason ? ' (' + next.pauseReason + ')' : ''));
    text($('ready-toggle'), next.state === 'paused' || next.state === 'wrap-up' ? 'Ready' : 'Pause');
  }

  function connectPhone() {
    return api('POST', '/workspace/softphone/session').then(function (account) {
      text($('me'), account.displayName);
      phone.start(account);
    }).catch(function (error) { text($('phone-error'), 'Phone: ' + error.message); });
  }

  function connectLive() {
    // eslint-disable-next-line no-undef
    var socket = io('/live', { auth: { token: state.token }, transports: ['websocket'] });
    socket.on('connect', function () { text($('conn'), 'live'); });
    socket.on('disconnect', function () { text($('conn'), 'reconnecting…'); });
    socket.on('connect_error', function (error) { text($('conn'), 'error: ' + error.message); if (error.message === 'UNAUTHENTICATED') signOut(); });
    socket.on('call.offered', function (offer) { showPop(offer.callId, 0); });
    socket.on('rep.state', setAgentState);
    announce('socket', socket);
  }

  function start() {
    $('login').hidden = true; $('app').hidden = false;
    text($('me'), state.login);
    connectLive();
    connectPhone();
    announce('started', {});
    api('GET', '/routing/floor').then(function (floor) { if (floor[0]) setAgentState(floor[0]); }).catch(function () { /* the live event will tell */ });
    listDevices();
    if (navigator.mediaDevices) navigator.mediaDevices.addEventListener('devicechange', listDevices);
  }

  function signOut() { phone.stop(); sessionStorage.removeItem('salescall.token'); location.reload(); }

  phone.on('registration', function (status) {
    var el = $('registration'); el.dataset.state = status;
    text(el, 'phone: ' + (status === 'registered' ? 'ready' : status));
    text($('register-toggle'), status === 'registered' ? 'Disconnect phone' : 'Connect phone');
  });
  phone.on('state', function (next) {
    var wasInCall = $('phone').dataset.state === 'in-call';
    setPhoneState(next);
    if (wasInCall && next.state === 'idle' && state.popCallId) announce('call-ended', { callId: state.popCallId });
    if (next.state === 'in-call') listDevices(); // labels are known once the microphone was granted
  });
  phone.on('hold', function (on) { setPressed('btn-hold', on); });
  phone.on('error', function (message) { text($('phone-error'), message); });

  $('btn-answer').addEventListener('click', function () { phone.answer(); });
  $('btn-decline').addEventListener('click', function () { phone.decline(); });
  $('btn-hangup').addEventListener('click', function () { phone.hangup(); });
  $('btn-mute').addEventListener('click', function () { setPressed('btn-mute', phone.toggleMute()); });
  $('btn-hold').addEventListener('click', function () { setPressed('btn-hold', phone.toggleHold()); });
  $('mic').addEventListener('change', function () { phone.setMicrophone($('mic').value); });
  $('speaker').addEventListener('change', function () { phone.setSpeaker($('speaker').value).catch(function (e) { text($('phone-error'), 'Speaker: ' + e.message); }); });
  $('register-toggle').addEventListener('click', function () { if (phone.ua) phone.stop(); else connectPhone(); });
  $('ready-toggle').addEventListener('click', function () {
    var resume = state.agentState === 'paused' || state.agentState === 'wrap-up';
    api('POST', resume ? '/reps/me/resume' : '/reps/me/pause', resume ? undefined : { reason: 'break' }).then(setAgentState).catch(function (e) { text($('phone-error'), e.message); });
  });

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: $('login-name').value, password: $('login-password').value }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { text($('login-error'), res.body.message || 'Sign-in failed'); return; }
        state.token = res.body.accessToken; state.login = $('login-name').value;
        sessionStorage.setItem('salescall.token', state.token); sessionStorage.setItem('salescall.login', state.login);
        start();
      });
  });

  buildKeypad();
  setPhoneState({ state: 'idle' });
  setInterval(tick, 1000);
  window.addEventListener('beforeunload', function () { phone.stop(); });
  if (state.token) start();
})();
