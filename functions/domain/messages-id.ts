/**
 * The message catalogue in Indonesian, the first language: every text the API sends a
 * person and the web app shows for the same thing, by key. `{name}` placeholders are
 * filled from an error's params. messages-en.ts has the same keys in English.
 */
export const MESSAGES_ID = {
  // Input validation (keys used by the zod schemas in submission.ts)
  'invalid.body': 'Isi permintaan harus berupa JSON yang sah.',
  'request.notJson': 'Permintaan harus dikirim sebagai JSON (Content-Type: application/json).',
  'request.foreignOrigin': 'Permintaan dari situs lain tidak diterima. Buka tautan dari email Anda.',
  'invalid.fields': 'Ada isian yang belum benar: {fields}.',
  'invalid.field': 'Isian tidak valid.',
  'invalid.required': 'Wajib diisi.',
  'invalid.tooLong': 'Terlalu panjang.',
  'invalid.tooMany': 'Terlalu banyak item.',
  'invalid.text': 'Isian harus berupa teks.',
  'invalid.controlChars': 'Mengandung karakter yang tidak diperbolehkan.',
  'invalid.date': 'Tanggal harus berformat TTTT-BB-HH.',
  'invalid.filename': 'Nama berkas tidak valid.',
  'invalid.contentType': 'Jenis berkas tidak dikenali.',
  'invalid.number': 'Harus berupa bilangan bulat.',
  'invalid.size': 'Berkas kosong.',
  'invalid.uploadId': 'Lampiran tidak valid.',
  'invalid.newsType': 'Pilih jenis berita.',
  'invalid.email': 'Alamat email tidak valid.',
  'invalid.phone': 'Nomor telepon tidak valid (6–30 angka, boleh diawali +).',
  'invalid.releaseId': 'Nomor rilis tidak sah.',
  'invalid.idempotencyKey': 'Header Idempotency-Key tidak sah (8–128 huruf, angka, - atau _).',
  'invalid.tooManyFiles': 'Lampiran paling banyak {max} berkas.',
  'invalid.duplicateAttachment': 'Lampiran yang sama disebut dua kali.',

  // Uploads
  'upload.tooLarge': 'Berkas terlalu besar: paling besar {max}.',
  'upload.typeNotAllowed': 'Jenis berkas ini tidak diterima. Yang diterima: JPEG, PNG, WebP, HEIC, MP4, MOV, PDF, DOCX.',
  'upload.typeMismatch':
    'Isi berkas bukan {declared} seperti yang disebutkan, atau jenisnya tidak diterima. Berkas telah dihapus; unggah berkas yang benar.',
  'upload.sizeMismatch':
    'Ukuran berkas yang diterima ({actual} bita) tidak sama dengan yang disebutkan ({declared} bita). Berkas telah dihapus; unggah ulang.',
  'upload.extensionMismatch':
    'Nama berkas berakhiran .{extension}, tetapi jenisnya {type}. Beri nama berkas dengan akhiran {expected}, lalu unggah lagi.',
  'upload.changedAfterCheck': 'Lampiran "{name}" berubah setelah diperiksa. Rilis ditolak; kirim ulang dengan berkas yang benar.',
  'upload.changedWhileChecked': 'Berkas berubah ketika sedang diperiksa. Berkas telah dihapus; unggah ulang.',
  'upload.notFound': 'Unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah berkas lagi.',
  'upload.missingObject': 'Berkas belum diterima. Selesaikan pengunggahan dulu, lalu coba lagi.',
  'upload.partsMissing': 'Daftar bagian berkas tidak lengkap: harus ada {expected} bagian.',
  'upload.partUnmatched':
    'Bagian berkas {partNumber} tidak cocok dengan yang diterima (ETag berbeda atau bagian belum diunggah). Kirim ulang bagian itu, lalu selesaikan lagi.',
  'upload.partsUnmatched':
    'Ada bagian berkas yang tidak cocok dengan yang diterima (ETag berbeda atau bagian belum diunggah). Kirim ulang bagian yang gagal, lalu selesaikan lagi.',
  'upload.rejected': 'Unggahan ini sudah ditolak sebelumnya. Unggah berkas yang benar.',
  'upload.incomplete': 'Lampiran {uploadId} belum selesai diunggah.',
  'upload.claimed': 'Lampiran {uploadId} sudah dipakai oleh rilis lain.',

  // Releases
  'release.notFound': 'Rilis tidak ditemukan, atau kunci tautan status salah.',
  'release.exists': 'Rilis ini sudah ada.',
  'release.wrongStatus': 'Rilis sedang berada pada tahap lain; muat ulang halaman.',
  'release.idempotencyMismatch': 'Idempotency-Key ini sudah dipakai untuk kiriman lain.',

  // Tasks (links from email)
  'task.notFound': 'Tautan tugas ini tidak dikenal. Periksa kembali tautan di email Anda.',
  'task.done': 'Tugas ini sudah dikerjakan oleh {actor} pada {at}. Tidak perlu tindakan lagi.',
  'task.expired': 'Tautan tugas ini sudah kedaluwarsa. Hubungi petugas humas bila masih diperlukan.',
  'task.superseded': 'Tautan ini sudah diganti dengan tautan yang lebih baru. Gunakan tautan di email terakhir.',
  'task.closed': 'Proses untuk rilis ini sudah ditutup; tindakan tidak dapat diterima lagi.',
  'task.actionNotAllowed': 'Tindakan "{action}" tidak tersedia pada tahap ini.',
  'task.unknownPerson': 'Petugas "{person}" tidak dikenal atau tidak memiliki peran yang diperlukan.',
  'task.notAssignee': 'Anda tidak tercatat sebagai penerima tugas ini.',

  // Auditors
  'audit.badRange': 'Periode harus berupa tanggal from dan to (TTTT-BB-HH), from tidak setelah to, paling lama 366 hari.',
  'audit.badPeriod': 'Periode laporan harus berupa bulan (2026-03) atau semester (2026-S1).',
  'audit.tooLarge':
    'Ekspor ini lebih besar dari yang dapat dikirim lewat API ({max} bita). Gunakan perintah npm run audit untuk periode sebesar ini.',
  'audit.badFormat': 'Format harus salah satu dari: {formats}.',

  // The proof-of-work captcha on the submission form
  'captcha.missing': 'Selesaikan verifikasi "Saya bukan robot" sebelum mengirim.',
  'captcha.invalid': 'Verifikasi "Saya bukan robot" tidak sah. Ulangi verifikasi lalu kirim lagi.',
  'captcha.expired': 'Verifikasi "Saya bukan robot" sudah kedaluwarsa. Ulangi verifikasi lalu kirim lagi.',
  'captcha.used': 'Verifikasi "Saya bukan robot" ini sudah dipakai untuk kiriman lain. Ulangi verifikasi lalu kirim lagi.',

  // Voided agenda numbers
  'agenda.notFound': 'Nomor agenda {agendaNumber} tidak ada di buku agenda.',
  'agenda.voidReasonShort': 'Tuliskan alasan pembatalan (paling sedikit 5 karakter).',
  'agenda.voidRunning':
    'Nomor agenda {agendaNumber} tidak dapat dibatalkan: rilisnya masih diproses (status {status}). Akhiri dulu prosesnya (tolak pada tahap review), lalu batalkan nomornya.',
  'agenda.voidPublished':
    'Nomor agenda {agendaNumber} tidak dapat dibatalkan: rilisnya sudah diterbitkan atau diarsipkan (status {status}), dan nomor itu tercatat di halaman berita dan arsip.',

  // Corrections made in place at review
  'task.correctionMaterial':
    'Koreksi hanya boleh mengubah kata-kata; untuk menambah atau membuang foto atau kutipan, kembalikan naskah untuk direvisi.',

  // Paraf codes and the public verification page
  'paraf.codeRequired': 'Tahap ini meminta kode paraf. Minta kode, lalu masukkan 6 angka yang dikirim ke email Anda.',
  'paraf.codeWrong': 'Kode paraf salah. Sisa percobaan: {left}.',
  'paraf.codeExpired': 'Kode paraf sudah kedaluwarsa. Minta kode baru.',
  'paraf.codeLocked': 'Terlalu banyak percobaan. Minta kode paraf baru.',
  'paraf.codeNotNeeded': 'Tahap ini tidak memakai kode paraf.',
  'invalid.parafCode': 'Kode paraf terdiri dari 6 angka.',
  'verify.notFound': 'Tidak ada arsip dengan nomor verifikasi ini.',

  // Confirmation of the sender's address, and the limits on public routes
  'confirmation.unknown': 'Tautan konfirmasi ini tidak dikenal. Periksa kembali tautan di email Anda, atau kirim ulang rilis Anda.',
  'confirmation.expired':
    'Tautan konfirmasi ini sudah kedaluwarsa (berlaku {hours} jam). Kirim ulang rilis Anda untuk mendapat tautan baru.',
  'limit.submissionsPerIp': 'Terlalu banyak kiriman dari jaringan Anda: paling banyak {limit} per jam. Coba lagi dalam {minutes} menit.',
  'limit.confirmationMails':
    'Email konfirmasi ke alamat ini sudah dikirim {limit} kali hari ini. Buka email yang sudah Anda terima, atau coba lagi dalam {minutes} menit.',
  'limit.uploadsPerIp': 'Terlalu banyak unggahan dari jaringan Anda: paling banyak {limit} per jam. Coba lagi dalam {minutes} menit.',

  // The desk
  'desk.signInNeeded': 'Masuk dulu untuk membuka meja kerja. Minta tautan masuk dengan alamat email kantor Anda.',
  'desk.roleRefused': 'Peran Anda tidak membuka halaman ini.',

  // The desk: people, acting officials, outlets and the overdue digest
  'directory.invalid': 'Perubahan ditolak karena susunan kantor menjadi tidak sah: {problems}',
  'directory.problem': '{text}',
  'directory.entryOrRemove': 'Kirim entri yang akan disimpan (entry) atau id yang akan dihapus (remove).',
  'directory.notFound': 'Tidak ada entri "{id}" untuk dihapus.',
  'directory.changedMeanwhile':
    'Entri "{id}" telah diubah orang lain sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan Anda.',
  'desk.headOnly': 'Hanya Kepala kantor (atau pelaksana tugasnya) yang dapat menyalakan atau mematikan ringkasan tugas terlambat.',

  // Desk sign-in
  'session.badToken': 'Tautan masuk ini tidak utuh. Salin seluruh tautan dari email, atau minta tautan baru.',
  'session.unknownLink': 'Tautan masuk ini tidak dikenal. Minta tautan baru dengan alamat email kantor Anda.',
  'session.linkUsed': 'Tautan masuk ini sudah dipakai. Setiap tautan hanya berlaku satu kali; minta tautan baru.',
  'session.linkExpired': 'Tautan masuk ini sudah kedaluwarsa (berlaku 15 menit). Minta tautan baru.',
  'session.notInDirectory': 'Alamat ini tidak lagi terdaftar di kantor. Hubungi admin meja kerja.',
  'limit.signInMails': 'Terlalu banyak permintaan tautan masuk. Coba lagi dalam {minutes} menit.',

  // The desk: my tasks, the tracking board, a release's detail
  'desk.taskNotFound': 'Tugas ini tidak ada di daftar Anda.',
  'desk.taskDone': 'Tugas ini sudah diselesaikan.',
  'desk.taskGone': 'Tugas ini sudah tidak berlaku (diganti, kedaluwarsa, atau prosesnya ditutup).',
  'desk.badFilter': 'Saringan tidak dikenali.',

  // Anything else
  'route.notFound': 'Alamat tidak ditemukan.',
  'server.error': 'Terjadi kesalahan pada server. Silakan coba lagi beberapa saat lagi.',
} as const;

export type MessageKey = keyof typeof MESSAGES_ID;
