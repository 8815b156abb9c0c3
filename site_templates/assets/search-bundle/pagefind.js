// Pagefind's own API (../../pagefind/pagefind.js), except that the filters load when the
// reader asks for them. Pagefind's UI imports this file as its bundle and asks for every
// filter as soon as it starts: at 10,000 records that is 120 KB of filter data, more than
// a third of a first search, for a panel most searches never open. search.js resolves
// `window.registrySearch.filtersWanted` when the reader presses "Filter the results".
export * from "../../pagefind/pagefind.js";
import { filters as allFilters } from "../../pagefind/pagefind.js";

export async function filters() {
  const wanted = window.registrySearch && window.registrySearch.filtersWanted;
  if (wanted) await wanted;
  return allFilters();
}
