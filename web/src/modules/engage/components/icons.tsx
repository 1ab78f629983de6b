import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

/** Line icons of messaging, drawn like the shell's (components/icons.tsx): inline, nothing fetched. */
function make(paths: string[]) {
  return function Icon({ size = 18, ...rest }: IconProps) {
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
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const IconMail = make(['M3 6h18v12H3z', 'M3 7l9 6 9-6']);
export const IconSms = make(['M4 5h16v11H9l-5 4z', 'M8 10h8M8 13h5']);
export const IconBell = make(['M6 16V11a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20a2 2 0 0 0 4 0']);
export const IconChat = make(['M21 12a8 8 0 0 1-11.5 7.2L4 21l1.8-5.5A8 8 0 1 1 21 12z']);
export const IconSend = make(['M22 2L11 13', 'M22 2l-7 20-4-9-9-4z']);
export const IconHook = make(['M9 8a3 3 0 1 1 5 2.2L11 16', 'M7 17a3 3 0 1 1 .6-5.9', 'M17 20a3 3 0 1 0-1.5-5.6L12 9']);
