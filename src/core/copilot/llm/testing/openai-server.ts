import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the local OpenAI-compatible server. */
export interface ScriptedReply {
  /** HTTP status; non-2xx replies send an OpenAI-style error body. */
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMs?: number;
  /** Streamed content deltas (SSE) — or one JSON body when the request is not streaming. */
  deltas?: string[];
  /** Pause between streamed deltas. */
  deltaIntervalMs?: number;
  model?: string;
}

/** A request the server received. */
export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model: string; stream?: boolean; messages: Array<{ role: string; content: string }> };
}

/** A local HTTP server speaking the OpenAI chat completions API (JSON and SSE streaming), for tests. */
export interface OpenAiTestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues replies; when the queue is empty, `fallback` answers. */
  script(...replies: ScriptedReply[]): void;
  /** Answers by looking at each request (takes precedence over the queue). */
  respondWith(responder: ((body: RecordedRequest['body']) => ScriptedReply) | null): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with a random port. */
export async function startOpenAiTestServer(fallback: ScriptedReply = { deltas: ['{}'] }): Promise<OpenAiTestServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  let responder: ((body: RecordedRequest['body']) => ScriptedReply) | null = null;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      requests.push({ path: req.url, headers: req.headers, body });
      const reply = responder?.(body) ?? queue.shift() ?? fallback;
      const model = reply.model ?? `${body.model}-served`;
      setTimeout(() => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if (status >= 400) {
          res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify({ error: { message: `scripted ${status}`, type: 'test' } }));
          return;
        }
        const deltas = reply.deltas ?? [];
        if (!body.stream) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({ id: 'cmpl-test', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: deltas.join('') }, finish_reason: 'stop' }] }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
        const chunk = (delta: Record<string, unknown>, finish: string | null) =>
          `data: ${JSON.stringify({ id: 'cmpl-test', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        let i = 0;
        const next = () => {
          if (res.destroyed) return;
          if (i < deltas.length) {
            res.write(chunk(i === 0 ? { role: 'assistant', content: deltas[i] } : { content: deltas[i] }, null));
            i++;
            setTimeout(next, reply.deltaIntervalMs ?? 0);
          } else {
            res.write(chunk({}, 'stop'));
            res.end('data: [DONE]\n\n');
          }
        };
        next();
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    respondWith: (next) => (responder = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
