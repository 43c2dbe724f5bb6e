import { AreaRoutes } from './AreaRoutes.tsx';

export default function BusinessArea() {
  return <AreaRoutes area="business" />;
}
