import { describe, expect, it } from 'vitest'
import { isActivityCode, isTaskCode, suggestActivityCode, UTBMS_ACTIVITY_CODES, UTBMS_TASK_CODES } from './utbms'

describe('UTBMS codes (#30)', () => {
  it('holds the litigation task set and the eleven activity codes', () => {
    expect(Object.keys(UTBMS_ACTIVITY_CODES)).toEqual([
      'A101',
      'A102',
      'A103',
      'A104',
      'A105',
      'A106',
      'A107',
      'A108',
      'A109',
      'A110',
      'A111',
    ])
    expect(Object.keys(UTBMS_TASK_CODES).filter((code) => code.endsWith('00'))).toEqual([
      'L100',
      'L200',
      'L300',
      'L400',
      'L500',
    ])
    expect([
      isTaskCode('L330'),
      isTaskCode('L600'),
      isTaskCode('B110'),
      isActivityCode('A111'),
      isActivityCode('A112'),
    ]).toEqual([true, false, false, true, false])
  })

  it('suggests the activity code from the activity type and app, saying why', () => {
    expect(suggestActivityCode({ activity_type: 'writing', applications: ['word'] })).toEqual({
      code: 'A103',
      reason: 'A103 Draft/revise: writing in word',
    })
    expect(suggestActivityCode({ activity_type: 'writing', applications: ['acrobat'] })).toEqual({
      code: 'A104',
      reason: 'A104 Review/analyze: reading a PDF in acrobat',
    })
    expect(
      suggestActivityCode({
        activity_type: 'research',
        applications: ['chrome'],
        titles: ['Expert Report.pdf - Chrome'],
      })?.code,
    ).toBe('A104')
    expect(suggestActivityCode({ activity_type: 'research', applications: ['westlaw'] })).toEqual({
      code: 'A102',
      reason: 'A102 Research: research in westlaw',
    })
    expect(suggestActivityCode({ activity_type: 'admin', applications: ['nautilus'] })?.code).toBe('A110')
    expect(suggestActivityCode({ activity_type: 'focused_work', applications: ['vscode'] })).toBeNull()
  })

  it('tells a client meeting (A106) from an internal one (A105) by attendee domain, and e-mail with the client', () => {
    const meeting = {
      activity_type: 'meeting',
      applications: ['zoom'],
      client_domains: ['smithholdings.com'],
      firm_domains: ['firm.com'],
    }
    expect(suggestActivityCode({ ...meeting, attendee_domains: ['firm.com', 'mail.smithholdings.com'] })).toEqual({
      code: 'A106',
      reason: "A106 Communicate (with client): an attendee from mail.smithholdings.com, the client's domain",
    })
    expect(suggestActivityCode({ ...meeting, attendee_domains: ['firm.com'] })?.code).toBe('A105')
    expect(suggestActivityCode({ ...meeting, attendee_domains: ['firm.com', 'opposing.com'] })?.code).toBe('A108')
    expect(suggestActivityCode({ ...meeting, attendee_domains: [] })).toBeNull()
    const mail = { activity_type: 'communication', applications: ['outlook'], client_domains: ['smithholdings.com'] }
    expect(
      suggestActivityCode({ ...mail, titles: ['RE: depositions - jane@smithholdings.com - Message (HTML)'] })?.code,
    ).toBe('A106')
    expect(suggestActivityCode({ ...mail, titles: ['Inbox - rob@firm.com - Outlook'] })).toBeNull()
  })
})
