import { z } from "zod";

/** Every API error body. `issues` name the field paths at fault. */
export const ApiIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
  severity: z.enum(["error", "warning"]).optional(),
});
export type ApiIssue = z.infer<typeof ApiIssueSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(ApiIssueSchema).default([]),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
