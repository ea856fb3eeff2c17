/* My work: next call, callbacks due, today against plan, pause reasons; and the "call now" toast. */
(function () {
  'use strict';
  var hooks = window.SalescallWorkspace = window.SalescallWorkspace || { bus: new EventTarget() };
  var $ = function (id) { return document.getElementById(id); };
  var BUCKETS = { 'call-now': 'Call now — reading the proposal', 'overdue-callback': 'Callback due', 'due-task': 'Task due', 'hot-lead': 'Hot lead', 'warm-lead': 'Warm lead', 'cold-lead': 'Cold lead' };
  var pending = null;

  function text(el, value) { el.textContent = value == null ? '' : String(value); return el; }
  function when(iso) { return new Date(iso).toLocaleString([], { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }); }

  function refresh() {
    if (pending) return pending;
    pending = hooks.api('GET', '/workspace/me/work').then(render).catch(function (error) { text($('pause-status'), 'My work: ' + error.message); })
      .then(function () { pending = null; });
    return pending;
  }

  function render(work) {
    hooks.bus.dispatchEvent(new CustomEvent('my-work', { detail: work }));
    var next = work.nextCall;
    $('next-call').dataset.bucket = next ? next.bucket : '';
    $('next-call').dataset.taskId = next && next.taskId ? next.taskId : '';
    text($('next-call-client'), next ? next.clientName : 'Nothing to call right now');
    text($('next-call-detail'), next ? (BUCKETS[next.bucket] || next.bucket) + (next.phone ? ' · ' + next.phone : '') + (next.dealStage ? ' · ' + next.dealStage : '') : '');
    var list = $('my-callbacks'); list.textContent = '';
    if (work.callbacks.length === 0) text(list.appendChild(document.createElement('li')), 'None due today');
    work.callbacks.forEach(function (task) {
      var item = text(document.createElement('li'), (task.type === 'call-now' ? 'Call now: ' : '') + task.clientName + ' — ' + when(task.dueAt));
      item.className = task.type === 'call-now' ? 'call-now' : task.overdue ? 'overdue' : ''; item.dataset.type = task.type;
      list.appendChild(item);
    });
    plan('calls', work.today.calls, work.today.callTarget);
    plan('deals', work.today.dealsWon, work.today.dealTarget);
    var select = $('pause-reason');
    if (select.options.length === 0) work.presence.pauseReasons.forEach(function (reason) { var o = document.createElement('option'); o.value = reason; o.textContent = reason; select.appendChild(o); });
    presence(work.presence);
  }

  function plan(kind, fact, target) {
    text($('plan-' + kind), fact + ' / ' + (target || '—'));
    var meter = $('plan-' + kind + '-meter');
    meter.max = Math.max(target, fact, 1); meter.value = fact; meter.low = target * 0.5; meter.high = target * 0.9; meter.optimum = meter.max;
  }

  function presence(p) {
    var paused = p.state === 'paused';
    $('pause-go').disabled = paused || p.state === 'on-call' || p.state === 'ringing';
    $('pause-resume').disabled = !(paused || p.state === 'wrap-up');
    text($('pause-status'), paused ? 'Paused: ' + (p.pauseReason || '') + ' since ' + when(p.since) : 'You are ' + p.state);
  }

  function toast(event) {
    var box = document.createElement('div');
    box.className = 'toast'; box.dataset.dealId = event.dealId; box.setAttribute('role', 'alert');
    text(box.appendChild(document.createElement('strong')), 'Call now: ');
    box.appendChild(document.createTextNode(event.clientName + ' is reading the proposal' + (event.phone ? ' — ' + event.phone : '')));
    var close = box.appendChild(document.createElement('button')); close.textContent = '×'; close.className = 'small';
    close.addEventListener('click', function () { box.remove(); });
    $('toasts').appendChild(box);
    setTimeout(function () { box.remove(); }, 60000);
  }

  function presenceCall(path, payload) {
    hooks.api('POST', path, payload).then(function (rep) { presence({ state: rep.state, pauseReason: rep.pauseReason, since: rep.since }); refresh(); })
      .catch(function (error) { text($('pause-status'), error.message); });
  }

  hooks.bus.addEventListener('started', function () { refresh(); });
  hooks.bus.addEventListener('wrap-up-saved', function () { refresh(); });
  hooks.bus.addEventListener('agent-state', function (event) { presence(event.detail); });
  hooks.bus.addEventListener('socket', function (event) {
    event.detail.on('call-now', function (payload) { toast(payload); refresh(); });
    event.detail.on('connect', function () { refresh(); });
  });
  $('my-work-refresh').addEventListener('click', function () { refresh(); });
  $('pause-go').addEventListener('click', function () { presenceCall('/reps/me/pause', { reason: $('pause-reason').value || 'break' }); });
  $('pause-resume').addEventListener('click', function () { presenceCall('/reps/me/resume'); });
  setInterval(function () { if (!document.hidden && hooks.api) refresh(); }, 30000);
})();
