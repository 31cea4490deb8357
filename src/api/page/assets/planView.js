/** A dry run's answer (`{dryRun, key, doors}`), per door: ready with what it would write, or refused and why. */
import { el } from './dom.js';

export function planView(plan, locks) {
  const doors = plan.doors ?? [];
  return el(
    'div',
    { class: 'plan', dataset: { ok: doors.every((door) => door.ok) } },
    el('h3', {}, 'Dry run: what would be written'),
    el(
      'ul',
      { class: 'cards' },
      doors.map((door) =>
        el(
          'li',
          { class: `card ${door.ok ? '' : 'refused'}`, dataset: { lockId: door.lockId } },
          el('h4', {}, door.lockName ?? locks.get(door.lockId)?.name ?? `Lock ${door.lockId}`),
          door.ok
            ? el('p', { class: 'badge good' }, 'ready')
            : el('p', { class: 'badge bad' }, `refused: ${door.code ?? ''}`),
          door.reason ? el('p', {}, door.reason) : null,
          el(
            'ul',
            { class: 'writes' },
            (door.writes ?? []).map((write) =>
              el('li', {}, `${write.kind} for ${write.person}: ${write.local}`),
            ),
          ),
        ),
      ),
    ),
    (plan.key?.warnings ?? []).length
      ? el(
          'ul',
          { class: 'warnings' },
          plan.key.warnings.map((warning) => el('li', {}, warning.message)),
        )
      : null,
  );
}
