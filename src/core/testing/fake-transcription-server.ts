import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWavHeader } from '../audio/wav';

/** One request the fake endpoint accepted or refused. */
export interface FakeTranscriptionRequest {
  authorization: string | undefined;
  model: string;
  /** Seconds of 16-bit mono audio in the uploaded WAV (0 when there was no valid WAV). */
  seconds: number;
  status: number;
}

/** A running fake OpenAI-compatible transcription endpoint. */
export interface FakeTranscriptionServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: FakeTranscriptionRequest[];
  close(): Promise<void>;
}

/**
 * A local server speaking OpenAI's `POST /v1/audio/transcriptions` (multipart in, JSON out) for tests:
 * 401 with OpenAI's error body for a key it does not know, 404 for a model it does not serve.
 */
export async function startFakeTranscriptionServer(options: { apiKey: string; models: string[]; text?: string }): Promise<FakeTranscriptionServer> {
  const requests: FakeTranscriptionRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      fail(res, 404, `Unknown route ${req.method ?? ''} ${req.url ?? ''}`, 'invalid_request_error');
      return;
    }
    const form = await new Request('http://local', { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).formData();
    const file = form.get('file');
    const model = String(form.get('model'));
    let seconds = 0;
    if (file instanceof File) {
      const bytes = Buffer.from(await file.arrayBuffer());
      const info = parseWavHeader(bytes, bytes.length);
      seconds = info.dataBytes / 2 / info.channels / info.sampleRate;
    }
    const record = (status: number) => requests.push({ authorization: req.headers.authorization, model, seconds, status });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      record(401);
      fail(res, 401, 'Incorrect API key provided: sk-wr***ey. You can find your API key in your account settings.', 'invalid_api_key');
      return;
    }
    if (!options.models.includes(model)) {
      record(404);
      fail(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found');
      return;
    }
    if (!(file instanceof File)) {
      record(400);
      fail(res, 400, 'No file was uploaded', 'invalid_request_error');
      return;
    }
    record(200);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: options.text ?? '' }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/v1`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function fail(res: ServerResponse, status: number, message: string, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'invalid_request_error', code } }));
}
