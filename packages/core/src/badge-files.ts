/** A file name from a badge's name: lowercase letters and digits joined by dashes, accents kept off ("äö" → "ao"). */
export function credentialFileName(name: string, extension: 'json' | 'jwt'): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${base || 'badge'}.${extension}`;
}

/** The credential inside a compact VC-JWT, pretty-printed: what "Download JSON" saves (no signature check needed). */
export function credentialJson(jwt: string): string {
  const payload = jwt.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}
