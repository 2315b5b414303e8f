// Headless Debian Chromium through playwright-core, with the flags this machine needs (no sandbox
// as root; no background networking, which the closed network would refuse).
import { chromium, type Browser } from "playwright-core";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ARGS, timeout: 20_000 });
}
