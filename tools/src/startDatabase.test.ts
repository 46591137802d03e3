import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { findPostgres } from './postgres.ts';
import { startDatabase, type RunningDatabase } from './index.ts';

describe('startDatabase', () => {
  describe('when MONGODB_URI is not set and Go is present', () => {
    let db: RunningDatabase | undefined;
    afterAll(async () => db?.stop());

    it('starts an embedded FerretDB that mongoose can write to and read from, on PostgreSQL where it is installed', async () => {
      db = await startDatabase({ uri: '' });
      expect(db.engine).toBe('ferretdb');
      expect(db.backend).toBe(findPostgres() ? 'postgresql' : 'sqlite');
      expect(db.description).toContain(findPostgres() ? 'PostgreSQL' : 'SQLite');
      expect(db.pids?.().length).toBeGreaterThan(findPostgres() ? 1 : 0);
      const conn = await mongoose.createConnection(db.uri).asPromise();
      const Probe = conn.model('Probe', new mongoose.Schema({ name: String, n: Number }));
      await Probe.insertMany([{ name: 'a', n: 1 }, { name: 'b', n: 2 }]);
      const found = await Probe.find({ n: { $gte: 2 } }).lean();
      expect(found.map((d) => d.name)).toEqual(['b']);
      await conn.close();
    });
  });

  describe('when FERRETDB_BACKEND names no backend', () => {
    it('refuses to start, naming the setting', async () => {
      const saved = process.env.FERRETDB_BACKEND;
      process.env.FERRETDB_BACKEND = 'mysql';
      try {
        await expect(startDatabase({ uri: '' })).rejects.toThrow(/FERRETDB_BACKEND must be postgresql, sqlite or auto/);
      } finally {
        if (saved === undefined) delete process.env.FERRETDB_BACKEND;
        else process.env.FERRETDB_BACKEND = saved;
      }
    });
  });

  describe('when a URI is given', () => {
    it('uses it as it is and stops nothing', async () => {
      const db = await startDatabase({ uri: 'mongodb://user:pw@db.example:27017/x' });
      expect(db.engine).toBe('external');
      expect(db.uri).toBe('mongodb://user:pw@db.example:27017/x');
      expect(db.description).not.toContain('pw');
      await db.stop();
    });
  });
});
