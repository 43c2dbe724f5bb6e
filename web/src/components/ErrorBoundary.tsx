import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from './Page.tsx';

interface Props {
  resetKey: string;
  children: ReactNode;
}
interface State {
  failed: boolean;
  key: string;
}

/**
 * Shows a reload page instead of a blank screen when a page throws, typically when an area's code chunk
 * can no longer be fetched after a new release. Navigating elsewhere (a new resetKey) clears the error.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { failed: false, key: props.resetKey };
  }

  override render() {
    return this.state.failed ? <LoadError /> : this.props.children;
  }
}

function LoadError() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.pageTitle')}>
      <p>{t('errors.pageText')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('errors.reload')}
      </button>
    </Page>
  );
}
