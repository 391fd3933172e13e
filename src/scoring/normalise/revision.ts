// Scores depend on how text is normalised as much as on the pack: the pack's version hashes this
// revision in, so a change to normalize()'s output re-scores stored items like a new pack would.
// Bump it whenever normalize() reads some text differently; tests/unit/scoring/normalise-revision
// fails until the fingerprint recorded beside it is updated too.
// The scorer's reading of words broken on purpose (pack/unmask.ts: '*' masks, hyphens inside words,
// leetspeak) counts as part of it.
export const NORMALISER_REVISION = 9; // 2: hashtags, stretched letters, leetspeak, Latin accents; 3: posts glued by emoji;
// 4: spaced digits and two-letter words, posts glued by marks, small capitals, regional-indicator letters, '*' masks, words split by hyphens;
// 5: words split by line breaks (pack/unmask.ts; normalize() itself reads as in 4);
// 6: transliterated Russian read a second time in Cyrillic (translit-ru.ts, after normalize());
// 7: words split over several line breaks or hyphens, leetspeak read with the pack's words (pack/unmask.ts);
// 8: a mark set between most of a post's spaced words reads as a space;
// 9: a post with flags or drawn nouns read a second time with them as words (picture-reading.ts, after normalize());
//    a digit dropped between the letters of a pack word read as junk (pack/unmask.ts)
