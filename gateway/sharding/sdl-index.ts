import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type FieldDefinitionNode, type InputValueDefinitionNode, type TypeNode } from 'graphql';

/** A field definition of the subgraph SDL, with what planning needs to know of it. */
export interface FieldInfo {
  name: string;
  /** Named type at the bottom of any list / non-null wrappers. */
  typeName: string;
  isList: boolean;
  nonNull: boolean;
  /** The declared type with its list and non-null wrappers (what an answer's value is checked against). */
  type: TypeNode;
  args: Map<string, InputValueDefinitionNode>;
  directives: readonly ConstDirectiveNode[];
}

export interface ObjectInfo {
  name: string;
  fields: Map<string, FieldInfo>;
  directives: ConstDirectiveNode[];
}

/**
 * An index of a subgraph SDL's object, input and enum types (definitions and extensions merged),
 * read straight from the AST: the SDL a node serves carries federation directives that a plain
 * `buildASTSchema` would not accept without their definitions.
 */
export class SdlIndex {
  readonly objects = new Map<string, ObjectInfo>();
  readonly inputs = new Map<string, Map<string, InputValueDefinitionNode>>();
  readonly enums = new Map<string, string[]>();
  /** Custom scalars (the built-in ones are not listed). */
  readonly scalars = new Set<string>();
  /** Union and interface names → the object types a value of them may be. */
  readonly abstracts = new Map<string, Set<string>>();

  constructor(sdl: string) {
    for (const def of parse(sdl).definitions) {
      switch (def.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION: {
          const info: ObjectInfo = this.objects.get(def.name.value) ?? { name: def.name.value, fields: new Map(), directives: [] };
          for (const f of def.fields ?? []) info.fields.set(f.name.value, fieldInfo(f));
          info.directives.push(...(def.directives ?? []));
          for (const implemented of def.interfaces ?? []) this.possible(implemented.name.value).add(def.name.value);
          this.objects.set(def.name.value, info);
          break;
        }
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_EXTENSION: {
          const fields = this.inputs.get(def.name.value) ?? new Map();
          for (const f of def.fields ?? []) fields.set(f.name.value, f);
          this.inputs.set(def.name.value, fields);
          break;
        }
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_EXTENSION:
          this.enums.set(def.name.value, [...(this.enums.get(def.name.value) ?? []), ...(def.values ?? []).map((v) => v.name.value)]);
          break;
        case Kind.SCALAR_TYPE_DEFINITION:
          this.scalars.add(def.name.value);
          break;
        case Kind.UNION_TYPE_DEFINITION:
        case Kind.UNION_TYPE_EXTENSION:
          for (const member of def.types ?? []) this.possible(def.name.value).add(member.name.value);
          break;
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_EXTENSION:
          this.possible(def.name.value);
          break;
        default:
      }
    }
  }

  private possible(abstract: string): Set<string> {
    let members = this.abstracts.get(abstract);
    if (!members) this.abstracts.set(abstract, (members = new Set()));
    return members;
  }

  field(typeName: string, fieldName: string): FieldInfo | undefined {
    return this.objects.get(typeName)?.fields.get(fieldName);
  }

  /** Does the dot path (`filter.countries`) name an argument, then input fields, of `field`? */
  hasArgumentPath(field: FieldInfo, path: string[]): boolean {
    const [head, ...rest] = path;
    let def = head === undefined ? undefined : field.args.get(head);
    for (const segment of rest) {
      if (!def) return false;
      def = this.inputs.get(namedType(def.type))?.get(segment);
    }
    return def !== undefined;
  }
}

function fieldInfo(f: FieldDefinitionNode): FieldInfo {
  return {
    name: f.name.value,
    typeName: namedType(f.type),
    isList: isListType(f.type),
    nonNull: f.type.kind === Kind.NON_NULL_TYPE,
    type: f.type,
    args: new Map((f.arguments ?? []).map((a) => [a.name.value, a])),
    directives: f.directives ?? [],
  };
}

export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isListType(type: TypeNode): boolean {
  if (type.kind === Kind.LIST_TYPE) return true;
  return type.kind === Kind.NON_NULL_TYPE ? isListType(type.type) : false;
}

/** The directive `name` on a definition, if present. */
export function directive(directives: readonly ConstDirectiveNode[], name: string): ConstDirectiveNode | undefined {
  return directives.find((d) => d.name.value === name);
}

/** A directive argument's literal value. */
export function directiveArg(node: ConstDirectiveNode, name: string): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
}

/** An argument's default value as declared in the SDL (undefined when it has none). */
export function argumentDefault(field: FieldInfo, name: string): unknown {
  const def = field.args.get(name)?.defaultValue;
  return def ? valueFromASTUntyped(def) : undefined;
}
