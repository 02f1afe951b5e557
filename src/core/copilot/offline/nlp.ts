import winkNLP, { type ItemEntity, type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One token of an analyzed sentence. */
export interface Token {
  value: string;
  normal: string;
  lemma: string;
  pos: string;
}

/** A sentence analyzed by wink-nlp: tokens, date/time entities and sentiment. */
export interface Sentence {
  text: string;
  tokens: Token[];
  /** DATE / TIME / DURATION entity phrases inside the sentence. */
  timeEntities: string[];
  /** wink's sentiment score in [-1, 1]. */
  sentiment: number;
}

type Nlp = ReturnType<typeof winkNLP>;
let instance: Nlp | null = null;

// The model takes ~100 ms to load; load it once, on first use.
function nlp(): Nlp {
  instance ??= winkNLP(model);
  return instance;
}

/** Splits text into sentences and tags each one (POS, lemma, entities, sentiment). */
export function analyze(text: string): Sentence[] {
  const engine = nlp();
  const its = engine.its;
  const doc = engine.readDoc(text);
  const sentences: Sentence[] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const values = sentence.tokens().out(its.value) as string[];
    const normals = sentence.tokens().out(its.normal) as string[];
    // its.lemma takes the model addons; its typing is narrower than the runtime helper.
    const lemmas = sentence.tokens().out(its.lemma as unknown as typeof its.value) as string[];
    const tags = sentence.tokens().out(its.pos) as string[];
    const tokens: Token[] = values.map((value, i) => ({
      value,
      normal: normals[i] ?? value.toLowerCase(),
      lemma: lemmas[i] ?? value.toLowerCase(),
      pos: tags[i] ?? 'X',
    }));
    const timeEntities: string[] = [];
    sentence.entities().each((entity: ItemEntity) => {
      const detail = entity.out(its.detail) as unknown as { value: string; type: string };
      if (detail.type === 'DATE' || detail.type === 'TIME' || detail.type === 'DURATION') timeEntities.push(detail.value);
    });
    sentences.push({ text: sentence.out(), tokens, timeEntities, sentiment: Number(sentence.out(its.sentiment)) || 0 });
  });
  return sentences;
}

const STOP = new Set(
  ('a an the and or but if then so of to in on at by for with from as is are was were be been being am do does did have has had ' +
    'i me my we our us you your he she it its they them their this that these those there here what which who whom how when where why ' +
    'will would can could should shall may might must just really very also too not no yes yeah okay ok um uh like well oh right ' +
    'gonna wanna get got go going im i\'m it\'s that\'s let\'s lets let s ll re ve d t about into over up out some any all more most')
    .split(' '),
);

/** Lowercased content words with a light suffix stemmer, for overlap scoring and dedup. */
export function contentTerms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? [])
    .map((word) => word.replace(/'s$/, ''))
    .filter((word) => word.length > 1 && !STOP.has(word))
    .map(stem);
}

/** A tiny Porter-like stemmer: enough to match "takes"/"taking"/"take" and "sending"/"sends"/"send". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4) {
    for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly']) {
      if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
      if (suffix === 'ies') w = `${w.slice(0, -3)}y`;
      // "boxes", "watches" lose "es"; "takes" only loses "s".
      else if (suffix === 'es') w = /(s|x|z|ch|sh)es$/.test(w) ? w.slice(0, -2) : w.slice(0, -1);
      else w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}
