/**
 * The fixed words of the newsroom, the media and sender emails and the archive PDF, in
 * Indonesian and English. Pages show Indonesian with English as the secondary line;
 * emails use the recipient's locale.
 */
import type { Locale } from '../messages.js';

export interface Words {
  id: string;
  en: string;
}

export const WORDS = {
  newsroom: { id: 'Berita', en: 'Newsroom' },
  allNews: { id: 'Semua berita', en: 'All news' },
  noNews: { id: 'Belum ada berita yang diterbitkan.', en: 'No news published yet.' },
  published: { id: 'Diterbitkan', en: 'Published' },
  agendaNumber: { id: 'Nomor agenda', en: 'Agenda number' },
  archiveNumber: { id: 'Nomor arsip', en: 'Archive number' },
  classification: { id: 'Klasifikasi', en: 'Classification' },
  newsType: { id: 'Jenis berita', en: 'News type' },
  institution: { id: 'Instansi', en: 'Institution' },
  eventDate: { id: 'Tanggal kegiatan', en: 'Event date' },
  eventPlace: { id: 'Tempat kegiatan', en: 'Event place' },
  photos: { id: 'Foto', en: 'Photos' },
  downloads: { id: 'Unduh media', en: 'Download media' },
  quotes: { id: 'Kutipan', en: 'Quotes' },
  readMore: { id: 'Baca selengkapnya', en: 'Read more' },
  rssFeed: { id: 'Umpan RSS', en: 'RSS feed' },
  pressRelease: { id: 'Siaran Pers', en: 'Press release' },
  releasePage: { id: 'Halaman berita (foto dan media)', en: 'News page (photos and media)' },
  mediaGreeting: { id: 'Kepada Yth. Redaksi', en: 'Dear editors of' },
  mediaIntro: {
    id: 'Bersama ini kami sampaikan siaran pers untuk dapat dipublikasikan.',
    en: 'Please find below a press release for publication.',
  },
  mediaPhotosNote: {
    id: 'Foto dan media dapat diunduh dari halaman berita:',
    en: 'Photos and media can be downloaded from the news page:',
  },
  unsubscribeNote: {
    id: 'Tidak ingin menerima siaran pers lagi? Balas email ini dengan subjek "unsubscribe".',
    en: 'No longer wish to receive press releases? Reply with the subject "unsubscribe".',
  },
  contact: { id: 'Kontak', en: 'Contact' },
  notifyPublishedSubject: { id: 'Informasi Anda telah diterbitkan', en: 'Your information has been published' },
  notifyPublishedBody: {
    id: 'Informasi yang Anda kirimkan telah diterbitkan di situs kami dan disampaikan kepada media.',
    en: 'The information you sent has been published on our website and sent to the media.',
  },
  notifyRejectedSubject: { id: 'Informasi Anda tidak dapat diterbitkan', en: 'Your information could not be published' },
  notifyRejectedBody: {
    id: 'Mohon maaf, informasi yang Anda kirimkan tidak dapat diterbitkan.',
    en: 'We are sorry: the information you sent could not be published.',
  },
  reason: { id: 'Alasan', en: 'Reason' },
  viewOnline: { id: 'Lihat berita', en: 'View the news' },
  greeting: { id: 'Yth.', en: 'Dear' },
  regards: { id: 'Hormat kami,', en: 'Kind regards,' },
  title: { id: 'Judul', en: 'Title' },
  // Archive PDF
  archiveTitle: { id: 'Arsip Siaran Pers', en: 'Press release archive' },
  submittedBy: { id: 'Pengirim', en: 'Submitted by' },
  submittedAt: { id: 'Diterima', en: 'Received' },
  letter: { id: 'Surat permintaan', en: 'Request letter' },
  text: { id: 'Naskah', en: 'Text' },
  approvalTrail: { id: 'Jejak persetujuan', en: 'Approval trail' },
  stage: { id: 'Tahap', en: 'Stage' },
  action: { id: 'Keputusan', en: 'Decision' },
  actor: { id: 'Pelaksana', en: 'Actor' },
  time: { id: 'Waktu', en: 'Time' },
  note: { id: 'Catatan', en: 'Note' },
  paraf: { id: 'Paraf', en: 'Initials' },
  correction: { id: 'Koreksi', en: 'Correction' },
  onBehalfOf: { id: 'atas nama', en: 'on behalf of' },
  disposition: { id: 'Lembar disposisi', en: 'Disposition sheet' },
  arahan: { id: 'Arahan', en: 'Instructions' },
  urgency: { id: 'Sifat', en: 'Urgency' },
  media: { id: 'Media terlampir', en: 'Attached media' },
  publishedAt: { id: 'Diterbitkan di', en: 'Published at' },
  archivedAt: { id: 'Diarsipkan', en: 'Archived' },
  noDecisions: { id: 'Tidak ada keputusan tercatat.', en: 'No decisions recorded.' },
  verification: { id: 'Verifikasi', en: 'Verification' },
  verifyHint: {
    id: 'Pindai kode QR atau buka alamat ini untuk memeriksa nomor, sidik naskah dan jejak persetujuan.',
    en: 'Scan the QR code or open this address to check the numbers, the text fingerprint and the approval trail.',
  },
  textSha256: { id: 'SHA-256 naskah terbit', en: 'SHA-256 of the published text' },
} as const satisfies Record<string, Words>;

/** Decision actions as people read them. */
export const ACTION_WORDS: Record<string, Words> = {
  dispose: { id: 'Didisposisi', en: 'Disposed' },
  accept: { id: 'Diterima', en: 'Accepted' },
  submit: { id: 'Naskah diajukan', en: 'Text submitted' },
  'save-draft': { id: 'Draf disimpan', en: 'Draft saved' },
  approve: { id: 'Disetujui', en: 'Approved' },
  revise: { id: 'Dikembalikan untuk perbaikan', en: 'Returned for revision' },
  reject: { id: 'Ditolak', en: 'Rejected' },
};

/** "Indonesian / English" for pages and the PDF, where both languages are shown. */
export function both(w: Words): string {
  return `${w.id} / ${w.en}`;
}

export function say(w: Words, locale: Locale): string {
  return w[locale];
}
