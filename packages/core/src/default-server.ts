let defaultServer: string | undefined;

/** The script-tag bundle sets its own origin here, so `<idea-duel space="demo">` needs no `server` attribute. */
export function setDefaultServer(url: string | undefined): void {
  defaultServer = url || undefined;
}

export function getDefaultServer(): string | undefined {
  return defaultServer;
}
