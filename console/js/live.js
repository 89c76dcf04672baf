// Live case updates over MediClear's WebSocket (API.md, WebSocket): connect to `/ws?token=…`,
// subscribe to one channel, receive `{"type":"case.updated","case":…}`. Reconnects with backoff;
// each (re)subscription calls onSubscribed so the view can reload what it may have missed.

import { h, fill } from './dom.js';

const LABELS = {
  connecting: 'Connecting to live updates…',
  live: 'Live: updates arrive as they happen',
  reconnecting: 'Live updates interrupted; reconnecting…',
  refused: 'Live updates refused',
  closed: 'Live updates off',
};

// Where the WebSocket is: offline, this origin's `/ws`; on AWS the WebSocket API has its own
// domain, which scripts/deploy-console.sh writes into `/console/config.json` (absent offline).
let socketBase = null;
async function socketUrl() {
  if (socketBase === null) {
    socketBase = new URL('/ws', window.location.href).toString();
    try {
      const response = await fetch('/console/config.json', { cache: 'no-store' });
      if (response.ok) {
        const config = await response.json();
        if (typeof config.websocket_url === 'string' && config.websocket_url.startsWith('wss://')) socketBase = config.websocket_url;
      }
    } catch {
      // No configuration: this origin's /ws.
    }
  }
  const url = new URL(socketBase);
  if (url.protocol === 'http:' || url.protocol === 'https:') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

export function openLive({ token, channel, onCase, onSubscribed, indicator }) {
  let socket = null;
  let stopped = false;
  let attempt = 0;
  let timer = null;

  function show(state, detail) {
    if (!indicator) return;
    indicator.dataset.state = state;
    fill(indicator, h('span', { class: 'dot', 'aria-hidden': 'true' }), LABELS[state] + (detail ? ` (${detail})` : ''));
  }

  async function connect() {
    const url = await socketUrl();
    if (stopped) return;
    url.searchParams.set('token', token);
    url.hash = '';
    show(attempt ? 'reconnecting' : 'connecting');
    socket = new WebSocket(url.toString());
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ action: 'subscribe', channel }));
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'subscribed') {
        attempt = 0;
        show('live');
        if (onSubscribed) onSubscribed();
      } else if (message.type === 'case.updated' && message.case) {
        onCase(message.case);
      } else if (message.type === 'error') {
        show('refused', message.error && message.error.message);
      }
    });
    socket.addEventListener('close', () => {
      if (stopped) return;
      show('reconnecting');
      const delay = Math.min(15000, 500 * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(connect, delay);
    });
  }

  connect();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      if (socket) socket.close();
      show('closed');
    },
  };
}
