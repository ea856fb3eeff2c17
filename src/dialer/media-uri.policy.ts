/**
 * Pure: which ARI media URIs a campaign prompt may name. Prompts are stored from the API and later
 * handed to Asterisk's playback, so every scheme is an allow-list of characters: file-backed
 * schemes (sound:, recording:) are names below Asterisk's own directories — segments of letters,
 * digits, `_` and `-` joined by single `/` — so no `..`, no leading `/`, no dots at all.
 */
const NAME = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

const SCHEMES: Record<string, RegExp> = {
  sound: NAME,
  recording: NAME,
  digits: /^[0-9*#]+$/,
  number: /^-?[0-9]{1,15}$/,
  // An indication name ("ring") or a tone list ("!950/330,!1400/330"): never a path.
  tone: /^[A-Za-z0-9!/,+*]+$/,
};

export const MEDIA_SCHEMES = Object.keys(SCHEMES);
const MAX_MEDIA_LENGTH = 80;

/** Null when the URI may be played; otherwise why not. */
export function mediaUriProblem(uri: unknown): string | null {
  if (typeof uri !== 'string') return 'must be a string';
  const colon = uri.indexOf(':');
  const scheme = colon > 0 ? uri.slice(0, colon) : '';
  const rest = uri.slice(colon + 1);
  if (!Object.prototype.hasOwnProperty.call(SCHEMES, scheme)) return `scheme must be one of ${MEDIA_SCHEMES.join(', ')}`;
  if (rest.length === 0 || rest.length > MAX_MEDIA_LENGTH) return `name must be 1-${MAX_MEDIA_LENGTH} characters`;
  if (!SCHEMES[scheme].test(rest)) return scheme === 'sound' || scheme === 'recording' ? 'name may hold letters, digits, _, - and single / between parts only' : `not a valid ${scheme} value`;
  return null;
}
