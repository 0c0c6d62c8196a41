/** GET /api/verify/{archiveId}: an archived release as anyone may check it; the API's own type. */
export type { VerificationView } from '../../lib/domain.js';
