/**
 * Names derived from room ids and seat numbers. Room ids are already restricted by the schema
 * (letters, digits, '-', at most 16), but these names end up in SQL, JavaScript, Redis ACLs,
 * Docker names and shell commands, so they are re-validated here and anything else is refused.
 */

const ROOM_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/;

function checkRoom(room: string): string {
  if (!ROOM_ID.test(room)) throw new Error(`invalid room id for a database name: ${JSON.stringify(room)}`);
  return room;
}

function checkSeat(seat: number): number {
  if (!Number.isInteger(seat) || seat < 1 || seat > 9999) throw new Error(`invalid seat number: ${seat}`);
  return seat;
}

/** for_each key, volume and container name part: r201-s07 (lower case: Docker names, case-insensitive room ids). */
export function seatKey(room: string, seat: number): string {
  return `r${checkRoom(room).toLowerCase()}-s${String(checkSeat(seat)).padStart(2, "0")}`;
}

/** Shared mode: the seat's database and user name, a plain SQL/Mongo/Redis identifier: seat_201_07. */
export function dbIdentifier(room: string, seat: number): string {
  return `seat_${checkRoom(room).toLowerCase().replace(/-/g, "_")}_${String(checkSeat(seat)).padStart(2, "0")}`;
}

/** Docker object name prefix for a site: examlab-<site id> (site ids are [a-z0-9-]). */
export function sitePrefix(siteId: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(siteId)) throw new Error(`invalid site id: ${JSON.stringify(siteId)}`);
  return `examlab-${siteId}`;
}

/** Plain identifiers every generator accepts (also checked again by each escaper). */
export const SAFE_IDENTIFIER = /^[a-z][a-z0-9_]{0,31}$/;
