"""Measurements taken inside Chromium: the JavaScript the browser tests run on pages.

Each function takes a Playwright page and returns plain data the tests assert on, so a
failure message can list every offending page and element at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from browser_support import AXE_JS, require_file

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# A short description of an element for messages: tag#id.class "text".
DESCRIBE_JS = """
const __describe = (el) => {
  if (!el || !el.tagName) return String(el);
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  if (el.classList.length) name += '.' + [...el.classList].join('.');
  const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('alt') || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 50);
  return text ? `${name} "${text}"` : name;
};
"""

FACTS_JS = """
() => {
  const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
  const rendered = (el) => el.checkVisibility() && !el.closest('dialog:not([open])');
  // header/footer are banner/contentinfo only outside sectioning content and main.
  const scoped = (el) => el.parentElement.closest('article, aside, main, nav, section');
  const count = (selector, filter = () => true) =>
    [...document.querySelectorAll(selector)].filter(rendered).filter(filter).length;
  const titleFor = (img) => {
    const card = img.closest('a');
    const cardTitle = card && card.querySelector('.card-title');
    if (cardTitle) return text(cardTitle);
    const photoPage = img.closest('.photo-page');
    const h1 = photoPage && photoPage.querySelector('h1');
    return h1 ? text(h1) : '';
  };
  return {
    url: location.href,
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
      .filter(rendered)
      .map((h) => ({level: Number(h.getAttribute('aria-level') || h.tagName.slice(1)),
                    text: text(h)})),
    landmarks: {
      banner: count('header', (e) => !scoped(e)) + count('[role=banner]'),
      navigation: count('nav, [role=navigation]'),
      main: count('main, [role=main]'),
      contentinfo: count('footer', (e) => !scoped(e)) + count('[role=contentinfo]'),
    },
    images: [...document.images].filter((img) => !img.closest('dialog')).map((img) => ({
      src: img.getAttribute('src'),
      alt: img.getAttribute('alt'),
      // A participant card's cover stands for the person whose name the link says.
      decorative: img.getAttribute('role') === 'presentation' || img.getAttribute('role') === 'none'
        || img.getAttribute('aria-hidden') === 'true'
        || (img.getAttribute('alt') === '' && !!img.closest('a.card-link')
            && text(img.closest('a.card-link')) !== ''),
      loading: img.getAttribute('loading'),
      fetchpriority: img.getAttribute('fetchpriority'),
      title: titleFor(img),
      // Space held for the image before it loads: none means the page jumps when it does.
      loaded: img.complete && img.naturalWidth > 0,
      box: [img.getBoundingClientRect().width, img.getBoundingClientRect().height].map(Math.round),
      shown: img.checkVisibility(),
    })),
    languageSwitch: [...document.querySelectorAll('.language-switch a')].map((a) => ({
      href: a.href, lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang'),
      text: text(a)})),
    canonical: document.querySelector('link[rel=canonical]')?.href || null,
    alternates: [...document.querySelectorAll('link[rel~=alternate][hreflang]')].map((l) => ({
      href: l.href, hreflang: l.getAttribute('hreflang')})),
    halves: [...document.querySelectorAll('body [lang]')]
      .filter((e) => e.matches('section, h1 > span'))
      .map((e) => e.getAttribute('lang')),
    originals: [...document.querySelectorAll('.original blockquote, blockquote[lang]')]
      .map((q) => ({
      lang: q.getAttribute('lang'), dir: q.getAttribute('dir'),
      direction: getComputedStyle(q).direction, text: text(q)})),
    langElements: [...document.querySelectorAll('body [lang]')].map((e) => ({
      lang: e.getAttribute('lang'),
      dir: e.closest('[dir]') && e.closest('[dir]').getAttribute('dir'),
      direction: getComputedStyle(e).direction, tag: e.tagName.toLowerCase()})),
    scripts: [...document.scripts].map((s) => ({
      src: s.getAttribute('src'), defer: s.defer, async: s.async, type: s.type,
      inHead: !!s.closest('head')})),
  };
}
"""


# --- axe-core -----------------------------------------------------------------------------

AXE_RUN_JS = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations', 'incomplete']});
  const brief = (items) => items.map((r) => ({
    id: r.id, impact: r.impact, help: r.help,
    nodes: r.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary || ''}))}));
  return {violations: brief(results.violations), incomplete: brief(results.incomplete)};
}
"""


