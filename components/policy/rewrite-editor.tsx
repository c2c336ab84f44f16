"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import { defaultRewrite } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { unchangedTextFields } from "./text-field.tsx";
import type { PolicyProps, Rewrite } from "./types.ts";

/** Rewrites the matched URI prefix and/or the Host before forwarding. */
export function RewriteEditor(props: PolicyProps<Rewrite>) {
  const { value, onChange } = props;
  const set = (patch: Partial<Rewrite>, key?: string) => value && onChange(patchObject(value, patch), key);
  return (
    <FeatureEditor {...props} label="Rewrite before forwarding" make={defaultRewrite}>
      {(value) => {
        const text = unchangedTextFields(value, set, props);
        return (
          <>
            {text("uriPrefix", "Replace matched URI prefix with", "uri-prefix")}
            {text("authority", "Host (authority)", "authority")}
          </>
        );
      }}
    </FeatureEditor>
  );
}
