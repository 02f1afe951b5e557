import { z } from 'zod';
import { EpochMsSchema, UuidSchema } from '../../domain/common';
import { MEETING_PLATFORMS, SessionSchema, SESSION_STATUSES } from '../../domain/session';

/** Most events one `calendar.upcoming` answer carries. */
export const MAX_UPCOMING_EVENTS = 50;

/** Someone invited to a calendar event, as far as the calendar tells. */
export const CalendarAttendeeSchema = z.object({
  email: z.string().nullable(),
  name: z.string().nullable(),
});
/** Someone invited to a calendar event. */
export type CalendarAttendee = z.infer<typeof CalendarAttendeeSchema>;

/** The session an event is linked to (started from it or joined by the bot), when it is on this device. */
export const LinkedSessionSchema = z.object({
  id: UuidSchema,
  title: z.string(),
  status: z.enum(SESSION_STATUSES),
});

/** One upcoming (or running) event of a connected calendar. */
export const UpcomingEventSchema = z.object({
  id: UuidSchema,
  title: z.string(),
  start_time: EpochMsSchema,
  end_time: EpochMsSchema,
  meeting_url: z.string().nullable(),
  /** Recognised from meeting_url; null when there is no link or the service is unknown. */
  platform: z.enum(MEETING_PLATFORMS).nullable(),
  attendees: z.array(CalendarAttendeeSchema),
  organizer_email: z.string().nullable(),
  is_organizer: z.boolean(),
  /** Which calendar it comes from (display name or account email). */
  calendar: z.string(),
  session: LinkedSessionSchema.nullable(),
});
/** One upcoming event. */
export type UpcomingEvent = z.infer<typeof UpcomingEventSchema>;

/** Input of `calendar.upcoming`. */
export const UpcomingInputSchema = z.strictObject({
  limit: z.number().int().min(1).max(MAX_UPCOMING_EVENTS).default(5),
  /** Only events starting before now + this many days. */
  within_days: z.number().int().min(1).max(60).default(14),
});

/**
 * Answer of `calendar.upcoming`. `state` tells the empty state apart: `signed_out` (calendars
 * arrive through a sync server), `not_connected` (signed in, no active calendar), `connected`.
 */
export const UpcomingResultSchema = z.object({
  state: z.enum(['signed_out', 'not_connected', 'connected']),
  events: z.array(UpcomingEventSchema),
});
/** Answer of `calendar.upcoming`. */
export type UpcomingResult = z.infer<typeof UpcomingResultSchema>;

/** Calendar channels: the next events, and a session prepared from one. */
export const calendarContract = {
  'calendar.upcoming': { input: UpcomingInputSchema, output: UpcomingResultSchema },
  /** Returns the event's linked session, or creates a draft prefilled from the event (title, link, participants). */
  'calendar.startSession': { input: z.strictObject({ event_id: UuidSchema }), output: SessionSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
