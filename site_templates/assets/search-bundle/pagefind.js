// Pagefind's own API (../../pagefind/pagefind.js), except that the filters load when the
// reader asks for them. Pagefind's UI imports this file as its bundle and asks for every
// filter as soon as it starts: at 10,000 records that is 120 KB of filter data, more than
// a third of a first search, for a panel most searches never open. search.js resolves
// `window.registrySearch.filtersWanted` when the reader presses "Filter the results".
//
// The UI shows what this returns until the next search, so, once the data is loaded, it gets
// the counts of the search on the page (`registrySearch.current()`), not the registry's.
export * from "../../pagefind/pagefind.js";
import { filters as allFilters, search } from "../../pagefind/pagefind.js";

export async function filters() {
  const page = window.registrySearch;
  if (page && page.filtersWanted) await page.filtersWanted;
  const all = await allFilters();
  if (page && page.offered) page.offered(all); // search.js drops the address's values it lacks
  const now = page && page.current ? page.current() : null;
  if (!now || !now.term) return all;
  const found = await search(now.term, { filters: now.filters });
  return found && found.filters && Object.keys(found.filters).length ? found.filters : all;
}
