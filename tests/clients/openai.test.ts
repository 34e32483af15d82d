import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openAIClient } from '../../src/clients/openai.js';

/** A loopback server answering GET /v1/models: `failures` 500s first, then the list. */
async function modelsServer(failures: number) {
  const seen: IncomingHttpHeaders[] = [];
  let left = failures;
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const fail = left-- > 0;
    res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        fail ? { error: { message: 'boom', type: 'server_error' } } : { object: 'list', data: [] },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { baseUrl: `http://127.0.0.1:${port}/v1`, seen };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('the one OpenAI client factory', () => {
  it('sends the key, and the organisation and project of the run’s environment', async () => {
    const { baseUrl, seen } = await modelsServer(0);
    const env = { OPENAI_ORG_ID: 'org-run', OPENAI_PROJECT_ID: 'proj-run' };
    const client = openAIClient({ apiKey: 'sk-one', baseUrl, maxRetries: 0, timeoutMs: 5000, env });
    await client.models.list();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer sk-one',
      'openai-organization': 'org-run',
      'openai-project': 'proj-run',
    });
  });

  it('retries exactly as often as the caller says: never for the image back end', async () => {
    /** One 500, then the list: how many requests a client with these retries makes, and whether it got the list. */
    const attempts = async (maxRetries: number) => {
      const server = await modelsServer(1);
      const client = openAIClient({
        apiKey: 'k',
        baseUrl: server.baseUrl,
        maxRetries,
        timeoutMs: 5000,
        env: {},
      });
      const listed = await client.models.list().then(
        () => true,
        (error: { status?: number }) => error.status,
      );
      return { requests: server.seen.length, listed, organisation: server.seen[0]?.['openai-organization'] };
    };
    expect(await attempts(0)).toEqual({ requests: 1, listed: 500, organisation: undefined });
    expect(await attempts(1)).toEqual({ requests: 2, listed: true, organisation: undefined });
  });
});
