"""What a browser test checks on any member page (Playwright): labels, ids, fit, the Tab order.

Each check returns what it found, so a test asserts ``== []`` (or ``True``) and a
failure names the field, the id or the control.
"""

from __future__ import annotations

from playwright.sync_api import Page


def unlabelled_fields(page: Page) -> list[str]:
    """Form fields a screen reader would announce without a name, and radios outside a named group."""
    return page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => !(e.labels && [...e.labels].some(l => l.innerText.trim()))
                     && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                  || (e.type === 'radio' && !e.closest('fieldset')?.querySelector('legend')?.innerText.trim()))
        .map(e => e.name || e.id || e.outerHTML)""")


def duplicate_ids(page: Page) -> list[str]:
    """Ids given to more than one element: a label or ``aria-*`` reference to one of them is ambiguous."""
    return page.evaluate("""() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
        return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]; }""")


def fits_the_screen(page: Page) -> bool:
    """No sideways scrolling at the page's viewport width (a phone's, say)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def tab_stops(page: Page, limit: int = 60) -> list[str]:
    """What the Tab key reaches in a page just loaded, in order, until focus leaves the page or
    comes round again: ``"<tag>:<label or text>"`` for each control."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => { const e = document.activeElement;
            if (!e || e === document.body) return null;
            const label = e.labels && e.labels[0] ? e.labels[0].innerText : (e.innerText || e.value || '');
            return e.tagName.toLowerCase() + ':' + label.replace(/\\s+/g, ' ').trim(); }""")
        if name is None or (seen and name == seen[0]):
            break
        seen.append(name)
    return seen
