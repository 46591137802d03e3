import { isoString, parsePageArgs, referenceId, type PageArgs, type SubgraphResolvers } from '@confero/subgraph-common';
import type { ClientContext } from './clientContext.ts';
import type { ClientFilterArgs } from './clientData.ts';
import type { ClientDocument } from './clientModel.ts';

/** Resolvers of the client subgraph: they read through `context.data` and hold no policy. */
export const clientResolvers = {
  Query: {
    client: (_: unknown, args: { id: string }, ctx: ClientContext) => ctx.data.clientById.load(args.id),
    clients: (_: unknown, args: PageArgs & ClientFilterArgs, ctx: ClientContext) =>
      ctx.data.findClients({ industry: args.industry }, parsePageArgs(args, 'cli_')),
  },
  Client: {
    __resolveReference: (ref: unknown, ctx: ClientContext) => {
      const id = referenceId(ref);
      return id === null ? null : ctx.data.clientById.load(id);
    },
    id: (c: ClientDocument) => c._id,
    createdAt: (c: ClientDocument) => isoString(c.createdAt),
  },
} satisfies SubgraphResolvers;
