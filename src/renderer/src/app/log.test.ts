import { describe, expect, it } from 'vitest';
import { describeError, firstComponent } from './log';

describe('renderer log facts', () => {
  it('keeps the error name and bundle location but never the message', () => {
    const error = new TypeError('Cannot read title "Secret board meeting"');
    error.stack = 'TypeError: Cannot read title "Secret board meeting"\n    at Row (http://127.0.0.1:4870/assets/index-abc.js:12:345)\n    at next (http://127.0.0.1:4870/assets/index-abc.js:1:2)';
    const facts = describeError(error);
    expect(facts).toEqual({ error: 'TypeError', at: '/assets/index-abc.js:12:345' });
    expect(JSON.stringify(facts)).not.toContain('Secret');
  });
  it('handles Firefox-style frames, non-errors and missing stacks', () => {
    const error = new Error('x');
    error.stack = 'render@http://localhost/assets/a.js:3:4\nb@http://localhost/assets/a.js:5:6';
    expect(describeError(error).at).toBe('/assets/a.js:5:6');
    expect(describeError('boom')).toEqual({ error: 'string', at: null });
    const bare = new RangeError('y');
    bare.stack = '';
    expect(describeError(bare)).toEqual({ error: 'RangeError', at: null });
  });
  it('names the first component of a React component stack', () => {
    expect(firstComponent('\n    at TranscriptRow (http://x/a.js:1:1)\n    at TranscriptList')).toBe('TranscriptRow');
    expect(firstComponent(undefined)).toBeNull();
  });
});
