export { simulate } from "./simulate.ts";
export { explainMatch, explainRule, describeFailure } from "./explain-rules.ts";
