import type { HouseholdFacts } from '../../workers/eligibility';
import type { Application } from './application.schema';

/**
 * The household facts the eligibility rules read, computed from the file itself (attachments 1
 * and 2) by this one function, so the form, the worker and the API agree. Household size is
 * the applicant plus the registered members living together (seed 一(三)2).
 */
export function factsFromApplication(app: Application, flags: { blacklisted: boolean; refusedInvestigation?: boolean }): HouseholdFacts {
  const { income, assets, applicant } = app;
  return {
    householdSize: 1 + app.members.length,
    annualIncome: {
      wages: income.annualWages,
      business: income.annualBusiness,
      property: income.annualProperty,
      transfer: income.annualTransfer,
    },
    annualIncomeTax: income.annualIncomeTax,
    annualSocialInsurance: income.annualSocialInsurance,
    monthsBelowDibao: income.monthsBelowDibao,
    receivesGovernmentAid: income.receivesGovernmentAid,
    isDibaoHousehold: income.isDibaoHousehold,
    specialCause: income.specialCause ?? null,
    annualNecessaryExpenses: income.annualNecessaryExpenses,
    emergency: income.emergency ?? null,
    isMigrantWorker: applicant.isMigrantWorker,
    isUnionMember: applicant.isUnionMember,
    homesOwned: assets.homesOwned,
    ownsShopOrEmploys: assets.ownsShopOrEmploys,
    childPrivateSchoolOrAbroad: assets.childPrivateSchoolOrAbroad,
    usesVehicleOrMachinery: assets.usesVehicleOrMachinery,
    refusedInvestigation: flags.refusedInvestigation ?? false,
    blacklisted: flags.blacklisted,
  };
}

/** Total annual income of the household (attachment 1 家庭年度总收入), fen. */
export function annualTotalIncome(app: Application): number {
  const i = app.income;
  return i.annualWages + i.annualBusiness + i.annualProperty + i.annualTransfer;
}

/** The region whose standard applies: the work location for migrant workers (SPEC §3). */
export function standardsRegion(app: Application): string {
  return app.applicant.isMigrantWorker && app.applicant.workRegion ? app.applicant.workRegion : app.applicant.hukouRegion;
}

/** Declarations differing by more than this share of the annual figure are flagged. */
export const RECONCILE_TOLERANCE = { num: 1, den: 10 };

/**
 * Attachment 1 declares the family's annual income; attachment 2 the last six months'. The two
 * are reconciled on integers: the six-month total doubled against the annual total, flagged when
 * they differ by more than 10 % of the annual figure, so an official sees the gap.
 */
export function reconcileIncome(app: Application) {
  const annual = annualTotalIncome(app);
  const sixMonthAnnualized = app.income.sixMonthIncome * 2;
  const difference = sixMonthAnnualized - annual;
  const consistent = Math.abs(difference) * RECONCILE_TOLERANCE.den <= annual * RECONCILE_TOLERANCE.num;
  return { annual, sixMonth: app.income.sixMonthIncome, sixMonthAnnualized, difference, consistent };
}
