import { textCharacterProblem } from '../jobs/safe-string.ts';

/** Why a post's text cannot be accepted, or null. Zero-width and bidi marks are kept: they are evidence. */
export function textProblem(text: string, maxLength: number): string | null {
  if (text.trim().length === 0) return 'text: must not be empty';
  if (text.length > maxLength) return `text: ${text.length} characters is over the limit of ${maxLength}`;
  const problem = textCharacterProblem(text);
  return problem ? `text: ${problem}` : null;
}
