export const ROLES = ['viewer', 'reviewer', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// Moderators submit content, reviewers decide cases; admins do both and manage the rest.
const grants: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['read']),
  reviewer: new Set(['read', 'review']),
  moderator: new Set(['read', 'submit']),
  admin: new Set(['read', 'review', 'submit', 'admin']),
};

export type Permission = 'read' | 'review' | 'submit' | 'admin';

export function can(role: Role, permission: Permission): boolean {
  return grants[role].has(permission);
}
