"use client";
import type { ReactNode } from "react";

interface FormProps {
  /** The form's test id; its heading is `${testId}-title`. */
  testId: string;
  title: string;
  onSubmit: () => void;
  children: ReactNode;
}

/** A card that adds one named thing (a route, a service) to the draft. */
export function CreateForm({ testId, title, onSubmit, children }: FormProps) {
  return (
    <form
      className="card create-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      <div className="field-row">{children}</div>
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  /** Called with the text trimmed: names, hosts and addresses never carry spaces. */
  onChange: (text: string) => void;
  placeholder?: string;
  required?: boolean;
  /** Why the value cannot be used, shown under the field. */
  problem?: string;
}

export function CreateField({ id, label, value, onChange, placeholder, required, problem }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        placeholder={placeholder}
        required={required}
        aria-invalid={problem ? true : undefined}
      />
      {problem ? <p className="text-bad small">{problem}</p> : null}
    </div>
  );
}

/** The port of a new service's first endpoint or a new gateway's first listener: kept as typed, checked on submit. */
export function CreatePortField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Port</label>
      <input
        id={id}
        className="num"
        type="number"
        min={1}
        max={65535}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
