import type { DbService } from "./services";

/** Terraform-safe suffix for a lab server id ([a-z0-9-] → [a-z0-9_]). */
export function tfName(labServerId: string): string {
  return labServerId.replace(/-/g, "_");
}

/**
 * Logical ids of the database resources (stacks/databases sets them with overrideLogicalId, so
 * plans read `docker_container.db_mysql_lab1["r201-s07"]`); the reset script targets them.
 */
export const TF_IDS = {
  container: (svc: DbService, server: string) => `db_${svc}_${tfName(server)}`,
  volume: (svc: DbService, server: string) => `db_volume_${svc}_${tfName(server)}`,
  image: (svc: DbService, server: string) => `db_image_${svc}_${tfName(server)}`,
  network: (server: string) => `db_network_${tfName(server)}`,
  seats: (server: string) => `db_seats_${tfName(server)}`,
  adminPassword: (svc: DbService, server: string) => `db_admin_${svc}_${tfName(server)}`,
  seatPassword: (server: string) => `db_seat_password_${tfName(server)}`,
  firewall: (server: string) => `db_firewall_${tfName(server)}`,
};

export function tfAddress(kind: "container" | "volume", svc: DbService, server: string, key: string): string {
  const type = kind === "container" ? "docker_container" : "docker_volume";
  return `${type}.${TF_IDS[kind](svc, server)}["${key}"]`;
}
