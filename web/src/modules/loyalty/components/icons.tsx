import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

/** A gift box: the promotions' menu entry, drawn like the shell's icons (inline, nothing fetched). */
export function IconGift({ size = 18, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...rest}
    >
      <path d="M3 8h18v4H3z" />
      <path d="M5 12v9h14v-9" />
      <path d="M12 8v13" />
      <path d="M12 8c-1.5-3-5-4-5-1.5S10 8 12 8c2 0 5 .5 5-1.5S13.5 5 12 8" />
    </svg>
  );
}
