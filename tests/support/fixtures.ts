import { residentIdCheckChar } from '../../workers/identity/resident-id';
import type { ApplicationInput } from '../../api/applications/application.schema';

/** A valid 18-digit resident ID from its first 17 digits. */
export const residentId = (body17: string) => body17 + residentIdCheckChar(body17);

/**
 * A household of three in 江阳区 whose disposable income is ¥16,800 a year, i.e. ¥466.67 per
 * person per month, below the demo dibao of ¥680 for eight months with no government aid:
 * BELOW_DIBAO_NO_AID holds.
 */
export function demoApplication(seq = 1, overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  const n = String(seq).padStart(3, '0');
  return {
    applicant: {
      name: '张建国',
      idNumber: residentId(`51050219800315${n}`),
      ethnicity: '汉族',
      politicalStatus: 'masses',
      healthStatus: 'chronic_illness',
      diseaseOrDisability: '腰椎间盘突出',
      workStatus: 'employed',
      workStartDate: '2001-07',
      housingType: 'rent',
      floorArea: 45,
      phone: '13800138000',
      modelWorkerType: 'none',
      maritalStatus: 'married',
      singleParent: false,
      medicalInsurance: 'employee',
      address: '泸州市江阳区北城街道白塔社区3栋2单元',
      postcode: '646000',
      employer: '江阳区环卫服务中心',
      industry: '公共设施管理业',
      monthlyIncome: 150_000,
      hukouRegion: '510502',
      hukouType: 'urban',
      selfHelpAbility: true,
      zeroEmploymentFamily: false,
      isMigrantWorker: false,
      isUnionMember: true,
    },
    members: [
      {
        name: '刘秀英',
        relation: '配偶',
        idNumber: residentId(`51050219820607${n}`),
        monthlyIncome: 0,
        healthStatus: 'serious_illness',
        diseaseOrDisability: '尿毒症',
        medicalInsurance: 'urban_rural_resident',
        maritalStatus: 'married',
        hukouType: 'urban',
        identity: 'unemployed',
      },
      {
        name: '张小明',
        relation: '子',
        idNumber: residentId(`51050220100901${n}`),
        monthlyIncome: 0,
        healthStatus: 'healthy',
        medicalInsurance: 'urban_rural_resident',
        maritalStatus: 'unmarried',
        hukouType: 'urban',
        identity: 'student',
        education: '初中',
        schoolOrEmployer: '泸州市第七中学',
      },
    ],
    hardship: { mainCause: 'major_illness', secondaryCauses: ['schooling'] },
    income: {
      annualWages: 1_800_000,
      annualBusiness: 0,
      annualProperty: 0,
      annualTransfer: 0,
      annualIncomeTax: 0,
      annualSocialInsurance: 120_000,
      sixMonthIncome: 900_000,
      monthsBelowDibao: 8,
      receivesGovernmentAid: false,
      isDibaoHousehold: false,
      specialCause: 'illness',
      annualNecessaryExpenses: 3_600_000,
      emergency: null,
    },
    assets: { homesOwned: 0, shopArea: 0, ownsShopOrEmploys: false, usesVehicleOrMachinery: false, childPrivateSchoolOrAbroad: false },
    expenses: { living: 1_200_000, medical: 3_600_000, schooling: 300_000, housingOrCar: 0, other: 0 },
    bank: { bankName: '中国农业银行', branch: '泸州江阳支行', cardNumber: '6228480000000000001' },
    ...overrides,
  };
}
