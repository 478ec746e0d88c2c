import type { SecretText } from "./escape";
import type { SeatAccount } from "./init-mysql";
import type { SeatSlot } from "./plan";

/** Shared mode: each seat's account (database/user name = seat's dbName) with the password the caller supplies. */
export function seatAccounts(seats: readonly SeatSlot[], password: (seat: SeatSlot) => SecretText): SeatAccount[] {
  return seats.map((s) => ({ name: s.dbName, password: password(s), label: `room ${s.room} seat ${s.seat}` }));
}
