/**
 * Who is who in an office: the roles of the SOPs' "Pelaksana" columns, onto which an
 * office maps its people, and the groups of them the desk admits. The API checks these
 * groups on every desk route (contract DESK_ROLES); the web app shows a section or a
 * button by the same ones, so the menu and the server never disagree.
 */
export const ROLES = [
  'kepala', // Kepala Dinas — head of the office
  'sekretaris', // Sekretaris Dinas
  'kabid', // Kepala Bidang — head of division
  'koordinator', // Koordinator / Subkoordinator
  'kasi', // Kepala Seksi — section head
  'petugas', // Petugas / JFT / JFU — officer or staff
  'operator', // Operator website
  'auditor', // receives exports and the periodic report
  'admin', // edits people, acting officials and media outlets on the desk
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who sees the board and the release details: the office's people who work the SOP. Not
 * auditors, who get their exports through their own door, and not a bare admin, who edits
 * the directory: the details carry the submitters' contact data (UU 27/2022: only for the
 * purpose it was given for).
 */
export const OFFICE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'auditor' && r !== 'admin');

/** The agenda book is the office's register: its people read it, and auditors receive it. */
export const AGENDA_READERS: readonly Role[] = [...OFFICE_ROLES, 'auditor'];

/** Voiding a number is the registering officer's act, or their superiors'; never an auditor's. */
export const VOIDING_ROLES: readonly Role[] = ['kepala', 'sekretaris', 'kabid', 'kasi', 'petugas'];

/** The kinds of media outlet a release is sent to, as the directory and the reports count them. */
export const MEDIA_TYPES = ['online', 'print', 'tv', 'radio'] as const;
