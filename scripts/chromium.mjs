// Debian's Chromium as every browser test and benchmark starts it: headless, and quiet on a closed network.
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium keeps dialling Google's hosts, which a machine without internet refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
