import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectations, leaks } from './support/leakExpectations.ts';
import { startTestSystem, TEST_SECRETS, type TestSystem } from './support/testSystem.ts';

// Identity, purpose and record rules through the whole system: real JWTs, real HTTP, real data.

const SHOPPER_QUERY = `{ shoppers(first: 100) { nodes { id name email phone ssn address { street city } } } }`;

async function post(url: string, headers: Record<string, string>, query = SHOPPER_QUERY) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const body = await res.text();
  return { status: res.status, body, json: JSON.parse(body) as { data?: any; errors?: Array<{ extensions?: { code?: string }; message: string }> } };
}

describe('access control', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => t?.stop());

  describe('when the token is bad', () => {
    const secret = new TextEncoder().encode(TEST_SECRETS.jwt);
    const cases: Array<[string, () => Promise<string | undefined>, string]> = [
      ['missing', async () => undefined, 'UNAUTHENTICATED'],
      ['malformed', async () => 'Bearer not-a-jwt', 'INVALID_TOKEN'],
      ['not a bearer token', async () => 'Basic dXNlcjpwdw==', 'INVALID_TOKEN'],
      ['expired', async () => `Bearer ${await new SignJWT({ role: 'LEGAL' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret)}`, 'INVALID_TOKEN'],
      ['signed with another secret', async () => `Bearer ${await new SignJWT({ role: 'LEGAL' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-0123456789-0123456789-xx'))}`, 'INVALID_TOKEN'],
      ['unsigned (alg: none)', async () => `Bearer ${new UnsecuredJWT({ role: 'LEGAL' }).setSubject('x').setExpirationTime('1h').encode()}`, 'INVALID_TOKEN'],
      ['without a role claim', async () => `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(secret)}`, 'INVALID_TOKEN'],
    ];
    it.each(cases)('answers a %s token with 401 and no data', async (_name, make, code) => {
      const authorization = await make();
      const { status, json, body } = await post(t.url, { ...(authorization ? { authorization } : {}), 'x-purpose': 'LEGAL_COMPLIANCE' });
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe(code);
      expect(json.data).toBeUndefined();
      expect(body).not.toContain(t.data.shoppers[0]!.email);
    });
  });

  describe('when the token does not end in time, or names no one its role needs', () => {
    const secret = new TextEncoder().encode(TEST_SECRETS.jwt);
    const now = () => Math.floor(Date.now() / 1000);
    const jwt = (claims: Record<string, string>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x');
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['a token without exp', async () => jwt({ role: 'LEGAL' }).setIssuedAt().sign(secret), /it has no expiry \(exp claim\); tokens must expire/],
      ['a token whose exp - iat is over 24 h', async () => {
        const at = now();
        return jwt({ role: 'LEGAL' }).setIssuedAt(at - 20 * 3600).setExpirationTime(at + 5 * 3600).sign(secret);
      }, /it lives 90000 s \(exp - iat\), longer than the maximum token lifetime of 86400 s/],
      ['a token whose exp - now is over 24 h', async () => jwt({ role: 'LEGAL' }).setExpirationTime(now() + 30 * 24 * 3600).sign(secret), /it expires in \d+ s, later than the maximum token lifetime of 86400 s allows/],
      ['a partner token without partnerId', () => t.token({ role: 'PARTNER' }), /role PARTNER sees only its own records and needs the partnerId claim/],
      ['a client token without clientId', () => t.token({ role: 'CLIENT' }), /role CLIENT sees only its own records and needs the clientId claim/],
      ['a shopper token without shopperId', () => t.token({ role: 'SHOPPER' }), /role SHOPPER sees only its own records and needs the shopperId claim/],
      ['a token of the anonymous role, with anonymous access off', () => t.token({ role: 'ANONYMOUS' }), /the role ANONYMOUS is kept for callers without a token, and anonymous access is off/],
    ];
    it.each(cases)('refuses %s with 401 INVALID_TOKEN, saying why, and no data', async (_name, make, why) => {
      const { status, json, body } = await post(t.url, { authorization: `Bearer ${await make()}`, 'x-purpose': 'LEGAL_COMPLIANCE' });
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
      expect(json.errors?.[0]?.message).toMatch(why);
      expect(json.data).toBeUndefined();
      expect(body).not.toContain(t.data.shoppers[0]!.email);
    });

    it('serves the same roles once the token names whom they see', async () => {
      const { status, json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', SHOPPER_QUERY);
      expect(status).toBe(200);
      expect(json.data.shoppers.nodes.length).toBeGreaterThan(0);
    });
  });

  describe('when the purpose is bad', () => {
    it('answers an unknown purpose with 400, naming the purposes the role may state', async () => {
      const { status, json } = await t.query({ role: 'SUPPORT' }, 'SELLING_DATA', SHOPPER_QUERY);
      expect(status).toBe(400);
      expect(json.errors?.[0]?.extensions?.code).toBe('UNKNOWN_PURPOSE');
      expect(json.errors?.[0]?.message).toContain('SERVICES');
      expect(json.data).toBeUndefined();
    });

    it('answers a purpose the role is not granted with 403, naming the purposes it may state', async () => {
      const { status, json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'LEGAL_COMPLIANCE', SHOPPER_QUERY);
      expect(status).toBe(403);
      expect(json.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_GRANTED');
      expect(json.errors?.[0]?.message).toContain('PARTNER_REFERRAL');
    });

    it('answers a role the policy does not know with 403', async () => {
      const { status, json } = await t.query({ role: 'ADMIN' }, 'SERVICES', SHOPPER_QUERY);
      expect(status).toBe(403);
      expect(json.errors?.[0]?.extensions?.code).toBe('UNKNOWN_ROLE');
    });
  });

  it('ignores identity-looking headers: only the verified token counts', async () => {
    const { body, json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', SHOPPER_QUERY, undefined, {
      'x-role': 'LEGAL',
      'x-user': 'root',
      'x-confero-caller': 'forged',
      'x-purpose-override': 'LEGAL_COMPLIANCE',
    });
    expect(json.data.shoppers.nodes.every((s: { ssn: unknown }) => s.ssn === null)).toBe(true);
    expect(leaks(body, expectations(t.data, t.policy, { role: 'PARTNER', purpose: 'PARTNER_REFERRAL' }).forbidden)).toEqual([]);
  });

  describe('the partner', () => {
    it('gets names and street addresses, and email and phone only of shoppers who consented (under a policy version that allowed it)', async () => {
      const { json, body } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', SHOPPER_QUERY);
      const byId = new Map(t.data.shoppers.map((s) => [s._id, s]));
      let consented = 0;
      let refused = 0;
      for (const node of json.data.shoppers.nodes as Array<{ id: string; name: string; email: string | null; phone: string | null; ssn: unknown; address: { street: string } }>) {
        const shopper = byId.get(node.id)!;
        expect(node.name).toBe(`${shopper.firstName} ${shopper.lastName}`);
        expect(node.address.street).toBe(shopper.address!.street);
        expect(node.ssn).toBeNull();
        // Under policy 2024-01-01 contact data was never shared with partners, consent or not.
        if (shopper.consents.shareContactWithPartners && shopper.policyVersion !== '2024-01-01') {
          consented += 1;
          expect([node.email, node.phone]).toEqual([shopper.email, shopper.phone]);
        } else {
          refused += 1;
          expect([node.email, node.phone]).toEqual([null, null]);
          expect(body).not.toContain(shopper.email!);
        }
      }
      expect(consented).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });

    it('reaches no opportunities, deliverables or clients: it is closed-world, and those lists cannot come back null, so asking is refused', async () => {
      const { status, json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', `{ opportunities(first: 5) { totalCount } deliverables(first: 5) { totalCount } clients(first: 5) { totalCount } }`);
      expect(status).toBe(403);
      expect(json.data).toBeUndefined();
      expect(json.errors![0]!.extensions).toMatchObject({ code: 'PII_DENIED' });
      expect(json.errors![0]!.extensions!.denied.map((d: { coordinate: string; reason: string }) => `${d.coordinate} ${d.reason}`)).toEqual([
        'Query.opportunities CLOSED_WORLD',
        'Query.deliverables CLOSED_WORLD',
        'Query.clients CLOSED_WORLD',
      ]);
    });

    it('gets no field its grant does not name, tagged or not: the shopper’s id (the key) and name, nothing else', async () => {
      const shopper = t.data.shoppers[0]!;
      const { status, json } = await t.query({ role: 'PARTNER', partnerId: 'ptn_1' }, 'PARTNER_REFERRAL', `query ($id: ID!) { shopper(id: $id) { id name status createdAt consents { marketingEmails } rating } me { id } }`, { id: shopper._id });
      expect(status).toBe(200);
      expect(json.data).toEqual({ shopper: { id: shopper._id, name: expect.any(String), status: null, createdAt: null, consents: null, rating: null }, me: null });
      const withheld = json.extensions!.privacy.withheld.map((w: { coordinate: string; reason: string }) => `${w.coordinate} ${w.reason}`);
      expect(withheld).toEqual(expect.arrayContaining(['Shopper.status CLOSED_WORLD', 'Shopper.createdAt CLOSED_WORLD', 'Shopper.consents CLOSED_WORLD', 'Query.me CLOSED_WORLD']));
    });
  });

  describe('the client', () => {
    it('sees only its own opportunities, and null for another client’s', async () => {
      const own = t.data.clients[0]!._id;
      const other = t.data.opportunities.find((o) => o.clientId !== own)!;
      const res = await t.query({ role: 'CLIENT', clientId: own }, 'CLIENT_REPORTING', `query ($id: ID!) { opportunity(id: $id) { id } opportunities(first: 100) { nodes { client { id } } } }`, { id: other._id });
      expect(res.json.data.opportunity).toBeNull();
      const clients = new Set(res.json.data.opportunities.nodes.map((n: { client: { id: string } }) => n.client.id));
      expect([...clients]).toEqual([own]);
    });

    it('reaches a shopper only through its own assignments, and with initials only', async () => {
      const own = t.data.clients[0]!._id;
      const related = new Set(t.data.assignments.filter((a) => a.clientId === own).map((a) => a.shopperId));
      const stranger = t.data.shoppers.find((s) => !related.has(s._id))!;
      const friend = t.data.shoppers.find((s) => related.has(s._id))!;
      const { json, body } = await t.query({ role: 'CLIENT', clientId: own }, 'CLIENT_REPORTING', `query ($a: ID!, $b: ID!) { a: shopper(id: $a) { id name } b: shopper(id: $b) { id name email } }`, { a: stranger._id, b: friend._id });
      expect(json.data.a).toBeNull();
      expect(json.data.b.id).toBe(friend._id);
      expect(json.data.b.name).toBe(`${friend.firstName![0]}. ${friend.lastName![0]}.`);
      expect(json.data.b.email).toBeNull();
      expect(body).not.toContain(`${friend.firstName} ${friend.lastName}`);
      expect(body).not.toContain(friend.firstName!);
      expect(body).not.toContain(stranger.firstName!);
    });
  });

  describe('the shopper', () => {
    it('sees their own record in full and nobody else’s', async () => {
      const me = t.data.shoppers[5]!;
      const other = t.data.shoppers[6]!;
      const { json, body } = await t.query({ role: 'SHOPPER', shopperId: me._id, sub: me._id }, 'SERVICES', `query ($me: ID!, $other: ID!) { me: shopper(id: $me) { id email ssn bankAccount { accountNumber } } other: shopper(id: $other) { id email } shoppers(first: 100) { totalCount } }`, { me: me._id, other: other._id });
      expect(json.data.me).toEqual({ id: me._id, email: me.email, ssn: me.ssn, bankAccount: { accountNumber: me.bankAccount!.accountNumber } });
      expect(json.data.other).toBeNull();
      expect(json.data.shoppers.totalCount).toBe(1);
      expect(body).not.toContain(other.email!);
    });
  });

  describe('strict mode and explain', () => {
    it('rejects, in strict mode, an operation that asks for a denied field, naming it', async () => {
      const { status, json } = await t.query({ role: 'SUPPORT' }, 'SERVICES', SHOPPER_QUERY.replace('ssn', 'ssn gender'), undefined, { 'x-privacy-strict': '1' });
      expect(status).toBe(403);
      expect(json.errors?.[0]?.extensions?.code).toBe('PII_DENIED');
      expect(json.errors?.[0]?.message).toContain('Shopper.gender');
      expect(json.data ?? null).toBeNull();
    });

    it('returns the plan without running the operation in explain mode', async () => {
      const { json, body } = await t.query({ role: 'CLIENT', clientId: t.data.clients[0]!._id }, 'CLIENT_REPORTING', SHOPPER_QUERY, undefined, { 'x-privacy-explain': '1' });
      const fields = json.extensions?.privacy?.explain?.fields as Array<{ coordinate: string; effect: string }>;
      expect(fields.find((f) => f.coordinate === 'Shopper.name')?.effect).toBe('mask');
      expect(fields.find((f) => f.coordinate === 'Shopper.ssn')?.effect).toBe('deny');
      expect(body).not.toContain(t.data.shoppers[0]!._id);
    });
  });

  it('reports withheld and masked fields in extensions.privacy', async () => {
    const { json } = await t.query({ role: 'SUPPORT' }, 'SERVICES', `{ shopper(id: "${t.data.shoppers[0]!._id}") { ssn gender } }`);
    expect(json.extensions?.privacy?.masked).toContainEqual(expect.objectContaining({ path: ['shopper', 'ssn'], coordinate: 'Shopper.ssn', strategy: 'partial' }));
    expect(json.extensions?.privacy?.withheld).toContainEqual(expect.objectContaining({ path: ['shopper', 'gender'], coordinate: 'Shopper.gender', category: 'PROTECTED_CLASSIFICATIONS' }));
    expect(json.data.shopper.ssn).toMatch(/^\*{4}\d{4}$/);
  });

  describe('going around the gateway', () => {
    const direct = async (headers: Record<string, string>) => post(t.system.subgraphs.shopper.url, headers, '{ shoppers(first: 5) { nodes { id email ssn } } }');
    it('gets 401 from a subgraph without a signed caller context', async () => {
      const { status, json, body } = await direct({});
      expect(status).toBe(401);
      expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
      expect(body).not.toContain(t.data.shoppers[0]!.email!);
    });

    it('gets 401 with a caller context signed with another key or expired', async () => {
      const forged = await new SignJWT({ role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', rid: 'r' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('confero-gateway').setAudience('confero-subgraph').setExpirationTime('1m').sign(new TextEncoder().encode('attacker-secret-0123456789-0123456789-xx'));
      const expired = await new SignJWT({ role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', rid: 'r' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('confero-gateway').setAudience('confero-subgraph').setIssuedAt(Math.floor(Date.now() / 1000) - 30).setExpirationTime(Math.floor(Date.now() / 1000) - 5).sign(new TextEncoder().encode(TEST_SECRETS.callerContext));
      for (const token of [forged, expired, 'garbage']) {
        const { status, body } = await direct({ 'x-confero-caller': token });
        expect(status).toBe(401);
        expect(body).not.toContain(t.data.shoppers[0]!.email!);
      }
    });

    describe('with a context signed with the right key (as a leaked key, or a careless signer, would make it)', () => {
      const now = () => Math.floor(Date.now() / 1000);
      const context = (iat: number, exp: number) =>
        new SignJWT({ role: 'LEGAL', purpose: 'LEGAL_COMPLIANCE', rid: 'r' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer('confero-gateway')
          .setAudience('confero-subgraph')
          .setIssuedAt(iat)
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode(TEST_SECRETS.callerContext));

      it('is served when the context lives 60 s at most', async () => {
        const at = now();
        const { status, json } = await direct({ 'x-confero-caller': await context(at, at + 60) });
        expect(status).toBe(200);
        expect(json.data.shoppers.nodes.length).toBeGreaterThan(0);
      });

      it('gets 401 when the context lives longer than 60 s, though it has not expired', async () => {
        for (const lifetime of [61, 24 * 3600]) {
          const at = now();
          const { status, json, body } = await direct({ 'x-confero-caller': await context(at, at + lifetime) });
          expect(status, `${lifetime} s`).toBe(401);
          expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
          expect(body).not.toContain(t.data.shoppers[0]!.email!);
        }
      });

      it('gets 401 when the context was issued in the future, beyond the allowed clock skew', async () => {
        const at = now();
        const { status, json, body } = await direct({ 'x-confero-caller': await context(at + 30, at + 60) });
        expect(status).toBe(401);
        expect(json.errors?.[0]?.extensions?.code).toBe('CALLER_CONTEXT_INVALID');
        expect(body).not.toContain(t.data.shoppers[0]!.email!);
      });
    });
  });
});
