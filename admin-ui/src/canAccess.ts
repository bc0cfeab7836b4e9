/**
 * Who may open which screen (SPEC §1). One place for the UI's permission rules: the
 * authProvider answers react-admin with it and the menu and dashboard ask it too. The API
 * enforces the same rules and the org scope; this only keeps screens a role cannot use out of view.
 */
export const ROLE_IDS = [
  'grassroots_staff',
  'grassroots_chair',
  'helper',
  'county_reviewer',
  'city_reviewer',
  'upper_reviewer',
  'process_admin',
  'supervisor',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** A role held at one union organisation; task candidate groups are such pairs. */
export type RoleGrant = { role: RoleId; orgId: string; orgName: string };

export type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | string;

/** resource → action → roles allowed; `'*'` = every signed-in role. */
const RULES: Record<string, Partial<Record<Action, readonly RoleId[] | '*'>>> = {
  tasks: { list: '*', show: '*' },
  files: { list: '*', show: '*' },
  // 基层工会保障工作人员 receive applications (seed 一(三), SPEC §1).
  applications: { create: ['grassroots_staff'] },
};

export function canAccess(grants: readonly RoleGrant[], resource: string, action: Action): boolean {
  const allowed = RULES[resource]?.[action];
  if (allowed === undefined || grants.length === 0) return false;
  return allowed === '*' || grants.some((g) => allowed.includes(g.role));
}
