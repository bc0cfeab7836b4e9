import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import {
  ageOn,
  maskName,
  maskPhone,
  maskResidentId,
  normalizeResidentId,
  parseResidentId,
  residentIdSchema,
} from '../../workers/identity/resident-id';

describe('parseResidentId (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', 'female', '110105'],
    ['11010519491231002x', '1949-12-31', 'female', '110105'],
    ['440524188001010014', '1880-01-01', 'male', '440524'],
    ['510502200002290029', '2000-02-29', 'female', '510502'],
    ['510502200002290010', '2000-02-29', 'male', '510502'],
    ['51050219900101123X', '1990-01-01', 'male', '510502'],
  ])('%s is valid: born %s, %s, region %s', (id, birthDate, sex, regionCode) => {
    expect(parseResidentId(id)).toEqual({ ok: true, birthDate, sex, regionCode });
  });

  it.each([
    ['wrong check digit', '110105194912310021', '身份证号校验位错误'],
    ['wrong check digit (X expected 4)', '44052418800101001X', '身份证号校验位错误'],
    ['one body digit changed', '11010519491231003X', '身份证号校验位错误'],
    ['17 characters', '11010519491231002', '身份证号应为18位'],
    ['19 characters', '11010519491231002X1', '身份证号应为18位'],
    ['empty', '', '身份证号应为18位'],
    ['15-digit old format', '110105491231002', '身份证号应为18位'],
    ['letter in the body', '1101051949123100AX', '身份证号格式错误：前17位应为数字，末位应为数字或X'],
    ['full-width digits', '１１０１０５１９４９１２３１００２X', '身份证号格式错误：前17位应为数字，末位应为数字或X'],
    ['unknown province', '000000194912310020', '身份证号地区码无效'],
    ['30 February', '110105194902300021', '出生日期无效'],
    ['29 February 1900 (not a leap year)', '110105190002290021', '出生日期无效'],
    ['month 13', '110105194913010021', '出生日期无效'],
    ['day 00', '110105194912000021', '出生日期无效'],
    ['year 1799', '110105179912310021', '出生日期无效'],
  ])('refuses: %s', (_name, id, error) => {
    expect(parseResidentId(id)).toEqual({ ok: false, error });
  });

  it('refuses a birth date after the given day', () => {
    // 510502203001010017 has a valid check digit but a 2030 birth date.
    expect(parseResidentId('510502203001010017')).toMatchObject({ ok: true, birthDate: '2030-01-01' });
    expect(parseResidentId('510502203001010017', '2026-11-25')).toEqual({ ok: false, error: '出生日期不能晚于当前日期' });
    expect(parseResidentId('11010519491231002X', '2026-11-25')).toMatchObject({ ok: true });
  });

  it('normalises a lowercase x', () => {
    expect(normalizeResidentId('11010519491231002x')).toBe('11010519491231002X');
  });
});

describe('ageOn', () => {
  it.each([
    ['1949-12-31', '2024-12-30', 74],
    ['1949-12-31', '2024-12-31', 75],
    ['1880-01-01', '2026-11-25', 146],
    ['2000-02-29', '2001-02-28', 0],
    ['2000-02-29', '2001-03-01', 1],
    ['2000-02-29', '2004-02-28', 3],
    ['2000-02-29', '2004-02-29', 4],
    ['2026-11-25', '2026-11-25', 0],
  ])('born %s, on %s: %i full years', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('refuses a day before birth and invalid dates', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow('计算年龄的日期早于出生日期');
    expect(() => ageOn('2001-02-29', '2020-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', '2020/01/01')).toThrow(RangeError);
  });
});

describe('residentIdSchema', () => {
  it('passes a valid ID through', () => {
    expect(residentIdSchema.parse('11010519491231002X')).toBe('11010519491231002X');
  });

  it('fails with the Chinese reason', () => {
    const result = residentIdSchema.safeParse('110105194912310021');
    expect(result.success).toBe(false);
    expect(result.error).toBeInstanceOf(ZodError);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['身份证号校验位错误']);
    expect(residentIdSchema.safeParse('123').error?.issues[0].message).toBe('身份证号应为18位');
    expect(residentIdSchema.safeParse(110105).success).toBe(false);
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', '**************002X'],
    ['440524188001010014', '**************0014'],
    ['1234', '****'],
    ['', ''],
  ])('maskResidentId(%s) = %s', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked);
  });

  it.each([
    ['张三', '张*'],
    ['李小明', '李*明'],
    ['欧阳小明', '欧**明'],
    ['买买提·艾力', '买****力'],
    ['张', '*'],
    ['', ''],
    ['𠮷野家', '𠮷*家'],
  ])('maskName(%s) = %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['028-12345678', '********5678'],
    ['110', '***'],
  ])('maskPhone(%s) = %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('browser safety', () => {
  it('resident-id.ts imports nothing but zod (the admin UI bundles it)', () => {
    const source = readFileSync(new URL('../../workers/identity/resident-id.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    expect(imports).toEqual(['zod']);
  });
});
