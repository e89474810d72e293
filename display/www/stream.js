// A server-sent event stream that survives daemon restarts.
//
// EventSource retries by itself only while the server answers with a stream; a refused
// connection or an HTTP error during a restart makes it give up for good. So on any error the
// stream is closed and opened again after 1 s, 2 s, 4 s ... at most 15 s. The daemon starts
// every new connection with a `snapshot` event, which replaces whatever the page held: no
// reload, and nothing missed while away.
//
// Events: `snapshot`, `lane` and `alert`, each with one JSON object as data.

const kTypes = ['snapshot', 'lane', 'alert'];
const kFirstDelayMs = 1000;
const kMaxDelayMs = 15000;

// Opens `url` (a function, so a token or query can change between attempts) and calls
//   onEvent(type, data)  for every event, in order;
//   onStatus(online)     true once a snapshot arrived, false as soon as the stream broke.
// Returns { close() } to stop for good.
export function openStream(url, { onEvent, onStatus }) {
  let source = null;
  let timer = null;
  let delay = kFirstDelayMs;
  let closed = false;

  const connect = () => {
    timer = null;
    if (closed) return;
    source = new EventSource(typeof url === 'function' ? url() : url);
    for (const type of kTypes) {
      source.addEventListener(type, (event) => receive(type, event));
    }
    source.addEventListener('error', broken);
  };

  const receive = (type, event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;  // a torn or foreign message: the next snapshot repairs the picture
    }
    if (type === 'snapshot') {
      delay = kFirstDelayMs;
      onStatus(true);
    }
    onEvent(type, data);
  };

  const broken = () => {
    if (source) source.close();
    source = null;
    onStatus(false);
    if (closed || timer) return;
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, kMaxDelayMs);
  };

  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (source) source.close();
    },
  };
}
