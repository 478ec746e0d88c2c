import type { CameraSpec } from "../model/schema";
import type { SeatGeometry } from "../model/seats";

/**
 * Camera coverage (CAM-COVERAGE, §3.1 (3) 覆盖全场): a camera sees a seat when the seat's centre
 * lies within the camera's range (horizontal distance on the floor plan) and inside its
 * horizontal field of view around the direction it faces. Shared by the compliance rule and the
 * report's floor plan, so both always agree.
 */
const EPS = 1e-9;

/** Direction the camera faces, in degrees from +x towards +y; front cameras face the back (90°). */
export function cameraDirection(cam: CameraSpec): number {
  return cam.directionDeg ?? (cam.position === "front" ? 90 : 270);
}

export function cameraSees(cam: CameraSpec, x: number, y: number): boolean {
  const dx = x - cam.x;
  const dy = y - cam.y;
  const dist = Math.hypot(dx, dy);
  if (dist > cam.rangeM + EPS) return false;
  if (dist < EPS || cam.fovDeg >= 360) return true;
  const bearing = (Math.atan2(dy, dx) * 180) / Math.PI;
  return angleBetween(bearing, cameraDirection(cam)) <= cam.fovDeg / 2 + EPS;
}

/** Smallest absolute difference between two angles, in degrees (0..180). */
export function angleBetween(a: number, b: number): number {
  const d = (((a - b) % 360) + 540) % 360 - 180;
  return Math.abs(d);
}

export interface SeatCoverage {
  seat: number;
  /** Ids of the cameras that see the seat. */
  cameras: string[];
}

/** For every seat that carries a machine: which cameras see it. */
export function seatCoverage(cameras: readonly CameraSpec[], seats: readonly SeatGeometry[]): SeatCoverage[] {
  return seats.filter((s) => s.hasMachine).map((s) => ({ seat: s.number, cameras: cameras.filter((c) => cameraSees(c, s.x, s.y)).map((c) => c.id) }));
}
