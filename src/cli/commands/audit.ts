/** tedee-hub audit [--since ISO] [--app NAME] [--limit N] [--json]: the API's audit log (docs/cli.md). */
import { AUDIT_MAX_LIMIT } from '../../core/apps/audit.js';
import { numericOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { auditLines } from '../apps/appOutput.js';
import { APPS_COMMON_OPTIONS, asFlags, withApplications } from '../apps/appsSession.js';
import { jsonLines } from '../keys/keyOutput.js';

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { ...APPS_COMMON_OPTIONS, since: { type: 'string' }, app: { type: 'string' }, limit: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const limit = numericOption(values.limit, 'limit', { min: 1, max: AUDIT_MAX_LIMIT, fallback: 1000 });
  return withApplications(values, io, (apps) => {
    const entries = asFlags({ since: '--since' }, () =>
      apps.audit.list({ since: values.since, application: values.app, limit }),
    );
    if (values.json) jsonLines(entries).forEach(io.out);
    else if (entries.length === 0) io.out('No audit entries.');
    else auditLines(entries).forEach((line) => io.out(line));
    return 0;
  });
}
