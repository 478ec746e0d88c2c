import { z } from "zod";
import { IANA_NAME, isTimeZone } from "../../util/time-zone";
import { DATE_SHAPE, isCalendarDate } from "../../util/calendar-date";

/** Exam levels of the certificate (manual §1): 初级 / 中级 / 高级. */
export const LEVELS = ["primary", "intermediate", "advanced"] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "expected a lower-case id of letters, digits and '-' (at most 40 characters)");
export const RoomId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, "expected a room id of letters, digits and '-' (at most 16 characters)");
export const PersonName = z.string().trim().min(1, "expected a name").max(64);
export const IsoDate = z
  .string()
  .regex(DATE_SHAPE, { message: "expected a date as YYYY-MM-DD", abort: true })
  .refine(isCalendarDate, "no such date: expected a calendar date as YYYY-MM-DD");
/** An IANA time zone name this Node.js knows (src/util/time-zone.ts). */
const TIME_ZONE_MESSAGE = "expected an IANA time zone such as Asia/Shanghai";
export const TimeZone = z.string().regex(IANA_NAME, { message: TIME_ZONE_MESSAGE, abort: true }).refine(isTimeZone, TIME_ZONE_MESSAGE);
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time as HH:MM (24 h)");
export const Resolution = z.string().regex(/^\d{3,5}x\d{3,5}$/, "expected WIDTHxHEIGHT, for example 1920x1080");
export const Version = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/, "expected a version such as 3.7.9");
export const Mac = z
  .string()
  .regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, "expected a MAC address such as 00:1A:2B:3C:4D:5E")
  .transform((m) => m.toUpperCase().replace(/-/g, ":"));
/** A positive number (rejects 0 and negatives with a clear message). */
export const Positive = z.number().positive("expected a number greater than 0");
export const NonNegInt = z.number().int("expected a whole number").nonnegative("expected 0 or more");
export const PosInt = z.number().int("expected a whole number").positive("expected a number greater than 0");
