/**
 * The message catalogue of the API: every key a typed error or a schema can carry, in
 * Indonesian (first) and English. `{name}` placeholders are filled from the error's params.
 * The web app shows the same keys, so a person reads one wording everywhere.
 */

export type Locale = 'id' | 'en';

interface Text {
  id: string;
  en: string;
}

export const MESSAGES = {
  // Input validation (keys used by the zod schemas in submission.ts)
  'invalid.body': { id: 'Isi permintaan harus berupa JSON yang sah.', en: 'The request body must be valid JSON.' },
  'request.notJson': { id: 'Permintaan harus dikirim sebagai JSON (Content-Type: application/json).', en: 'The request must be sent as JSON (Content-Type: application/json).' },
  'request.foreignOrigin': { id: 'Permintaan dari situs lain tidak diterima. Buka tautan dari email Anda.', en: 'Requests from another site are not accepted. Open the link from your email.' },
  'invalid.fields': { id: 'Ada isian yang belum benar: {fields}.', en: 'Some fields are not right: {fields}.' },
  'invalid.field': { id: 'Isian ini tidak sah.', en: 'This field is not valid.' },
  'invalid.required': { id: 'Wajib diisi.', en: 'Required.' },
  'invalid.tooLong': { id: 'Terlalu panjang.', en: 'Too long.' },
  'invalid.tooMany': { id: 'Terlalu banyak.', en: 'Too many.' },
  'invalid.text': { id: 'Harus berupa teks.', en: 'Must be text.' },
  'invalid.controlChars': { id: 'Mengandung karakter yang tidak diizinkan.', en: 'Contains characters that are not allowed.' },
  'invalid.date': { id: 'Tanggal harus berformat TTTT-BB-HH.', en: 'The date must be in YYYY-MM-DD format.' },
  'invalid.filename': { id: 'Nama berkas tidak sah.', en: 'The file name is not valid.' },
  'invalid.contentType': { id: 'Jenis berkas tidak sah.', en: 'The file type is not valid.' },
  'invalid.number': { id: 'Harus berupa bilangan bulat.', en: 'Must be a whole number.' },
  'invalid.size': { id: 'Ukuran berkas harus lebih dari nol.', en: 'The file size must be more than zero.' },
  'invalid.uploadId': { id: 'Nomor unggahan tidak sah.', en: 'The upload id is not valid.' },
  'invalid.newsType': { id: 'Jenis berita tidak dikenal.', en: 'Unknown news type.' },
  'invalid.email': { id: 'Alamat email tidak sah.', en: 'The email address is not valid.' },
  'invalid.phone': { id: 'Nomor telepon tidak sah.', en: 'The phone number is not valid.' },
  'invalid.releaseId': { id: 'Nomor rilis tidak sah.', en: 'The release id is not valid.' },
  'invalid.idempotencyKey': { id: 'Header Idempotency-Key tidak sah (8–128 huruf, angka, - atau _).', en: 'The Idempotency-Key header is not valid (8–128 letters, digits, - or _).' },
  'invalid.tooManyFiles': { id: 'Lampiran paling banyak {max} berkas.', en: 'At most {max} attachments.' },
  'invalid.duplicateAttachment': { id: 'Lampiran yang sama disebut dua kali.', en: 'The same attachment is listed twice.' },

  // Uploads
  'upload.tooLarge': { id: 'Berkas terlalu besar: paling besar {max}.', en: 'The file is too large: at most {max}.' },
  'upload.typeNotAllowed': { id: 'Jenis berkas ini tidak diterima. Yang diterima: JPEG, PNG, WebP, HEIC, MP4, MOV, PDF, DOCX.', en: 'This file type is not accepted. Accepted: JPEG, PNG, WebP, HEIC, MP4, MOV, PDF, DOCX.' },
  'upload.typeMismatch': { id: 'Isi berkas bukan {declared} seperti yang disebutkan, atau jenisnya tidak diterima. Berkas telah dihapus; unggah berkas yang benar.', en: 'The file content is not {declared} as declared, or its type is not accepted. The file was deleted; upload the right file.' },
  'upload.sizeMismatch': { id: 'Ukuran berkas yang diterima ({actual} bita) tidak sama dengan yang disebutkan ({declared} bita). Berkas telah dihapus; unggah ulang.', en: 'The received file size ({actual} bytes) differs from the declared size ({declared} bytes). The file was deleted; upload it again.' },
  'upload.extensionMismatch': { id: 'Nama berkas berakhiran .{extension}, tetapi jenisnya {type}. Beri nama berkas dengan akhiran {expected}, lalu unggah lagi.', en: 'The file name ends in .{extension}, but the file is {type}. Name the file with the {expected} extension, then upload it again.' },
  'upload.changedAfterCheck': { id: 'Lampiran "{name}" berubah setelah diperiksa. Rilis ditolak; kirim ulang dengan berkas yang benar.', en: 'The attachment "{name}" changed after it was checked. The release was refused; submit it again with the right file.' },
  'upload.changedWhileChecked': { id: 'Berkas berubah ketika sedang diperiksa. Berkas telah dihapus; unggah ulang.', en: 'The file changed while it was being checked. The file was deleted; upload it again.' },
  'upload.notFound': { id: 'Unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.', en: 'The upload was not found or has expired. Upload the file again.' },
  'upload.missingObject': { id: 'Berkas belum diterima. Selesaikan pengunggahan dulu, lalu coba lagi.', en: 'The file has not arrived. Finish uploading it, then try again.' },
  'upload.partsMissing': { id: 'Daftar bagian berkas tidak lengkap: harus ada {expected} bagian.', en: 'The list of parts is incomplete: {expected} parts are expected.' },
  'upload.partUnmatched': { id: 'Bagian berkas {partNumber} tidak cocok dengan yang diterima (ETag berbeda atau bagian belum diunggah). Kirim ulang bagian itu, lalu selesaikan lagi.', en: 'File part {partNumber} does not match what was received (a different ETag, or the part was not uploaded). Send that part again, then complete again.' },
  'upload.partsUnmatched': { id: 'Ada bagian berkas yang tidak cocok dengan yang diterima (ETag berbeda atau bagian belum diunggah). Kirim ulang bagian yang gagal, lalu selesaikan lagi.', en: 'A file part does not match what was received (a different ETag, or the part was not uploaded). Send the failed parts again, then complete again.' },
  'upload.rejected': { id: 'Unggahan ini sudah ditolak sebelumnya. Unggah berkas yang benar.', en: 'This upload was already rejected. Upload the right file.' },
  'upload.incomplete': { id: 'Lampiran {uploadId} belum selesai diunggah.', en: 'Attachment {uploadId} has not finished uploading.' },
  'upload.claimed': { id: 'Lampiran {uploadId} sudah dipakai oleh rilis lain.', en: 'Attachment {uploadId} is already used by another release.' },

  // Releases
  'release.notFound': { id: 'Rilis tidak ditemukan, atau kunci tautan status salah.', en: 'The release was not found, or the status link key is wrong.' },
  'paraf.codeRequired': { id: 'Tahap ini meminta kode paraf. Minta kode, lalu masukkan 6 angka yang dikirim ke email Anda.', en: 'This stage asks for a paraf code. Request the code, then enter the 6 digits mailed to you.' },
  'paraf.codeWrong': { id: 'Kode paraf salah. Sisa percobaan: {left}.', en: 'The paraf code is wrong. Tries left: {left}.' },
  'paraf.codeExpired': { id: 'Kode paraf sudah kedaluwarsa. Minta kode baru.', en: 'The paraf code has expired. Request a new one.' },
  'paraf.codeLocked': { id: 'Terlalu banyak percobaan. Minta kode paraf baru.', en: 'Too many tries. Request a new paraf code.' },
  'paraf.codeNotNeeded': { id: 'Tahap ini tidak memakai kode paraf.', en: 'This stage does not use a paraf code.' },
  'invalid.parafCode': { id: 'Kode paraf terdiri dari 6 angka.', en: 'The paraf code is 6 digits.' },
  'verify.notFound': { id: 'Tidak ada arsip dengan nomor verifikasi ini.', en: 'No archived release has this verification id.' },
  'release.exists': { id: 'Rilis ini sudah ada.', en: 'This release already exists.' },
  'release.wrongStatus': { id: 'Rilis sedang berada pada tahap lain; muat ulang halaman.', en: 'The release is at another stage now; reload the page.' },
  'release.idempotencyMismatch': { id: 'Idempotency-Key ini sudah dipakai untuk kiriman lain.', en: 'This Idempotency-Key was already used for a different submission.' },

  // Tasks (links from email)
  'task.notFound': { id: 'Tautan tugas ini tidak dikenal. Periksa kembali tautan di email Anda.', en: 'This task link is unknown. Check the link in your email.' },
  'task.done': { id: 'Tugas ini sudah dikerjakan oleh {actor} pada {at}. Tidak perlu tindakan lagi.', en: 'This task was already done by {actor} at {at}. Nothing more is needed.' },
  'task.expired': { id: 'Tautan tugas ini sudah kedaluwarsa. Hubungi petugas humas bila masih diperlukan.', en: 'This task link has expired. Contact the PR office if it is still needed.' },
  'task.superseded': { id: 'Tautan ini sudah diganti dengan tautan yang lebih baru. Gunakan tautan di email terakhir.', en: 'This link was replaced by a newer one. Use the link in the latest email.' },
  'task.closed': { id: 'Proses untuk rilis ini sudah ditutup; tindakan tidak dapat diterima lagi.', en: 'The process for this release is closed; the action can no longer be taken.' },
  'task.actionNotAllowed': { id: 'Tindakan "{action}" tidak tersedia pada tahap ini.', en: 'The action "{action}" is not available at this stage.' },
  'task.unknownPerson': { id: 'Petugas "{person}" tidak dikenal atau tidak memiliki peran yang diperlukan.', en: 'The person "{person}" is unknown or lacks the needed role.' },
  'task.notAssignee': { id: 'Anda tidak tercatat sebagai penerima tugas ini.', en: 'You are not recorded as an assignee of this task.' },

  // Auditors
  'audit.badRange': { id: 'Periode harus berupa tanggal from dan to (TTTT-BB-HH), from tidak setelah to, paling lama 366 hari.', en: 'The period needs from and to dates (YYYY-MM-DD), from not after to, at most 366 days.' },
  'audit.badPeriod': { id: 'Periode laporan harus berupa bulan (2026-03) atau semester (2026-S1).', en: 'The report period must be a month (2026-03) or a semester (2026-S1).' },
  'audit.tooLarge': { id: 'Ekspor ini lebih besar dari yang dapat dikirim lewat API ({max} bita). Gunakan perintah npm run audit untuk periode sebesar ini.', en: 'This export is larger than the API can send ({max} bytes). Use the npm run audit command for a period this large.' },
  'audit.badFormat': { id: 'Format harus salah satu dari: {formats}.', en: 'The format must be one of: {formats}.' },

  // Anything else
  'route.notFound': { id: 'Alamat tidak ditemukan.', en: 'Not found.' },
  'server.error': { id: 'Terjadi kesalahan pada server. Silakan coba lagi beberapa saat lagi.', en: 'Something went wrong on the server. Please try again in a moment.' },
} as const satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/** The text of a key in a locale, with `{param}` filled in; unknown keys fall back to a generic text. */
export function message(key: string, locale: Locale = 'id', params: Record<string, string | number> = {}): string {
  const entry: Text = hasMessage(key) ? MESSAGES[key] : MESSAGES['invalid.field'];
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the locale from an Accept-Language header: English only when it is preferred. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'id';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    if (r.tag === 'id' || r.tag.startsWith('id-') || r.tag === 'in') return 'id';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return 'id';
}

/** Bytes in a human unit for messages: "2 GB", "500 MB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
