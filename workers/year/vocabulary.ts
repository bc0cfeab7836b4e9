/**
 * The seed's terms for organising a year (泸工发〔2018〕10号 一 to 四), shared by the API, the
 * printed documents and the admin UI.
 */

/** The milestones of a campaign timeline; what completes each is in api/year/timeline.ts. */
export const MILESTONE_KEYS = ['fund_cleanup', 'data_entry', 'stock_cleanup', 'restoration', 'work_plan', 'classified_help', 'evaluation'] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

/**
 * The 2018 timeline of the seed as month-day pairs, moved to any year:
 * 一(一) 4月6日前清理帮扶资金, 4月7日前录入完毕并打印花名册; 一(二) 4月10日前清理存量档案;
 * 一(三) 4月11日—30日恢复和新建档案; 四5 区县工会分类帮扶措施方案4月底前报市总备案;
 * 二 5月1日—10月30日分类施策; 二(二) 12月下旬评价帮扶效果.
 */
export const SEED_TIMELINE: Array<{ key: MilestoneKey; name: string; start: string | null; end: string }> = [
  { key: 'fund_cleanup', name: '帮扶资金清理', start: null, end: '04-06' },
  { key: 'data_entry', name: '帮扶信息录入，打印花名册签字存档', start: null, end: '04-07' },
  { key: 'stock_cleanup', name: '存量档案清理和注销', start: null, end: '04-10' },
  { key: 'restoration', name: '困难职工档案恢复和新建', start: '04-11', end: '04-30' },
  { key: 'work_plan', name: '区县工会分类帮扶措施方案报市总备案', start: null, end: '04-30' },
  { key: 'classified_help', name: '精心设计，分类施策', start: '05-01', end: '10-30' },
  { key: 'evaluation', name: '帮扶效果评价（认定书签字）', start: '12-01', end: '12-31' },
];

export const MILESTONE_STATUS_LABELS: Record<string, string> = {
  done: '已完成',
  late: '逾期完成',
  open: '进行中',
  missed: '未按期完成',
  not_applicable: '不适用',
};

/** County-level unions directly under a city (区县工会, 市直属工会, 系统工委): they file work plans. */
export const PLAN_ORG_KINDS = ['county', 'direct', 'system'];

export const WORK_PLAN_STATUS_LABELS: Record<string, string> = { pending: '待报送', submitted: '待审核', returned: '退回修改', accepted: '已备案' };
export const REPORT_STATUS_LABELS: Record<string, string> = { draft: '未上报', submitted: '已上报待审核', accepted: '已审核', returned: '退回修改' };
