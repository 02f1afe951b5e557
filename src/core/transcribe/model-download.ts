import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';
import { createLogger } from '../log/logger';

const log = createLogger('model-download');

/** Progress of one download. */
export interface DownloadProgress {
  receivedBytes: number;
  /** null when the server does not say. */
  totalBytes: number | null;
}

/** One file to fetch. */
export interface DownloadRequest {
  url: string;
  /** Final location; a `.part` file next to it holds an interrupted download. */
  destination: string;
  /**
   * Lowercase hex SHA-256 the complete file must have. null only for a file with no published
   * checksum: then `validate` is required and decides (no checksum is ever made up).
   */
  sha256: string | null;
  /** Extra check of the complete file; throws to reject it (the file is then deleted). */
  validate?: (path: string) => Promise<void>;
  onProgress?: (progress: DownloadProgress) => void;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Downloads a file once: resumes a `.part` file with an HTTP Range request, reports progress,
 * verifies the SHA-256 before moving it into place, and returns at once when the file exists
 * and matches.
 * @throws AppError('model.download_failed') when offline or the server fails (the `.part` is kept).
 * @throws AppError('model.checksum_mismatch') when the bytes are not the expected ones (the `.part` is deleted).
 */
export async function downloadModelFile(request: DownloadRequest): Promise<string> {
  const { destination } = request;
  if (request.sha256 === null && !request.validate) {
    throw new AppError('model.checksum_mismatch', 'A model file without a pinned SHA-256 needs a format check; refusing to download it unverified');
  }
  if (await fileExists(destination)) {
    if (await isValidFile(destination, request)) return destination;
    await unlink(destination);
  }
  await mkdir(dirname(destination), { recursive: true });
  const part = `${destination}.part`;
  const have = (await fileExists(part)) ? (await stat(part)).size : 0;
  const fetchFn = request.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (cause) {
    throw new AppError('model.download_failed', 'Cannot reach the model server; check the network connection (the model is downloaded once, then works offline)', {
      cause,
      details: { offline: true },
    });
  }
  if (response.status === 416 && have > 0) {
    // The .part already holds every byte; fall through to verification.
  } else if (!response.ok || !response.body) {
    throw new AppError('model.download_failed', `The model server answered HTTP ${response.status}`, { details: { status: response.status } });
  }
  const isResumed = response.status === 206;
  const start = isResumed ? have : 0;
  const length = Number(response.headers.get('content-length') ?? NaN);
  const totalBytes = Number.isFinite(length) ? start + length : null;
  if (response.status !== 416 && response.body) {
    let receivedBytes = start;
    request.onProgress?.({ receivedBytes, totalBytes });
    // Each chunk is written before the next is read, so an interrupted download keeps every byte it got.
    const file = await open(part, isResumed ? 'a' : 'w');
    try {
      for await (const chunk of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
        await file.write(chunk as Buffer);
        receivedBytes += (chunk as Buffer).length;
        request.onProgress?.({ receivedBytes, totalBytes });
      }
    } catch (cause) {
      throw new AppError('model.download_failed', 'The model download was interrupted; it resumes on the next try', { cause, details: { receivedBytes } });
    } finally {
      await file.close();
    }
  }
  await verifyOrDelete(part, request);
  await rename(part, destination);
  log.info('model file ready', { resumed: isResumed, bytes: (await stat(destination)).size });
  return destination;
}

/** Whether a complete file passes the request's checks. */
async function isValidFile(path: string, request: DownloadRequest): Promise<boolean> {
  try {
    await verifyOrDelete(path, request, false);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'model.checksum_mismatch') return false;
    throw error;
  }
}

/**
 * Checks the SHA-256 (when pinned) and the format check (when given); a failing file is deleted
 * unless `shouldDelete` is false.
 */
async function verifyOrDelete(path: string, request: DownloadRequest, shouldDelete = true): Promise<void> {
  try {
    if (request.sha256 !== null) {
      const expected = request.sha256.toLowerCase();
      const actual = await sha256File(path);
      if (actual !== expected) {
        throw new AppError('model.checksum_mismatch', 'The downloaded model file is corrupt (SHA-256 mismatch) and was deleted', {
          details: { expected, actual },
        });
      }
    } else {
      log.warn('model file has no pinned checksum; format check only', { bytes: (await stat(path)).size });
    }
    await request.validate?.(path);
  } catch (error) {
    if (shouldDelete && error instanceof AppError && error.code === 'model.checksum_mismatch') await unlink(path);
    throw error;
  }
}

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
