"use client";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { Path } from "@/components/draft/issues.ts";
import { NumberField } from "./number-field.tsx";

interface Props {
  id: string;
  value: number;
  onChange: (percent: number, key: string) => void;
  issues: readonly ApiIssue[];
  path: Path;
  disabled?: boolean;
}

/** The share of requests a fault or a mirror applies to, 0..100 % in tenths. */
export function PercentField({ id, value, onChange, issues, path, disabled }: Props) {
  return (
    <NumberField
      id={id}
      label="Of requests"
      unit="%"
      min={0}
      max={100}
      step={0.1}
      required
      value={value}
      onChange={(n, k) => n !== undefined && onChange(n, k)}
      issues={issues}
      path={path}
      disabled={disabled}
    />
  );
}
