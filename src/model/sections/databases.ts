import { z } from "zod";
import { Id, PosInt, Positive } from "./common";

/**
 * Containerised database services for intermediate/advanced rooms (manual §3.3, §7).
 * Owned by the databases feature (src/databases). Every field has a default taken from the
 * manual's reference versions, so `databases: {}` (or `mode: shared`) is a complete section.
 */

/** Docker image tag: letters, digits, '_', '.', '-' (at most 128, not starting with '.' or '-'). */
export const ImageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "expected a Docker image tag such as 5.7 or 6.2.5 (letters, digits, '_', '.', '-'; at most 128)");

/** Repository path without registry or tag: mysql, library/mongo, exam/redis-cn. */
export const ImageRepository = z
  .string()
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*){0,3}$/, "expected a lower-case image repository such as mysql or library/mongo (no registry, no tag)");

/** Registry host[:port], e.g. registry.example.cn:5000 (no scheme, no path). */
export const RegistryHost = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(?::\d{1,5})?$/, "expected a registry host such as registry.example.cn or 10.20.0.10:5000 (no scheme, no path)");

export const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "expected an image digest sha256:<64 hex digits>");

const Port = z.number().int("expected a whole number").min(1024, "expected a port from 1024").max(65535, "expected a port up to 65535");

const ServiceImage = z.strictObject({
  /** Image repository; defaults: mysql, mongo, redis. */
  repository: ImageRepository.optional(),
  /** Image tag; defaults: 5.7, 4.4, 6.2.5 (the manual's reference versions). */
  tag: ImageTag.optional(),
  /** Pin the image by digest (image@sha256:…): what was tested is what runs. */
  digest: Digest.optional(),
});

const Limits = z.strictObject({
  /** Hard memory limit per container, MB. */
  memoryMB: PosInt.min(16, "expected at least 16 MB").optional(),
  /** CPU limit per container (docker --cpus). */
  cpus: Positive.optional(),
});

const Credential = z.strictObject({
  user: z.string().regex(/^[A-Za-z0-9_]{1,32}$/, "expected a user name of letters, digits and '_' (at most 32)"),
  /** Printable ASCII without quotes, backslash or whitespace: it goes into SQL, JS and env. */
  password: z.string().regex(/^[A-Za-z0-9!#%*+,./:;<=>?@^_|~-]{1,64}$/, "expected 1-64 printable ASCII characters without quotes, '\\', '$', '&', '`', braces or spaces"),
});

export const Databases = z.strictObject({
  enabled: z.boolean().default(true),
  /** per-seat: own MySQL/MongoDB/Redis per seat; shared: one of each per lab server, a database/user per seat. */
  mode: z.enum(["per-seat", "shared"]).default("per-seat"),
  images: z
    .strictObject({ mysql: ServiceImage.optional(), mongodb: ServiceImage.optional(), redis: ServiceImage.optional() })
    .default({}),
  /** Private registry (or registry mirror) the images are pulled from, e.g. registry.example.cn:5000. */
  registry: z
    .strictObject({
      address: RegistryHost,
      /** Prefix inside the registry (a mirror of Docker Hub official images is often "library"). */
      namespace: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, "expected a lower-case path such as library or exam/db").optional(),
      username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, "expected a user name of letters, digits, '.', '_', '@', '-'").optional(),
      /** docker config.json on the machine running terraform (instead of a password variable). */
      configFile: z.string().regex(/^[^\0\n\r"]{1,255}$/, "expected a file path").optional(),
    })
    .optional(),
  /** The pymongo version candidates use, checked against the MongoDB server (§7 PYMONGO-SERVER). */
  pymongo: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "expected a version such as 3.11.4").optional(),
  /** Per-seat mode: the exam's published credentials (MongoDB and Redis have none by default). */
  credentials: z
    .strictObject({
      mysql: Credential.default({ user: "root", password: "123456" }),
      mongodb: Credential.optional(),
      redis: z.strictObject({ password: Credential.shape.password }).optional(),
    })
    .default({ mysql: { user: "root", password: "123456" } }),
  limits: z.strictObject({ mysql: Limits.optional(), mongodb: Limits.optional(), redis: Limits.optional() }).default({}),
  /** First host port per service on each lab server; seat k (0-based on that server) gets base + k. */
  ports: z
    .strictObject({ mysql: Port.default(33000), mongodb: Port.default(37000), redis: Port.default(36000) })
    .default({ mysql: 33000, mongodb: 37000, redis: 36000 }),
  /** Room id → lab server id; rooms not listed fill the declared lab servers in order. */
  assignment: z.record(z.string(), Id).default({}),
  /** Give spare seats (machines without a candidate) their own databases too. */
  includeSpares: z.boolean().default(false),
  /** Memory kept free on each lab server for the OS and docker, MB. */
  hostReserveMB: z.number().int().nonnegative().default(2048),
  /** Sum of container CPU limits may exceed the server's CPUs this many times (idle exam load). */
  cpuOvercommit: Positive.default(8),
  restart: z.enum(["no", "on-failure", "always", "unless-stopped"]).default("unless-stopped"),
});

export type DatabasesSpec = z.output<typeof Databases>;
