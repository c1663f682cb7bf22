// The app's shared state: the investigator profile, the labels of every vocabulary, and the
// open case's overview. Views read it and call `refresh()` after a change.
import type { Actor, AppInfo, Overview, Vocabularies } from './bindings';
import { call, commands } from './api';
import { noPeopleFilter, type PeopleFilter } from './people';

export type View = 'overview' | 'timeline' | 'evidence' | 'activity' | 'affected' | 'people' | 'packet' | 'obligations' | 'referrals' | 'harm' | 'statements';

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
  /** Bumped after every change so views reload what they show. */
  revision = $state(0);

  async load(): Promise<void> {
    const [profile, info, vocab] = await Promise.all([
      call(commands.profileGet()),
      call(commands.appInfo()),
      call(commands.vocabularies()),
    ]);
    this.info = info;
    this.vocab = vocab;
    this.profile = profile;
    // A fresh start of the UI shows the case list; opening a case replaces whatever the
    // backend still held open.
    this.overview = null;
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
    this.overview = null;
  }
}

export const session = new Session();
