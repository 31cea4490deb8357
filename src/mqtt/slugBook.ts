/**
 * Which topic level (slug) each lock has, by serial number, kept in the hub's data folder so that a lock keeps
 * its topics across restarts and name clashes (docs/mqtt.md). Without a data folder it lives in memory.
 */
import type { JsonFile } from './dataFile.js';
import { assignSlugs } from './topics.js';

interface Stored {
  slugs: Record<string, string>;
}

export class SlugBook {
  private slugs: Map<string, string>;

  constructor(private readonly file: JsonFile<Stored> | undefined) {
    const stored = file?.read()?.slugs ?? {};
    this.slugs = new Map(
      Object.entries(stored).filter(([, slug]) => typeof slug === 'string' && slug !== ''),
    );
  }

  get(serialNumber: string): string | undefined {
    return this.slugs.get(serialNumber);
  }

  /** Every slug known, including those of the previous run until the locks are read. */
  all(): string[] {
    return [...this.slugs.values()];
  }

  serialOf(slug: string): string | undefined {
    return [...this.slugs].find(([, candidate]) => candidate === slug)?.[0];
  }

  /**
   * Assigns slugs to the current locks, keeping every slug a lock already had while its name still gives it.
   * Returns the slugs that are no longer used (a rename, or a lock gone) and the serials whose slug changed.
   */
  update(locks: readonly { serialNumber: string; name: string }[]): {
    dropped: { serialNumber: string; slug: string }[];
    moved: Set<string>;
  } {
    const next = assignSlugs(locks, this.slugs);
    const used = new Set(next.values());
    const dropped = [...this.slugs]
      .filter(([, slug]) => !used.has(slug))
      .map(([serialNumber, slug]) => ({ serialNumber, slug }));
    const moved = new Set(
      [...next].filter(([serial, slug]) => this.slugs.get(serial) !== slug).map(([serial]) => serial),
    );
    const changed = dropped.length > 0 || moved.size > 0;
    this.slugs = next;
    if (changed) this.file?.write({ slugs: Object.fromEntries(next) });
    return { dropped, moved };
  }
}
