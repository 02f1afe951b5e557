import type { Transcript } from '../../shared/domain/transcript';
import type { AppDb } from '../db/open-database';
import { toBool } from '../db/rows';
import { sql } from '../db/sql';

type TranscriptRow = Omit<Transcript, 'is_owner'> & { is_owner: number };
const toTranscript = (row: TranscriptRow): Transcript => ({ ...row, is_owner: toBool(row.is_owner) });

/** A transcript row before its sequence number is assigned. */
export type NewTranscript = Omit<Transcript, 'sequence_number'>;

/** Reads and writes `transcripts`. */
export function createTranscriptsRepo(db: AppDb) {
  return {
    /**
     * Appends a final segment with the next sequence number of its session, atomically.
     * Each call commits on its own so a crash loses at most the segment in flight.
     */
    append(row: NewTranscript): Transcript {
      return db.transaction(() => {
        const next = db.get<{ n: number }>(
          sql`SELECT COALESCE(MAX(sequence_number) + 1, 0) AS n FROM transcripts WHERE session_id = ${row.session_id}`,
        )?.n ?? 0;
        db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, is_owner, confidence_score, start_time_seconds,
            end_time_seconds, duration_seconds, sequence_number, created_at)
          VALUES (${row.id}, ${row.session_id}, ${row.content}, ${row.speaker}, ${row.is_owner ? 1 : 0}, ${row.confidence_score},
            ${row.start_time_seconds}, ${row.end_time_seconds}, ${row.duration_seconds}, ${next}, ${row.created_at})`);
        return { ...row, sequence_number: next };
      });
    },
    /** Segments of a session in order, optionally after a sequence number. */
    listBySession(sessionId: string, options: { afterSequence?: number; limit: number }): Transcript[] {
      return db
        .all<TranscriptRow>(sql`SELECT id, session_id, content, speaker, is_owner, confidence_score, start_time_seconds,
            end_time_seconds, duration_seconds, sequence_number, created_at
          FROM transcripts WHERE session_id = ${sessionId} AND sequence_number > ${options.afterSequence ?? -1}
          ORDER BY sequence_number LIMIT ${options.limit}`)
        .map(toTranscript);
    },
  };
}

/** The repository type. */
export type TranscriptsRepo = ReturnType<typeof createTranscriptsRepo>;
