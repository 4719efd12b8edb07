// Typed JSX for Tori's elements, derived from the elements' own types: each property the class declares, and
// an `on<event>` prop for every `tori-*` event in GlobalEventHandlersEventMap (React 19 adds a listener for it).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { IdeaDuel } from '@tori/idea-duel';

type ToriEventProps = {
  [K in keyof GlobalEventHandlersEventMap as K extends `tori-${string}` ? `on${K}` : never]?: (
    event: GlobalEventHandlersEventMap[K],
  ) => void;
};

/** The public properties React may set on the element, plus the standard HTML attributes and `ref`. */
type ElementProps<E extends HTMLElement, P extends keyof E> = Partial<Pick<E, P>> &
  ToriEventProps &
  DetailedHTMLProps<HTMLAttributes<E>, E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'idea-duel': ElementProps<IdeaDuel, 'server' | 'space' | 'client' | 'mode' | 'headingLevel'>;
    }
  }
}
