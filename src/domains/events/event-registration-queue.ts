// Registrations for one event take its row lock one at a time (event.repository's lockRegistrations), whatever the
// process. Within a process, this queue lets one of them at a time ask for the lock: the others wait here, not
// holding a database connection blocked on the row, so a burst (1,000 people pressing at once) does not fill the
// connection pool with waiters and starve every other query past the pool's timeout. Correctness never depends on
// it: another instance is kept out by the row lock alone.

const queues = new WeakMap<object, Map<number, Promise<unknown>>>();

/** Runs `work` after the earlier work of this database handle for this event has finished (failed or not). */
export function oneAtATime<T>(db: object, eventId: number, work: () => Promise<T>): Promise<T> {
  let byEvent = queues.get(db);
  if (!byEvent) {
    byEvent = new Map();
    queues.set(db, byEvent);
  }
  const before = byEvent.get(eventId) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  byEvent.set(eventId, settled);
  // The last in line leaves the map empty behind it, so events that are over hold nothing.
  void settled.then(() => {
    if (byEvent.get(eventId) === settled) byEvent.delete(eventId);
  });
  return run;
}
