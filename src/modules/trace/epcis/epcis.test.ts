import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/platform.ts';
import { DEMO, DEMO_GTINS, DEMO_MEMBERS, seedDemoTrace } from '../seed.ts';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoTrace(ctx.platform);
  for (const m of DEMO_MEMBERS) {
    const user = await ctx.platform.auth.findOfficerByName(m.name);
    const { session } = await ctx.platform.auth.redeemLink(
      await ctx.platform.auth.issueLink(user?.id as string),
      't',
    );
    cookie[m.business] = `citizen_session=${session}`;
  }
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const buoi = `https://id.gs1.org/01/${DEMO_GTINS.buoi.padStart(14, '0')}`;
const nem = `https://id.gs1.org/01/${DEMO_GTINS.nem.padStart(14, '0')}`;
const here = { id: `https://id.gs1.org/414/${DEMO.buoi.gln}` };

const doc = (eventList: unknown[]) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2025-11-20T08:00:00+07:00',
  epcisBody: { eventList },
});

const objectEvent = (extra: Record<string, unknown> = {}) => ({
  type: 'ObjectEvent',
  eventTime: '2025-11-20T07:30:00+07:00',
  eventTimeZoneOffset: '+07:00',
  action: 'OBSERVE',
  bizStep: 'inspecting',
  epcList: [`${buoi}/21/LV0007`],
  readPoint: here,
  ...extra,
});

const capture = (body: unknown, who = 'buoi', headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/epcis/capture',
    headers: { cookie: cookie[who] as string, 'content-type': 'application/ld+json', ...headers },
    payload: JSON.stringify(body),
  });

const query = async (params: string, who = 'buoi') => {
  const res = await ctx.app.inject({
    url: `/epcis/events?${params}`,
    headers: { cookie: cookie[who] as string },
  });
  return {
    res,
    events:
      res.statusCode === 200
        ? (res.json().epcisBody.queryResults.resultsBody.eventList as Record<string, unknown>[])
        : [],
  };
};

