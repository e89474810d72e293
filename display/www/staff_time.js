// Times on the staff kiosk, in the store's time zone and the staff locale's way of writing
// them: the clock time, and how long ago, for microseconds since the epoch (lanes and alerts)
// or ISO-8601 text (orders and health).

function toDate(value) {
  if (value === null || value === undefined || value === '' || value === 0) return null;
  const date = typeof value === 'number' ? new Date(Math.floor(value / 1000)) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n) => String(n).padStart(2, '0');

// "just now", "42 s", "7 min", "3 h 05 min", "2 d": unit symbols every staff locale reads.
function elapsedText(seconds, t) {
  if (seconds < 5) return t('justNow');
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d`;
}

// The clock of the kiosk. `timeZone` is an IANA name (store.time_zone); "" means the
// browser's own. `t` is the staff translator (i18n.js).
export function makeClock(locale, timeZone, t) {
  const zone = timeZone || undefined;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: zone });
  const dayAndTime = new Intl.DateTimeFormat(locale, {
    day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: zone,
  });
  // The calendar day in the store's zone, to tell "today" from earlier days.
  const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone });

  // "14:05:09" (de-DE, en-GB) or "02:05:09 PM" (en-US); with the date when it was not today.
  function clockTime(value, now = new Date()) {
    const date = toDate(value);
    if (!date) return '';
    return day.format(date) === day.format(now) ? time.format(date) : dayAndTime.format(date);
  }

  function elapsed(value, now = new Date()) {
    const date = toDate(value);
    if (!date) return '';
    return elapsedText(Math.max(0, Math.floor((now.getTime() - date.getTime()) / 1000)), t);
  }

  // "14:05:09 (7 min)".
  function sinceText(value, now = new Date()) {
    const clock = clockTime(value, now);
    return clock ? `${clock} (${elapsed(value, now)})` : '';
  }

  return { clockTime, elapsed, sinceText };
}
