// Talking to the daemon from the staff kiosk.
//
// The staff page shows customer data, so off the machine the daemon wants a staff token. A
// browser cannot add a header to a page load, so the token travels in the URL fragment
// (/staff#token=...), which is never sent to a server or written to its logs; the page
// passes it on as a bearer header to fetch(), and as ?token= on the event stream, the one
// request EventSource cannot add headers to. On the machine itself no token is needed.

export function staffToken(hash = location.hash) {
  return new URLSearchParams(String(hash).replace(/^#/, '')).get('token') || '';
}

function headers(extra = {}) {
  const token = staffToken();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function answer(response, what) {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return response.json();
}

export async function getJson(path) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  return answer(response, `GET ${path}`);
}

export async function postJson(path, body = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  });
  return answer(response, `POST ${path}`);
}

export function streamUrl(path) {
  const token = staffToken();
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}
