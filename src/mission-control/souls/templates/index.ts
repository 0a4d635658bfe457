import type { BuiltInSoul } from './built-in-soul';
import { CHEERFUL_CONCIERGE } from './cheerful-concierge';
import { CONCISE_SUPPORT } from './concise-support';
import { METICULOUS_REVIEWER } from './meticulous-reviewer';
import { PATIENT_TUTOR } from './patient-tutor';
import { PRAGMATIC_ENGINEER } from './pragmatic-engineer';

export type { BuiltInSoul } from './built-in-soul';

/**
 * The built-in SOUL.md templates. They are TypeScript string constants rather than .md files so that they
 * are compiled into dist/ with the code: no asset copying step can forget them.
 */
export const BUILT_IN_SOULS: readonly BuiltInSoul[] = [PRAGMATIC_ENGINEER, PATIENT_TUTOR, CONCISE_SUPPORT, METICULOUS_REVIEWER, CHEERFUL_CONCIERGE];