describe('EPCIS capture: validation per event', () => {
  it('stores a valid document of each event type and answers 202 with the job', async () => {
    const res = await capture(
      doc([
        objectEvent({ eventID: 'urn:uuid:0190f000-0000-7000-8000-000000000001' }),
        {
          type: 'AggregationEvent',
          eventTime: '2025-11-20T09:00:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          bizStep: 'urn:epcglobal:cbv:bizstep:packing',
          parentID: 'urn:epc:id:sscc:8936034.0000000001',
          childEPCs: [`${buoi}/21/LV0007`, `${buoi}/21/LV0008`],
        },
        {
          type: 'TransactionEvent',
          eventTime: '2025-11-20T09:30:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:8936099000007:PO-77' }],
          quantityList: [{ epcClass: `${buoi}/10/LV2511`, quantity: 2, uom: 'H87' }],
        },
        {
          type: 'TransformationEvent',
          eventTime: '2025-11-20T10:00:00+07:00',
          eventTimeZoneOffset: '+07:00',
          bizStep: 'https://ref.gs1.org/cbv/BizStep-creating_class_instance',
          inputEPCList: [`${buoi}/21/LV0009`],
          outputQuantityList: [{ epcClass: `${buoi}/10/LV2511`, quantity: 1.5, uom: 'KGM' }],
        },
        {
          type: 'AssociationEvent',
          eventTime: '2025-11-20T10:30:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          parentID: `https://id.gs1.org/414/${DEMO.buoi.gln}/254/cold-room-1`,
          childEPCs: [`${buoi}/21/LV0011`],
        },
      ]),
    );
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toMatch(/^\/epcis\/capture\/capture-/);
    expect(res.json()).toMatchObject({
      success: true,
      running: false,
      eventCount: 5,
      capturedCount: 5,
      errors: [],
    });
    const job = await ctx.app.inject({
      url: res.headers.location as string,
      headers: { cookie: cookie.buoi as string },
    });
    expect(job.json().success).toBe(true);
    const other = await ctx.app.inject({
      url: res.headers.location as string,
      headers: { cookie: cookie.mart as string },
    });
    expect(other.statusCode).toBe(404); // not that business's job
  });

  it('reports every invalid event with a pointer; rollback stores none of the document', async () => {
    const res = await capture(
      doc([
        objectEvent(),
        objectEvent({ action: 'MOVE' }),
        objectEvent({ eventTime: '20 Nov 2025' }),
        objectEvent({ epcList: [`${buoi}/10/LV2511`] }), // a class in epcList
        objectEvent({ epcList: [], quantityList: [{ epcClass: `${buoi}/21/LV0001` }] }), // an instance in quantityList
        objectEvent({ bizStep: 'shiping' }),
        objectEvent({ epcList: ['https://id.gs1.org/01/08936034000019/21/X'] }), // check digit
        {
          type: 'AggregationEvent',
          eventTime: '2025-11-20T09:00:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          childEPCs: [],
        },
        {
          type: 'TransformationEvent',
          eventTime: '2025-11-20T09:00:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
        },
        {
          type: 'TransactionEvent',
          eventTime: '2025-11-20T09:00:00+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          epcList: [`${buoi}/21/LV0001`],
        },
        { type: 'QuantityEvent' },
        objectEvent({ eventTimeZoneOffset: '+7' }),
      ]),
    );
    expect(res.statusCode).toBe(202);
    const job = res.json();
    expect(job).toMatchObject({ success: false, capturedCount: 0, eventCount: 12 });
    const failing = new Set(job.errors.map((e: { eventIndex: number }) => e.eventIndex));
    expect([...failing].sort((a, b) => (a as number) - (b as number))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    const pointers = job.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/epcisBody/eventList/1/action');
    expect(pointers).toContain('/epcisBody/eventList/3/epcList/0');
    expect(pointers).toContain('/epcisBody/eventList/5/bizStep');
    expect(pointers).toContain('/epcisBody/eventList/7/parentID');
    expect(pointers).toContain('/epcisBody/eventList/9/bizTransactionList');
    expect(pointers).toContain('/epcisBody/eventList/11/eventTimeZoneOffset');
    const { events } = await query(
      'EQ_bizStep=inspecting&GE_eventTime=2025-11-20T07:30:00%2B07:00&LT_eventTime=2025-11-20T07:31:00%2B07:00',
    );
    expect(events).toHaveLength(1); // only the event captured by the first test
  });

  it('proceed stores the valid events and reports the others', async () => {
    const res = await capture(
      doc([objectEvent({ bizStep: 'storing' }), objectEvent({ action: 'MOVE' })]),
      'buoi',
      {
        'gs1-capture-error-behaviour': 'proceed',
      },
    );
    expect(res.json()).toMatchObject({ success: false, capturedCount: 1, eventCount: 2 });
    expect((await query('EQ_bizStep=storing')).events).toHaveLength(1);
  });

  it('refuses a bad envelope (400), an oversize document (413) and anonymous capture (401)', async () => {
    expect(
      (
        await capture({
          type: 'EPCISDocument',
          schemaVersion: '1.2',
          creationDate: '2025-11-20T08:00:00Z',
          epcisBody: { eventList: [] },
        })
      ).statusCode,
    ).toBe(400);
    expect((await capture({ ...doc([]), epcisBody: {} })).json().code).toBe('trace.invalid_epcis_document');
    const big = await capture(doc(Array.from({ length: 1001 }, () => objectEvent())));
    expect(big.statusCode).toBe(413);
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      payload: doc([objectEvent()]),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets only the brand owner commission its GTINs, and keeps event IDs unique', async () => {
    const res = await capture(
      doc([objectEvent({ action: 'ADD', bizStep: 'commissioning', epcList: [`${nem}/21/X1`] })]),
      'buoi',
    );
    expect(res.json().errors[0].detail).toMatch(/belongs to another business/);
    const dup = await capture(
      doc([objectEvent({ eventID: 'urn:uuid:0190f000-0000-7000-8000-000000000001' })]),
    );
    expect(dup.json().errors[0].detail).toMatch(/already in the repository/);
  });

  it('corrects with an error declaration, never by changing the event', async () => {
    const id = 'urn:uuid:0190f000-0000-7000-8000-000000000001';
    const bad = await capture(
      doc([
        objectEvent({
          eventID: id,
          errorDeclaration: { declarationTime: '2025-11-21T08:00:00+07:00', reason: 'incorrect_data' },
        }),
      ]),
      'mart',
    );
    expect(bad.json().errors[0].detail).toMatch(/no event with this eventID was recorded by your business/);
    const res = await capture(
      doc([
        objectEvent({
          eventID: id,
          errorDeclaration: { declarationTime: '2025-11-21T08:00:00+07:00', reason: 'incorrect_data' },
        }),
      ]),
    );
    expect(res.json().success).toBe(true);
    const { events } = await query('EXISTS_errorDeclaration=true');
    expect(events.map((e) => e.eventID)).toEqual([id]);
    expect(events[0]?.errorDeclaration).toMatchObject({ reason: 'incorrect_data' });
    await expect(
      ctx.platform.db.updateTable('trace.epcis_event').set({ biz_step: 'x' }).execute(),
    ).rejects.toThrow(/append-only/);
  });
});

