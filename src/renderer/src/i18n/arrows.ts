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
