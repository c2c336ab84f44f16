/** A signed-in API client, as the browser would be: a session cookie and JSON bodies. */
export class ApiSession {
  private constructor(
    readonly baseUrl: string,
    /** The session cookie, for requests the helper does not make (raw bodies, other headers). */
    readonly cookie: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(baseUrl).origin },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    const setCookie = res.headers.get("set-cookie") ?? "";
    return new ApiSession(baseUrl, setCookie.split(";")[0]!);
  }

  // Tests read arbitrary response JSON by path; `any` keeps those reads short, and assertions check them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    // As the console's own pages send it: a state change declares JSON and names the console's origin (CSRF check).
    const stateChange = method !== "GET" && method !== "HEAD";
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(stateChange ? { "content-type": "application/json", origin: new URL(this.baseUrl).origin } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (YAML export): keep the text
    }
    return { status: res.status, body: parsed };
  }
}
