"""Rules beyond the schema: each is a small named generator, and the lists below are all of them.

A rule knows nothing about files or lines. It yields a `Finding` (a field path and a
message) and `registry.entries` works out the line and column from the loader's table.
`ENTRY_CHECKS` see one entry at a time; `REGISTRY_CHECKS` see all of them (unique ids,
aliases, links between records), and the ids of the entry files that did not load. Slow or
network checks (link liveness) do not belong here.
"""

from __future__ import annotations

from registry.checks import bounds, contract, dates, identity, names, sources, text
from registry.checks.base import EntryFile, Finding

ENTRY_CHECKS = [
    identity.check_id_matches_file_name,
    identity.check_country_matches_folder_and_id,
    identity.check_record_status_consistent,
    identity.check_aliases_are_other_ids,
    identity.check_related_listed_once,
    identity.check_vendor_is_stated,
    identity.check_party_country_is_another,
    names.check_request_names_its_body_as_written,
    sources.check_source_ids_unique,
    sources.check_citations_resolve,
    sources.check_every_source_cited,
    sources.check_ids_listed_once,
    sources.check_source_without_url_is_identified,
    sources.check_statement_references,
    dates.check_timeline_dates_ordered,
    dates.check_periods_ordered,
    dates.check_ended_has_end,
    dates.check_status_agrees_with_end,
    dates.check_case_dates_ordered,
    dates.check_source_read_after_published,
    dates.check_started_by_as_of,
    dates.check_nothing_done_is_in_the_future,
    contract.check_one_mode_field,
    bounds.check_sharing_pairs_bounded,
    bounds.check_request_letters_bounded,
    bounds.check_aliases_bounded,
    bounds.check_related_bounded,
    bounds.check_parties_bounded,
    contract.check_quantities,
    contract.check_measures,
    contract.check_count_within_base,
    contract.check_fine_or_penalties,
    contract.check_penalty_amounts,
    contract.check_responses,
    contract.check_evidence_declared,
    text.check_plain_text,
    text.check_no_contact_details,
    text.check_no_placeholders,
    text.check_no_curly_quotes_around,
    text.check_unknown_is_explained,
]

#: The rules that read only what was written, not the validated model: they run on a file the
#: schema refused too (registry.entries), so its first check lists these problems with the
#: schema's instead of after them. The same rules run on a valid entry through ENTRY_CHECKS.
RAW_CHECKS = [
    text.check_plain_text,
    text.check_no_contact_details,
    text.check_no_placeholders,
    text.check_no_curly_quotes_around,
    sources.check_citations_as_written,
]

REGISTRY_CHECKS = [
    identity.check_ids_unique,
    identity.check_aliases_unique_and_not_live,
    identity.check_links_resolve,
    identity.check_merged_into_is_published,
    names.check_one_spelling_per_page,
    names.check_no_page_takes_an_old_address,
]

__all__ = ["ENTRY_CHECKS", "REGISTRY_CHECKS", "EntryFile", "Finding"]