def axe_context(new_context, **options):
    """A context whose pages all carry axe-core.

    An init script rather than page.add_script_tag: it is not sent over the wire for every
    page (half the time on 170 pages), and it runs under the site's CSP without bypass_csp.
    """
    context = new_context(**options)
    context.add_init_script(path=str(require_file(AXE_JS)))
    return context


def run_axe(page) -> dict:
    return page.evaluate(AXE_RUN_JS, WCAG_TAGS)


@dataclass
class AxeReport:
    pages: list[str] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)  # page -> rule ids
    messages: list[str] = field(default_factory=list)
    rule_pages: Counter = field(default_factory=Counter)
    rule_nodes: Counter = field(default_factory=Counter)
    review_pages: dict[str, list[str]] = field(default_factory=dict)  # "incomplete": for a person

    def add(self, label: str, result: dict) -> None:
        self.pages.append(label)
        for rule in result["violations"]:
            self.rule_pages[rule["id"]] += 1
            self.rule_nodes[rule["id"]] += len(rule["nodes"])
            self.violations.setdefault(label, []).append(rule["id"])
            for node in rule["nodes"]:
                self.messages.append(f"{label}: {rule['id']} ({rule['impact']}): {rule['help']}\n"
                                     f"    {node['target']}\n    {node['summary']}".rstrip())
        for rule in result["incomplete"]:
            self.review_pages.setdefault(rule["id"], []).append(label)

    def summary(self) -> str:
        return f"{len(self.messages)} axe violations:\n" + "\n".join(self.messages)

    def table(self, title: str) -> str:
        lines = [f"## {title}", "",
                 f"Pages checked: {len(self.pages)}; tags: {', '.join(WCAG_TAGS)}; "
                 f"pages with violations: {len(self.violations)}", "",
                 "| rule | pages | elements |", "|---|---:|---:|"]
        for rule, pages in sorted(self.rule_pages.items()):
            lines.append(f"| {rule} | {pages} | {self.rule_nodes[rule]} |")
        if not self.rule_pages:
            lines.append("| (no violations) | 0 | 0 |")
        if self.review_pages:
            lines += ["", "Needs review by a person (axe 'incomplete', not failures):", "",
                      "| rule | pages | for example |", "|---|---:|---|"]
            lines += [f"| {rule} | {len(pages)} | {', '.join(pages[:3])} |"
                      for rule, pages in sorted(self.review_pages.items())]
        return "\n".join(lines) + "\n"


# --- Focus, layout, motion ----------------------------------------------------------------

