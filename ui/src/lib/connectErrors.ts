/** Which field of the connect form a failed connection test is about. */
import type { CommandErrorCode } from "./ipc";

export type ConnectField = "url" | "clientId" | "secret" | "form";

export function connectFieldFor(
  code: CommandErrorCode,
  method: "browser" | "clientSecret",
): ConnectField {
  switch (code) {
    case "invalidUrl":
    case "notHalo":
    case "tls":
    case "offline":
      return "url";
    case "badCredentials":
      // A browser sign-in has no secret: what Halo refused is the application's client ID.
      return method === "clientSecret" ? "secret" : "clientId";
    default:
      return "form";
  }
}
