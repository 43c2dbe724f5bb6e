import { AreaRoutes } from './AreaRoutes.tsx';

export default function CitizenArea() {
  return <AreaRoutes area="citizen" />;
}
