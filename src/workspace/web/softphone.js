/* The browser softphone: JsSIP over SIP-on-WebSocket to Asterisk, WebRTC media. No data here;
 * the SIP account (a per-session password) comes from POST /workspace/softphone/session. */
(function () {
  'use strict';

  function Softphone(audioElement) {
    this.audio = audioElement;
    this.ua = null;
    this.session = null;
    this.localStream = null;
    this.micId = '';
    this.muted = false;
    this.held = false;
    this.listeners = {};
  }

  Softphone.prototype.on = function (event, listener) { (this.listeners[event] = this.listeners[event] || []).push(listener); };
  Softphone.prototype.emit = function (event, value) { (this.listeners[event] || []).forEach(function (listener) { listener(value); }); };

  Softphone.prototype.start = function (account) {
    var self = this;
    this.stop();
    // eslint-disable-next-line no-undef
    var socket = new JsSIP.WebSocketInterface(account.webSocketUrl);
    // eslint-disable-next-line no-undef
    var ua = new JsSIP.UA({ sockets: [socket], uri: account.uri, authorization_user: account.username, password: account.password, realm: account.realm, display_name: account.displayName, register: true, session_timers: false, user_agent: 'salescall-workspace' });
    this.ua = ua;
    ua.on('registered', function () { self.emit('registration', 'registered'); });
    ua.on('unregistered', function () { self.emit('registration', 'unregistered'); });
    ua.on('registrationFailed', function (e) { self.emit('registration', 'failed'); self.emit('error', 'Registration failed: ' + e.cause); });
    ua.on('disconnected', function () { if (self.ua === ua) self.emit('registration', 'reconnecting'); });
    ua.on('newRTCSession', function (e) { if (e.originator === 'remote') self.incoming(e.session, e.request); });
    ua.start();
  };

  Softphone.prototype.stop = function () {
    if (!this.ua) return;
    var ua = this.ua;
    this.ua = null;
    if (this.session) this.hangup();
    ua.stop(); // unregisters, then closes the socket
    this.emit('registration', 'unregistered');
  };

  Softphone.prototype.incoming = function (session, request) {
    var self = this;
    if (this.session) { session.terminate({ status_code: 486, reason_phrase: 'Busy Here' }); return; }
    this.session = session;
    this.muted = false;
    this.held = false;
    var identity = request.from;
    this.emit('state', { state: 'ringing', party: identity.display_name || identity.uri.user });
    session.on('peerconnection', function (e) { self.watchRemoteAudio(e.peerconnection); });
    session.on('accepted', function () { self.emit('state', { state: 'in-call', since: Date.now() }); });
    session.on('hold', function () { self.emit('hold', true); });
    session.on('unhold', function () { self.emit('hold', false); });
    var ended = function (e) {
      if (self.session !== session) return;
      self.session = null;
      self.releaseMicrophone();
      self.emit('state', { state: 'idle', cause: e.cause });
    };
    session.on('ended', ended);
    session.on('failed', ended);
  };

  Softphone.prototype.watchRemoteAudio = function (pc) {
    var self = this;
    pc.addEventListener('track', function (e) { self.audio.srcObject = e.streams[0] || new MediaStream([e.track]); });
  };

  Softphone.prototype.answer = function () {
    var self = this, session = this.session;
    if (!session) return Promise.resolve();
    return navigator.mediaDevices.getUserMedia({ audio: this.micId ? { deviceId: { exact: this.micId } } : true, video: false }).then(function (stream) {
      if (self.session !== session) { stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      self.localStream = stream;
      session.answer({ mediaStream: stream, pcConfig: { iceServers: [] } });
    }).catch(function (error) { self.emit('error', 'Microphone: ' + error.message); });
  };

  Softphone.prototype.decline = function () {
    if (this.session) this.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  };

  Softphone.prototype.hangup = function () {
    if (this.session) this.session.terminate();
  };

  Softphone.prototype.toggleMute = function () {
    if (!this.session) return false;
    this.muted = !this.muted;
    if (this.muted) this.session.mute({ audio: true }); else this.session.unmute({ audio: true });
    return this.muted;
  };

  /** Hold is a re-INVITE with a=sendonly: Asterisk plays music on hold to the client. */
  Softphone.prototype.toggleHold = function () {
    if (!this.session) return false;
    this.held = !this.held;
    if (this.held) this.session.hold(); else this.session.unhold();
    return this.held;
  };

  /** RFC 4733 telephone-events in the media stream, as Asterisk's endpoint expects (dtmf_mode=rfc4733). */
  Softphone.prototype.dtmf = function (digit) {
    if (this.session && this.session.isEstablished()) this.session.sendDTMF(digit, { transportType: 'RFC2833', duration: 120, interToneGap: 70 });
  };

  Softphone.prototype.setMicrophone = function (deviceId) {
    var self = this;
    this.micId = deviceId;
    var pc = this.session && this.session.connection;
    if (!pc || !this.localStream) return Promise.resolve();
    return navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true }).then(function (stream) {
      var track = stream.getAudioTracks()[0];
      pc.getSenders().forEach(function (sender) { if (sender.track && sender.track.kind === 'audio') sender.replaceTrack(track); });
      self.releaseMicrophone();
      self.localStream = stream;
      if (self.muted) track.enabled = false;
    });
  };

  Softphone.prototype.setSpeaker = function (deviceId) {
    return typeof this.audio.setSinkId === 'function' ? this.audio.setSinkId(deviceId) : Promise.resolve();
  };

  Softphone.prototype.releaseMicrophone = function () {
    if (this.localStream) this.localStream.getTracks().forEach(function (t) { t.stop(); });
    this.localStream = null;
  };

  window.Softphone = Softphone;
})();
