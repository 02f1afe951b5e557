import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseMarkdown } from './Markdown';

describe('report Markdown', () => {
  it('parses headings, lists and paragraphs', () => {
    expect(parseMarkdown('## Key points\n- one\n- two\n\n1. first\n2) second\nA line\ncontinued')).toEqual([
      { kind: 'heading', level: 2, text: 'Key points' },
      { kind: 'list', isOrdered: false, items: ['one', 'two'] },
      { kind: 'list', isOrdered: true, items: ['first', 'second'] },
      { kind: 'paragraph', text: 'A line continued' },
    ]);
  });

  it('renders emphasis as elements and never model output as HTML', () => {
    const { container } = render(<Markdown source={'**Subject:** hi <img src=x onerror=alert(1)> *now*'} />);
    expect(container.querySelector('strong')?.textContent).toBe('Subject:');
    expect(container.querySelector('em')?.textContent).toBe('now');
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
