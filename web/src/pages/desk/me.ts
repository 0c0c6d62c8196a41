/** Who is signed in, as GET /api/desk/me answers (the session authorizer's context). */
export interface DeskMe {
  sessionId: string;
  personId: string;
  email: string;
  name: string;
  roles: string[];
}

/** Whether the signed-in person's roles open something that admits `roles` ('signed-in': anyone). */
export function admits(me: DeskMe, roles: readonly string[] | 'signed-in'): boolean {
  return roles === 'signed-in' || me.roles.some((role) => roles.includes(role));
}
