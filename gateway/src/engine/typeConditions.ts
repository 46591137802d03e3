import { isAbstractType, type GraphQLSchema } from 'graphql';

/**
 * Which `__typename`s satisfy a type condition of a plan, from the supergraph's types: the
 * named types themselves (an `@interfaceObject`'s interface name included) and every object
 * type that implements or belongs to one of them. Sets are computed once per condition.
 */
export class TypeConditions {
  private readonly cache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly schema: GraphQLSchema) {}

  satisfying(names: readonly string[]): ReadonlySet<string> {
    const key = names.join(',');
    let set = this.cache.get(key);
    if (!set) {
      const all = new Set<string>(names);
      for (const name of names) {
        const type = this.schema.getType(name);
        if (isAbstractType(type)) for (const possible of this.schema.getPossibleTypes(type)) all.add(possible.name);
      }
      set = all;
      this.cache.set(key, set);
    }
    return set;
  }
}
