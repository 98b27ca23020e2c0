/**
 * Debian's chromium (the system browser; nothing is downloaded) driven by playwright-core.
 * `CHROMIUM` overrides the executable's path.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the system browser is looked for, in order. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The system browser's path, or undefined. */
export function chromiumPath(): string | undefined {
  const given = process.env['CHROMIUM'];
  if (given) return given;
  return CHROMIUM_PATHS.find((p) => existsSync(p));
}

/**
 * Launches headless chromium. WebGL runs on SwiftShader (software) there: Chromium only offers it to
 * pages when asked to (`--enable-unsafe-swiftshader`).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(`No chromium found at ${CHROMIUM_PATHS.join(', ')} (or $CHROMIUM). Install it: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
}
