import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { IdentityMessages } from './areas/identity/locales.ts';
import type { OfficerMessages } from './areas/officer/locales/vi.ts';
import { en } from './locales/en.ts';
import { type Messages, vi } from './locales/vi.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // `officer` and `identity` are added by the officer area's chunk (areas/officer/locales): typed here, bundled there.
    resources: { translation: Messages; officer: OfficerMessages; identity: IdentityMessages };
  }
}

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

// Language names are written in their own language so every reader can find theirs.
export const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

const STORAGE_KEY = 'citizen-stack.lang';

// localStorage throws when storage is disabled (some private modes); the app then just forgets the choice.
function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function setLanguage(lng: Language): void {
  i18n.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // keep the choice for this visit only
  }
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes output
  initAsync: false,
});

export default i18n;
