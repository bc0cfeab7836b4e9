/**
 * 18-digit resident ID (公民身份号码, GB 11643-1999). SPEC §2: birth date, sex and age are derived
 * from it, never typed, and the check digit must validate.
 * Imported by the browser UI as well: depend on zod only, nothing node-specific.
 */
import { z } from 'zod';

export type ResidentIdInfo = {
  ok: true;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** GB/T 2260 administrative division code of the place of first registration (first 6 digits). */
  regionCode: string;
};
export type ResidentIdError = { ok: false; error: string };

/** GB 11643-1999 §8.2: ISO 7064 MOD 11-2 weights for the 17 body digits. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB/T 2260 province-level codes (incl. 71 台湾, 81 香港, 82 澳门, 83 for Taiwan residence permits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const SHAPE = /^\d{17}[\dXx]$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The check character GB 11643-1999 prescribes for a 17-digit body. */
export function residentIdCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parses and validates an 18-digit resident ID; a lowercase x is accepted as the check character.
 * Surrounding spaces are not trimmed (the form does that). Pass `asOf` (YYYY-MM-DD) to refuse
 * birth dates in the future; the function itself has no clock.
 */
export function parseResidentId(id: string, asOf?: string): ResidentIdInfo | ResidentIdError {
  if (typeof id !== 'string' || id.length !== 18) return { ok: false, error: '身份证号应为18位' };
  if (!SHAPE.test(id)) return { ok: false, error: '身份证号格式错误：前17位应为数字，末位应为数字或X' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, error: '身份证号地区码无效' };

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  // GB 11643-1999 codes births from 1800 on; the ID was introduced long after 1800.
  if (year < 1800 || !isCalendarDate(year, month, day)) return { ok: false, error: '出生日期无效' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (asOf !== undefined && birthDate > asOf) return { ok: false, error: '出生日期不能晚于当前日期' };

  if (residentIdCheckChar(id) !== id[17].toUpperCase()) return { ok: false, error: '身份证号校验位错误' };

  // GB 11643-1999 §6: the 17th digit (sequence code) is odd for men, even for women.
  const sex = (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, birthDate, sex, regionCode: id.slice(0, 6) };
}

/** Upper-cases the check character so that one person has one stored ID. */
export function normalizeResidentId(id: string): string {
  return id.toUpperCase();
}

/**
 * Age in full years on `onDate` (both YYYY-MM-DD). Someone born on 29 February turns a year
 * older on 1 March in common years. Throws when a date is invalid or `onDate` precedes birth.
 */
export function ageOn(birthDate: string, onDate: string): number {
  if (!isIsoDate(birthDate) || !isIsoDate(onDate)) throw new RangeError('日期应为有效的“年-月-日”，如 2026-03-02');
  if (onDate < birthDate) throw new RangeError('计算年龄的日期早于出生日期');
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** z.string() that accepts only a valid resident ID and reports why in Chinese (for forms and routes). */
export const residentIdSchema = z.string({ error: '请填写身份证号' }).superRefine((value, ctx) => {
  const parsed = parseResidentId(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/** Keeps the last 4 characters: 11010519491231002X → **************002X. */
export function maskResidentId(id: string): string {
  if (id.length <= 4) return '*'.repeat(id.length);
  return '*'.repeat(id.length - 4) + id.slice(-4);
}

/**
 * Keeps the first character, and the last one when the name has 3 or more characters:
 * 张三 → 张*, 李小明 → 李*明, 欧阳小明 → 欧**明. A one-character name is masked entirely.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** Mainland mobile 13812345678 → 138****5678; any other number keeps its last 4 characters. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return maskResidentId(phone);
}
