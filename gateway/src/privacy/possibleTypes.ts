import { isObjectType, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';

/** The concrete object types a composite type can be, cached per type, and how fragments narrow them. */
export class PossibleTypes {
  private readonly cache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The concrete types of `type` (itself for an object type). */
  of(type: GraphQLCompositeType): ReadonlySet<string> {
    let names = this.cache.get(type.name);
    if (!names) {
      names = new Set(isObjectType(type) ? [type.name] : this.schema.getPossibleTypes(type).map((t) => t.name));
      this.cache.set(type.name, names);
    }
    return names;
  }

  /**
   * The concrete types for which a fragment on `type` applies at a position of `baseType`
   * (within `scope`: the enclosing fragments' type and narrowing), or undefined for all.
   */
  narrow(baseType: GraphQLCompositeType, scope: { readonly parentType: GraphQLCompositeType; readonly possible: ReadonlySet<string> | undefined }, type: GraphQLCompositeType): ReadonlySet<string> | undefined {
    if (type === scope.parentType) return scope.possible;
    const matching = this.of(type);
    const current = scope.possible ?? this.of(baseType);
    let narrowed: Set<string> | undefined;
    for (const name of current) {
      if (matching.has(name)) continue;
      narrowed ??= new Set([...current].filter((n) => matching.has(n)));
      break;
    }
    return narrowed ?? scope.possible;
  }
}
