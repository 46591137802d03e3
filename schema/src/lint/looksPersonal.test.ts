import { describe, expect, it } from 'vitest';
import { looksPersonal } from './looksPersonal.ts';

describe('looksPersonal', () => {
  it.each([
    ['email', 'email'],
    ['ipAddresses', 'ip'],
    ['dateOfBirth', 'birth'],
    ['home_lat', 'lat'],
    ['accountNumber', 'account number'],
    ['taxId', 'tax id'],
    ['driversLicense', 'license'],
    ['raceEthnicity', 'race'],
    ['SSNLast4', 'ssn'],
  ])('finds %s personal (%s)', (name, word) => {
    expect(looksPersonal(name)).toBe(word);
  });

  it.each(['shipping', 'description', 'trace', 'latest', 'allocation', 'recipientCount', 'title', 'name'])('finds %s not personal', (name) => {
    expect(looksPersonal(name)).toBeUndefined();
  });
});
