import { z } from "zod";
import { RoleSchema, UserSchema } from "./auth.ts";

/** NIST SP 800-63B: a length floor, no composition rules; the ceiling bounds the hashing work. */
export const PASSWORD_MIN_LENGTH = 12;
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, "must be at most 256 characters");

export const UsernameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "lower-case letters, digits, '.', '_' and '-' only, starting with a letter or digit",
  );

export const UserDetailSchema = UserSchema.extend({
  createdAt: z.string(),
  /** When an admin disabled the user; null while the user may sign in. */
  disabledAt: z.string().nullable(),
});
export type UserDetail = z.infer<typeof UserDetailSchema>;

export const UserListResponseSchema = z.object({ users: z.array(UserDetailSchema) });

export const CreateUserRequestSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().max(100).default(""),
  role: RoleSchema,
  password: PasswordSchema,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** Every field optional; a disable, a lower role or a new password ends the user's sessions at once. */
export const UpdateUserRequestSchema = z.object({
  displayName: z.string().trim().max(100).optional(),
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
  /** An admin's reset of someone else's password. */
  password: PasswordSchema.optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, "is required").max(256),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const SetupStatusResponseSchema = z.object({
  /** No user exists yet: the first admin is created with the setup token printed in the console's log. */
  required: z.boolean(),
});

export const SetupRequestSchema = z.object({
  token: z.string().trim().min(1, "is required").max(200),
  username: UsernameSchema,
  displayName: z.string().trim().max(100).default(""),
  password: PasswordSchema,
});
export type SetupRequest = z.infer<typeof SetupRequestSchema>;
