import { z } from 'zod';

/** Upper bounds for strings crossing a boundary (bytes of UTF-16 code units). */
export const LIMITS = {
  title: 300,
  shortText: 2_000,
  longText: 200_000,
} as const;

/** A UUID string. */
export const UuidSchema = z.uuid();
/** Epoch milliseconds. */
export const EpochMsSchema = z.number().int().nonnegative();

/** A bounded, trimmed single-line title. */
export const TitleSchema = z.string().trim().min(1).max(LIMITS.title);
