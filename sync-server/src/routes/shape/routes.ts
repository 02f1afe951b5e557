import type { FastifyPluginAsync, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import { invalidInput } from '../../../../src/shared/errors';
import { getAuth } from '../../auth/require-user';
import type { UserClaims } from '../../db/tx';
import type { ShapeEventSink, ShapeResponse, ShapeService } from '../../sync/shape-service';
import { parseShapeQuery } from './schema';

// A shared abort reason: no DOMException (with its stack trace) per finished request.
const CLIENT_GONE = Object.freeze({ reason: 'client gone' });

/** What the shape route needs. */
export interface ShapeRouteDeps {
  shapes: ShapeService;
  requireUser: preHandlerAsyncHookHandler;
}

/**
 * `GET /v1/shape`: Electric's Shape HTTP protocol for one synced table, with the rows the caller
 * may read. Every response varies by Authorization and is never cached by intermediaries.
 */
export function shapeRoutes(deps: ShapeRouteDeps): FastifyPluginAsync {
  return async (app) => {
    // Long-polls would otherwise hold app.close() for up to the live timeout.
    app.addHook('preClose', async () => deps.shapes.shutdown());
    // Live clients re-poll after every change, so with many subscribers per-request access logs
    // were a large share of the server's CPU (bench:sync fanout); errors are still logged.
    app.get('/shape', { preHandler: deps.requireUser, logLevel: 'warn' }, async (request, reply) => {
      const auth = getAuth(request);
      const query = parseShapeQuery(request.query);
      const aborted = new AbortController();
      // The response's 'close' before we answer means the client went away: stop long-polling.
      reply.raw.once('close', () => aborted.abort(CLIENT_GONE));
      const claims: UserClaims = { sub: auth.claims.sub, role: auth.claims.role };
      if (auth.claims.org) claims.org = auth.claims.org;
      if (query.sse) {
        if (query.position.kind !== 'log' && query.position.kind !== 'now') throw invalidInput('live_sse needs the offset of a synced shape');
        const sink = eventSink(reply);
        let answer: ShapeResponse | undefined;
        try {
          // The Electric proxy has no stream: its one long-poll answer goes out as events.
          if (deps.shapes.stream) {
            answer = await deps.shapes.stream(claims, query, aborted.signal, sink);
          } else {
            answer = await deps.shapes.serve(claims, query, aborted.signal);
            if (answer.status === 200) {
              sink.open(answer.headers);
              sink.send((JSON.parse(answer.body) as unknown[]).map((message) => JSON.stringify(message)));
            }
          }
        } catch (error) {
          if (!sink.isOpen) throw error;
          request.log.warn({ err: error }, 'shape event stream failed');
        }
        if (sink.isOpen) {
          reply.raw.end();
          return reply;
        }
        if (answer) return sendJson(reply, answer);
        throw new Error('shape event stream ended before it opened');
      }
      return sendJson(reply, await deps.shapes.serve(claims, query, aborted.signal));
    });
  };
}

const EXPOSED = { vary: 'Authorization', 'access-control-expose-headers': 'electric-handle, electric-offset, electric-schema, electric-up-to-date, electric-cursor' };

function sendJson(reply: FastifyReply, response: ShapeResponse): FastifyReply {
  void reply.status(response.status).headers({ ...response.headers, ...EXPOSED, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  return reply.send(response.body);
}

/** Writes Server-Sent Events straight to the socket (fastify hands the response over on open). */
function eventSink(reply: FastifyReply): ShapeEventSink & { readonly isOpen: boolean } {
  let isOpen = false;
  return {
    get isOpen() {
      return isOpen;
    },
    open(headers) {
      void reply.hijack();
      const own = reply.getHeaders() as Record<string, string>;
      reply.raw.writeHead(200, {
        ...own,
        ...headers,
        ...EXPOSED,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies must pass events on as they come (nginx buffers otherwise).
        'x-accel-buffering': 'no',
        // Not reused afterwards: a kept-alive connection after a hijacked stream held app.close()
        // for the whole keep-alive timeout (72 s) in tests.
        connection: 'close',
      });
      isOpen = true;
    },
    send(messages) {
      // One event per message; a message never spans lines (JSON text from Postgres or JSON.stringify).
      reply.raw.write(messages.map((message) => `data: ${message.replaceAll('\n', '\ndata: ')}\n\n`).join(''));
    },
    comment() {
      reply.raw.write(': keep-alive\n\n');
    },
  };
}
