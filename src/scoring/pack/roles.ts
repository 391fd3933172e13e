import type { Category, Model, RoleName } from './pack-schema.ts';
import type { PackIssue } from './pack-error.ts';

// The engine reads a few categories by role (model.yaml `roles:`, pack-schema.ts RolesSchema). A role
// pointed at a missing category, or at one of the wrong kind, would make the engine score wrongly
// without a word, so the loader refuses such a pack instead.

/** The kind of category each role must name. */
export const ROLE_KIND: Record<RoleName, Category['kind']> = {
  messengerContact: 'contact',
  salaryLure: 'signal',
  bonusLure: 'signal',
  ownCitizensFrame: 'frame',
  militaryRole: 'signal',
  noncombatJob: 'signal',
  workStudy: 'signal',
};

/** Every role names a category of the model, of the kind the role needs; `lineOf` places each issue. */
export function checkRoles(model: Model, file: string, lineOf: (role: RoleName) => number): PackIssue[] {
  const issues: PackIssue[] = [];
  for (const role of Object.keys(ROLE_KIND) as RoleName[]) {
    const id = model.roles[role];
    const def = model.categories[id];
    const need = ROLE_KIND[role];
    if (!def) issues.push({ file, line: lineOf(role), reason: `role ${role} names unknown category ${id}` });
    else if (def.kind !== need) issues.push({ file, line: lineOf(role), reason: `role ${role} needs a category of kind ${need}; ${id} is kind ${def.kind}` });
  }
  return issues;
}
