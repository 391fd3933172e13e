// Micro-benchmark: µs per ~300-character post for normalize() and extractIndicators().
// Run: npx tsx tests/bench/normalise.bench.ts
import { extractIndicators } from '../../src/scoring/indicators.ts';
import { normalize } from '../../src/scoring/normalise.ts';

const SAMPLES = [
  'Hiring foreign citizens for contract service in Russia! Signing bonus $20,000, salary from 200 000 rubles per month, free flight and housing. Russian language not required. Age 18-45. Write on WhatsApp +374 12 345678 or Telegram @recruit_center, t.me/+AbCdEf123. Places are limited, apply today!',
  'استخدام اتباع خارجی برای خدمت در ارتش روسیه. پاداش ۲۰ هزار دلار و حقوق ماهانه ۲۰۰۰ دلار. نیازی به دانستن زبان روسی نیست. سن ۱۸ تا ۴۵ سال. تماس در واتساپ ۰۹۱۲ ۳۴۵ ۶۷۸۹ یا تلگرام @iran_job. بلیط رایگان و اقامت برای خانواده.',
  'Набор иностранных граждан на военную службу по контракту. Единовременная выплата двести тысяч рублей, зарплата от 2.5 млн рублей в год. Опыт необязателен. Пишите в телеграм @voen_kontrakt, тел. 8 (999) 123-45-67. Гражданство в упрощённом порядке для вас и вашей семьи.',
  'Our weekly community newsletter: the library opens at 9am on Saturday, volunteers are welcome to help sort donated books. The football club meets on Tuesday evenings. For questions email info@example.org or visit https://example.org/events — see you there and thanks to everyone who helped!',
  'ѕ i g n i n g  b o n u s 🔥🔥 сontrаct with the M1N1STRY of defence, dr🔥one operator needed, twenty thousand dollars, write wa.me/37412345678, KSh 250,000 per month, ₹1.2 lakh monthly, bit.ly/3xYzAbc, USDT TRC20 TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9',
];

function bench(name: string, fn: (s: string) => unknown, seconds = 1.5): void {
  const warm = performance.now();
  while (performance.now() - warm < 1000) for (const s of SAMPLES) fn(s); // JIT and caches settle first
  const cpu0 = process.cpuUsage();
  let n = 0;
  let chars = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 200; k++) {
      const s = SAMPLES[(n + k) % SAMPLES.length];
      fn(s);
      chars += s.length;
    }
    n += 200;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const per300 = ((ms * 1000) / chars) * 300;
  const cpu300 = ((cpu.user + cpu.system) / chars) * 300;
  console.log(`${name.padEnd(20)} ${(n / (ms / 1000)).toFixed(0).padStart(8)} posts/s  ${per300.toFixed(2)} µs per 300 chars (wall), ${cpu300.toFixed(2)} µs (cpu)`);
}

function hostile(name: string, input: string): void {
  const t0 = performance.now();
  normalize(input);
  const t1 = performance.now();
  extractIndicators(input);
  const t2 = performance.now();
  console.log(`${name.padEnd(20)} normalize ${(t1 - t0).toFixed(0)} ms, extractIndicators ${(t2 - t1).toFixed(0)} ms`);
}

bench('normalize', normalize);
bench('normalize+indicators', (s) => extractIndicators(s, normalize(s)), 3);
hostile('1 MB "a"', 'a'.repeat(1 << 20));
hostile('1 MB digits', '1'.repeat(1 << 20));
hostile('1 MB "a "', 'a '.repeat(1 << 19));
hostile('10,000 emoji', '🔥'.repeat(10_000));
hostile('1 MB "+1 "', '+1 '.repeat(350_000));
