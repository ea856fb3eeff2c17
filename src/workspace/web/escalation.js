/* Escalation from the in-call area of /workspace: hand the client on this call to a strong seller,
 * warm (talk to them first while the client hears music, then complete or cancel) or into the
 * strong tier's ladder. REST: POST /calls/:callId/escalations {mode}, .../complete, .../cancel.
 * The call id is the screen pop's (#pop[data-call-id]); the box shows while #phone is in a call. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var box = $('escalation');
  if (!box) return;
  var current = { callId: null, phase: null };

  function callId() { return $('pop') && $('pop').dataset.callId; }

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('salescall.token') }, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (json) { if (!r.ok) throw new Error(json.message || ('HTTP ' + r.status)); return json; }); });
  }

  function show(phase, message) {
    current.phase = phase;
    box.dataset.phase = phase || 'idle';
    $('esc-status').textContent = message || '';
    var running = phase === 'ringing' || phase === 'consulting';
    $('esc-warm').disabled = running || phase === 'handed-over' || phase === 'laddered';
    $('esc-ladder').disabled = running || phase === 'handed-over' || phase === 'laddered';
    $('esc-complete').disabled = phase !== 'consulting' && phase !== 'ringing';
    $('esc-cancel').disabled = !running;
  }

  function act(path, body, describe) {
    var id = callId();
    if (!id) { show(current.phase, 'No call to escalate.'); return; }
    current.callId = id;
    post('/calls/' + id + '/escalations' + path, body)
      .then(function (result) { show(result.phase, describe(result)); })
      .catch(function (error) { show(current.phase, 'Refused: ' + error.message); });
  }

  $('esc-warm').addEventListener('click', function () {
    act('', { mode: 'warm' }, function () { return 'Ringing a strong seller; the client hears music. Complete once you have briefed them.'; });
  });
  $('esc-ladder').addEventListener('click', function () {
    act('', { mode: 'ladder' }, function () { return 'The client waits for the strong tier; you are free.'; });
  });
  $('esc-complete').addEventListener('click', function () {
    act('/complete', null, function () { return 'Handed over: the client is with the strong seller.'; });
  });
  $('esc-cancel').addEventListener('click', function () {
    act('/cancel', null, function () { return 'Cancelled: the client is back with you.'; });
  });

  // Shown while the phone card is in a call; a new call starts from scratch.
  new MutationObserver(function () {
    var inCall = $('phone').dataset.state === 'in-call';
    box.hidden = !inCall;
    if (inCall && current.callId !== callId()) { current.callId = callId(); show(null, ''); }
  }).observe($('phone'), { attributes: true, attributeFilter: ['data-state'] });
  show(null, '');
})();
