/**
 * Line pictograms drawn inline (no image files, nothing for the CSP to allow). Each
 * takes its colour from the text around it and its size from a class.
 */
import type { ComponentChildren } from 'preact';

interface IconProps {
  class?: string;
}

function Icon(props: IconProps & { children: ComponentChildren }) {
  return (
    <svg
      class={props.class ?? 'icon'}
      viewBox="0 0 64 64"
      fill="none"
      stroke="currentColor"
      stroke-width="4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      {props.children}
    </svg>
  );
}

/** Nested arches open at the bottom, as a fingertip ridge pattern reads at a glance. */
export function FingerprintIcon(props: IconProps) {
  const arch = (r: number, left: number, right: number) =>
    `M${32 - r} ${left}V30a${r} ${r} 0 0 1 ${2 * r} 0V${right}`;
  return (
    <Icon {...props}>
      <path d={arch(4, 44, 40)} />
      <path d={arch(10, 50, 46)} />
      <path d={arch(16, 54, 50)} />
      <path d={arch(22, 46, 56)} />
      <path d={arch(28, 38, 48)} />
    </Icon>
  );
}

export function TickIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="26" />
      <path d="M20 33l8 8 16-17" />
    </Icon>
  );
}

export function WaitingIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="26" stroke-dasharray="6 7" />
      <path d="M32 18v15l9 6" />
    </Icon>
  );
}

export function ClockIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="26" />
      <path d="M32 16v17l11 7" />
    </Icon>
  );
}

export function WarningIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M32 7 60 56H4Z" />
      <path d="M32 25v14M32 47v1" />
    </Icon>
  );
}

export function CrossIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="26" />
      <path d="M22 22l20 20M42 22 22 42" />
    </Icon>
  );
}

export function QuestionIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="26" />
      <path d="M24 25a8 8 0 1 1 11 7.5c-2 .8-3 2.3-3 4.5v2M32 46v1" />
    </Icon>
  );
}

export function PersonOffIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="22" r="10" />
      <path d="M14 54c2-10 9-16 18-16s16 6 18 16" />
      <path d="M10 10l44 44" />
    </Icon>
  );
}

export function WrenchIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M40 8a14 14 0 0 0-13 19L9 45a5 5 0 0 0 7 7l18-18a14 14 0 0 0 19-13l-8 4-7-4-1-8z" />
    </Icon>
  );
}

export function GlobeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="32" cy="32" r="24" />
      <path d="M8 32h48M32 8c-9 9-9 39 0 48M32 8c9 9 9 39 0 48" />
    </Icon>
  );
}

const CLOUD = 'M18 48h28a10 10 0 0 0 1-20 15 15 0 0 0-28-3 11.5 11.5 0 0 0-1 23z';

export function CloudOffIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d={CLOUD} />
      <path d="M10 10l44 44" />
    </Icon>
  );
}

export function CloudIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d={CLOUD} />
    </Icon>
  );
}
