// A scripted stand-in for the Rust backend at the IPC boundary: each test says what each
// command answers. Anything a test did not script fails loudly, so a view cannot quietly call
// a command nobody expected.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Overview, Snapshot, Vocabularies } from '../src/lib/bindings';

export type Handler = (args: Record<string, unknown>) => unknown;

export function backend(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      const h = handlers[cmd];
      if (!h) throw new Error(`the test did not script the command ${cmd}`);
      return h(a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const term = <T extends string>(code: T, label: string) => ({ code, label });

export const vocab: Vocabularies = {
  status: [term('open', 'Open'), term('contained', 'Contained'), term('closed', 'Closed')],
  severity: [term('low', 'Low'), term('medium', 'Medium'), term('high', 'High'), term('critical', 'Critical')],
  employment_status: [term('employed', 'Employed'), term('terminated', 'Terminated'), term('unknown', 'Unknown')] as Vocabularies['employment_status'],
  key_date_kind: [term('discovery', 'Discovery'), term('containment', 'Containment')] as Vocabularies['key_date_kind'],
  precision: [term('exact', 'Exact'), term('day', 'Day')] as Vocabularies['precision'],
  role: [term('lead_investigator', 'Lead investigator'), term('counsel', 'Counsel')] as Vocabularies['role'],
  category: [term('access', 'Access'), term('investigation', 'Investigation'), term('evidence', 'Evidence')] as Vocabularies['category'],
  evidence_category: [term('database_extract', 'Database extract'), term('log', 'Log'), term('other', 'Other')] as Vocabularies['evidence_category'],
  verification_status: [
    term('never_verified', 'Never verified'),
    term('ok', 'OK'),
    term('changed', 'Changed'),
    term('missing', 'Missing'),
  ],
  storage: [term('vault', 'In the vault'), term('in_place', 'In place')],
  custody_kind: [term('intake', 'Intake'), term('transfer', 'Transfer'), term('verification', 'Verification')] as Vocabularies['custody_kind'],
  field: [term('name', 'Name'), term('email', 'E-mail'), term('phone', 'Phone'), term('country', 'Country'), term('region', 'State / region')] as Vocabularies['field'],
  text_encoding: [term('utf-8', 'UTF-8'), term('windows-1252', 'Windows-1252 (Western European)')] as Vocabularies['text_encoding'],
  dedupe_rule: [term('email', 'E-mail first'), term('phone', 'Phone first'), term('name_postal', 'Name + postal code first')],
  notice_status: [term('pending', 'Pending'), term('sent', 'Sent'), term('bounced', 'Bounced'), term('returned', 'Returned')],
  channel: [term('mail', 'Mail'), term('email', 'E-mail')],
  harm_channel: [term('phone_call', 'Phone call'), term('sms', 'SMS / text message'), term('email', 'E-mail')] as Vocabularies['harm_channel'],
  harm_kind: [term('scam_call', 'Scam call'), term('phishing', 'Phishing')] as Vocabularies['harm_kind'],
  reporter_kind: [term('customer', 'Customer'), term('staff', 'Staff')],
  quoted: [term('ticket', 'Ticket number'), term('name', 'Name'), term('email', 'E-mail address')] as Vocabularies['quoted'],
  matched_by: [term('ticket', 'Ticket number'), term('email', 'E-mail'), term('phone', 'Phone')],
  harm_field: [term('when', 'When'), term('channel', 'Channel'), term('email', "Reporter's e-mail")] as Vocabularies['harm_field'],
  section: [
    term('summary', 'Executive summary'),
    term('timeline', 'Key dates and timeline'),
    term('subject', 'The insider subject'),
    term('evidence', 'Evidence manifest'),
    term('custody', 'Chain of custody'),
    term('tallies', 'Affected individuals'),
    term('harm', 'Harm reports'),
    term('methodology', 'Methodology'),
    term('referral', 'Law-enforcement referral'),
    term('statements', 'Statements and notices'),
    term('integrity', 'Audit-chain digest'),
    term('people', 'Appendix: affected people'),
    term('audit_log', 'Appendix: audit log'),
  ],
  redaction: [
    term('full', 'Fully redacted (person ids and countries only)'),
    term('partial', 'Partially redacted (masked e-mail, last 2 phone digits)'),
    term('none', 'Not redacted'),
  ],
  outcome: [
    term('required', 'Required'),
    term('required_if_risk', 'Required if there is a risk of harm'),
    term('not_triggered', 'Not required by statute'),
    term('unknown', 'Unknown'),
  ],
  recipient: [term('individuals', 'Individuals'), term('regulator', 'Regulator'), term('credit_bureaus', 'Credit bureaus')],
  obligation_clock: [term('discovery', 'Discovery'), term('awareness', 'Awareness')] as Vocabularies['obligation_clock'],
  question: [
    term('encrypted', 'Was the data encrypted or otherwise unintelligible to whoever took it?'),
    term('risk_of_harm', 'Is the breach likely to result in a risk to the people affected?'),
  ] as Vocabularies['question'],
  jurisdiction: [term('EU', 'European Union'), term('JP', 'Japan'), term('US-CA', 'California'), term('US-FL', 'Florida'), term('US-TX', 'Texas')],
  referral_channel: [
    term('field_office_visit', 'Field office visit'),
    term('phone', 'Phone'),
    term('ic3_complaint', 'IC3 complaint'),
    term('email', 'E-mail'),
    term('letter', 'Letter'),
  ],
  referral_status: [
    term('draft', 'Draft'),
    term('made', 'Made'),
    term('acknowledged', 'Acknowledged'),
    term('active', 'Active'),
    term('closed', 'Closed'),
  ],
  share_form: [term('original', 'Original'), term('copy', 'Copy'), term('export', 'Export'), term('summary', 'Summary')],
  legal_process_kind: [
    term('subpoena', 'Subpoena'),
    term('court_order', 'Court order'),
    term('warrant', 'Warrant'),
    term('preservation_request', 'Preservation request'),
    term('informal_request', 'Informal request'),
  ],
  statement_kind: [
    term('press_release', 'Press release'),
    term('customer_notice', 'Customer notice'),
    term('faq', 'FAQ'),
    term('call_script', 'Call-centre script'),
    term('regulator_notice', 'Regulator notice'),
    term('talking_points', 'Talking points'),
    term('internal_update', 'Internal update'),
    term('other', 'Other'),
  ],
  statement_state: [
    term('draft', 'Draft'),
    term('in_review', 'In review'),
    term('changes_requested', 'Changes requested'),
    term('approved', 'Approved'),
    term('published', 'Published'),
    term('superseded', 'Superseded'),
    term('withdrawn', 'Withdrawn'),
  ],
  approval_manner: [term('in_person', 'In person'), term('email', 'E-mail'), term('phone', 'Phone'), term('signed', 'Signed document')],
  task_status: [term('to_do', 'To do'), term('doing', 'Doing'), term('blocked', 'Blocked'), term('done', 'Done'), term('not_applicable', 'Not applicable')],
  task_source: [
    term('task', 'Task'),
    term('playbook', 'Playbook'),
    term('obligation', 'Notification obligation'),
    term('legal_process', 'Legal process'),
    term('follow_up', 'Referral follow-up'),
  ],
  link_kind: [term('evidence', 'Evidence item'), term('referral', 'Referral'), term('obligation', 'Notification obligation')] as Vocabularies['link_kind'],
};

export const profile = { name: 'Ina Investigator', email: 'ina@example.org', organisation: 'IR' };

export const info = { version: '0.1.0', home: '/home/ina/.local/share/casebook', default_cases_dir: '/home/ina/.local/share/casebook/cases' };

export function overview(counts: Partial<Overview['counts']> = {}): Overview {
  return {
    path: '/cases/helpdesk.casebook',
    info: {
      case_id: 'c1',
      title: 'Helpdesk export theft',
      code_name: 'switchboard',
      status: 'open',
      severity: 'high',
      summary: '',
      reference: 'IR-1',
      created_at: '2026-11-20T09:00:00Z',
      created_by: 'Ina Investigator',
    },
    subject: null,
    key_dates: [],
    team: [],
    counts: { timeline_events: 0, evidence_items: 0, team_members: 0, audit_entries: 1, ...counts },
    referrals: { open_follow_ups: [], legal_process_due: [], active_delays: [] },
  };
}

export const emptyFigure = { lanes: [], events: [], markers: [], bands: [], deadlines: [], harm_per_day: [], from: null, to: null, focus_from: null, focus_to: null };

/** The commands every open-case screen needs, for tests to extend. */
/** What the shell's dialog answers for a file at `path`: an opaque token (here the path,
 * marked, so a test can see which file a command was given) and the name shown. */
export function chosen(path: string): { token: string; name: string; folder: string } {
  return { token: `token:${path}`, name: path.split('/').pop()!, folder: path.slice(0, path.lastIndexOf('/')) };
}

export function openCase(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    profile_get: () => profile,
    app_info: () => info,
    vocabularies: () => vocab,
    app_settings_get: () => ({ lock_after_minutes: 15, case_in_title: true }),
    // The shell's title rule, as casebook::profile::window_title words it.
    window_title_sync: () => 'Casebook',
    timeline_figure: () => emptyFigure,
    passphrase_strength: () => ({ score: 3, label: 'strong', warning: null, suggestions: [] }),
    recent_cases: () => [{ token: 'token:/cases/helpdesk.casebook', path: '/cases/helpdesk.casebook', name: 'helpdesk', modified_at: '2026-11-20T09:00:00Z' }],
    cases_found: () => [],
    case_open: () => overview(),
    case_overview: () => overview(),
    // The nav's people count.
    affected_people: () => ({ total: 0, offset: 0, rows: [] }),
    // The nav's overdue count and the overview's "what's next".
    task_whats_next: () => ({ items: [], overdue: 0 }),
    ...extra,
  };
}

/** A tally snapshot as the core sends it, with only its id, time and head count set. */
export function snapshot(id: string, taken_at: string, people: number): Snapshot {
  return {
    content: {
      id,
      case_id: 'c1',
      taken_at,
      taken_by: 'Ina Investigator',
      note: '',
      breakdown: {
        tally: { people, records: people, by_country: {}, by_us_state: {}, by_segment: {}, by_element: {}, minors: 0 },
        by_ca_province: {},
        by_notice_status: {},
        rule: 'email',
      },
      batches: [],
      methodology: '',
      groups: [],
    },
    sha256: 'f'.repeat(64),
    intact: true,
  };
}
