/** The UTC instant of a wall-clock time ("2026-12-01T14:30") in an IANA time zone ("Europe/Zurich"). */
export function zonedTimeToUtc(local: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError('expected YYYY-MM-DDTHH:MM');
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const asUtc = Date.UTC(y as number, (mo as number) - 1, d, h, mi);
  // Guess, see what wall-clock time the guess is in the zone, correct by the difference; twice covers DST edges.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - (wallClockMs(new Date(guess), timeZone) - guess);
  return new Date(guess);
}

function wallClockMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** Every time zone this Node.js knows, for the scheduling form. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** A timestamp in a time zone, with the zone's name, for "scheduled for …" texts. */
export function formatInZone(locale: string, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone, timeZoneName: 'short' }).format(new Date(iso));
}
