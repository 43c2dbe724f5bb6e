import { parseArgs } from 'node:util';
import type { Platform } from '../../platform/context.ts';
import { CliError } from '../../platform/errors.ts';
import type { MemberRole } from './policy.ts';
import { createTrace } from './service.ts';

/**
 * Business users until e-ID accounts arrive: a platform account (created here when missing, with no
 * officer role, so it reaches nothing but its business) plus a trace.member row, and a one-time link.
 */
export const businessLinkUrl = (base: string, token: string) => `${base}/auth/link/${token}?next=/business`;

export async function ensureMember(
  platform: Platform,
  input: { name: string; enterpriseCode: string; role: MemberRole },
): Promise<{ userId: string; businessId: string; businessName: string }> {
  const trace = createTrace(platform);
  const business = await trace.businessByCode(input.enterpriseCode);
  if (!business)
    throw new CliError(
      `no business with enterprise code ${input.enterpriseCode}.`,
      'Demo businesses are seeded by citizen seed.',
    );
  const user =
    (await platform.auth.findOfficerByName(input.name)) ??
    (await platform.auth.addOfficer({
      name: input.name,
      roles: [],
      jurisdiction: { level: 'commune', code: business.place?.communeCode ?? '' },
    }));
  if ((await trace.membership(user.id, business.id)) !== input.role)
    await trace.addMember(business.id, user.id, input.role);
  return { userId: user.id, businessId: business.id, businessName: business.name };
}

/** `citizen trace member add --name N --business ENTERPRISE_CODE [--role manager|staff] [--hours H]`. */
export async function traceCommand(platform: Platform, argv: string[]): Promise<number> {
  const [what, sub] = argv;
  if (what !== 'member' || sub !== 'add')
    throw new CliError(
      `unknown trace command "${argv.slice(0, 2).join(' ')}".`,
      'Use: citizen trace member add --name … --business …',
    );
  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      name: { type: 'string' },
      business: { type: 'string' },
      role: { type: 'string', default: 'staff' },
      hours: { type: 'string', default: '1' },
    },
  });
  if (!values.name?.trim() || !values.business)
    throw new CliError(
      '--name and --business are required.',
      'citizen trace member add --name "Lê Văn Nam" --business 2801234567 --role manager',
    );
  if (values.role !== 'manager' && values.role !== 'staff')
    throw new CliError('--role must be manager or staff.');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 72)
    throw new CliError('--hours must be between 0 and 72.');
  const member = await ensureMember(platform, {
    name: values.name.trim(),
    enterpriseCode: values.business,
    role: values.role,
  });
  const token = await platform.auth.issueLink(member.userId, hours);
  console.log(
    `${values.name.trim()} acts for ${member.businessName} as ${values.role}.\nSign-in link (one use, valid ${hours} h):\n${businessLinkUrl(platform.config.publicUrl, token)}`,
  );
  return 0;
}
