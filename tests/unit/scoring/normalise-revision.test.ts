import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/scoring/normalise/normalise.ts';
import { NORMALISER_REVISION } from '../../../src/scoring/normalise/revision.ts';

// Texts that exercise every fold of normalize(). Their output's fingerprint is recorded per
// revision: when a change makes normalize() read them differently, this fails until
// NORMALISER_REVISION is bumped (which changes the pack version, so stored items are re-scored)
// and the new fingerprint is recorded here.
const SAMPLE = [
  'SIGN THE Contract', 'con\u200btr\u200dact', 'join \u202eus\u202c now', 'сontrаct кoнтpакт BOEHHAЯ', 'sοldiеr 𝐬𝐢𝐠𝐧𝐢𝐧𝐠 ＤＲＯＮＥ ⓐⓡⓜⓨ 🅰🆁🅼🆈',
  's i g n i n g  b o n u s', 'j.o.i.n t.h.e a.r.m.y', 'к-о-н-т-р-а-к-т', 'dr🔥one come🔥and🔥sign🔥the🔥contract', 's  i  g  n    n  o  w',
  'b0nus m1l1tary sa1ary 5alary c0ntr4ct re7urn ma3ash', 'j0in th3 4rmy f0r c4sh 3mln 4th', 'join the arrny now con-\ntract',
  'تماس ۰۹۱۲۳۴۵۶۷۸۹ راتب ٢٠٠٠ كار في روسيا الجَيْـــش می\u200cتوانید', 'Twenty thousand dollars двести тысяч рублей بیست و پنج هزار',
  'veinticinco mil dólares quatre-vingt-dix mille shilingi elfu ishirini बीस हज़ार to\u2018qqiz yuz ming', '$20k ₹1.2 lakh 2.5 млн $20,000',
  'служба в #армии #России #job#russia', 'joooin срочнооо', 'ejército lương çalış contrate\u0301 j́óíń мой край đi',
  's\u0336i\u0336g\u0336n\u0336', 'ที่พักฟรี 包吃包住', 'a   b\n\tc',
  'pay 2 0 0 0 $ w r i t e   t o   u s', 'join.the.army.now.https://t.me/a_b work_in_russia_for_all', 'ᴊᴏɪɴ 🇯\u200b🇴\u200b🇧 🇷🇺', 'c*ntr*ct', 'join / the / army • now',
];
const RECORDED: Record<number, string> = { 2: '0b20403f122b98e7', 3: '76a41ba25c8c669e', 4: '3f4e3ae628325a69', 5: '3f4e3ae628325a69', 6: '3f4e3ae628325a69', 7: '3f4e3ae628325a69', 8: '8e3703ff09520926', 9: '8e3703ff09520926' };

describe('normaliser revision', () => {
  it('matches the fingerprint recorded for NORMALISER_REVISION', () => {
    const hash = createHash('sha256');
    for (const t of SAMPLE) hash.update(normalize(t).text).update('\0');
    const fingerprint = hash.digest('hex').slice(0, 16);
    expect(fingerprint, `normalize() reads the sample differently from revision ${NORMALISER_REVISION}: bump NORMALISER_REVISION in src/scoring/normalise/revision.ts and record ${fingerprint} here`).toBe(RECORDED[NORMALISER_REVISION]);
  });
});
