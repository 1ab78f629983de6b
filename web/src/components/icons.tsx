import type { ReactNode, SVGProps } from 'react';

/** A handful of line icons drawn inline: no icon package, nothing fetched at run time. */
type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function make(paths: string[], extra?: (p: IconProps) => ReactNode) {
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
        {extra?.(rest)}
      </svg>
    );
  };
}

export const IconHome = make(['M3 11l9-7 9 7', 'M5 10v10h5v-6h4v6h5V10']);
export const IconPeople = make([
  'M16 20v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1',
  'M9.5 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7',
  'M21 20v-1a4 4 0 0 0-3-3.87',
  'M15.5 4.1a3.5 3.5 0 0 1 0 6.8',
]);
export const IconBuilding = make([
  'M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v16',
  'M16 9h2a2 2 0 0 1 2 2v10',
  'M3 21h18',
  'M8 7h4M8 11h4M8 15h4',
]);
export const IconDeal = make(['M3 7h18v12H3z', 'M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2', 'M3 12h18']);
export const IconSegments = make(['M9 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12', 'M15 21a6 6 0 1 0 0-12 6 6 0 0 0 0 12']);
export const IconCampaign = make([
  'M3 10v4a1 1 0 0 0 1 1h3l6 4V5L7 9H4a1 1 0 0 0-1 1',
  'M17 8a5 5 0 0 1 0 8',
  'M19.5 5.5a9 9 0 0 1 0 13',
]);
export const IconJourney = make([
  'M6 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4',
  'M18 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4',
  'M8 17h7a3 3 0 0 0 0-6H9a3 3 0 0 1 0-6h7',
]);
export const IconInbox = make([
  'M4 13h4l2 3h4l2-3h4',
  'M4 13V6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v7v5a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z',
]);
export const IconTicket = make([
  'M4 7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4z',
  'M14 5v2M14 11v2M14 17v2',
]);
export const IconInsights = make(['M4 20V10', 'M10 20V4', 'M16 20v-7', 'M22 20H2']);
export const IconSettings = make(
  [
    'M10.3 4.3a1.7 1.7 0 0 1 3.4 0 1.7 1.7 0 0 0 2.6 1 1.7 1.7 0 0 1 2.4 2.4 1.7 1.7 0 0 0 1 2.6 1.7 1.7 0 0 1 0 3.4 1.7 1.7 0 0 0-1 2.6 1.7 1.7 0 0 1-2.4 2.4 1.7 1.7 0 0 0-2.6 1 1.7 1.7 0 0 1-3.4 0 1.7 1.7 0 0 0-2.6-1 1.7 1.7 0 0 1-2.4-2.4 1.7 1.7 0 0 0-1-2.6 1.7 1.7 0 0 1 0-3.4 1.7 1.7 0 0 0 1-2.6 1.7 1.7 0 0 1 2.4-2.4 1.7 1.7 0 0 0 2.6-1',
  ],
  () => <circle cx="12" cy="12" r="3" />,
);
export const IconUser = make(['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8', 'M5 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1']);
export const IconShield = make(['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z', 'M9 12l2 2 4-4']);
export const IconKey = make(['M15 9a3 3 0 1 0 0 .01', 'M14.5 3.5a6 6 0 1 1-3.9 10.6L4 20.7V17h3v-3h3l.6-.6']);
export const IconWebhook = make([
  'M9 8a3 3 0 1 1 5 2.2L11 16',
  'M7 17a3 3 0 1 1 .6-5.9',
  'M17 20a3 3 0 1 0-1.5-5.6L12 9',
]);
export const IconJobs = make(['M9 6h11M9 12h11M9 18h11', 'M4 6h.01M4 12h.01M4 18h.01']);
export const IconHistory = make(['M12 8v4l3 2', 'M3.05 11a9 9 0 1 1 .5 4', 'M3 4v5h5']);
export const IconWorkspace = make(['M3 9l9-5 9 5-9 5z', 'M3 14l9 5 9-5']);
export const IconCheck = make(['M5 12l5 5L20 7']);
export const IconCopy = make(['M9 9h11v11H9z', 'M5 15H4V4h11v1']);
export const IconDots = make([], () => (
  <>
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </>
));
export const IconLogout = make([
  'M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2',
  'M9 12h12l-3-3M21 12l-3 3',
]);
export const IconPlus = make(['M12 5v14M5 12h14']);
export const IconRefresh = make([
  'M20 11A8 8 0 0 0 5.3 6.3L4 8',
  'M4 4v4h4',
  'M4 13a8 8 0 0 0 14.7 4.7L20 16',
  'M20 20v-4h-4',
]);
export const IconAlert = make([
  'M12 9v4',
  'M12 17h.01',
  'M10.3 3.9L2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0',
]);
export const IconTools = make([
  'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.1-.5-.5-2.1z',
]);
export const IconChevron = make(['M9 6l6 6-6 6']);
export const IconArrowLeft = make(['M19 12H5', 'M11 6l-6 6 6 6']);
export const IconDatabase = make([
  'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3',
  'M4 6v6c0 1.7 3.6 3 8 3s8-1.3 8-3V6',
  'M4 12v6c0 1.7 3.6 3 8 3s8-1.3 8-3v-6',
]);
export const IconPlug = make(['M9 2v6M15 2v6', 'M6 8h12v4a6 6 0 0 1-12 0z', 'M12 18v4']);
export const IconPulse = make(['M3 12h4l3-8 4 16 3-8h4']);
export const IconSearch = make(['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14', 'M21 21l-4.3-4.3']);
export const IconPause = make(['M8 5v14M16 5v14']);
export const IconPlay = make(['M7 4l13 8-13 8z']);
export const IconChevronDown = make(['M6 9l6 6 6-6']);
export const IconCalendar = make([
  'M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z',
  'M8 2v4M16 2v4M4 10h16',
  'M9 15l2 2 4-4',
]);
export const IconPhone = make([
  'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
]);
export const IconChart = make(['M4 4v16h16', 'M8 16v-5M12 16V8M16 16v-3M20 16V6']);
export const IconFunnel = make(['M3 4h18l-7 8v6l-4 2v-8z']);