describe('EPCIS query parameters', () => {
  it('filters by type, time, step, disposition, action and location', async () => {
    expect((await query('eventType=AggregationEvent|AssociationEvent')).events.map((e) => e.type)).toEqual([
      'AggregationEvent',
      'AssociationEvent',
    ]);
    const shipped = await query('EQ_bizStep=shipping&EQ_disposition=in_transit', 'mart');
    expect(shipped.events.length).toBeGreaterThanOrEqual(5);
    expect(shipped.events.every((e) => e.bizStep === 'shipping')).toBe(true);
    expect((await query('EQ_action=ADD&eventType=ObjectEvent')).events.every((e) => e.action === 'ADD')).toBe(
      true,
    );
    const byLocation = await query(`EQ_bizLocation=${encodeURIComponent(`urn:epc:id:sgln:8936034.00000.0`)}`);
    expect(byLocation.events.length).toBeGreaterThan(0);
    const within = await query(
      `WD_readPoint=${encodeURIComponent(`https://id.gs1.org/414/${DEMO.buoi.gln}`)}&eventType=AssociationEvent`,
    );
    expect(within.events).toHaveLength(0); // the association names a sub-location as parent, not as read point
    const recordTime = await query(
      `GE_recordTime=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(recordTime.events).toHaveLength(0);
  });

  it('matches EPCs, classes and GTIN + lot', async () => {
    const one = await query(`MATCH_epc=${encodeURIComponent(`${buoi}/21/LV0007`)}`);
    expect(one.events.length).toBeGreaterThanOrEqual(2); // the object event and the aggregation
    const urn = await query('MATCH_anyEPC=urn:epc:id:sgtin:8936034.000001.LV0009');
    expect(urn.events.map((e) => e.type)).toContain('TransformationEvent');
    const lot = await query(`MATCH_epcClass=${encodeURIComponent(`${buoi}/10/LV2511`)}`);
    expect(lot.events.map((e) => e.type).sort()).toEqual(['TransactionEvent']);
    const output = await query(`MATCH_outputEPCClass=${encodeURIComponent(`${buoi}/10/LV2511`)}`);
    expect(output.events.map((e) => e.type)).toEqual(['TransformationEvent']);
    const byGtin = await query(`MATCH_anyEPC=${encodeURIComponent(buoi)}&EQ_bizStep=shipping`);
    expect(byGtin.events).toHaveLength(1); // six serials shipped in one event
    const parent = await query('MATCH_parentID=urn:epc:id:sscc:8936034.0000000001');
    expect(parent.events.map((e) => e.type)).toEqual(['AggregationEvent']);
  });

  it('shows a business only the events that concern it', async () => {
    const mart = await query(`MATCH_anyEPC=${encodeURIComponent(`${buoi}/21/LV0007`)}`, 'mart');
    expect(mart.events).toHaveLength(0);
    const nemEvents = await query(`MATCH_epcClass=${encodeURIComponent(`${nem}/10/NC2501`)}`, 'mam');
    expect(nemEvents.events).toHaveLength(0);
    expect(
      (await query(`MATCH_epcClass=${encodeURIComponent(`${nem}/10/NC2501`)}`, 'nem')).events.length,
    ).toBeGreaterThan(0);
  });

  it('pages with perPage and nextPageToken, ordered as asked', async () => {
    const first = await query('perPage=3&orderBy=eventTime&orderDirection=DESC', 'mart');
    expect(first.events).toHaveLength(3);
    const link = first.res.headers.link as string;
    expect(link).toMatch(/rel="next"/);
    const next = await ctx.app.inject({
      url: /<([^>]+)>/.exec(link)?.[1] as string,
      headers: { cookie: cookie.mart as string },
    });
    const second = next.json().epcisBody.queryResults.resultsBody.eventList as {
      eventTime: string;
      eventID: string;
    }[];
    expect(second).toHaveLength(3);
    const times = [...first.events, ...second].map((e) => Date.parse(e.eventTime as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set([...first.events, ...second].map((e) => e.eventID)).size).toBe(6);
  });

  it('answers bad parameters with 400', async () => {
    for (const bad of [
      'EQ_nonsense=1',
      'GE_eventTime=yesterday',
      'eventType=QuantityEvent',
      'perPage=0',
      'orderBy=size',
      'MATCH_epc=urn:epc:id:sgtin:1.2',
      'nextPageToken=abc',
      'maxEventCount=1',
    ]) {
      const { res } = await query(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code, bad).toBe('trace.invalid_query');
    }
  });

  it('reads one event by its ID', async () => {
    const id = encodeURIComponent('urn:uuid:0190f000-0000-7000-8000-000000000001');
    const res = await ctx.app.inject({
      url: `/epcis/events/${id}`,
      headers: { cookie: cookie.buoi as string },
    });
    expect(res.statusCode).toBe(200);
    const hidden = await ctx.app.inject({
      url: `/epcis/events/${id}`,
      headers: { cookie: cookie.mart as string },
    });
    expect(hidden.statusCode).toBe(404);
  });
});
