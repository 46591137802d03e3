import { GraphQLError } from 'graphql';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createFormatSubgraphError, isDatabaseUnavailable } from './formatSubgraphError.ts';

const socketError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('isDatabaseUnavailable', () => {
  it('knows the driver’s errors for a database that cannot be reached, also as a cause', () => {
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoNetworkError('connection closed'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Operation interrupted because client was closed'), { name: 'MongoClientClosedError' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('resolver failed', { cause: socketError('EPIPE') }))).toBe(true);
    for (const code of ['ECONNRESET', 'ECONNREFUSED']) expect(isDatabaseUnavailable(socketError(code))).toBe(true);
    // FerretDB when its PostgreSQL server is gone (messages as FerretDB 1.24 words them).
    const ferret = (message: string) => new mongoose.mongo.MongoServerError({ message, code: 1, codeName: 'InternalError' });
    expect(isDatabaseUnavailable(ferret('[collection.go:109] FATAL: terminating connection due to unexpected postmaster exit (SQLSTATE 57P01)'))).toBe(true);
    expect(isDatabaseUnavailable(ferret("[msg_insert.go:168] failed to connect to `user=confero database=postgres`: dial tcp 127.0.0.1:1: connect: connection refused"))).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isDatabaseUnavailable(new Error('bad input'))).toBe(false);
    expect(isDatabaseUnavailable(socketError('ENOENT'))).toBe(false);
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoServerError({ message: 'duplicate key', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable(new mongoose.mongo.MongoServerError({ message: '[msg_find.go:344] invalid filter', code: 1 }))).toBe(false);
  });
});

describe('createFormatSubgraphError', () => {
  it('gives DATABASE_UNAVAILABLE with a fixed message, without the driver’s text', () => {
    const format = createFormatSubgraphError();
    const error = new GraphQLError('write EPIPE 127.0.0.1:27017', { originalError: socketError('EPIPE'), path: ['shoppers'] });
    expect(format({ message: error.message, path: ['shoppers'] }, error)).toEqual({
      message: 'The database is unavailable; retry shortly.',
      path: ['shoppers'],
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
  });
});
