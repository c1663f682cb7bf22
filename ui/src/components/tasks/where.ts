// Where a row of the task list is done: the case's own tasks in the Tasks view, a derived
// deadline at its source (the obligation, the referral), since it is changed only there.
import type { Task, TaskLink } from '../../lib/bindings';
import type { View } from '../../lib/session.svelte';

/** The view a link opens, and the evidence item to show when it is one. */
export function viewOf(link: TaskLink): { view: View; evidence?: string } {
  switch (link.kind) {
    case 'evidence':
      return { view: 'evidence', evidence: link.id };
    case 'person':
      return { view: 'people' };
    case 'referral':
      return { view: 'referrals' };
    case 'obligation':
      return { view: 'obligations' };
    case 'statement':
      return { view: 'statements' };
    case 'harm_report':
      return { view: 'harm' };
    case 'event':
      return { view: 'timeline' };
  }
}

/** What a "what's next" row says it opens. */
export function whereDone(t: Task): string {
  if (!t.source_link) return 'Tasks';
  const v = viewOf(t.source_link).view;
  return v.charAt(0).toUpperCase() + v.slice(1);
}
