import { parseClientSessionId } from './chat-frames';

describe('parseClientSessionId', () => {
  it('leaves the session open when the frame names none', () => {
    expect(parseClientSessionId(undefined)).toEqual({ ok: true });
    expect(parseClientSessionId(null)).toEqual({ ok: true });
  });

  it('takes a UUID of any version, in lower case', () => {
    expect(parseClientSessionId('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toEqual({ ok: true, sessionId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
    expect(parseClientSessionId('0190f7a4-8a53-7c1e-9d2b-5e6f7a8b9c0d')).toEqual({ ok: true, sessionId: '0190f7a4-8a53-7c1e-9d2b-5e6f7a8b9c0d' });
  });

  it('refuses what is not a UUID in its usual text form', () => {
    for (const value of ['<uuid>', 'session-1', '', '3f2504e04f8911d39a0c0305e82c3301', '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}', '3f2504e0-4f89-11d3-9a0c-0305e82c3301\n', 42, {}]) {
      expect(parseClientSessionId(value)).toEqual({ ok: false, problem: expect.stringMatching(/^payload\.session_id must be a UUID/) });
    }
  });

  it('refuses the nil and max UUIDs, which are templates rather than choices', () => {
    expect(parseClientSessionId('00000000-0000-0000-0000-000000000000')).toEqual({ ok: false, problem: expect.stringMatching(/nil or max UUID/) });
    expect(parseClientSessionId('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toEqual({ ok: false, problem: expect.stringMatching(/nil or max UUID/) });
  });
});
