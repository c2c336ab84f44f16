import { z } from "zod";

/** DNS-1123 label: what Kubernetes accepts as a resource name, so exports stay valid. */
export const NameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be lower-case letters, digits and '-', starting and ending with a letter or digit",
  );

const hostLabel = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const HOST_RE = new RegExp(`^(\\*\\.)?${hostLabel}(\\.${hostLabel})*$`);

/** A DNS host name, optionally with a leading `*.` wildcard (as Istio allows), or `*` for any host. */
export const HostSchema = z
  .string()
  .min(1, "must not be empty")
  .max(253, "must be at most 253 characters")
  .refine((h) => h === "*" || HOST_RE.test(h), {
    message: "must be a DNS host name such as reviews.demo.local or *.example.com",
  });

export const PortSchema = z
  .number()
  .int("must be an integer")
  .min(1, "must be 1..65535")
  .max(65535, "must be 1..65535");

/** An endpoint address: an IPv4/IPv6 literal or a DNS host name. */
export const AddressSchema = z
  .string()
  .min(1, "must not be empty")
  .max(253)
  .refine((a) => /^[0-9a-fA-F:.]+$/.test(a) || HOST_RE.test(a), { message: "must be an IP address or a host name" });

export const LabelsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/, "label keys are letters, digits, '-', '_', '.', '/'"),
  z.string().max(63),
);
export type Labels = z.infer<typeof LabelsSchema>;
