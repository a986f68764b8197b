// `cargo xtask shots`: screenshots for review (not tests), 360 px like the e2e suite.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

export default defineConfig({
  ...base,
  testDir: './shots',
  fullyParallel: false,
  workers: 1,
});
