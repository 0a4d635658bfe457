import { autoSharedBuffersMb, BASE_SHARED_BUFFERS_MB, MAX_AUTO_SHARED_BUFFERS_MB } from './embedded-engine';

const MB = 1024 * 1024;

describe('autoSharedBuffersMb', () => {
  it('keeps the small-host cache while the vector indexes fit in it with room to spare', () => {
    expect(autoSharedBuffersMb(0)).toBe(BASE_SHARED_BUFFERS_MB);
    expect(autoSharedBuffersMb(20 * MB)).toBe(BASE_SHARED_BUFFERS_MB);
  });

  it('grows to hold the vector indexes and a quarter more', () => {
    expect(autoSharedBuffersMb(130 * MB)).toBe(163);
  });

  it('stops at its ceiling however large the indexes are', () => {
    expect(autoSharedBuffersMb(4096 * MB)).toBe(MAX_AUTO_SHARED_BUFFERS_MB);
  });
});
