import './locales.ts';

/** e-ID pages outside the five areas: the provider's sign-in steps, registration, the account page. */
export { Account } from './Account.tsx';
export { DevInbox } from './DevInbox.tsx';
export { Register } from './Register.tsx';
export { ResetPassword } from './ResetPassword.tsx';
export { SignIn } from './SignIn.tsx';
