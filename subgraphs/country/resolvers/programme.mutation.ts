import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { assertEditorOf } from '../../../platform/auth.js';
import { ChangeEntity, DatePrecision, type Theme } from '../../../contract/enums.js';
import { badInput } from '../../../contract/errors.js';
import type { CountryContext } from '../context.js';
import { deleteProgramme, insertProgramme, updateProgramme } from '../data/programmes.js';
import { IdempotentWrite } from '../data/write/idempotency.js';
import { WriteLimits } from '../inputs/write-limits.js';
import { assertNodeCountry } from '../data/write/references.js';
import {
  assertDateOrder,
  distinctValues,
  httpUrls,
  nonNegative,
  optionalText,
  positiveInts,
  rejectNulls,
  toLocalizedText,
  toOptionalLocalizedText,
  toSources,
} from '../data/write/validate.js';
import { Programme, type StoredObjective } from '../entities/programme.entity.js';
import { DeleteProgrammeArgs, ProgrammeInput, type ProgrammePatch, UpdateProgrammeArgs } from '../inputs/programme.input.js';
import { OwnedById, OwnedByInputCountry } from '../sharding.js';
import { deletedValues, valuesAtVersion } from '../data/change-log/history.js';
import { columnsOf, isReplay, restoring } from '../data/change-log/restore.js';
import { RestoreArgs, UndeleteArgs } from '../inputs/restore.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function programmeChanges(p: ProgrammePatch, at: string): Partial<Programme> {
  // status may be cleared: a programme whose status no source states has none.
  rejectNulls(p, ['title', 'datePrecision', 'recipientCountries', 'themes', 'objectives', 'conventionNumbers', 'links', 'activities', 'objectiveThemes'], at);
  const c: Partial<Programme> = {};
  if (p.code !== undefined) c.code = optionalText(p.code);
  if (p.title !== undefined) c.title = toLocalizedText(p.title!, `${at}.title`);
  if (p.summary !== undefined) c.summary = toOptionalLocalizedText(p.summary, `${at}.summary`);
  if (p.status !== undefined) c.status = p.status;
  if (p.startDate !== undefined) c.startDate = p.startDate;
  if (p.endDate !== undefined) c.endDate = p.endDate;
  if (p.datePrecision !== undefined) c.datePrecision = p.datePrecision!;
  if (p.phase !== undefined) c.phase = nonNegative(p.phase, `${at}.phase`);
  // CountryCode already checked each code's shape; a repeated one means nothing more.
  if (p.recipientCountries !== undefined) c.recipientCountries = distinctValues(p.recipientCountries);
  if (p.themes !== undefined) c.themes = distinctValues(p.themes);
  if (p.objectives !== undefined) c.objectives = p.objectives!.map((o, i) => toLocalizedText(o, `${at}.objectives[${i}]`));
  if (p.objectiveThemes !== undefined && p.objectives !== undefined) c.objectives = withThemes(c.objectives!, p.objectiveThemes!, at);
  if (p.statusAsOf !== undefined) c.statusAsOf = p.statusAsOf;
  if (p.activities !== undefined) c.activities = p.activities!.map((a, i) => toLocalizedText(a, `${at}.activities[${i}]`));
  if (p.conventionNumbers !== undefined) c.conventionNumbers = positiveInts(p.conventionNumbers!, `${at}.conventionNumbers`);
  if (p.links !== undefined) c.links = httpUrls(p.links!, `${at}.links`);
  // null means none, as at create: a list of sources is never unknown, only empty.
  if (p.sources !== undefined) c.sources = toSources(p.sources, `${at}.sources`);
  return c;
}

/** Each objective with its themes (`objectiveThemes[i]` for `objectives[i]`); the lists must pair up. */
function withThemes(objectives: StoredObjective[], themes: Theme[][], at: string): StoredObjective[] {
  if (themes.length !== objectives.length) {
    throw badInput(
      `${at}.objectiveThemes has ${themes.length} lists for ${objectives.length} objectives; give one list per objective, in their order`,
      `${at}.objectiveThemes`,
    );
  }
  return objectives.map(({ themes: _old, ...text }, i) => ({ ...text, themes: distinctValues(themes[i]!) }));
}

/** create/update/delete of programmes; only an editor of this node's country may call them. */
@Resolver()
@UseMiddleware(WriteLimits, IdempotentWrite)
export class ProgrammeMutationResolver {
  @Mutation(() => Programme, { nullable: true })
  @OwnedByInputCountry()
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
        activities: input.activities ?? [],
        conventionNumbers: input.conventionNumbers ?? [],
        links: input.links ?? [],
      },
      'input',
    );
    const programme = Object.assign(new Programme(), {
      code: null,
      summary: null,
      statusAsOf: null,
      startDate: null,
      endDate: null,
      phase: null,
      contacts: [],
      ...changes,
      countryCode: ctx.country,
      version: 1,
    });
    assertDateOrder(programme.startDate, programme.endDate, 'input.endDate');
    return insertProgramme(ctx, programme);
  }

  @Mutation(() => Programme, { nullable: true })
  @OwnedById()
  async updateProgramme(@Ctx() ctx: CountryContext, @Args(() => UpdateProgrammeArgs) { id, expectedVersion, patch }: UpdateProgrammeArgs): Promise<Programme> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = programmeChanges(patch, 'patch');
    return updateProgramme(ctx, id, expectedVersion, (programme) => {
      Object.assign(programme, changes);
      // Themes alone are the stored objectives' themes (with objectives, programmeChanges paired them).
      if (patch.objectiveThemes && patch.objectives === undefined) programme.objectives = withThemes(programme.objectives, patch.objectiveThemes, 'patch');
      if (patch.startDate !== undefined || patch.endDate !== undefined) {
        assertDateOrder(programme.startDate, programme.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
      }
    });
  }

  @Mutation(() => ID, { nullable: true })
  @OwnedById()
  async deleteProgramme(@Ctx() ctx: CountryContext, @Args(() => DeleteProgrammeArgs) { id, expectedVersion }: DeleteProgrammeArgs): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return deleteProgramme(ctx, id, expectedVersion);
  }

  @Mutation(() => Programme, { nullable: true, description: 'Restores the content of an earlier version of the programme as its next version.' })
  @OwnedById()
  async restoreProgramme(@Ctx() ctx: CountryContext, @Args(() => RestoreArgs) { id, expectedVersion, version }: RestoreArgs): Promise<Programme> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await valuesAtVersion(ctx.db, ctx, ChangeEntity.PROGRAMME, id, expectedVersion, version);
    return restoring(ctx, version, id, expectedVersion, () =>
      updateProgramme(ctx, id, expectedVersion, (programme) => {
        Object.assign(programme, columnsOf(values));
        assertDateOrder(programme.startDate, programme.endDate, 'version');
      }),
    );
  }

  @Mutation(() => Programme, { nullable: true, description: 'Brings back a deleted programme within the retention period.' })
  @OwnedById()
  async undeleteProgramme(@Ctx() ctx: CountryContext, @Args(() => UndeleteArgs) { id, expectedVersion }: UndeleteArgs): Promise<Programme> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await deletedValues(ctx.db, ctx, ChangeEntity.PROGRAMME, id, expectedVersion);
    const programme = Object.assign(new Programme(), columnsOf(values), { id, countryCode: ctx.country, version: expectedVersion + 1 });
    return restoring(ctx, expectedVersion, id, expectedVersion, () => insertProgramme(ctx, programme));
  }
}
