/** What the banner above the queue says about a failed refresh or ticket, and what it offers. */
import type { CommandError } from "./ipc";

export interface BannerText {
  title: string;
  detail: string;
  /** `retry` tries the failed call again; `signIn` opens the connect screen for this profile. */
  action: "retry" | "signIn" | null;
}

export function bannerText(error: CommandError): BannerText {
  switch (error.code) {
    case "offline":
      return {
        title: "HaloPSA can't be reached.",
        detail: "Showing cached tickets; Halodesk will keep trying.",
        action: "retry",
      };
    case "unauthorized":
      return {
        title: "Your sign-in has expired.",
        detail: "Sign in again to see what changed since.",
        action: "signIn",
      };
    case "forbidden":
      return { title: error.message, detail: "Ask your Halo administrator.", action: null };
    case "rateLimited":
      return {
        title: error.message,
        detail: "Showing cached tickets; the queue refreshes by itself once HaloPSA allows it.",
        action: null,
      };
    default:
      return { title: error.message, detail: "", action: "retry" };
  }
}
