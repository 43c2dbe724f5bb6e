import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

// Path of the page shown last (undefined before the first one), shared by all pages.
let shownPath: string | undefined;

/** The main landmark of a page: sets the document title and holds the page's only h1. */
export function Page({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);

  // After client-side navigation, start at the top and move focus to the new heading so screen readers
  // announce the page; the first page keeps the browser's default focus.
  useEffect(() => {
    if (shownPath !== undefined && shownPath !== pathname) {
      window.scrollTo(0, 0);
      heading.current?.focus({ preventScroll: true });
    }
    shownPath = pathname;
  }, [pathname]);

  return (
    <Main>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </Main>
  );
}

/** Target of the skip link. */
export function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="container main">
      {children}
    </main>
  );
}
