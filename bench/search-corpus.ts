// Synthetic but varied meeting transcripts for bench/search.ts: topic-specific vocabularies,
// sentence templates, names, numbers and product codes, from a seeded PRNG (same corpus every run).

/** A tiny deterministic PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Conversation types and the vocabulary each one talks about. */
export const TOPICS: Record<string, { nouns: string[]; verbs: string[]; adjectives: string[] }> = {
  sales: {
    nouns: ['pricing', 'discount', 'contract', 'renewal', 'procurement', 'budget', 'quote', 'license', 'seat', 'tier', 'pilot', 'proposal', 'champion', 'competitor', 'invoice', 'deal', 'security review', 'legal team', 'signature', 'onboarding'],
    verbs: ['negotiate', 'approve', 'sign', 'renew', 'expand', 'compare', 'evaluate', 'send', 'review', 'close'],
    adjectives: ['expensive', 'annual', 'enterprise', 'flexible', 'competitive', 'final', 'standard', 'custom'],
  },
  engineering: {
    nouns: ['deployment', 'migration', 'database', 'kubernetes cluster', 'regression', 'latency', 'pipeline', 'release', 'incident', 'rollback', 'schema', 'cache', 'queue', 'api', 'test suite', 'memory leak', 'staging', 'feature flag', 'load balancer', 'postgres'],
    verbs: ['deploy', 'fix', 'refactor', 'debug', 'ship', 'monitor', 'migrate', 'test', 'profile', 'revert'],
    adjectives: ['flaky', 'slow', 'critical', 'stable', 'broken', 'legacy', 'distributed', 'async'],
  },
  interview: {
    nouns: ['experience', 'team lead role', 'salary expectation', 'notice period', 'system design', 'portfolio', 'reference', 'career goal', 'remote work', 'technical challenge', 'mentoring', 'strengths', 'weakness', 'offer', 'culture'],
    verbs: ['lead', 'build', 'learn', 'mentor', 'design', 'relocate', 'join', 'grow', 'manage', 'improve'],
    adjectives: ['senior', 'remote', 'hybrid', 'ambitious', 'collaborative', 'technical', 'previous', 'ideal'],
  },
  support: {
    nouns: ['ticket', 'outage', 'refund', 'password reset', 'error message', 'integration', 'workaround', 'escalation', 'customer complaint', 'sla', 'bug report', 'account', 'billing issue', 'export', 'sync'],
    verbs: ['escalate', 'resolve', 'reproduce', 'refund', 'reset', 'investigate', 'reply', 'update', 'prioritize', 'close'],
    adjectives: ['urgent', 'intermittent', 'angry', 'known', 'temporary', 'missing', 'duplicate', 'blocked'],
  },
  planning: {
    nouns: ['roadmap', 'quarter', 'okr', 'headcount', 'launch date', 'milestone', 'dependency', 'risk', 'budget', 'priority', 'resourcing', 'timeline', 'stakeholder', 'retrospective', 'hiring plan'],
    verbs: ['plan', 'prioritize', 'align', 'commit', 'postpone', 'estimate', 'scope', 'review', 'cut', 'agree'],
    adjectives: ['ambitious', 'realistic', 'delayed', 'aggressive', 'cross-team', 'quarterly', 'top', 'open'],
  },
  marketing: {
    nouns: ['campaign', 'webinar', 'landing page', 'conversion rate', 'newsletter', 'brand', 'press release', 'ad spend', 'funnel', 'lead', 'persona', 'case study', 'launch event', 'seo', 'social post'],
    verbs: ['launch', 'measure', 'promote', 'publish', 'target', 'test', 'design', 'track', 'optimize', 'announce'],
    adjectives: ['organic', 'paid', 'viral', 'seasonal', 'targeted', 'weekly', 'creative', 'global'],
  },
};

const NAMES = ['Dana', 'Priya', 'Marcus', 'Lena', 'Tomasz', 'Aiko', 'Carlos', 'Fatima', 'Jonas', 'Mei', 'Olu', 'Sven', 'Rosa', 'Ivan', 'Noor', 'Grace'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'next week', 'end of month', 'next quarter'];
const TEMPLATES = [
  'I think the {adj} {noun} is the main thing we need to {verb} before {day}',
  'Can you {verb} the {noun} with {name} from {company}?',
  '{name} said the {noun} was {adj} last time, so we should {verb} it again',
  'We agreed to {verb} the {noun} by {day}',
  'What is the status of the {noun} for {company}?',
  'Honestly the {noun} feels {adj} and nobody wants to {verb} it',
  'Let me {verb} the {noun} and get back to you {day}',
  'The {noun} cost us about {num} thousand last quarter',
  'Our {adj} {noun} depends on the {noun2}',
  'Do we really need to {verb} the {noun2} or is the {noun} enough?',
  'I will send {name} the notes about the {noun} today',
  'If {company} pushes back on the {noun} we can {verb} the {noun2} instead',
  'Ticket {code} is about the {adj} {noun}',
  'Yeah, that makes sense, the {noun} is fine for now',
  'The main risk is the {noun2}, we should {verb} it {day}',
];

/** One generated transcript line. */
export function generateSentence(random: () => number, topic: string): string {
  const vocab = TOPICS[topic] ?? TOPICS['sales']!;
  // A fifth of the words come from another topic, as real meetings drift.
  const other = TOPICS[pick(random, Object.keys(TOPICS))]!;
  const from = () => (random() < 0.2 ? other : vocab);
  return pick(random, TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'noun':
      case 'noun2':
        return pick(random, from().nouns);
      case 'verb':
        return pick(random, from().verbs);
      case 'adj':
        return pick(random, from().adjectives);
      case 'name':
        return pick(random, NAMES);
      case 'company':
        return pick(random, COMPANIES);
      case 'day':
        return pick(random, DAYS);
      case 'num':
        return String(Math.floor(random() * 900) + 10);
      case 'code':
        return `LC-${Math.floor(random() * 90000) + 10000}`;
      default:
        return slot;
    }
  });
}

/** Queries people type: remembered words, topic phrases, and paraphrases with no shared word. */
export function generateQueries(random: () => number, count: number): string[] {
  const queries: string[] = [];
  const topics = Object.keys(TOPICS);
  const paraphrases = ['cost too high', 'spending limit next year', 'server crashed again', 'candidate pay expectations', 'customer is upset', 'ship the new version', 'money back for the customer', 'schedule slipped'];
  for (let i = 0; i < count; i++) {
    const vocab = TOPICS[pick(random, topics)]!;
    const kind = i % 4;
    if (kind === 0) queries.push(`${pick(random, vocab.adjectives)} ${pick(random, vocab.nouns)}`);
    else if (kind === 1) queries.push(`${pick(random, vocab.verbs)} ${pick(random, vocab.nouns)} ${pick(random, COMPANIES)}`);
    else if (kind === 2) queries.push(pick(random, paraphrases));
    else queries.push(`${pick(random, NAMES)} ${pick(random, vocab.nouns)}`);
  }
  return queries;
}
