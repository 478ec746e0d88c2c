import { z } from "zod";
import { IsoDate, PersonName } from "./common";

/** Site staff (manual §2, §5.1): chief and deputy examiners, technical lead, management staff. */
export const Staff = z.strictObject({
  chiefExaminer: PersonName.optional(),
  deputyExaminers: z.array(PersonName).default([]),
  technicalLead: z
    .strictObject({ name: PersonName, registered: z.boolean().default(false) })
    .optional(),
  /** 专兼职管理人员: full- or part-time management staff. */
  admin: z.array(PersonName).default([]),
  /** Devices staff bring onto the site network (phones, laptops): counted against router capacity. */
  devices: z.number().int().nonnegative().default(0),
});

/** A declaration for a requirement software cannot measure (level "attest" in the digest). */
export const Attestation = z.strictObject({
  value: z.boolean(),
  by: PersonName,
  date: IsoDate,
  note: z.string().max(500).optional(),
});
/** Proctors and technical support assigned to one room (manual §3.1, §5.2). */
export const RoomStaff = z.strictObject({
  proctors: z.array(PersonName).default([]),
  networkSupport: z.array(PersonName).default([]),
  /** ROOM-PROCTORS: the room's proctors were trained before the exam (who confirmed, when). */
  proctorsTrained: Attestation.optional(),
  /** ROOM-PROCTORS 回避制度: no proctor teaches, advises or counsels the candidates' own major. */
  proctorsIndependent: Attestation.optional(),
});

export const Attestations = z.record(
  z.string().regex(/^[A-Z][A-Z0-9-]+$/, "expected a rule ID such as SITE-LEGAL-ENTITY"),
  Attestation,
);