FOCUS_JS = """
() => {""" + DESCRIBE_JS + """
  const hiddenBy = (el, rect) => {
    const inset = (a, b) => [a + Math.min(3, (b - a) / 2), b - Math.min(3, (b - a) / 2)];
    const [left, right] = inset(rect.left, rect.right);
    const [top, bottom] = inset(rect.top, rect.bottom);
    const points = [[(left + right) / 2, (top + bottom) / 2], [left, top], [right, top],
                    [left, bottom], [right, bottom]];
    const hits = points.map(([x, y]) => document.elementFromPoint(x, y));
    const mine = (hit) => hit && (hit === el || el.contains(hit) || hit.contains(el));
    if (hits.some(mine)) return null;
    return hits.map((hit) => hit && __describe(hit)).find(Boolean) || 'nothing (off screen)';
  };
  // The sides of the outline an ancestor with overflow other than visible cuts off.
  const clippedBy = (el, rect, style) => {
    if (style.outlineStyle === 'none') return null;
    const reach = parseFloat(style.outlineWidth) + Math.max(0, parseFloat(style.outlineOffset));
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const boxStyle = getComputedStyle(box);
      if (boxStyle.overflowX === 'visible' && boxStyle.overflowY === 'visible') continue;
      const outer = box.getBoundingClientRect();
      const inner = {left: outer.left + box.clientLeft, top: outer.top + box.clientTop};
      inner.right = inner.left + box.clientWidth;
      inner.bottom = inner.top + box.clientHeight;
      const sides = [['left', inner.left - (rect.left - reach)],
                     ['top', inner.top - (rect.top - reach)],
                     ['right', rect.right + reach - inner.right],
                     ['bottom', rect.bottom + reach - inner.bottom]]
        .filter(([, cut]) => cut > 1).map(([side]) => side);
      if (sides.length) {
        return `${__describe(box)} (overflow ${boxStyle.overflow}) on ${sides.join(', ')}`;
      }
    }
    return null;
  };
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    name: __describe(el),
    href: el.getAttribute('href'),
    id: el.id,
    classes: [...el.classList],
    viewerCard: el.matches('a[data-viewer-photo]'),
    inDialog: !!el.closest('dialog[open]'),
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < innerHeight && rect.left < innerWidth,
    // WCAG 2.4.11: not entirely hidden by other content (probe the middle and four corners).
    hiddenBy: hiddenBy(el, rect),
    clippedBy: clippedBy(el, rect, style),
  };
}
"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_JS)


OVERFLOW_JS = """
(width) => {""" + DESCRIBE_JS + """
  // What sticks out: boxes past the right edge, or content spilling out of its box.
  const flagged = [...document.body.querySelectorAll('*')]
    .filter((el) => !el.closest('.visually-hidden') && el.checkVisibility())
    .filter((el) => el.getBoundingClientRect().right > width + 1
      || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'));
  const inner = (el) => !flagged.some((other) => other !== el && el.contains(other));
  const culprits = flagged.filter(inner);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    wider: culprits.slice(0, 8).map((el) => `${__describe(el)} (box right edge `
      + `${Math.round(el.getBoundingClientRect().right)}, content ${el.scrollWidth} wide)`),
  };
}
"""

CLIPPED_JS = """
() => {""" + DESCRIBE_JS + """
  return [...document.body.querySelectorAll('*')].filter((el) => {
  if (el.closest('.visually-hidden, dialog:not([open])')) return false;
  const style = getComputedStyle(el);
  const hides = (v) => v === 'hidden' || v === 'clip';
  return (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      || (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
}).map((el) => `${__describe(el)}: scroll ${el.scrollWidth}x${el.scrollHeight}, `
  + `client ${el.clientWidth}x${el.clientHeight}`);
}
"""

MOTION_JS = """
() => {""" + DESCRIBE_JS + """
  const moving = (value) => value.split(',').some((v) => parseFloat(v) > 0);
  const found = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
    for (const pseudo of [null, '::before', '::after', '::backdrop']) {
      const style = getComputedStyle(el, pseudo);
      if (moving(style.transitionDuration) || moving(style.animationDuration)
          && style.animationName !== 'none') {
        found.push(`${__describe(el)}${pseudo || ''}: transition ${style.transitionDuration}, `
                   + `animation ${style.animationName} ${style.animationDuration}`);
      }
    }
  }
  const smooth = getComputedStyle(document.documentElement).scrollBehavior === 'smooth';
  return smooth ? [...found, 'html: scroll-behavior smooth'] : found;
}
"""


# --- Links --------------------------------------------------------------------------------

LINKS_JS = r"""
() => {
  // getAttribute, not .href: an SVG <a> (the map) has an SVGAnimatedString there.
  const resolve = (url) => new URL(url, document.baseURI).href;
  const candidates = (srcset) => srcset.split(',').map((c) => c.trim().split(/\s+/)[0])
    .filter(Boolean).map(resolve);
  return {
    links: [...document.querySelectorAll('a[href], area[href]')]
      .map((a) => resolve(a.getAttribute('href'))),
    resources: [
      ...[...document.querySelectorAll('[src]')].map((e) => resolve(e.getAttribute('src'))),
      ...[...document.querySelectorAll('[srcset]')]
        .flatMap((e) => candidates(e.getAttribute('srcset'))),
      ...[...document.querySelectorAll('link[href]')]
        .filter((l) => !l.relList.contains('canonical'))
        .map((l) => resolve(l.getAttribute('href'))),
      ...[...document.querySelectorAll('svg image[href], svg use[href]')]
        .map((e) => resolve(e.getAttribute('href'))).filter((url) => !url.includes('#')),
    ],
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
  };
}
"""


# --- Without JavaScript -------------------------------------------------------------------

# Text-bearing elements that are not rendered (visually hidden text is for screen readers).
HIDDEN_TEXT_JS = """
() => [...document.body.querySelectorAll(
    'h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption, blockquote, a, span, button, label')]
  // [hidden]: controls that only work with JavaScript, shown by the script that runs them.
  // .map-key: the key to a narrow map's numbers, shown by CSS where names give way to them.
  .filter((el) => !el.closest('.visually-hidden, .skip-link, [hidden], .map-key'))
  .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .filter((el) => !el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                  || el.getClientRects().length === 0)
  .map((el) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 60)}"`)
"""

BROKEN_IMAGES_JS = """
() => [...document.images].filter((img) => !img.complete || img.naturalWidth === 0)
  .map((img) => img.currentSrc || img.src)
"""
