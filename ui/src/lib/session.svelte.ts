// The app's shared state: the investigator profile, the labels of every vocabulary, the
// open case's overview, and the locked case waiting for its passphrase. Views read it and call
// `refresh()` after a change.
import type { Actor, AppInfo, AppSettings, Overview, Vocabularies } from './bindings';
import { call, commands } from './api';
import { noPeopleFilter, type PeopleFilter } from './people';

export type View = 'overview' | 'timeline' | 'evidence' | 'activity' | 'affected' | 'people' | 'packet' | 'obligations' | 'referrals' | 'harm' | 'statements' | 'tasks' | 'security';

/** A case locked by the idle timer or on demand: where it is (shown), the shell's token that
 * opens it again, and which view to return to. */
export interface Locked {
  path: string;
  token: string;
  view: View;
}

const DEFAULT_SETTINGS: AppSettings = { lock_after_minutes: 15, case_in_title: true };

class Session {
  profile = $state<Actor | null>(null);
  info = $state<AppInfo | null>(null);
  vocab = $state<Vocabularies | null>(null);
  overview = $state<Overview | null>(null);
  view = $state<View>('overview');
  /** Kept here, not in the People view, so a drill-down can set it before the view opens
   * and it survives switching views. */
  peopleFilter = $state<PeopleFilter>(noPeopleFilter());
  /** How many affected people the open case has, for the nav; null until known. */
  affectedPeople = $state<number | null>(null);
  /** The evidence item another view asked the Evidence view to open; it clears it. */
  evidenceFocus = $state<string | null>(null);
  /** The task another view (what's next, search) asked the Tasks view to open; it clears it. */
  taskFocus = $state<string | null>(null);
  /** How many items are overdue across the case, for the nav; null until known. */
  overdue = $state<number | null>(null);
  /** The item the search box asked a view to show (an event, referral, statement or audit
   * entry by its id); that view selects it once its list has it and clears this. */
  focus = $state<{ view: View; id: string } | null>(null);
  /** Bumped after every change so views reload what they show. */
  revision = $state(0);
  /** The case locked and waiting for its passphrase; null when none is. */
  locked = $state<Locked | null>(null);
  settings = $state<AppSettings>(DEFAULT_SETTINGS);

  async load(): Promise<void> {
    const [profile, info, vocab] = await Promise.all([
      call(commands.profileGet()),
      call(commands.appInfo()),
      call(commands.vocabularies()),
    ]);
    this.info = info;
    this.vocab = vocab;
    this.profile = profile;
    // The idle lock falls back to its default rather than keep the app from starting.
    this.settings = await call(commands.appSettingsGet()).catch(() => DEFAULT_SETTINGS);
    // A fresh start of the UI shows the case list; opening a case replaces whatever the
    // backend still held open.
    this.overview = null;
    this.locked = null;
    this.view = 'overview';
  }

  /** Opens the People table showing only the people `filter` picks. */
  drillDown(filter: Partial<PeopleFilter>): void {
    this.peopleFilter = { ...noPeopleFilter(), ...filter };
    this.view = 'people';
  }

  /** Opens the Evidence view with item `id` shown. */
  openEvidence(id: string): void {
    this.evidenceFocus = id;
    this.view = 'evidence';
  }

  /** Opens the Tasks view with task `id` (`TK-0001`, or a derived deadline's id) shown. */
  openTask(id: string): void {
    this.taskFocus = id;
    this.view = 'tasks';
  }

  /** Opens `view` with item `id` selected (see `focus`). */
  openItem(view: View, id: string): void {
    if (view === 'evidence') return this.openEvidence(id);
    if (view === 'tasks') return this.openTask(id);
    this.focus = { view, id };
    this.view = view;
  }

  opened(overview: Overview): void {
    this.overview = overview;
    this.view = 'overview';
    this.peopleFilter = noPeopleFilter();
    this.affectedPeople = null;
    this.revision++;
  }

  async refresh(): Promise<void> {
    this.overview = await call(commands.caseOverview());
    this.revision++;
  }

  async close(): Promise<void> {
    await call(commands.caseClose());
    this.forgetCase();
  }

  /** Locks the open case: the backend drops it (connection and key), and nothing of it stays
   * here but its folder and the view to come back to. */
  async lock(): Promise<void> {
    if (!this.overview) return;
    const { path } = this.overview;
    const view = this.view;
    // The shell hands back a token for the closed case: the webview never sends a path.
    const token = await call(commands.caseClose());
    this.forgetCase();
    this.locked = token ? { path, view, token } : null;
  }

  /** Opens the locked case again with `passphrase`, at the view it was locked on. */
  async unlock(passphrase: string): Promise<void> {
    if (!this.locked) return;
    const { token, view } = this.locked;
    const overview = await call(commands.caseOpen(token, passphrase));
    this.opened(overview);
    this.view = view;
    this.locked = null;
  }

  /** Leaves the locked case for the case list. */
  leaveLocked(): void {
    this.locked = null;
  }

  async saveSettings(settings: AppSettings): Promise<void> {
    this.settings = await call(commands.appSettingsSet(settings));
  }

  /** Clears everything read from the open case. */
  private forgetCase(): void {
    this.overview = null;
    this.view = 'overview';
    this.peopleFilter = noPeopleFilter();
    this.affectedPeople = null;
    this.evidenceFocus = null;
    this.taskFocus = null;
    this.overdue = null;
    this.focus = null;
    this.revision++;
  }
}

export const session = new Session();
