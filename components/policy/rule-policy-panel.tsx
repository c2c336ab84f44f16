"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import type { ReactNode } from "react";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { RouteRule, Service } from "@/lib/core/index.ts";
import { errorCount, relativeIssues } from "@/components/draft/issues.ts";
import { CorsEditor } from "./cors-editor.tsx";
import { DirectResponseEditor } from "./direct-response-editor.tsx";
import { FaultEditor } from "./fault-editor.tsx";
import { HeaderOpsEditor } from "./header-ops-editor.tsx";
import { MirrorEditor } from "./mirror-editor.tsx";
import { PolicySection } from "./policy-section.tsx";
import styles from "./policy.module.css";
import { RedirectEditor } from "./redirect-editor.tsx";
import { RetriesEditor } from "./retries-editor.tsx";
import { RewriteEditor } from "./rewrite-editor.tsx";
import { policySummary } from "./summary.ts";
import { TimeoutField } from "./timeout-field.tsx";
import type { Change, RulePolicy } from "./types.ts";

type Feature = keyof RulePolicy;

interface Props {
  value: RouteRule;
  onChange: Change<RouteRule>;
  /** Relative to the rule (['retries','attempts'] …). */
  issues: readonly ApiIssue[];
  /** e.g. "policy-reviews-0"; each feature is `${idPrefix}-${feature}`. */
  idPrefix: string;
  disabled?: boolean;
  /** Mirror targets. */
  services: readonly Pick<Service, "name" | "versions">[];
}

const SECTIONS: { feature: Feature; title: string; slug: string }[] = [
  { feature: "timeoutMs", title: "Timeout", slug: "timeout" },
  { feature: "retries", title: "Retries", slug: "retries" },
  { feature: "fault", title: "Fault injection", slug: "fault" },
  { feature: "rewrite", title: "Rewrite", slug: "rewrite" },
  { feature: "redirect", title: "Redirect", slug: "redirect" },
  { feature: "directResponse", title: "Direct response", slug: "direct-response" },
  { feature: "requestHeaders", title: "Request headers", slug: "request-headers" },
  { feature: "responseHeaders", title: "Response headers", slug: "response-headers" },
  { feature: "mirror", title: "Mirror", slug: "mirror" },
  { feature: "cors", title: "CORS", slug: "cors" },
];

/** The rule-level resilience and routing features, each in a collapsible section, with a one-line summary. */
export function RulePolicyPanel({ value, onChange, issues, idPrefix, disabled, services }: Props) {
  function setFeature<K extends Feature>(k: K, v: RouteRule[K] | undefined, key?: string) {
    onChange(patchObject<RouteRule>(value, { [k]: v }), key);
  }
  function editor(feature: Feature, id: string): ReactNode {
    const common = { issues: relativeIssues(issues, [feature]), idPrefix: id, disabled };
    switch (feature) {
      case "timeoutMs":
        return <TimeoutField {...common} value={value.timeoutMs} onChange={(v, k) => setFeature("timeoutMs", v, k)} />;
      case "retries":
        return <RetriesEditor {...common} value={value.retries} onChange={(v, k) => setFeature("retries", v, k)} />;
      case "fault":
        return <FaultEditor {...common} value={value.fault} onChange={(v, k) => setFeature("fault", v, k)} />;
      case "rewrite":
        return <RewriteEditor {...common} value={value.rewrite} onChange={(v, k) => setFeature("rewrite", v, k)} />;
      case "redirect":
        return <RedirectEditor {...common} value={value.redirect} onChange={(v, k) => setFeature("redirect", v, k)} />;
      case "directResponse":
        return (
          <DirectResponseEditor
            {...common}
            value={value.directResponse}
            onChange={(v, k) => setFeature("directResponse", v, k)}
          />
        );
      case "requestHeaders":
        return (
          <HeaderOpsEditor
            {...common}
            direction="request"
            value={value.requestHeaders}
            onChange={(v, k) => setFeature("requestHeaders", v, k)}
          />
        );
      case "responseHeaders":
        return (
          <HeaderOpsEditor
            {...common}
            direction="response"
            value={value.responseHeaders}
            onChange={(v, k) => setFeature("responseHeaders", v, k)}
          />
        );
      case "mirror":
        return (
          <MirrorEditor
            {...common}
            services={services}
            exclude={value.destinations[0]?.service}
            value={value.mirror}
            onChange={(v, k) => setFeature("mirror", v, k)}
          />
        );
      case "cors":
        return <CorsEditor {...common} value={value.cors} onChange={(v, k) => setFeature("cors", v, k)} />;
    }
  }
  return (
    <section className={styles.panel} data-testid={idPrefix} aria-labelledby={`${idPrefix}-title`}>
      <header className={styles.panelHead}>
        <h3 id={`${idPrefix}-title`}>Policies</h3>
        <span className={styles.summaryLine} data-testid={`${idPrefix}-summary`}>
          {policySummary(value)}
        </span>
      </header>
      <div className={styles.sections}>
        {SECTIONS.map(({ feature, title, slug }) => {
          const id = `${idPrefix}-${slug}`;
          const on = value[feature] !== undefined;
          return (
            <PolicySection
              key={feature}
              id={id}
              title={title}
              on={on}
              state={on ? policySummary({ [feature]: value[feature] }) : "off"}
              errors={errorCount(issues, [feature])}
            >
              {editor(feature, id)}
            </PolicySection>
          );
        })}
      </div>
    </section>
  );
}
