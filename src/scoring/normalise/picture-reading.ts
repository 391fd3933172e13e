import { EMOJI_WORDS } from './emoji-words.ts';
import { normalizeReadingPictures, type Normalized } from './normalise.ts';
import { appendReading } from './second-reading.ts';

// A post that draws its nouns (🇷🇺, 💵, 🛂, ✈️) is read a second time with the pictures as words.
// A second reading, not a replacement: the same emoji set as decoration inside a phrase
// ("Defence 🪖 ministry", "join🇷🇺the🇷🇺army") must not cut the phrase the first reading finds.
const PICTURES = new RegExp(`[\\u{1F1E6}-\\u{1F1FF}]{2}|[${[...EMOJI_WORDS.keys()].map((cp) => String.fromCodePoint(cp)).join('')}]`, 'u');

export function withPictureReading(n: Normalized, original: string): Normalized {
  if (!PICTURES.test(original)) return n;
  const second = normalizeReadingPictures(original);
  return appendReading(n, second.text, second.origin);
}
