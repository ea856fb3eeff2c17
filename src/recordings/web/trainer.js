// The trainers' page: plain browser JavaScript, no build step. It holds no data of its own: it
// signs in through POST /auth/login and calls the API with the bearer token.
(function () {
  'use strict';
  const state = { token: sessionStorage.getItem('salescall.token'), current: null, comments: [], template: null };
  const $ = (selector) => document.querySelector(selector);
  const audio = $('#audio');

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ Authorization: 'Bearer ' + state.token }, body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.status === 401) signOut();
    if (!response.ok) throw new Error((payload && payload.message) || 'HTTP ' + response.status);
    return payload;
  }

  function showError(error) { $('#error').textContent = error ? String(error.message || error) : ''; }
  function clock(seconds) { const s = Math.max(0, Math.floor(seconds || 0)); return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }
  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function cell(row, value) { const td = document.createElement('td'); td.textContent = text(value); row.appendChild(td); }

  function signOut() { state.token = null; sessionStorage.removeItem('salescall.token'); $('#app').hidden = true; $('#login').hidden = false; }

  $('#login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const response = await fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: form.get('login'), password: form.get('password') }) });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) { $('#login-error').textContent = payload.message || 'Sign-in failed'; return; }
    state.token = payload.accessToken;
    sessionStorage.setItem('salescall.token', state.token);
    start();
  });

  async function start() {
    $('#login').hidden = true;
    $('#app').hidden = false;
    try {
      const templates = await api('GET', '/scorecard-templates');
      state.template = templates.find((t) => t.key === 'default') || templates[0] || null;
      renderCriteria();
      await search();
    } catch (error) { showError(error); }
  }

  async function search() {
    const form = new FormData($('#filters'));
    const params = new URLSearchParams();
    for (const [name, value] of form.entries()) {
      if (!value) continue;
      params.set(name, name === 'from' || name === 'to' ? new Date(value + 'T00:00:00Z').toISOString() : value);
    }
    const result = await api('GET', '/recordings?' + params.toString());
    const body = $('#list tbody');
    body.replaceChildren();
    for (const item of result.items) {
      const row = document.createElement('tr');
      row.dataset.id = item.id;
      cell(row, new Date(item.startedAt).toLocaleString());
      cell(row, item.repName);
      cell(row, item.clientName);
      cell(row, item.direction);
      cell(row, item.outcome);
      cell(row, [item.dealStage, item.dealStatus].filter(Boolean).join(' / '));
      cell(row, clock(item.durationSeconds));
      cell(row, item.nps);
      cell(row, item.qaScore);
      row.addEventListener('click', () => open(item, row).catch(showError));
      body.appendChild(row);
    }
    $('#total').textContent = result.total + ' recording(s)';
  }

  $('#filters').addEventListener('submit', (event) => { event.preventDefault(); showError(null); search().catch(showError); });

  async function open(item, row) {
    document.querySelectorAll('#list tr.selected').forEach((tr) => tr.classList.remove('selected'));
    row.classList.add('selected');
    state.current = item;
    $('#player').hidden = false;
    $('#player-title').textContent = text(item.repName) + ' · ' + text(item.clientName) + ' · ' + new Date(item.startedAt).toLocaleString();
    // A short-lived presigned URL: the audio element seeks with HTTP Range against the store.
    const { url } = await api('GET', '/recordings/' + item.id + '/url');
    audio.src = url;
    audio.load();
    await loadComments();
  }

  async function loadComments() {
    state.comments = await api('GET', '/recordings/' + state.current.id + '/comments');
    const list = $('#comments');
    list.replaceChildren();
    for (const comment of state.comments) {
      const li = document.createElement('li');
      li.textContent = clock(comment.offsetSeconds) + ' — ' + comment.body;
      li.addEventListener('click', () => { audio.currentTime = comment.offsetSeconds; });
      list.appendChild(li);
    }
    renderTimeline();
  }

  function renderTimeline() {
    const line = $('#timeline');
    line.replaceChildren();
    const duration = (state.current && state.current.durationSeconds) || audio.duration || 0;
    if (!duration) return;
    for (const window of (state.current.pausedWindows || [])) {
      const span = document.createElement('div');
      span.className = 'paused';
      const to = window.toSeconds === null ? duration : window.toSeconds;
      span.style.left = (100 * window.fromSeconds / duration) + '%';
      span.style.width = (100 * (to - window.fromSeconds) / duration) + '%';
      span.title = 'Recording paused ' + clock(window.fromSeconds) + '–' + clock(to);
      line.appendChild(span);
    }
    for (const comment of state.comments) {
      const mark = document.createElement('div');
      mark.className = 'mark';
      mark.style.left = Math.min(99.5, 100 * comment.offsetSeconds / duration) + '%';
      mark.title = clock(comment.offsetSeconds) + ' ' + comment.body;
      mark.addEventListener('click', () => { audio.currentTime = comment.offsetSeconds; });
      line.appendChild(mark);
    }
  }

  audio.addEventListener('timeupdate', () => { $('#now').textContent = clock(audio.currentTime); });
  audio.addEventListener('loadedmetadata', renderTimeline);

  $('#comment-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = event.target.elements.body;
    try {
      await api('POST', '/recordings/' + state.current.id + '/comments', { offsetSeconds: Math.round(audio.currentTime * 100) / 100, body: input.value });
      input.value = '';
      await loadComments();
    } catch (error) { showError(error); }
  });

  function renderCriteria() {
    const box = $('#criteria');
    box.replaceChildren();
    if (!state.template) return;
    for (const criterion of state.template.criteria) {
      const label = document.createElement('label');
      label.textContent = criterion.label + ' (×' + criterion.weight + ') ';
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', min: 0, max: criterion.maxPoints, required: true, name: criterion.key, value: '' });
      label.appendChild(input);
      box.appendChild(label);
    }
  }

  $('#scorecard').addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers = {};
    for (const criterion of state.template.criteria) answers[criterion.key] = Number(event.target.elements[criterion.key].value);
    const note = event.target.elements.note.value || undefined;
    try {
      const result = await api('POST', '/recordings/' + state.current.id + '/scores', { templateKey: state.template.key, answers, note });
      $('#score-result').textContent = 'Score: ' + result.score + ' / 100';
    } catch (error) { showError(error); }
  });

  if (state.token) start();
})();
