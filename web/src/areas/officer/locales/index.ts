import i18n from '../../../i18n.ts';
import { officerEn } from './en.ts';
import { officerVi } from './vi.ts';

// The officer area's texts travel with its chunk: registering them here keeps the home page's bundle small.
i18n.addResourceBundle('vi', 'officer', officerVi);
i18n.addResourceBundle('en', 'officer', officerEn);
