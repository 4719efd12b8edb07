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
