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
