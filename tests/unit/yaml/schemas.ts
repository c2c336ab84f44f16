import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** The shared reference data lives beside the repo; read it in place, never copy it in. */
export const REFERENCE_DIR = fileURLToPath(new URL("../../../../shared/reference/", import.meta.url));

const SCHEMAS: Record<string, string> = {
  "security.istio.io/AuthorizationPolicy": "istio/schemas/authorizationpolicy.v1.strict.schema.json",
  "security.istio.io/PeerAuthentication": "istio/schemas/peerauthentication.v1.strict.schema.json",
  "networking.istio.io/VirtualService": "istio/schemas/virtualservice.v1.strict.schema.json",
  "networking.istio.io/DestinationRule": "istio/schemas/destinationrule.v1.strict.schema.json",
  "networking.istio.io/Gateway": "istio/schemas/gateway.v1.strict.schema.json",
  "networking.istio.io/ServiceEntry": "istio/schemas/serviceentry.v1.strict.schema.json",
  "gateway.networking.k8s.io/Gateway": "gateway-api/schemas/gateway.v1.strict.schema.json",
  "gateway.networking.k8s.io/HTTPRoute": "gateway-api/schemas/httproute.v1.strict.schema.json",
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Validates a whole Kubernetes object against the strict schema of its group + kind. */
export function validateObject(obj: { apiVersion?: string; kind?: string }): { ok: boolean; errors: string[] } {
  const key = `${String(obj.apiVersion).split("/")[0]}/${obj.kind}`;
  const file = SCHEMAS[key];
  if (!file) return { ok: false, errors: [`no schema for ${key}`] };
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(REFERENCE_DIR + file, "utf8")));
    compiled.set(key, validate);
  }
  const ok = validate(obj) as boolean;
  return {
    ok,
    errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
  };
}

export const readReference = (path: string): string => readFileSync(REFERENCE_DIR + path, "utf8");
