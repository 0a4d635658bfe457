import { compareVersions, extractVersion } from './versions';
import { isNewer } from './system-info.service';

describe('OpenClaw versions', () => {
  it('finds the version in --version output', () => {
    expect(extractVersion('OpenClaw 2026.9.6 (eb377ac)')).toBe('2026.9.6');
    expect(extractVersion('v20.19.0')).toBe('20.19.0');
    expect(extractVersion('git version 2.39.5')).toBe('2.39.5');
    expect(extractVersion('2026.9.7-beta.1')).toBe('2026.9.7-beta.1');
    expect(extractVersion('no digits here')).toBeUndefined();
  });

  it('orders calendar and semantic versions, pre-releases before their release', () => {
    expect(compareVersions('2026.9.8', '2026.9.6')).toBe(1);
    expect(compareVersions('2026.10.1', '2026.9.30')).toBe(1);
    expect(compareVersions('2026.9.6', '2026.9.6')).toBe(0);
    expect(compareVersions('2026.9.7-beta.1', '2026.9.7')).toBe(-1);
    expect(compareVersions('2026.9.7-beta.10', '2026.9.7-beta.2')).toBe(1);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('latest', '1.0.0')).toBeUndefined();
  });

  it('calls an update available only when the registry has something newer (or nothing is installed)', () => {
    expect(isNewer('2026.9.8', '2026.9.6')).toBe(true);
    expect(isNewer('2026.9.6', '2026.9.6')).toBe(false);
    expect(isNewer('2026.9.5', '2026.9.6')).toBe(false);
    expect(isNewer('2026.9.8', 'unknown')).toBe(true);
    expect(isNewer('', '2026.9.6')).toBe(false);
  });
});
