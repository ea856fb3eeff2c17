/* The wrap-up form: shown when a call ends, saved with POST /workspace/calls/:id/wrap-up ("Save and ready"). */
(function () {
  'use strict';
  var hooks = window.SalescallWorkspace = window.SalescallWorkspace || { bus: new EventTarget() };
  var $ = function (id) { return document.getElementById(id); };
  var wrap = { callId: null, until: null, wrapUpSeconds: null, stagesLoaded: false };

  function text(el, value) { el.textContent = value == null ? '' : String(value); return el; }
  function outcome() { var checked = document.querySelector('#wrap-up-outcomes input:checked'); return checked ? checked.value : 'interested'; }
  function iso(localValue) { return localValue ? new Date(localValue).toISOString() : undefined; }
  function localInput(date) { var d = new Date(date.getTime() - date.getTimezoneOffset() * 60000); return d.toISOString().slice(0, 16); }

  /** Only the fields that go with the chosen outcome are shown. */
  function showFieldsFor(value) {
    Array.prototype.forEach.call(document.querySelectorAll('#wrap-up-form [data-for]'), function (label) {
      var forWhat = label.dataset.for;
      label.hidden = forWhat === 'open' ? value === 'won' || value === 'lost' : forWhat !== value;
    });
  }

  function loadStages() {
    if (wrap.stagesLoaded) return;
    hooks.api('GET', '/pipeline-stages').then(function (stages) {
      wrap.stagesLoaded = true;
      stages.filter(function (s) { return s.active; }).forEach(function (stage) {
        var option = document.createElement('option'); option.value = stage.key; option.textContent = stage.name;
        $('wrap-up-stage').appendChild(option);
      });
    }).catch(function () { /* the form still works without a stage change */ });
  }

  function open(callId) {
    wrap.callId = callId;
    $('wrap-up-form').reset();
    $('wrap-up-form').hidden = false;
    $('wrap-up-saved').hidden = true;
    text($('wrap-up-error'), '');
    $('wrap-up').dataset.callId = callId;
    $('wrap-up').hidden = false;
    $('wrap-up-callback-at').value = localInput(new Date(Date.now() + 2 * 3600000));
    showFieldsFor(outcome());
    loadStages();
    tick();
  }

  /** The wrap-up time the rules give (routing.wrapUpSeconds), counted from when the rep entered wrap-up. */
  function tick() {
    var el = $('wrap-up-timer');
    if ($('wrap-up').hidden || !wrap.until) { text(el, ''); el.dataset.state = 'idle'; return; }
    var left = Math.max(0, Math.round((wrap.until - Date.now()) / 1000));
    el.dataset.state = left > 0 ? 'running' : 'over';
    text(el, left > 0 ? 'ready in ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') : 'wrap-up time is over');
  }

  function body() {
    var value = outcome();
    var form = { outcome: value };
    var note = $('wrap-up-note').value.trim(); if (note) form.note = note;
    if (value === 'callback') form.callbackAt = iso($('wrap-up-callback-at').value);
    if (value === 'won' && $('wrap-up-amount').value !== '') form.amount = Number($('wrap-up-amount').value);
    if (value === 'lost') form.lostReason = $('wrap-up-lost-reason').value.trim();
    if (value !== 'won' && value !== 'lost' && $('wrap-up-stage').value) form.stageKey = $('wrap-up-stage').value;
    var reason = $('wrap-up-task-reason').value.trim();
    if (reason) form.nextTask = { reason: reason, dueAt: iso($('wrap-up-task-due').value) || new Date(Date.now() + 86400000).toISOString() };
    return form;
  }

  function save(event) {
    event.preventDefault();
    if (!wrap.callId) return;
    $('wrap-up-save').disabled = true;
    hooks.api('POST', '/workspace/calls/' + wrap.callId + '/wrap-up', body()).then(function (saved) {
      $('wrap-up-form').hidden = true;
      var saidWhat = 'Saved: ' + saved.outcome.replace('-', ' ') + (saved.dealStatus && saved.dealStatus !== 'open' ? ', deal ' + saved.dealStatus : '') + (saved.taskIds.length ? ', ' + saved.taskIds.length + ' task(s)' : '') + (saved.repState ? ' — you are ' + saved.repState : '');
      var done = text($('wrap-up-saved'), saidWhat); done.hidden = false; done.dataset.outcome = saved.outcome;
      wrap.until = null; tick();
      hooks.bus.dispatchEvent(new CustomEvent('wrap-up-saved', { detail: saved }));
    }).catch(function (error) { text($('wrap-up-error'), error.message); })
      .then(function () { $('wrap-up-save').disabled = false; });
  }

  hooks.bus.addEventListener('call-ended', function (event) { open(event.detail.callId); });
  hooks.bus.addEventListener('my-work', function (event) { wrap.wrapUpSeconds = event.detail.presence.wrapUpSeconds; });
  hooks.bus.addEventListener('agent-state', function (event) {
    var next = event.detail;
    if (next.state === 'wrap-up' && next.since && wrap.wrapUpSeconds != null) wrap.until = new Date(next.since).getTime() + wrap.wrapUpSeconds * 1000;
    else if (next.state !== 'wrap-up') wrap.until = wrap.until && next.state === 'available' ? Date.now() : null;
    tick();
  });
  $('wrap-up-outcomes').addEventListener('change', function () { showFieldsFor(outcome()); });
  $('wrap-up-form').addEventListener('submit', save);
  setInterval(tick, 1000);
})();
