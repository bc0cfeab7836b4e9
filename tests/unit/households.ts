/**
 * Test households. Unless a test says otherwise: 3 people, dibao ¥900.00 (90 000 fen), so the
 * household's annual dibao line is 90 000 × 12 × 3 = 3 240 000 fen (¥32,400.00).
 */
import type { HouseholdFacts } from '../../workers/eligibility';

export const DIBAO = 90_000;
export const SIZE = 3;
/** 90 000 × 12 × 3 */
export const ANNUAL_DIBAO_LINE = 3_240_000;

type Overrides = Partial<Omit<HouseholdFacts, 'annualIncome'>> & { annualIncome?: Partial<HouseholdFacts['annualIncome']> };

/** A household with no income, no cause, no aid, no exclusion; `disposable` sets the wages. */
export function household(overrides: Overrides = {}, disposable = 0): HouseholdFacts {
  const { annualIncome, ...rest } = overrides;
  return {
    householdSize: SIZE,
    annualIncome: { wages: disposable, business: 0, property: 0, transfer: 0, ...annualIncome },
    annualIncomeTax: 0,
    annualSocialInsurance: 0,
    monthsBelowDibao: 0,
    receivesGovernmentAid: false,
    isDibaoHousehold: false,
    specialCause: null,
    annualNecessaryExpenses: 0,
    emergency: null,
    isMigrantWorker: false,
    isUnionMember: false,
    homesOwned: 0,
    ownsShopOrEmploys: false,
    childPrivateSchoolOrAbroad: false,
    usesVehicleOrMachinery: false,
    refusedInvestigation: false,
    blacklisted: false,
    ...rest,
  };
}

/** Meets BELOW_DIBAO_NO_AID: ¥30,000.00 a year for 3 people (¥833.33 a month each), 8 months below. */
export function poorHousehold(overrides: Overrides = {}): HouseholdFacts {
  return household({ monthsBelowDibao: 8, ...overrides }, 3_000_000);
}
