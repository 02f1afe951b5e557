// A small hand-written thesaurus of meeting vocabulary. The hashed embedder adds a shared
// "concept" feature for every word of a group, so "price" and "cost" land near each other.
// This is the only "semantic" part of the local embedder: it knows these groups and nothing else.

const GROUPS: readonly string[] = [
  'price prices pricing cost costs costly expensive cheap cheaper budget budgets spend spending fee fees quote quoted afford affordable discount discounts',
  'buy buying purchase purchasing procure procurement order ordering acquire',
  'contract contracts agreement agreements deal deals terms sign signed signature',
  'deadline deadlines due date timeline timelines schedule scheduled eta',
  'delay delayed late slip slipped slipping postpone postponed behind',
  'ship shipped shipping release released launch launched deploy deployed deployment rollout',
  'bug bugs defect defects issue issues error errors crash crashes broken regression',
  'fix fixed fixes patch patched resolve resolved repair',
  'customer customers client clients buyer buyers user users account accounts',
  'hire hiring recruit recruiting candidate candidates interview interviews headcount',
  'meeting meetings call calls sync standup catchup',
  'decide decided decision decisions agree agreed approve approved approval',
  'risk risks concern concerns worry worried blocker blockers blocked problem problems',
  'plan plans planning roadmap strategy goal goals objective objectives okr okrs',
  'revenue revenues sales income profit profits margin margins arr mrr',
  'security secure breach vulnerability compliance audit gdpr soc',
  'competitor competitors competition rival rivals alternative alternatives',
  'feature features functionality capability capabilities requirement requirements',
  'team teams staff people engineers colleagues',
  'manager managers boss lead leads director executive executives',
  'email emails mail message messages send sent follow followup',
  'question questions ask asked asking wonder query',
  'fast faster quick quickly speed performance latency slow slower',
  'data database databases storage store stored records',
  'cancel cancelled cancellation churn churned leave leaving quit',
  'renew renewal renewals extend extension upsell expand expansion',
  'trial pilot poc demo demos proof',
  'invoice invoices billing bill billed payment payments pay paid',
  'onboard onboarding training train setup install installation',
  'feedback review reviews opinion opinions survey input',
  'vacation holiday holidays leave pto off',
  'hardware servers server infrastructure cloud hosting aws azure gcp',
  'marketing campaign campaigns brand advertising ads promotion',
  'legal lawyer lawyers counsel attorney liability',
  'salary salaries compensation pay raise bonus equity',
  'test tests testing qa quality verify verification',
  'document documents doc docs spec specs specification proposal',
  'integrate integration integrations api apis connector connect',
  'week weekly month monthly quarter quarterly year yearly annual',
  'happy pleased satisfied great excellent love',
  'unhappy frustrated angry disappointed upset annoyed',
];

/** Word → concept group number, built once. */
export const CONCEPT_OF_WORD: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  GROUPS.forEach((group, index) => {
    for (const word of group.split(' ')) if (!map.has(word)) map.set(word, index);
  });
  return map;
})();
