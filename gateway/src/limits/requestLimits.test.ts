import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationLimits, DEFAULT_REQUEST_LIMITS, resolveRequestLimits, tooManyTokens } from './index.ts';

const schema = buildSchema(`
  type Query { node(id: ID): Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, name: String, child: Node, children(first: Int): [Node!]! }
`);

function codesOf(query: string, limits = {}) {
  const { validationRules } = createOperationLimits(resolveRequestLimits(limits));
  return validate(schema, parse(query), validationRules).map((e) => e.extensions.code);
}

describe('resolveRequestLimits', () => {
  it('fills in the defaults and keeps what is given', () => {
    expect(resolveRequestLimits()).toEqual(DEFAULT_REQUEST_LIMITS);
    expect(resolveRequestLimits({ maxDepth: 3, maxBatchSize: 5 })).toMatchObject({ maxDepth: 3, maxBatchSize: 5, maxAliases: 15 });
  });

  it('refuses values that are not positive integers, naming each', () => {
    expect(() => resolveRequestLimits({ maxDepth: 0, maxCost: 1.5, maxBatchSize: -1 })).toThrow(
      /requestLimits: maxDepth must be an integer of at least 1, got 0; maxCost must be .* got 1.5; maxBatchSize must be an integer of at least 0, got -1/,
    );
  });
});

describe('createOperationLimits', () => {
  it('reports each exceeded limit with its own code', () => {
    expect(codesOf('{ node { child { child { child { id } } } } }', { maxDepth: 3 })).toEqual(['QUERY_TOO_DEEP']);
    expect(codesOf('{ a: node { id } b: node { id } c: node { id } }', { maxAliases: 2 })).toEqual(['TOO_MANY_ALIASES']);
    expect(codesOf('{ node { id @include(if: true) name @skip(if: false) } }', { maxDirectives: 1 })).toEqual(['TOO_MANY_DIRECTIVES']);
    expect(codesOf('{ nodes(first: 100) { children(first: 100) { id name } } }', { maxCost: 1000 })).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('counts depth through fragments as the response nests, not as the fragments do', () => {
    const query = '{ node { ...A } } fragment A on Node { ...B } fragment B on Node { child { id } }';
    expect(codesOf(query, { maxDepth: 3 })).toEqual([]);
    expect(codesOf(query, { maxDepth: 2 })).toEqual(['QUERY_TOO_DEEP']);
  });

  it('accepts what is within every limit', () => {
    expect(codesOf('{ a: node(id: "1") { id name child { id } } nodes(first: 10) { id } }')).toEqual([]);
  });

  it('stops parsing at the token limit', () => {
    const { parseOptions } = createOperationLimits(resolveRequestLimits({ maxTokens: 10 }));
    let message = '';
    try {
      parse(`{ ${'id '.repeat(20)} }`, parseOptions);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(tooManyTokens(message)).toBe(10);
    expect(tooManyTokens('Syntax Error: Unexpected "}".')).toBeUndefined();
  });
});
