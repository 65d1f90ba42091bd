import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { assertEditorOf } from '../../../shared/auth.js';
import { DatePrecision } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { deriveProgramme, now } from '../data/derive.js';
import {
  assertDateOrder, assertNodeCountry, deleteRow, distinctValues, httpUrls, lockForWrite, nonNegative, optionalText,
  positiveInts, rejectNulls, runWrite, saveVersioned, slugOf, stillReferenced, toLocalizedText, toOptionalLocalizedText,
  toSources, uniqueId,
} from '../data/writes.js';
import { Programme } from '../entities/programme.entity.js';
import { DeleteProgrammeArgs, ProgrammeInput, type ProgrammePatch, UpdateProgrammeArgs } from '../inputs/programme.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function programmeChanges(p: ProgrammePatch, at: string): Partial<Programme> {
  rejectNulls(p, ['title', 'status', 'datePrecision', 'recipientCountries', 'themes', 'objectives', 'conventionNumbers', 'links'], at);
  const c: Partial<Programme> = {};
  if (p.code !== undefined) c.code = optionalText(p.code);
  if (p.title !== undefined) c.title = toLocalizedText(p.title!, `${at}.title`);
  if (p.summary !== undefined) c.summary = toOptionalLocalizedText(p.summary, `${at}.summary`);
  if (p.status !== undefined) c.status = p.status!;
  if (p.startDate !== undefined) c.startDate = p.startDate;
  if (p.endDate !== undefined) c.endDate = p.endDate;
  if (p.datePrecision !== undefined) c.datePrecision = p.datePrecision!;
  if (p.phase !== undefined) c.phase = nonNegative(p.phase, `${at}.phase`);
  // CountryCode already checked each code's shape; a repeated one means nothing more.
  if (p.recipientCountries !== undefined) c.recipientCountries = distinctValues(p.recipientCountries);
  if (p.themes !== undefined) c.themes = distinctValues(p.themes);
  if (p.objectives !== undefined) c.objectives = p.objectives!.map((o, i) => toLocalizedText(o, `${at}.objectives[${i}]`));
  if (p.conventionNumbers !== undefined) c.conventionNumbers = positiveInts(p.conventionNumbers!, `${at}.conventionNumbers`);
  if (p.links !== undefined) c.links = httpUrls(p.links!, `${at}.links`);
  return c;
}

/** create/update/delete of programmes; only an editor of this node's country may call them. */
@Resolver()
export class ProgrammeMutationResolver {
  @Mutation(() => Programme)
  async createProgramme(@Ctx() ctx: CountryContext, @Arg('input', () => ProgrammeInput) input: ProgrammeInput): Promise<Programme> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    const changes = programmeChanges(
      {
        ...input,
        datePrecision: input.datePrecision ?? DatePrecision.DAY,
        // Never a guess: with no recipients given the list stays empty, as in the seed files.
        recipientCountries: input.recipientCountries ?? [],
        themes: input.themes ?? [],
        objectives: input.objectives ?? [],
        conventionNumbers: input.conventionNumbers ?? [],
        links: input.links ?? [],
      },
      'input',
    );
    const programme = Object.assign(new Programme(), {
      code: null, summary: null, startDate: null, endDate: null, phase: null, contacts: [], ...changes,
      sources: toSources(input.sources, 'input.sources'), countryCode: ctx.country, version: 1,
    });
    assertDateOrder(programme.startDate, programme.endDate, 'input.endDate');
    return runWrite(ctx, async (m) => {
      programme.id = await uniqueId(m, 'programme', `${ctx.country}:PRG:${slugOf(programme.title)}`);
      programme.updatedAt = now();
      await m.insert(Programme, deriveProgramme(programme));
      return m.findOneByOrFail(Programme, { id: programme.id });
    });
  }

  @Mutation(() => Programme)
  async updateProgramme(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdateProgrammeArgs) { id, expectedVersion, patch }: UpdateProgrammeArgs,
  ): Promise<Programme> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = programmeChanges(patch, 'patch');
    return runWrite(ctx, async (m) => {
      const programme = await lockForWrite(m, Programme, ctx, id, expectedVersion, 'programme');
      Object.assign(programme, changes);
      if (patch.startDate !== undefined || patch.endDate !== undefined) {
        assertDateOrder(programme.startDate, programme.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
      }
      await saveVersioned(m, Programme, deriveProgramme(programme), expectedVersion);
      return m.findOneByOrFail(Programme, { id });
    });
  }

  @Mutation(() => ID)
  async deleteProgramme(
    @Ctx() ctx: CountryContext,
    @Args(() => DeleteProgrammeArgs) { id, expectedVersion }: DeleteProgrammeArgs,
  ): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return runWrite(ctx, async (m) => {
      await lockForWrite(m, Programme, ctx, id, expectedVersion, 'programme');
      // The foreign keys are ON DELETE RESTRICT; checking first gives the editor a useful message.
      const events: Array<{ id: string }> = await m.query('SELECT id FROM event WHERE programme_id = $1 ORDER BY id', [id]);
      const partnerships: Array<{ id: string }> = await m.query('SELECT id FROM partnership WHERE programme_id = $1 ORDER BY id', [id]);
      const refused = stillReferenced(id, [
        { what: 'events', ids: events.map((r) => r.id) },
        { what: 'partnerships', ids: partnerships.map((r) => r.id) },
      ]);
      if (refused) throw refused;
      await deleteRow(m, 'programme', id);
      return id;
    });
  }
}
