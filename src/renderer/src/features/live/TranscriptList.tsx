import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../../app/format';
import type { TranscriptLine } from './live-store';

/** Pixels from the bottom within which the view counts as "following live". */
const FOLLOW_THRESHOLD_PX = 48;

/**
 * The running transcript, virtualized so 10,000 segments scroll smoothly. It follows new lines
 * until the user scrolls up, then offers "Jump to live". A finished transcript (`startAtTop`) opens at its first line.
 */
export function TranscriptList({ lines, emptyText, highlightSeconds, isLive, startAtTop = false }: { lines: TranscriptLine[]; emptyText: string; highlightSeconds?: number; isLive: boolean; startAtTop?: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [isFollowing, setFollowing] = useState(highlightSeconds === undefined && !startAtTop);
  const followingRef = useRef(isFollowing);
  followingRef.current = isFollowing;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API cannot be compiler-memoized; this component opts out.
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 8,
    getItemKey: (index) => lines[index]?.key ?? index,
    // Let React batch scroll-driven renders instead of flushing synchronously on every scroll event.
    useFlushSync: false,
  });

  const handleScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const isAtBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_THRESHOLD_PX;
    if (isAtBottom !== followingRef.current) setFollowing(isAtBottom);
  }, []);

  useLayoutEffect(() => {
    if (isFollowing && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines, isFollowing, virtualizer]);

  const linesRef = useRef(lines);
  linesRef.current = lines;
  const hasLines = lines.length > 0;
  useEffect(() => {
    // Scroll to a requested moment once the lines are there; later lines do not move the view.
    if (highlightSeconds === undefined || !hasLines) return;
    const index = linesRef.current.findIndex((line) => line.startSeconds >= highlightSeconds - 0.01);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
  }, [highlightSeconds, hasLines, virtualizer]);

  function handleJumpToLive(): void {
    setFollowing(true);
    virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }

  return (
    <div className="transcript">
      <div ref={scrollRef} className="transcript-scroll" onScroll={handleScroll} role="log" aria-live="off" aria-label="Transcript" tabIndex={0} data-testid="transcript">
        {lines.length === 0 ? (
          <p className="muted transcript-empty" data-testid="transcript-empty">
            {emptyText}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index];
              if (!line) return null;
              return (
                <TranscriptRow
                  key={item.key}
                  index={item.index}
                  start={item.start}
                  line={line}
                  isHighlighted={highlightSeconds !== undefined && Math.abs(line.startSeconds - highlightSeconds) < 0.01}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </div>
        )}
      </div>
      {isLive && !isFollowing && lines.length > 0 && (
        <button type="button" className="jump-live" onClick={handleJumpToLive} data-testid="jump-to-live">
          ↓ Jump to live
        </button>
      )}
    </div>
  );
}

/** One transcript line; memoized so scrolling renders only the rows that enter the view. */
const TranscriptRow = memo(function TranscriptRow({
  index,
  start,
  line,
  isHighlighted,
  measure,
}: {
  index: number;
  start: number;
  line: TranscriptLine;
  isHighlighted: boolean;
  measure: (element: HTMLElement | null) => void;
}) {
  return (
    <div
      data-index={index}
      ref={measure}
      className={`line ${line.isOwner ? 'me' : 'them'}${line.isPartial ? ' partial' : ''}${isHighlighted ? ' highlighted' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${start}px)` }}
      data-testid={line.isPartial ? 'transcript-partial' : 'transcript-line'}
    >
      <span className="line-meta">
        <span className="speaker">{line.isOwner ? 'Me' : line.speaker || 'Them'}</span>
        <time>{formatClock(line.startSeconds)}</time>
      </span>
      <span className="line-text">{line.text}</span>
    </div>
  );
});
