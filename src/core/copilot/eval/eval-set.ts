import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const LineSchema = z.object({ speaker: z.string(), text: z.string(), start_time_seconds: z.number(), end_time_seconds: z.number() });

/** One meeting of the copilot eval set with its hand-written expectations. */
export const EvalMeetingSchema = z.object({
  id: z.string(),
  kind: z.string(),
  holdout: z.boolean(),
  title: z.string(),
  conversation_type: z.string(),
  me: z.string(),
  context: z.string(),
  checklist: z.array(z.string()),
  transcript: z.array(LineSchema),
  expected: z.object({
    action_items: z.array(z.object({ text: z.string(), owner: z.string().nullable(), due: z.string().nullable() })),
    decisions: z.array(z.string()),
    their_questions: z.array(z.string()),
  }),
});
export type EvalMeeting = z.infer<typeof EvalMeetingSchema>;

/** Loads every meeting in src/core/copilot/eval/*.json. */
export function loadEvalSet(dir = dirname(fileURLToPath(import.meta.url))): EvalMeeting[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => EvalMeetingSchema.parse(JSON.parse(readFileSync(join(dir, name), 'utf8'))));
}
