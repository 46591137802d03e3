import { startTestSystem } from './test/support/testSystem.ts';
const sys = await startTestSystem({ gateway: { queryPlanner: process.env.QP as 'hive' } });
try {
  const legal = { role: 'LEGAL' };
  const cid = sys.data.deliverables[0]!.clientId;
  const q = `query Deep($clientId: ID!) {
  __typename
  deliverables(first: 3, filter: { clientId: $clientId }) {
    totalCount
    nodes {
      id submittedAt
      receipt { amount currency }
      shopper { id name email rating assignments(first: 2) { nodes { id status opportunity { id title client { id name industry opportunities(first: 2) { nodes { id title } } } } } } }
      opportunity { id title fee client { id name } eligibleShoppers(first: 2) { id name rating } }
    }
  }
}`;
  const r = await sys.query(legal, 'LEGAL_COMPLIANCE', q, { clientId: cid });
  console.log(r.status, r.body.slice(0, 1500));
  const c = await sys.query({ role: 'CLIENT', clientId: cid }, 'CLIENT_REPORTING', q, { clientId: cid });
  console.log(c.status, c.body.slice(0, 1500));
  const i = await sys.query(legal, 'LEGAL_COMPLIANCE', `{ __typename }`);
  console.log(i.status, i.body);
} finally { await sys.stop(); }
