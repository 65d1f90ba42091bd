import { ProgrammeDimension } from '../../../contract/enums.js';
import { ChangeEntity } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { logDelete, logWrite } from './change-log/append.js';
import { snapshotOf } from './change-log/snapshot.js';
import type { ConnectionData } from '../entities/connection.js';
import { Programme } from '../entities/programme.entity.js';
import { ProgrammeStat } from '../entities/stats.js';
import type { ProgrammeFilter } from '../inputs/filters.js';
import type { ProgrammeListArgs } from '../inputs/list-args.js';
import { deriveProgramme, now } from './derive.js';
import { applyProgrammeFilter, excludesCountry } from './filters.js';
import { listPage, type PageNeeds } from './list.js';
import { groupedStats, themesOf } from './stats.js';
import { slugOf, uniqueId } from './write/ids.js';
import { referencesTo, stillReferenced } from './write/references.js';
import { deleteRow, lockForWrite, runWrite, saveVersioned } from './write/transaction.js';

export function listProgrammes(ctx: CountryContext, needs: PageNeeds, args: ProgrammeListArgs): Promise<ConnectionData<Programme>> {
  return listPage(ctx, needs, args, args.orderBy ?? 'START_DATE_DESC', 'p', () =>
    applyProgrammeFilter(ctx.db.getRepository(Programme).createQueryBuilder('p'), args.filter),
  );
}

const PROGRAMME_DIMENSION_SQL: Record<ProgrammeDimension, string> = {
  COUNTRY: 'p.country',
  STATUS: 'p.status',
  THEME: themesOf('p'),
};

export function programmeStats(ctx: CountryContext, groupBy: ProgrammeDimension[], filter: ProgrammeFilter | null | undefined): Promise<ProgrammeStat[]> {
  if (excludesCountry(filter, ctx.country)) return Promise.resolve([]);
  const filtered = applyProgrammeFilter(ctx.db.getRepository(Programme).createQueryBuilder('p'), filter);
  return groupedStats<ProgrammeStat>(
    ctx,
    filtered as never,
    groupBy,
    PROGRAMME_DIMENSION_SQL,
    {},
    {
      country: null,
      status: null,
      theme: null,
      count: 0,
    },
  );
}

export function insertProgramme(ctx: CountryContext, programme: Programme): Promise<Programme> {
  return runWrite(
    ctx,
    async (m) => {
      // An undelete brings its id back; a create makes one from the title.
      programme.id ??= await uniqueId(m, 'programme', `${ctx.country}:PRG:${slugOf(programme.title)}`);
      programme.updatedAt = now();
      await m.insert(Programme, deriveProgramme(programme));
      await logWrite(m, ctx, ChangeEntity.PROGRAMME, programme.id, null);
      return m.findOneByOrFail(Programme, { id: programme.id });
    },
    Programme,
  );
}

export function updateProgramme(ctx: CountryContext, id: string, expectedVersion: number, change: (programme: Programme) => void): Promise<Programme> {
  return runWrite(
    ctx,
    async (m) => {
      const programme = await lockForWrite(m, Programme, ctx, id, expectedVersion, 'programme');
      const before = await snapshotOf(m, ChangeEntity.PROGRAMME, id);
      change(programme);
      await saveVersioned(m, Programme, deriveProgramme(programme), expectedVersion);
      await logWrite(m, ctx, ChangeEntity.PROGRAMME, id, before);
      return m.findOneByOrFail(Programme, { id });
    },
    Programme,
  );
}

/** Refused while events, partnerships or people still refer to the programme (nothing cascades silently). */
export function deleteProgramme(ctx: CountryContext, id: string, expectedVersion: number): Promise<string> {
  return runWrite(ctx, async (m) => {
    await lockForWrite(m, Programme, ctx, id, expectedVersion, 'programme');
    const refused = stillReferenced(id, await referencesTo(m, 'programme', id));
    if (refused) throw refused;
    const before = (await snapshotOf(m, ChangeEntity.PROGRAMME, id))!;
    await deleteRow(m, 'programme', id);
    await logDelete(m, ctx, ChangeEntity.PROGRAMME, id, expectedVersion, before);
    return id;
  });
}
