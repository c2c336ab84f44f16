import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Throwaway certificates for TLS tests, made with the openssl CLI at test time (no private key is committed):
 * a CA, and leaves it signs with the SANs a test needs. EC P-256 keys: fast to generate.
 */
export interface TestCa {
  name: string;
  certPem: string;
  keyPem: string;
}
export interface TestCert {
  certPem: string;
  keyPem: string;
}

const work = mkdtempSync(path.join(tmpdir(), "signalbox-test-certs-"));
let n = 0;
const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export function makeCa(name: string): TestCa {
  const id = `ca-${++n}`;
  openssl([
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    `${id}.key`,
    "-out",
    `${id}.crt`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { name, certPem: read(`${id}.crt`), keyPem: read(`${id}.key`) };
}

/** A leaf signed by `ca`: `sans` as DNS names (or `URI:…` / `IP:…` entries as given). Server and client auth. */
export function issueCert(ca: TestCa, cn: string, sans: string[] = [cn]): TestCert {
  const id = `leaf-${++n}`;
  writeFileSync(path.join(work, `${id}-ca.crt`), ca.certPem);
  writeFileSync(path.join(work, `${id}-ca.key`), ca.keyPem);
  const altNames = sans.map((s) => (/^(URI|IP|DNS):/.test(s) ? s : `DNS:${s}`)).join(",");
  writeFileSync(
    path.join(work, `${id}.ext`),
    `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=${altNames}\n`,
  );
  openssl(["req", ...ecKey, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${cn}`]);
  openssl([
    "x509",
    "-req",
    "-in",
    `${id}.csr`,
    "-CA",
    `${id}-ca.crt`,
    "-CAkey",
    `${id}-ca.key`,
    "-CAcreateserial",
    "-out",
    `${id}.crt`,
    "-days",
    "2",
    "-extfile",
    `${id}.ext`,
  ]);
  return { certPem: read(`${id}.crt`), keyPem: read(`${id}.key`) };
}

function read(file: string): string {
  return readFileSync(path.join(work, file), "utf8");
}

/** Writes `<name>.crt`, `<name>.key` and `<name>.ca.crt` (when given) into a --secrets-dir, each atomically. */
export function writeSecret(dir: string, name: string, s: { cert?: TestCert; caPem?: string }): void {
  const put = (file: string, text: string) => {
    const tmp = path.join(dir, `.${file}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, path.join(dir, file));
  };
  if (s.cert) {
    put(`${name}.crt`, s.cert.certPem);
    put(`${name}.key`, s.cert.keyPem);
  }
  if (s.caPem) put(`${name}.ca.crt`, s.caPem);
}

export function removeCertWorkDir(): void {
  rmSync(work, { recursive: true, force: true });
}
