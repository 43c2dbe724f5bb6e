import { Type } from 'typebox';

const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const StatisticsQuery = Type.Object(
  {
    month: Type.Optional(
      Type.String({
        pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$',
        description: 'YYYY-MM (Vietnam time); this month by default',
        examples: ['2026-03'],
      }),
    ),
    agency: Type.Optional(
      Type.String({
        minLength: 3,
        maxLength: 40,
        pattern: '^[A-Za-z0-9.]+$',
        description: 'QCVN 102 agency code',
      }),
    ),
    commune: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: '2025 commune code' })),
    by: Type.Optional(Type.Union([Type.Literal('agency'), Type.Literal('commune')])),
  },
  { additionalProperties: false },
);

const Period = Type.Object({
  month: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date', description: 'Exclusive' }),
});
const Unit = {
  level: Type.Union([Type.Literal('province'), Type.Literal('agency'), Type.Literal('commune')]),
  code: Type.String(),
  name: Type.String(),
};
const Score = Type.Object({
  score: Type.Number(),
  max: Type.Number({ description: 'Points of the indicators that could be scored' }),
  scaled: Type.Union([Type.Number(), Type.Null()], { description: 'score ÷ max × 100' }),
});

const Indicator = Type.Object({
  key: Type.String({ examples: ['2.1'] }),
  group: Type.String(),
  name: Text,
  points: Type.Number(),
  threshold: Type.Number({ description: 'Ratio scoring full points' }),
  measured: Type.Boolean({ description: 'false: the platform does not measure this indicator yet' }),
  numerator: NullableInt,
  denominator: NullableInt,
  value: Rate,
  score: Type.Union([Type.Number(), Type.Null()]),
});

export const IndicatorsResponse = Type.Object({
  period: Period,
  scope: Type.Object(Unit),
  total: Score,
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Text,
      points: Type.Number(),
      scoredPoints: Type.Number(),
      score: Type.Number(),
      indicators: Type.Array(Indicator),
    }),
  ),
  procedures: Type.Array(
    Type.Object({
      code: Type.String(),
      finished: Type.Integer(),
      averageDays: Type.Number(),
      averageShareOfTimeLimit: Type.Number(),
    }),
  ),
  units: Type.Optional(
    Type.Array(
      Type.Object({
        ...Unit,
        total: Score,
        groups: Type.Array(
          Type.Object({ key: Type.String(), score: Type.Number(), scoredPoints: Type.Number() }),
        ),
      }),
    ),
  ),
});

const Counts = Type.Object({
  received: Type.Integer(),
  receivedOnline: Type.Integer(),
  synced: Type.Integer(),
  feeBearing: Type.Integer(),
  paidOnline: Type.Integer(),
  prefilled: Type.Integer(),
  populationData: Type.Integer(),
  due: Type.Integer(),
  onTime: Type.Integer(),
  finished: Type.Integer(),
  electronicResult: Type.Integer(),
  digitised: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  dissatisfied: Type.Integer({ description: 'Due in the month, rated "not satisfied" or complained of' }),
  storeUsed: Type.Integer({ description: 'Finished having used the citizen’s document store' }),
  feedbackDue: Type.Integer({
    description: 'Feedback answered in the month or unanswered past a due date in it',
  }),
  feedbackOnTime: Type.Integer(),
});
const Line = Type.Object({
  ...Unit,
  counts: Counts,
  rates: Type.Object({ onTime: Rate, online: Rate, digitisation: Rate, satisfaction: Rate }),
});

export const StatisticsResponse = Type.Object({
  period: Period,
  scope: Type.Object(Unit),
  by: Type.Union([Type.Literal('agency'), Type.Literal('commune')]),
  total: Line,
  rows: Type.Array(Line),
});
