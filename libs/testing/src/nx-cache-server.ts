import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NxCacheServer {
  /** `http://127.0.0.1:<port>`: the value of NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  url: string;
  /** The stored artifacts (the tar.gz bodies), by task hash. */
  entries: Map<string, Buffer>;
  /** Every request, as `<METHOD> <hash> <status>`. */
  log: string[];
  close: () => Promise<void>;
}

const ROUTE = /^\/v1\/cache\/([^/?#]+)$/;

/**
 * A loopback server of Nx's self-hosted remote cache OpenAPI spec (nx.dev/docs/kb/self-hosted-caching):
 * `PUT /v1/cache/{hash}` stores the body (200; 409 when the hash is already stored, as entries are
 * immutable), `GET /v1/cache/{hash}` returns it (200, application/octet-stream) or 404. With a
 * token, a request without `Authorization: Bearer <token>` gets 401 with a text/plain reason.
 */
export async function startNxCacheServer(options: { token?: string } = {}): Promise<NxCacheServer> {
  const entries = new Map<string, Buffer>();
  const log: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const hash = ROUTE.exec(req.url ?? '')?.[1];
    const answer = (status: number, body?: Buffer) => {
      log.push(`${req.method} ${hash ?? req.url} ${status}`);
      // Nx reads a 401 without a text/plain body as a misconfigured server.
      const text = status === 401 ? Buffer.from('Unauthorized: wrong or missing bearer token') : undefined;
      const sent = body ?? text;
      const type = body ? 'application/octet-stream' : 'text/plain';
      res.writeHead(status, sent ? { 'content-type': type, 'content-length': sent.length } : {});
      res.end(sent);
    };
    if (!hash) return answer(404);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) return answer(401);
    if (req.method === 'PUT') {
      if (entries.has(hash)) return answer(409);
      entries.set(hash, Buffer.concat(chunks));
      return answer(200);
    }
    if (req.method === 'GET') {
      const body = entries.get(hash);
      return body ? answer(200, body) : answer(404);
    }
    return answer(405);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    entries,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
