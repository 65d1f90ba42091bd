import 'reflect-metadata';
import { Arg, Directive, Field, FieldResolver, InputType, ObjectType, Resolver, Root } from 'type-graphql';
import { TextOrigin } from './enums.js';

// Value types served by both subgraphs: Federation 2 needs them @shareable to compose.
@ObjectType()
@Directive('@shareable')
export class Translation {
  @Field() lang!: string;
  @Field() text!: string;
  @Field(() => TextOrigin) origin!: TextOrigin;
}

/** Stored as JSON exactly in this shape. */
@ObjectType({ description: 'Text kept in its original language with translations. The original is never overwritten.' })
@Directive('@shareable')
export class LocalizedText {
  @Field() original!: string;
  @Field() originalLang!: string;
  @Field(() => [Translation]) translations!: Translation[];
}

/** Picks `lang`, falling back to English, then to the original. */
export function textIn(value: LocalizedText, lang?: string | null): string {
  const wanted = lang?.toLowerCase().split('-')[0];
  if (wanted) {
    if (value.originalLang === wanted) return value.original;
    const hit = value.translations.find((t) => t.lang === wanted);
    if (hit) return hit.text;
  }
  if (value.originalLang === 'en') return value.original;
  return value.translations.find((t) => t.lang === 'en')?.text ?? value.original;
}

@Resolver(() => LocalizedText)
export class LocalizedTextResolver {
  @FieldResolver(() => String, {
    description: 'The text in `lang` (BCP 47 primary tag); falls back to English, then to the original.',
  })
  text(@Root() value: LocalizedText, @Arg('lang', () => String, { nullable: true }) lang?: string | null): string {
    return textIn(value, lang);
  }
}

@ObjectType({ description: "Where a fact comes from: a source document's file name and a verbatim excerpt." })
@Directive('@shareable')
export class SourceRef {
  @Field() document!: string;
  @Field(() => String, { nullable: true }) excerpt!: string | null;
  @Field(() => String, { nullable: true, description: 'A judgement call the excerpt alone does not show (why a value was read this way).' })
  note?: string | null;
}

@InputType()
export class TranslationInput {
  @Field() lang!: string;
  @Field() text!: string;
  @Field(() => TextOrigin, { nullable: true, defaultValue: TextOrigin.HUMAN }) origin!: TextOrigin;
}

@InputType()
export class LocalizedTextInput {
  @Field() lang!: string;
  @Field() text!: string;
  @Field(() => [TranslationInput], { nullable: true }) translations?: TranslationInput[] | null;
}

@InputType()
export class SourceRefInput {
  @Field() document!: string;
  @Field(() => String, { nullable: true }) excerpt?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

/**
 * Case-insensitive form used by `text` search, the same in JS for stored text and the query.
 * toLowerCase covers Cyrillic, Azerbaijani (Ə→ə) and Vietnamese (Ệ→ệ); Turkic dotted/dotless I
 * are folded to plain i so İ/I/ı/i all match each other.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/i\u0307/g, 'i')
    .replace(/ı/g, 'i')
    .normalize('NFC');
}

/** Every language's wording of the given texts, folded, for the search column. */
export function searchDocument(...texts: Array<LocalizedText | null | undefined>): string {
  const parts: string[] = [];
  for (const t of texts) {
    if (!t) continue;
    parts.push(t.original, ...t.translations.map((tr) => tr.text));
  }
  return foldForSearch(parts.join('\n'));
}
