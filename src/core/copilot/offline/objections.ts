import type { Sentence } from './nlp';

const OBJECTION_PATTERNS: Array<[RegExp, string]> = [
  [/\b(too|very|really|quite|pretty) (expensive|pricey|costly|high|steep)\b|\bcan'?t afford\b|\b(price|pricing|cost|quote)\b.{0,30}\b(high|steep|much|more than)\b|\bout of (our )?budget\b|\bno budget\b|\bbudget is (tight|limited|frozen)\b|\bcheaper\b/i, 'price'],
  [/\b(already (use|using|have|work with|working with)|happy with (our|the|what)|(our )?current (vendor|provider|tool|solution) works|switching costs?)\b/i, 'status quo'],
  [/\b(competitor|alternative|other vendors?)\b.{0,40}\b(cheaper|better|offers?|faster)\b/i, 'competition'],
  [/\b(not (a )?(top )?priority|not the right time|bad timing|maybe next (year|quarter)|no rush|not right now)\b/i, 'timing'],
  [/\b(concern(s|ed)?|worr(y|ied|ies)|hesitant|skeptical|nervous|not convinced|doubts?|unsure|not sure (that|if|it|this|we|about))\b/i, 'concern'],
  [/\b(security|compliance|gdpr|soc ?2|privacy|legal)\b.{0,40}\b(issue|problem|risk|review|block|concern|requirement)s?\b/i, 'security'],
  [/\b(doesn'?t|won'?t|will not|does not|isn'?t going to|is not going to) (really )?work for us\b|\bdeal ?breaker\b|\bblocker\b|\bthe catch\b|\bpush ?back\b|\btoo (complex|complicated|slow|long|risky|much work)\b/i, 'fit'],
];

/** The objection's topic when the sentence raises one, else null. */
export function detectObjection(sentence: Sentence): string | null {
  const text = sentence.text;
  for (const [pattern, topic] of OBJECTION_PATTERNS) {
    if (pattern.test(text)) {
      // "no concerns", "not worried" are the opposite of an objection.
      if (/\b(no|not|nothing|any) (real )?(concern|worr|doubt|issue)/i.test(text) && topic === 'concern') return null;
      return topic;
    }
  }
  return null;
}
