import { useTranslation } from 'react-i18next';
import type { Problem } from '../api.ts';

export function ProblemAlert({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  return (
    <div className="alert" role="alert">
      <p className="alert-title">{problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.requestId && <p className="muted">{t('errors.requestId', { id: problem.requestId })}</p>}
    </div>
  );
}
