import { z } from "zod";

export const RoleSchema = z.enum(["VIEWER", "EDITOR", "APPROVER", "ADMIN"]);
export type Role = z.infer<typeof RoleSchema>;

/** What each role may do; ADMIN may do everything. */
export const PERMISSIONS = {
  read: ["VIEWER", "EDITOR", "APPROVER", "ADMIN"],
  edit: ["EDITOR", "ADMIN"],
  approve: ["APPROVER", "ADMIN"],
  admin: ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether a user with role `owner` may hand `role` to an API token: never more than they have. */
export function mayDelegate(owner: Role, role: Role): boolean {
  return owner === "ADMIN" || role === owner || role === "VIEWER";
}

/**
 * The role an API token keeps when its owner's role becomes `owner`: unchanged when the owner may still hand it
 * on, else the owner's role when that is below it (ADMIN → EDITOR), else VIEWER (EDITOR and APPROVER do not cover
 * each other, so an EDITOR token of a user made APPROVER must not gain the approver's rights).
 */
export function capRole(token: Role, owner: Role): Role {
  if (mayDelegate(owner, token)) return token;
  return mayDelegate(token, owner) ? owner : "VIEWER";
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1, "is required").max(64),
  password: z.string().min(1, "is required").max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
});
export type User = z.infer<typeof UserSchema>;

export const MeResponseSchema = z.object({ user: UserSchema });
