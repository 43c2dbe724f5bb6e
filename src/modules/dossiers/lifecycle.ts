/**
 * Case work as data (ARCHITECTURE §8.4): a dossier is an append-only list of actions, its status is derived
 * by folding them, and one table (ALLOWED) says which actions each status allows. The server answers 409
 * with `allowed` from it; the web app shows only the buttons it lists. Pure: no I/O here.
 */

/** Statuses with the national portal's codes (DOMAIN §5); `draft` (0) is never synchronised. */
export const STATUS_CODES = {
  draft: 0,
  submitted: 1,
  received: 2,
  not_received: 3,
  in_process: 4,
  supplement_requested: 5,
  payment_requested: 6,
  withdrawn: 7,
  stopped: 8,
  finished: 9,
  returned: 10,
} as const;
export type Status = keyof typeof STATUS_CODES;
export const STATUSES = Object.keys(STATUS_CODES) as Status[];

export const ACTIONS = [
  'submit',
  'receive',
  'refuse_intake',
  'assign',
  'forward',
  'request_supplement',
  'supplement',
  'request_payment',
  'record_payment',
  'approve',
  'return_result',
  'stop',
  'withdraw',
  'apologise',
  'rate',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions the applicant takes (in "my dossiers"); every other action is an officer's. */
export const CITIZEN_ACTIONS: readonly Action[] = ['submit', 'supplement', 'withdraw', 'rate'];
export const OFFICER_ACTIONS: readonly Action[] = ACTIONS.filter((a) => !CITIZEN_ACTIONS.includes(a));

/** Which actions each status allows (the one table shared by the server and the UI). */
export const ALLOWED: Record<Status, readonly Action[]> = {
  draft: ['submit'],
  submitted: ['receive', 'refuse_intake', 'withdraw'],
  received: ['assign', 'forward', 'request_supplement', 'request_payment', 'stop', 'withdraw', 'apologise'],
  in_process: [
    'assign',
    'forward',
    'request_supplement',
    'request_payment',
    'approve',
    'stop',
    'withdraw',
    'apologise',
  ],
  supplement_requested: ['supplement', 'stop', 'withdraw', 'apologise'],
  payment_requested: ['record_payment', 'stop', 'withdraw', 'apologise'],
  finished: ['return_result', 'rate'],
  returned: ['rate'],
  not_received: [],
  withdrawn: [],
  stopped: [],
};

/** Where each action leads; `apologise` and `rate` leave the status as it is. */
const TARGET: Record<Action, Status | null> = {
  submit: 'submitted',
  receive: 'received',
  refuse_intake: 'not_received',
  assign: 'in_process',
  forward: 'in_process',
  request_supplement: 'supplement_requested',
  supplement: 'in_process',
  request_payment: 'payment_requested',
  record_payment: 'in_process',
  approve: 'finished',
  return_result: 'returned',
  stop: 'stopped',
  withdraw: 'withdrawn',
  apologise: null,
  rate: null,
};

/** Statuses in which the processing time runs or waits on the applicant: the one-stop's open work. */
export const OPEN_STATUSES: readonly Status[] = [
  'submitted',
  'received',
  'in_process',
  'supplement_requested',
  'payment_requested',
];
/** Statuses after which nothing can change the outcome any more. */
export const CLOSED_STATUSES: readonly Status[] = ['not_received', 'withdrawn', 'stopped', 'returned'];

export class TransitionError extends Error {
  readonly status: Status;
  readonly action: Action;
  constructor(status: Status, action: Action) {
    super(`${action} is not allowed when the dossier is ${status}`);
    this.status = status;
    this.action = action;
  }
}

export function isAllowed(status: Status, action: Action): boolean {
  return ALLOWED[status].includes(action);
}

/** The status after `action`; throws TransitionError when ALLOWED does not list it. */
export function next(status: Status, action: Action): Status {
  if (!isAllowed(status, action)) throw new TransitionError(status, action);
  return TARGET[action] ?? status;
}

/** The status of a dossier from its actions in order (a new dossier is a draft). */
export function deriveStatus(actions: readonly Action[]): Status {
  return actions.reduce<Status>((status, action) => next(status, action), 'draft');
}

/**
 * The actions allowed now: the table, narrowed by facts the status alone does not carry (a dossier is
 * rated once; a result is approved only at the workflow's last step; forward only before it).
 */
export function allowedNow(status: Status, facts: { rated: boolean; atLastStep: boolean }): Action[] {
  return ALLOWED[status].filter((a) => {
    if (a === 'rate') return !facts.rated;
    if (a === 'approve') return facts.atLastStep;
    if (a === 'forward') return !facts.atLastStep;
    return true;
  });
}
