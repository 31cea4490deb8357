/**
 * Topic names of the mirror (DESIGN.md "MQTT contract"). A lock's topic level is a slug of its name, unique
 * and stable per serial number; nothing published here can contain a wildcard.
 */

/** The last topic level of a lock: lowercase ASCII letters, digits and underscores. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const RESERVED = new Set(['bridge']);

function tailOf(serialNumber: string): string {
  return slugify(serialNumber).replace(/_/g, '').slice(-6);
}

/** Whether `slug` is one this lock's name and serial could have been given (plain, or with its serial's end). */
function fits(slug: string, base: string, tail: string): boolean {
  return slug === base || slug === `${base}_${tail}` || slug.startsWith(`${base}_${tail}_`);
}

/**
 * A slug per serial number. A lock keeps the slug it had (`previous`) while its name still gives it, so adding
 * or removing another lock never moves its topics. New and renamed locks are taken in serial-number order, so a
 * name clash resolves the same way every time: the first keeps the plain slug, the others get the end of their
 * serial number appended.
 */
export function assignSlugs(
  locks: readonly { serialNumber: string; name: string }[],
  previous: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const sorted = [...locks].sort((a, b) => a.serialNumber.localeCompare(b.serialNumber));
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const lock of sorted) {
    const kept = previous.get(lock.serialNumber);
    if (kept && !taken.has(kept) && fits(kept, slugify(lock.name) || 'lock', tailOf(lock.serialNumber))) {
      slugs.set(lock.serialNumber, kept);
      taken.add(kept);
    }
  }
  for (const lock of sorted.filter((candidate) => !slugs.has(candidate.serialNumber))) {
    const base = slugify(lock.name) || 'lock';
    const tail = tailOf(lock.serialNumber);
    let slug = base;
    for (let n = 1; taken.has(slug) || RESERVED.has(slug); n++)
      slug = n === 1 ? `${base}_${tail}` : `${base}_${tail}_${n}`;
    taken.add(slug);
    slugs.set(lock.serialNumber, slug);
  }
  return slugs;
}

export class Topics {
  constructor(readonly base: string) {}

  get bridgeState(): string {
    return `${this.base}/bridge/state`;
  }

  /** Subscription for every lock's command topic. */
  get commands(): string {
    return `${this.base}/+/set`;
  }

  state(slug: string): string {
    return `${this.base}/${slug}`;
  }

  availability(slug: string): string {
    return `${this.base}/${slug}/availability`;
  }

  set(slug: string): string {
    return `${this.base}/${slug}/set`;
  }

  result(slug: string): string {
    return `${this.base}/${slug}/result`;
  }

  /** The lock's activity log, one message per entry, not retained. */
  activity(slug: string): string {
    return `${this.base}/${slug}/activity`;
  }

  /** Subscription for every lock's availability (to overwrite a previous run's retained `online`). */
  get availabilities(): string {
    return `${this.base}/+/availability`;
  }

  /** The default response space for MQTT 5 response topics. */
  get responses(): string {
    return `${this.base}/response/#`;
  }

  /** The slug of an availability topic, or undefined for any other topic. */
  slugOfAvailability(topic: string): string | undefined {
    return this.slugOf(topic, '/availability');
  }

  /** The slug of a command topic, or undefined for any other topic. */
  slugOfCommand(topic: string): string | undefined {
    return this.slugOf(topic, '/set');
  }

  private slugOf(topic: string, suffix: string): string | undefined {
    const prefix = `${this.base}/`;
    if (!topic.startsWith(prefix) || !topic.endsWith(suffix)) return undefined;
    const slug = topic.slice(prefix.length, -suffix.length);
    return slug.includes('/') || slug === '' ? undefined : slug;
  }
}

/** Whether `topic` matches the MQTT topic filter `filter` (`+` one level, `#` the rest, as brokers match). */
export function matchesFilter(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}
