// Answer labels as people read them.

/** A machine label (`additional_notes`) as words (`Additional notes`); other text as it is. */
export function humanizeLabel(label: string): string {
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(label)) return label;
  const words = label.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
