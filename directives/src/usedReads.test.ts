import { buildASTSchema, parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredReads, readPiiAnnotations, usedReads } from './index.ts';
import { TEST_PII_SDL } from './testing/policies.ts';
import { readCoordinates } from './usedReads.ts';

const sdl = `${TEST_PII_SDL}
  type Query { people(filter: PersonFilter, near: String @piiReads(fields: ["Person.home"]), first: Int = 20): [Person] }
  input PersonFilter {
    region: String @piiReads(fields: ["Person.address", "Address.region"])
    and: [PersonFilter!]
    status: String
    ageOver: Int = 40 @piiReads(fields: ["Person.dateOfBirth"])
  }
  type Person { home: String address: Address dateOfBirth: String }
  type Address { region: String }
`;
const index = readPiiAnnotations(sdl);
const people = (buildASTSchema(parse(sdl)).getType('Query') as GraphQLObjectType).getFields().people!;
const used = (values: Record<string, unknown>) => usedReads(index, 'Query', 'people', people.args, values);

describe('usedReads', () => {
  it('lists the reads of the arguments and input fields given a value', () => {
    expect(used({ near: 'x', filter: { region: 'MI', status: 'A' } }).map((u) => u.at)).toEqual([
      'PersonFilter.region',
      'PersonFilter.ageOver',
      'Query.people(near:)',
    ]);
  });

  it('counts an input field’s default as a value, and null as none', () => {
    expect(readCoordinates(used({ filter: { ageOver: null } }))).toEqual([]);
    expect(readCoordinates(used({ filter: {} }))).toEqual(['Person.dateOfBirth']);
    expect(used({ near: null })).toEqual([]);
  });

  it('finds reads nested in lists of input objects', () => {
    expect(readCoordinates(used({ filter: { ageOver: null, and: [{ ageOver: null, status: 'x' }, { ageOver: null, region: 'CA' }] } }))).toEqual([
      'Person.address',
      'Address.region',
    ]);
  });
});

describe('declaredReads', () => {
  it('collects every field the arguments may read, through input types', () => {
    expect([...declaredReads(index, 'Query', 'people', people.args)].sort()).toEqual(['Address.region', 'Person.address', 'Person.dateOfBirth', 'Person.home']);
  });
});
