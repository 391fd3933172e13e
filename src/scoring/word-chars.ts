// One byte per BMP code unit: 1 when it is a word character ([\p{L}\p{M}\p{N}], the matcher's and the
// text model's notion of a word), 0 otherwise and for surrogate halves. Built once per process: it
// costs 65,536 regex tests, which the matcher and the text model each paid before.
export const WORD_CHARS = (() => {
  const t = new Uint8Array(0x10000);
  const re = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && re.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();
