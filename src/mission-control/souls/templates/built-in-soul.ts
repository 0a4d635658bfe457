/** A soul template shipped with the service: stored with organization_id NULL and kept in step at every start. */
export interface BuiltInSoul {
  slug: string;
  name: string;
  description: string;
  /** The SOUL.md written to an agent's workspace. */
  content: string;
}
