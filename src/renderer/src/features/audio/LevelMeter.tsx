/** Converts an RMS level (0..1) to a 0..100 meter value on a dB scale from -60 dB. */
export function levelToPercent(level: number): number {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.round(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
}

/** Converts dBFS (-60..0) to a 0..100 meter value. */
export function dbfsToPercent(dbfs: number): number {
  return Math.round(Math.max(0, Math.min(100, ((dbfs + 60) / 60) * 100)));
}

/** A horizontal audio level meter, from an RMS level (0..1) or a dBFS value. */
export function LevelMeter({ level, dbfs, label, testId = 'level-meter' }: { level?: number; dbfs?: number; label: string; testId?: string }) {
  const percent = dbfs === undefined ? levelToPercent(level ?? 0) : dbfsToPercent(dbfs);
  return (
    <div className="level-meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid={testId} data-level={percent}>
      <div className="level-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
