"use client";
import { useState, type InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  onCommit: (v: string) => void;
};

/** Text input that keeps its own text while typing and commits on blur or Enter (for parsed values). Key it by `value`. */
export function CommitInput({ value, onCommit, ...rest }: Props) {
  const [text, setText] = useState(value);
  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text !== value && onCommit(text)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          if (text !== value) onCommit(text);
        }
      }}
    />
  );
}

export const toNumber = (s: string): number => (s.trim() === "" ? 0 : Number(s));
