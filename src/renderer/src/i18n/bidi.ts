import { i18n } from './instance.ts';

/**
 * Glyphs that point along the reading direction, per direction: "next" points left in Persian. Chosen
 * in code because Chromium does not mirror these glyphs inside a button on its own.
 */
export function arrows(dir: 'ltr' | 'rtl') {
  const rtl = dir === 'rtl';
  return {
    first: rtl ? '»' : '«',
    previous: rtl ? '›' : '‹',
    next: rtl ? '‹' : '›',
    last: rtl ? '«' : '»',
    forward: rtl ? '←' : '→',
    back: rtl ? '→' : '←',
    collapsed: rtl ? '◂' : '▸',
    expanded: '▾',
  };
}

/**
 * A name or value put into a translated sentence, isolated (U+2068 … U+2069) in a right-to-left UI so
 * its own direction does not reorder the sentence around it: "Wonka S.A." in a Persian sentence keeps its
 * full stop at its end. (In English the text is left as it is, so it can be found and copied plainly.)
 */
export function isolate(text: string): string {
  return i18n.dir() === 'rtl' ? `\u2068${text}\u2069` : text;
}
