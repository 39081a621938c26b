/**
 * "🖥️ pi · " before an alert or digest about one host, when more than one host is known (plain
 * text: escape it for markup); '' without a name, so a single-host install reads as before.
 */
export const hostPrefix = (name: string | undefined): string => (name ? `🖥️ ${name} · ` : '');
