import type { FieldMark, MarkKind } from './annotateResponse.ts';

/** An icon beside every colour, so a mark reads without colour too. */
export const MARK_ICONS: Record<MarkKind, string> = {
  withheld: '⊘',
  masked: '◐',
  refused: '✖',
  'no-entry': '?',
  consent: '⚑',
  allowed: '✓',
};

/** A field's mark: icon and label (the colour repeats them), the reason in the tooltip. */
export function MarkBadge({ mark }: { mark: FieldMark }) {
  return (
    <span className={`mark mark-${mark.kind}`} data-mark={mark.kind} title={mark.detail}>
      <span className="mark-icon" aria-hidden="true">
        {MARK_ICONS[mark.kind]}
      </span>{' '}
      {mark.label}
    </span>
  );
}
