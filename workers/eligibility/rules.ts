import { formatYuan, roundHalfUpDiv, applyRatio, type Ratio } from './money';
import {
  EMERGENCY_KIND_LABELS,
  SPECIAL_CAUSE_LABELS,
  type HouseholdFacts,
  type Standards,
} from './schemas';

/** National filing criteria, SPEC §3 (seed 一(三)1), in the order they are reported. */
export const RULE_IDS = [
  'BELOW_DIBAO_NO_AID',
  'DIBAO_HOUSEHOLD_STILL_POOR',
  'LOW_INCOME_SPECIAL_EXPENSE',
  'EMERGENCY_HARDSHIP',
  'MIGRANT_WORKER',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** 不予建档 situations, SPEC §3 (seed 一(三)4) plus the union-membership condition for migrant workers. */
export const EXCLUSION_IDS = [
  'OWNS_TWO_HOMES',
  'OWNS_SHOP_OR_EMPLOYS',
  'PRIVATE_SCHOOL_OR_ABROAD',
  'USES_VEHICLE_OR_MACHINERY',
  'REFUSED_INVESTIGATION',
  'BLACKLISTED',
  'NOT_UNION_MEMBER',
] as const;
export type ExclusionId = (typeof EXCLUSION_IDS)[number];

export const RULE_LABELS: Record<RuleId, string> = {
  BELOW_DIBAO_NO_AID: '连续6个月以上人均收入低于低保标准且未经政府救助',
  DIBAO_HOUSEHOLD_STILL_POOR: '低保户经政府救助后人均收入仍低于低保标准',
  LOW_INCOME_SPECIAL_EXPENSE: '人均收入略高于低保标准但因特殊原因造成生活困难',
  EMERGENCY_HARDSHIP: '人均收入在低保标准3倍（含）以内但因突发事件导致生活困难',
  MIGRANT_WORKER: '加入工会组织、按务工地标准符合上述条件之一的农民工家庭',
};

export const EXCLUSION_LABELS: Record<ExclusionId, string> = {
  OWNS_TWO_HOMES: '拥有2套（含）以上住宅',
  OWNS_SHOP_OR_EMPLOYS: '拥有商业店铺或雇佣他人从事经营活动',
  PRIVATE_SCHOOL_OR_ABROAD: '子女进入高收费私立学校或自费出国留学',
  USES_VEHICLE_OR_MACHINERY: '非受雇佣经常使用机动车辆、船舶、工程机械或大型农机具',
  REFUSED_INVESTIGATION: '拒绝调查核实家庭财产、收入状况',
  BLACKLISTED: '已列入建档黑名单',
  NOT_UNION_MEMBER: '农民工未加入工会组织',
};

/**
 * Where no local low-income line is configured it is 1.5 × dibao (seed 一(三)3: 控制在当地低保线上浮50%以内).
 * The line is a published amount, so it is rounded half up to a whole fen; real dibao lines are
 * whole yuan, where the product is exact and the rounding never changes a decision.
 */
export const LOW_INCOME_FACTOR: Ratio = { num: 3, den: 2 };

/** Emergency hardship counts up to 3 × dibao inclusive (seed 一(三)1: 3倍（含）以内). */
export const EMERGENCY_DIBAO_MULTIPLE = 3;

/** 连续6个月以上 (seed 一(三)1): six months count. */
export const MIN_MONTHS_BELOW_DIBAO = 6;

export function lowIncomeLineOf(standards: Standards): number {
  return standards.lowIncomeLine ?? applyRatio(standards.dibao, LOW_INCOME_FACTOR);
}

/** 家庭可支配收入 = 总收入 − 所得税 − 社会保障支出 (seed 一(三)2), annual fen; may be negative. */
export function disposableAnnualIncome(facts: HouseholdFacts): number {
  const i = facts.annualIncome;
  return i.wages + i.business + i.property + i.transfer - facts.annualIncomeTax - facts.annualSocialInsurance;
}

/**
 * Per-capita monthly income in fen: disposable / 12 / size, rounded half away from zero
 * (−0.5 fen → −1). For display and storage only: no rule compares this rounded figure.
 */
export function perCapitaMonthlyIncome(facts: HouseholdFacts): number {
  return roundHalfUpDiv(disposableAnnualIncome(facts), 12 * facts.householdSize);
}

export type RuleCheck = {
  id: RuleId;
  kind: 'rule';
  /** The criterion holds. */
  passed: boolean;
  /** Amounts in fen; `householdSize`, `monthsBelowDibao` are counts. */
  figures: Record<string, number>;
  explanation: string;
};

export type ExclusionCheck = {
  id: ExclusionId;
  kind: 'exclusion';
  /** The household is clear of this exclusion (true = it does not refuse the file). */
  passed: boolean;
  /** Amounts in fen; `homesOwned`, `homesLimit` are counts. */
  figures: Record<string, number>;
  explanation: string;
};

export type EligibilityCheck = RuleCheck | ExclusionCheck;

/** Everything the rules compare, computed once per evaluation; every `annual*` line is monthly × 12 × size. */
type Household = {
  facts: HouseholdFacts;
  size: number;
  dibao: number;
  lowIncomeLine: number;
  lowIncomeDefaulted: boolean;
  disposable: number;
  perCapita: number;
  annualDibaoLine: number;
  annualLowIncomeLine: number;
  emergencyCeiling: number;
  annualEmergencyCeiling: number;
  // Preformatted once: every check quotes them.
  perCapitaText: string;
  dibaoText: string;
  disposableText: string;
  annualDibaoLineText: string;
};

export function household(facts: HouseholdFacts, standards: Standards): Household {
  const size = facts.householdSize;
  const dibao = standards.dibao;
  const lowIncomeLine = lowIncomeLineOf(standards);
  const disposable = disposableAnnualIncome(facts);
  const perCapita = roundHalfUpDiv(disposable, 12 * size);
  const annualDibaoLine = dibao * 12 * size;
  const emergencyCeiling = EMERGENCY_DIBAO_MULTIPLE * dibao;
  return {
    facts,
    size,
    dibao,
    lowIncomeLine,
    lowIncomeDefaulted: standards.lowIncomeLine === undefined,
    disposable,
    perCapita,
    annualDibaoLine,
    annualLowIncomeLine: lowIncomeLine * 12 * size,
    emergencyCeiling,
    annualEmergencyCeiling: emergencyCeiling * 12 * size,
    perCapitaText: formatYuan(perCapita),
    dibaoText: formatYuan(dibao),
    disposableText: formatYuan(disposable),
    annualDibaoLineText: formatYuan(annualDibaoLine),
  };
}

/** Parts are joined by concatenation, not Array#join: V8 then keeps a cheap rope until someone reads it. */
function sentence(passed: boolean, label: string, ...parts: string[]): string {
  let text = `${passed ? '符合' : '不符合'}“${label}”：${parts[0]}`;
  for (let i = 1; i < parts.length; i++) text += `；${parts[i]}`;
  return `${text}。`;
}

function annualLine(h: Household, monthlyText: string, annualText: string): string {
  return `${monthlyText}×12个月×${h.size}人=${annualText}`;
}

/** "per-capita < dibao", stated with the exact annual comparison that decided it. */
function belowDibaoPhrase(h: Household, below: boolean, prefix: string): string {
  const line = annualLine(h, h.dibaoText, h.annualDibaoLineText);
  return below
    ? `${prefix}人均月收入${h.perCapitaText}低于低保标准${h.dibaoText}（家庭年可支配收入${h.disposableText}低于${line}）`
    : `${prefix}人均月收入${h.perCapitaText}不低于低保标准${h.dibaoText}（家庭年可支配收入${h.disposableText}不低于${line}）`;
}

/** (disposable − expenses) ≤ dibao × 12 × size, the seed's 收入支出差额 test (seed 一(三)3). */
function netOfExpensesPhrase(h: Household, what: string, expenses: number, net: number, ok: boolean): string {
  return `扣除${what}${formatYuan(expenses)}后家庭年可支配收入为${formatYuan(net)}，${ok ? '不高于' : '高于'}低保年标准${h.annualDibaoLineText}`;
}

export function belowDibaoNoAid(h: Household): RuleCheck {
  const f = h.facts;
  const below = h.disposable < h.annualDibaoLine;
  const longEnough = f.monthsBelowDibao >= MIN_MONTHS_BELOW_DIBAO;
  const noAid = !f.receivesGovernmentAid;
  const passed = below && longEnough && noAid;
  return {
    id: 'BELOW_DIBAO_NO_AID',
    kind: 'rule',
    passed,
    figures: {
      disposableAnnual: h.disposable,
      perCapitaMonthly: h.perCapita,
      dibao: h.dibao,
      annualDibaoLine: h.annualDibaoLine,
      householdSize: h.size,
      monthsBelowDibao: f.monthsBelowDibao,
    },
    explanation: sentence(
      passed,
      RULE_LABELS.BELOW_DIBAO_NO_AID,
      belowDibaoPhrase(h, below, ''),
      longEnough
        ? `已连续${f.monthsBelowDibao}个月低于低保标准（须6个月以上）`
        : `连续低于低保标准${f.monthsBelowDibao}个月，不足6个月`,
      noAid ? '未享受政府救助' : '已享受政府救助',
    ),
  };
}

export function dibaoHouseholdStillPoor(h: Household): RuleCheck {
  const f = h.facts;
  // Seed 一(三)3: 以户籍地政府认定的低保户为准; transfer income already includes the aid.
  const below = h.disposable < h.annualDibaoLine;
  const passed = f.isDibaoHousehold && below;
  return {
    id: 'DIBAO_HOUSEHOLD_STILL_POOR',
    kind: 'rule',
    passed,
    figures: {
      disposableAnnual: h.disposable,
      perCapitaMonthly: h.perCapita,
      dibao: h.dibao,
      annualDibaoLine: h.annualDibaoLine,
      householdSize: h.size,
    },
    explanation: sentence(
      passed,
      RULE_LABELS.DIBAO_HOUSEHOLD_STILL_POOR,
      f.isDibaoHousehold ? '系政府认定的低保户' : '不是政府认定的低保户',
      belowDibaoPhrase(h, below, '经政府救助后'),
    ),
  };
}

export function lowIncomeSpecialExpense(h: Household): RuleCheck {
  const f = h.facts;
  const atLeastDibao = h.disposable >= h.annualDibaoLine;
  const atMostLine = h.disposable <= h.annualLowIncomeLine;
  const hasCause = f.specialCause !== null;
  const net = h.disposable - f.annualNecessaryExpenses;
  const netOk = net <= h.annualDibaoLine;
  const passed = atLeastDibao && atMostLine && hasCause && netOk;

  const lineText = formatYuan(h.lowIncomeLine);
  const lineName = h.lowIncomeDefaulted
    ? `低收入标准${lineText}（未设定，按低保标准上浮50%计）`
    : `低收入标准${lineText}`;
  const annualLowText = annualLine(h, lineText, formatYuan(h.annualLowIncomeLine));
  let band: string;
  if (!atLeastDibao) {
    band = `人均月收入${h.perCapitaText}低于低保标准${h.dibaoText}，不属于略高于低保标准的情形（家庭年可支配收入${h.disposableText}低于${annualLine(h, h.dibaoText, h.annualDibaoLineText)}）`;
  } else if (!atMostLine) {
    band = `人均月收入${h.perCapitaText}高于${lineName}（家庭年可支配收入${h.disposableText}高于${annualLowText}）`;
  } else {
    band = `人均月收入${h.perCapitaText}在低保标准${h.dibaoText}与${lineName}之间（家庭年可支配收入${h.disposableText}在${h.annualDibaoLineText}至${annualLowText}之间）`;
  }
  return {
    id: 'LOW_INCOME_SPECIAL_EXPENSE',
    kind: 'rule',
    passed,
    figures: {
      disposableAnnual: h.disposable,
      perCapitaMonthly: h.perCapita,
      dibao: h.dibao,
      lowIncomeLine: h.lowIncomeLine,
      annualDibaoLine: h.annualDibaoLine,
      annualLowIncomeLine: h.annualLowIncomeLine,
      householdSize: h.size,
      necessaryExpensesAnnual: f.annualNecessaryExpenses,
      disposableAfterExpensesAnnual: net,
    },
    explanation: sentence(
      passed,
      RULE_LABELS.LOW_INCOME_SPECIAL_EXPENSE,
      band,
      f.specialCause !== null
        ? `致困原因为${SPECIAL_CAUSE_LABELS[f.specialCause]}`
        : '无患病、子女上学、残疾、单亲或其他特殊致困原因',
      netOfExpensesPhrase(h, '因特殊原因的年度必要支出', f.annualNecessaryExpenses, net, netOk),
    ),
  };
}

export function emergencyHardship(h: Household): RuleCheck {
  const f = h.facts;
  const e = f.emergency;
  const withinCeiling = h.disposable <= h.annualEmergencyCeiling;
  // Seed 一(三)3: an accident counts when 责任赔付不能及时到位或无责任赔付方.
  const eventCounts = e !== null && !(e.kind === 'accident' && e.compensationReceived);
  const expenses = e === null ? 0 : e.expenses;
  const net = h.disposable - expenses;
  const netOk = net <= h.annualDibaoLine;
  const passed = withinCeiling && eventCounts && netOk;

  const ceilingText = formatYuan(h.emergencyCeiling);
  const annualCeiling = annualLine(h, ceilingText, formatYuan(h.annualEmergencyCeiling));
  let event: string;
  if (e === null) event = '未遭受突发事件、意外伤害、重大疾病或灾害';
  else if (e.kind === 'accident')
    event = e.compensationReceived ? '遭受意外事故，但责任赔付已及时到位' : '遭受意外事故，责任赔付未能及时到位';
  else event = `遭受${EMERGENCY_KIND_LABELS[e.kind]}`;
  return {
    id: 'EMERGENCY_HARDSHIP',
    kind: 'rule',
    passed,
    figures: {
      disposableAnnual: h.disposable,
      perCapitaMonthly: h.perCapita,
      dibao: h.dibao,
      emergencyCeiling: h.emergencyCeiling,
      annualEmergencyCeiling: h.annualEmergencyCeiling,
      annualDibaoLine: h.annualDibaoLine,
      householdSize: h.size,
      emergencyExpensesAnnual: expenses,
      disposableAfterExpensesAnnual: net,
    },
    explanation: sentence(
      passed,
      RULE_LABELS.EMERGENCY_HARDSHIP,
      withinCeiling
        ? `人均月收入${h.perCapitaText}在低保标准3倍${ceilingText}（含）以内（家庭年可支配收入${h.disposableText}不高于${annualCeiling}）`
        : `人均月收入${h.perCapitaText}超过低保标准3倍${ceilingText}（家庭年可支配收入${h.disposableText}高于${annualCeiling}）`,
      event,
      netOfExpensesPhrase(h, '突发事件造成的支出', expenses, net, netOk),
    ),
  };
}

/** Seed 一(三)1: 加入工会组织、按务工地标准且符合上述条件之一的农民工家庭. */
export function migrantWorker(h: Household, metBefore: RuleCheck[]): RuleCheck {
  const f = h.facts;
  const met = metBefore.filter((c) => c.passed);
  const passed = f.isMigrantWorker && f.isUnionMember && met.length > 0;
  let why: string;
  if (!f.isMigrantWorker) why = '不是农民工，不适用本条';
  else if (!f.isUnionMember) why = '农民工未加入工会组织';
  else if (met.length === 0) why = '已加入工会组织的农民工，但按务工地标准不符合上述任何一项条件';
  else why = `已加入工会组织的农民工，按务工地标准符合“${met.map((c) => RULE_LABELS[c.id]).join('”“')}”`;
  return {
    id: 'MIGRANT_WORKER',
    kind: 'rule',
    passed,
    figures: { dibao: h.dibao, perCapitaMonthly: h.perCapita, criteriaMet: met.length },
    explanation: sentence(passed, RULE_LABELS.MIGRANT_WORKER, why),
  };
}

function flagExclusion(id: ExclusionId, present: boolean): ExclusionCheck {
  const label = EXCLUSION_LABELS[id];
  return {
    id,
    kind: 'exclusion',
    passed: !present,
    figures: {},
    explanation: present ? `存在“${label}”的情形，不予建档。` : `不存在“${label}”的情形。`,
  };
}

/** Seed 一(三)4 不予建档的情形; any one refuses the file at every level. */
export function exclusionChecks(h: Household): ExclusionCheck[] {
  const f = h.facts;
  const twoHomes = f.homesOwned >= 2;
  let member: string;
  if (!f.isMigrantWorker) member = '不是农民工，不适用此项。';
  else if (f.isUnionMember) member = '农民工已加入工会组织。';
  else member = '农民工未加入工会组织，不予建档（加入工会组织后可按务工地标准申请）。';
  return [
    {
      id: 'OWNS_TWO_HOMES',
      kind: 'exclusion',
      passed: !twoHomes,
      figures: { homesOwned: f.homesOwned, homesLimit: 2 },
      explanation: twoHomes
        ? `拥有住宅${f.homesOwned}套，属于“拥有2套（含）以上住宅”的情形，不予建档。`
        : `拥有住宅${f.homesOwned}套，不足2套。`,
    },
    flagExclusion('OWNS_SHOP_OR_EMPLOYS', f.ownsShopOrEmploys),
    flagExclusion('PRIVATE_SCHOOL_OR_ABROAD', f.childPrivateSchoolOrAbroad),
    flagExclusion('USES_VEHICLE_OR_MACHINERY', f.usesVehicleOrMachinery),
    flagExclusion('REFUSED_INVESTIGATION', f.refusedInvestigation),
    flagExclusion('BLACKLISTED', f.blacklisted),
    {
      id: 'NOT_UNION_MEMBER',
      kind: 'exclusion',
      passed: !(f.isMigrantWorker && !f.isUnionMember),
      figures: {},
      explanation: member,
    },
  ];
}
