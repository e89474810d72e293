// Times on the staff kiosk: the clock time, and how long ago, for microseconds since the epoch
// (lanes and alerts) or ISO-8601 text (orders and health).

function toDate(value) {
  if (value === null || value === undefined || value === '' || value === 0) return null;
  const date = typeof value === 'number' ? new Date(Math.floor(value / 1000)) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n) => String(n).padStart(2, '0');

// "14:05:09", or "28.11. 14:05" when it was not today.
export function clockTime(value, now = new Date()) {
  const date = toDate(value);
  if (!date) return '';
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (date.toDateString() === now.toDateString()) return time;
  return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}. ${time.slice(0, 5)}`;
}

// "just now", "42 s", "7 min", "3 h 05 min", "2 d".
export function elapsed(value, now = new Date()) {
  const date = toDate(value);
  if (!date) return '';
  const seconds = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d`;
}

// "14:05:09 (7 min)".
export function sinceText(value, now = new Date()) {
  const clock = clockTime(value, now);
  return clock ? `${clock} (${elapsed(value, now)})` : '';
}
