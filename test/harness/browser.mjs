// Headless Chromium through playwright-core (no browser download): the one prerequisites.mjs finds
// (CHROME_PATH, PATH, Playwright's browsers, Google Chrome).
import { chromium } from 'playwright-core';
import { ensureMachine } from './machine.mjs';

/** Launches Chromium with the flags this closed network needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: ensureMachine({ browser: true }).browser,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
