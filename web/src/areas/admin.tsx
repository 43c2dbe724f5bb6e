import { AreaRoutes } from './AreaRoutes.tsx';

export default function AdminArea() {
  return <AreaRoutes area="admin" />;
}
