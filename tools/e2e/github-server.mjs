// A loopback GitHub REST server holding pull requests in memory, answering pulls.list / create /
// update like api.github.com does (422 for a second open PR on the same head).
import { createServer } from 'node:http';

export async function startGitHubServer() {
  const pulls = [];
  const requests = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname, body, auth: req.headers.authorization });
    const send = (status, data) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const repoPulls = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    const onePull = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    if (repoPulls && req.method === 'GET') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      return send(
        200,
        pulls.filter((p) => (!head || `${repoPulls[1]}:${p.head.ref}` === head) && (state === 'all' || p.state === state)),
      );
    }
    if (repoPulls && req.method === 'POST') {
      if (pulls.some((p) => p.head.ref === body.head && p.state === 'open')) {
        return send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repoPulls[1]}:${body.head}.` }],
        });
      }
      const number = pulls.length + 1;
      const pr = {
        number,
        state: 'open',
        title: body.title,
        body: body.body,
        head: { ref: body.head },
        base: { ref: body.base },
        html_url: `https://github.example/${repoPulls[1]}/${repoPulls[2]}/pull/${number}`,
      };
      pulls.push(pr);
      return send(201, pr);
    }
    if (onePull && req.method === 'PATCH') {
      const pr = pulls.find((p) => p.number === Number(onePull[3]));
      if (!pr) return send(404, { message: 'Not Found' });
      Object.assign(pr, body);
      return send(200, pr);
    }
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    pulls,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
