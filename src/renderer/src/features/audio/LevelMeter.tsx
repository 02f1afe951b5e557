/** Converts an RMS level (0..1) to a 0..100 meter value on a dB scale from -60 dB. */
export function levelToPercent(level: number): number {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.round(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
}

/** A horizontal audio level meter. */
export function LevelMeter({ level, label }: { level: number; label: string }) {
  const percent = levelToPercent(level);
  return (
    <div className="level-meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="level-meter" data-level={percent}>
      <div className="level-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
