import { AreaRoutes } from './AreaRoutes.tsx';

export default function OfficerArea() {
  return <AreaRoutes area="officer" />;
}
