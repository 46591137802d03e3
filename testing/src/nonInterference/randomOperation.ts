import {
  astFromValue,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  print,
} from 'graphql';

/** Where a random operation draws its choices from (fast-check's `fc.gen()` in the property test). */
export interface Draw {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

/** A generated operation: text, variables, and the name to run. */
export interface RandomOperation {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** Options of {@link randomOperation}. */
export interface RandomOperationOptions {
  /** Ids to pass to `type(id:)` root fields, by type name (seeded records, the caller's own among them). */
  ids: Record<string, string[]>;
  /** Most object levels below the root. Default 5. */
  maxDepth?: number;
  /** Most fields in the whole operation (keeps it under the token and cost limits). Default 45. */
  maxFields?: number;
  /**
   * A value for an argument (filters, enums, strings, cursors, page sizes), or undefined to
   * leave it to the generator; asked for every argument but a required id, on fields that get
   * random arguments. Default: none (only ids, small page sizes and a bad cursor).
   */
  argumentValue?(field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, draw: Draw): unknown;
  /** Root fields of `Query` never selected. Default: none. */
  skipRootFields?: readonly string[];
  /** Fields never selected (e.g. non-null fields outside a closed-world role's grant, which refuse the operation). Default: none. */
  skipField?(typeName: string, fieldName: string): boolean;
}

/**
 * A random, mostly valid operation over any schema, starting at `Query`: random fields of every
 * reachable type (nested entities included), aliases (some named like another field of the
 * type, to trick a key-based filter), inline and named fragments (some spread twice), variables
 * and literals for arguments, and `@include` / `@skip` with literal or variable conditions.
 */
/** Aliases per operation: well under the gateway's default MAX_ALIASES (15), as a fragment spread twice counts twice. */
const MAX_ALIASES = 7;

export function randomOperation(schema: GraphQLSchema, draw: Draw, options: RandomOperationOptions): RandomOperation {
  const maxDepth = options.maxDepth ?? 5;
  let budget = options.maxFields ?? 45;
  const chance = (percent: number) => draw.int(0, 99) < percent;
  const pick = <T>(items: readonly T[]): T => items[draw.int(0, items.length - 1)]!;
  const variableDefinitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const fragments: string[] = [];
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${++counter}`;

  function variable(type: string, value: unknown): string {
    const name = fresh('v');
    variableDefinitions.push(`$${name}: ${type}`);
    variables[name] = value;
    return `$${name}`;
  }

  function literalOrVariable(type: string, value: unknown): string {
    return chance(50) ? variable(type, value) : JSON.stringify(value);
  }

  /** An argument value of any input type, as a variable or as a GraphQL literal (enums bare, input objects). */
  function typedValue(arg: GraphQLArgument, value: unknown): string {
    if (chance(50)) return variable(String(arg.type), value);
    const ast = astFromValue(value, arg.type);
    return ast ? print(ast) : 'null';
  }

  /** Arguments: required ids, and sometimes a small page size or a bad cursor; `canonical` keeps them mergeable. */
  function argumentsOf(field: GraphQLField<unknown, unknown>, canonical: boolean): string {
    const parts: string[] = [];
    for (const arg of field.args as readonly GraphQLArgument[]) {
      const typeName = getNamedType(arg.type).name;
      const given = canonical || !options.argumentValue || (isNonNullType(arg.type) && typeName === 'ID') ? undefined : options.argumentValue(field, arg, draw);
      if (given !== undefined) {
        parts.push(`${arg.name}: ${typedValue(arg, given)}`);
      } else if (isNonNullType(arg.type) && typeName === 'ID') {
        const ids = options.ids[getNamedType(field.type).name] ?? [];
        const id = canonical || ids.length === 0 ? (ids[0] ?? 'unknown') : chance(85) ? pick(ids) : 'no-such-id';
        parts.push(`${arg.name}: ${canonical ? JSON.stringify(id) : literalOrVariable('ID!', id)}`);
      } else if (arg.name === 'first' && typeName === 'Int') {
        if (canonical) parts.push('first: 2');
        else if (chance(70)) parts.push(`first: ${literalOrVariable('Int', draw.int(1, 4))}`);
      } else if (arg.name === 'after' && !canonical && chance(5)) {
        parts.push(`after: ${literalOrVariable('String', 'not-a-cursor')}`);
      }
    }
    return parts.length > 0 ? `(${parts.join(', ')})` : '';
  }

  function directive(): string {
    if (!chance(20)) return '';
    const name = chance(50) ? 'include' : 'skip';
    const value = chance(50);
    return ` @${name}(if: ${chance(50) ? variable('Boolean!', value) : String(value)})`;
  }

  let aliases = 0;
  const alias = () => {
    aliases += 1;
    return fresh('a');
  };

  /**
   * One field of `type`, or undefined when the depth or alias budget is spent. `used` maps the
   * selection set's response keys to the field each selects, so no two selections under one key
   * conflict (a composite field picked twice gets a fresh alias, never a merged selection).
   */
  function field(type: GraphQLObjectType, f: GraphQLField<unknown, unknown>, depth: number, used: Map<string, string>): string | undefined {
    const named = getNamedType(f.type);
    const composite = isObjectType(named);
    if (composite && depth >= maxDepth) return undefined;
    const aliasesLeft = aliases < MAX_ALIASES;
    const randomArgs = f.args.length > 0 && aliasesLeft && chance(60);
    let key = f.name;
    if (randomArgs || (composite && aliasesLeft && chance(30))) key = alias();
    else if (!composite && f.args.length === 0 && aliasesLeft && chance(10)) {
      // An alias that names another field of the type: the response key must not decide the privacy of the value.
      const others = Object.values(type.getFields()).filter((o) => o.name !== f.name && !used.has(o.name));
      if (others.length > 0) {
        key = pick(others).name;
        aliases += 1;
      }
    }
    if (used.has(key) && (composite || used.get(key) !== f.name)) {
      if (!aliasesLeft) return undefined;
      key = alias();
    }
    used.set(key, f.name);
    budget -= 1;
    const args = argumentsOf(f, !randomArgs);
    const selection = composite ? ` { ${selectionSet(named as GraphQLObjectType, depth + 1).join(' ')} }` : '';
    return `${key === f.name ? '' : `${key}: `}${f.name}${args}${directive()}${selection}`;
  }

  function selectionSet(type: GraphQLObjectType, depth: number): string[] {
    const fields = Object.values(type.getFields()).filter((f) => !options.skipField?.(type.name, f.name));
    if (fields.length === 0) return wrap(type, ['__typename']);
    const wanted = draw.int(1, Math.min(6, fields.length));
    const used = new Map<string, string>();
    const selections: string[] = [];
    for (let i = 0; i < wanted && budget > 0; i += 1) {
      const chosen = field(type, pick(fields), depth, used);
      if (chosen) selections.push(chosen);
    }
    if (selections.length === 0) {
      const leaf = fields.find((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0 && !used.has(f.name));
      selections.push(leaf ? leaf.name : '__typename');
    }
    if (chance(10) && !used.has('__typename')) selections.push('__typename');
    return wrap(type, selections);
  }

  /** Moves some selections into inline fragments or named fragments (spread once or twice). */
  function wrap(type: GraphQLObjectType, selections: string[]): string[] {
    if (selections.length < 2 || !chance(40)) return selections;
    const cut = draw.int(1, selections.length - 1);
    const inner = selections.slice(cut);
    const kept = selections.slice(0, cut);
    switch (draw.int(0, 2)) {
      case 0:
        return [...kept, `... on ${type.name}${directive()} { ${inner.join(' ')} }`];
      case 1:
        return [...kept, `...${directive()} { ${inner.join(' ')} }`];
      default: {
        const name = fresh('F');
        fragments.push(`fragment ${name} on ${type.name} { ${inner.join(' ')} }`);
        return [...kept, `...${name}${directive()}`, ...(chance(20) ? [`...${name}`] : [])];
      }
    }
  }

  const query = schema.getQueryType();
  if (!query) throw new Error('randomOperation: the schema has no Query type');
  const skipped = new Set(options.skipRootFields ?? []);
  const roots = Object.values(query.getFields()).filter((f) => !skipped.has(f.name) && !options.skipField?.(query.name, f.name));
  const rootKeys = new Map<string, string>();
  const selections: string[] = [];
  for (let i = draw.int(1, 3); i > 0 && budget > 0 && roots.length > 0; i -= 1) {
    const chosen = field(query, pick(roots), 0, rootKeys);
    if (chosen) selections.push(chosen);
  }
  if (selections.length === 0) selections.push('__typename');
  const body = wrap(query, selections).join(' ');
  const named = variableDefinitions.length > 0 || fragments.length > 0 || chance(50);
  const operationName = named ? fresh('Op') : undefined;
  const header = named ? `query ${operationName}${variableDefinitions.length > 0 ? `(${variableDefinitions.join(', ')})` : ''} ` : '';
  return {
    query: `${header}{ ${body} }${fragments.length > 0 ? `\n${fragments.join('\n')}` : ''}`,
    variables,
    operationName: operationName && chance(70) ? operationName : undefined,
  };
}
