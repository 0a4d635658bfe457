import activity from '../messages/activity';
import approvals from '../messages/approvals';
import board from '../messages/board';
import calendar from '../messages/calendar';
import catalogue from '../messages/catalogue';
import chat from '../messages/chat';
import core from '../messages/core';
import drawer from '../messages/drawer';
import infra from '../messages/infra';
import insight from '../messages/insight';
import knowledge from '../messages/knowledge';
import people from '../messages/people';
import pipelines from '../messages/pipelines';
import rules from '../messages/rules';
import suggestions from '../messages/suggestions';
import teams from '../messages/teams';

// each area of the console keeps its messages in web/src/messages/<area>.ts; add the area here
const areas = [core, board, drawer, approvals, suggestions, rules, people, pipelines, activity, insight, infra, chat, calendar, knowledge, teams, catalogue] as const;

type Area = (typeof areas)[number];
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type English = UnionToIntersection<Area['en']>;

export type MessageKey = keyof English & string;

const en = Object.assign({}, ...areas.map((area) => area.en)) as Record<MessageKey, string>;
const zh = Object.assign({}, ...areas.map((area) => area.zh)) as Record<MessageKey, string>;

export const messages = { en, zh };

export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
