import { describe, expect, it } from 'vitest';
import { overdueDigestMail } from '../../functions/domain/mail/overdue-digest.js';

const hostile = '<script>alert("x")</script> & co';
const line = (title: string, holders: string) => ({
  stageLabel: 'Disposisi',
  title,
  agendaNumber: '012/PUB/DKIP-MU/2026',
  due: '7 Des 2026 10.15 WIT',
  holders,
});

describe('the overdue digest mail', () => {
  it('lists own tasks and the staff’s apart, escapes what submitters typed, and links to the desk only', () => {
    // Act
    const mail = overdueDigestMail({
      locale: 'id',
      officeName: 'DKIP Maluku Utara',
      personName: 'Rahmat Hidayat',
      date: '2026-12-08',
      own: [line(hostile, 'Rahmat Hidayat')],
      staff: [line('Rapat koordinasi', 'Nurul Fitriani'), line('Peresmian jembatan', 'Andi Saputra')],
      deskUrl: 'https://warta.example.go.id/meja',
    });
    // Assert
    expect(mail.subject).toBe('Tugas terlambat per 2026-12-08: 3');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toMatch(/Tugas Anda \(1\)[\s\S]*Tugas staf di bawah Anda \(2\)[\s\S]*Nurul Fitriani/);
    expect(mail.text).toContain('https://warta.example.go.id/meja');
    expect(mail.text).not.toMatch(/\/t\//);
  });

  it('is written in English for a person who reads English, without an empty section', () => {
    // Act
    const mail = overdueDigestMail({
      locale: 'en',
      officeName: 'DKIP North Maluku',
      personName: 'Budi Santoso',
      date: '2026-12-08',
      own: [line('Regional development', 'Budi Santoso')],
      staff: [],
      deskUrl: 'https://warta.example.go.id/meja',
    });
    // Assert
    expect(mail.subject).toBe('Overdue tasks on 2026-12-08: 1');
    expect(mail.text).toContain('Your tasks (1)');
    expect(mail.text).not.toContain('Tasks of the people below you');
  });
});
