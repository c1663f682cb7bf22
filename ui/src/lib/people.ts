// The People filter as the views hold it (strings bound to form fields, '' for "any") and the
// one conversion into the core's `PeopleQuery`, where "any" is null.
import type { PeopleQuery } from './bindings';

/** What the People table shows; the dashboard's bars set it to drill down. */
export type PeopleFilter = {
  search: string;
  country: string;
  region: string;
  element: string;
  status: string;
  segment: string;
  minors_only: boolean;
};

export function noPeopleFilter(): PeopleFilter {
  return { search: '', country: '', region: '', element: '', status: '', segment: '', minors_only: false };
}

/** The query for `limit` people from `offset` of those `filter` picks. A field left empty or
 * holding only spaces (a region typed by hand) does not filter. */
export function peopleQuery(filter: PeopleFilter, offset: number, limit: number): PeopleQuery {
  const any = (value: string) => value.trim() || null;
  return {
    search: any(filter.search),
    country: any(filter.country),
    region: any(filter.region),
    element: any(filter.element),
    status: any(filter.status),
    minors_only: filter.minors_only,
    segment: any(filter.segment),
    offset,
    limit,
  };
}
