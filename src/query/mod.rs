//! Selections of tickets: which rows a selection holds, and how many. The figures carry the
//! selection that produced each number (see `stats::ratio`); the explorer opens them here.
//! Facet keys come from the same `View` predicates the figures are computed with.

pub mod export;
pub mod facet;
pub mod original;
pub mod selection;
pub mod sheet_xlsx;
pub mod sort;
pub mod tickets;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use memchr::memmem::Finder;

pub use facet::{Facet, Keyed, Keys, NO, YES};
pub use selection::{Filter, Selection};
pub use tickets::{TicketPage, TicketRow, Tickets};

use crate::settings::Topic;
use crate::stats::topic::TopicMatcher;
use crate::stats::View;

/// Facets' computed keys, kept by an analysis between queries (they depend only on its
/// table, settings and month).
pub type KeyCache = Mutex<HashMap<Facet, Arc<Keyed<'static>>>>;

/// Answers selections over one analysis's table, keeping each facet's keys once made.
pub struct Query<'a> {
    view: &'a View<'a>,
    keyed: RefCell<HashMap<Facet, Rc<Keyed<'a>>>>,
    shared: Option<&'a KeyCache>,
}

impl<'a> Query<'a> {
    /// A query keeping its keys in the analysis's cache when the view has one.
    pub fn new(view: &'a View<'a>) -> Query<'a> {
        Query { view, keyed: RefCell::new(HashMap::new()), shared: view.context.keys }
    }

    /// A query that takes computed keys from, and leaves them in, `cache`.
    pub fn cached(view: &'a View<'a>, cache: &'a KeyCache) -> Query<'a> {
        Query { view, keyed: RefCell::new(HashMap::new()), shared: Some(cache) }
    }

    /// The facet's keys for every row; an error for a topic of a section without one.
    pub fn keyed(&self, facet: &Facet) -> Result<Rc<Keyed<'a>>, String> {
        if let Some(keyed) = self.keyed.borrow().get(facet) {
            return Ok(keyed.clone());
        }
        let kept = self.shared.and_then(|cache| cache.lock().ok()?.get(facet).cloned());
        if let Some(kept) = kept {
            let keyed = Rc::new(Keyed { keys: kept.keys.shared(), values: kept.values.clone() });
            self.keyed.borrow_mut().insert(facet.clone(), keyed.clone());
            return Ok(keyed);
        }
        let view = self.view;
        let keyed = facet
            .keyed(view, |section| {
                let topic = topic_of(view, section)?;
                let keys = self.classify_topics(&[(facet, topic.clone())], None).pop()?;
                Some(Keyed { keys: facet::computed(keys.into_iter()), values: topic_values(&topic) })
            })
            .ok_or_else(|| match facet {
                Facet::Topic(section) => format!("“{section}”一节没有热点，无法按热点筛选。"),
                _ => format!("无法按“{facet:?}”筛选。"),
            })?;
        Ok(self.keep(facet, keyed))
    }

    /// Makes the keys of every topic among `facets` not made yet, in one pass over the rows:
    /// each ticket's text is read once for all of them (a pass per topic streamed every text
    /// through memory once per topic).
    pub fn key_topics(&self, facets: &[Facet]) {
        let missing = self.topics_not_keyed(facets);
        if missing.is_empty() {
            return;
        }
        let keys = self.classify_topics(&missing, None);
        for ((facet, topic), keys) in missing.into_iter().zip(keys) {
            self.keep(facet, Keyed { keys: facet::computed(keys.into_iter()), values: topic_values(&topic) });
        }
    }

    /// The keys of the topics among `facets` for the rows `wanted` marks (0 elsewhere), not
    /// kept: what a count over those rows needs, for less than classifying every row. A
    /// topic already keyed whole is taken as it is.
    pub fn topic_keys_among(&self, facets: &[Facet], wanted: &[bool]) -> Result<Vec<(Facet, Rc<Keyed<'a>>)>, String> {
        let missing = self.topics_not_keyed(facets);
        let keys = self.classify_topics(&missing, Some(wanted));
        let mut among: Vec<(Facet, Rc<Keyed<'a>>)> = missing
            .into_iter()
            .zip(keys)
            .map(|((facet, topic), keys)| {
                (
                    facet.clone(),
                    Rc::new(Keyed { keys: facet::computed(keys.into_iter()), values: topic_values(&topic) }),
                )
            })
            .collect();
        for facet in facets.iter().filter(|f| matches!(f, Facet::Topic(_))) {
            if !among.iter().any(|(f, _)| f == facet) {
                among.push((facet.clone(), self.keyed(facet)?));
            }
        }
        Ok(among)
    }

    /// The topics among `facets` whose keys are not made yet, with their settings.
    fn topics_not_keyed<'f>(&self, facets: &'f [Facet]) -> Vec<(&'f Facet, Topic)> {
        let made = |facet: &Facet| {
            self.keyed.borrow().contains_key(facet)
                || self.shared.is_some_and(|cache| cache.lock().is_ok_and(|c| c.contains_key(facet)))
        };
        facets
            .iter()
            .filter(|f| !made(f))
            .filter_map(|f| match f {
                Facet::Topic(section) => Some((f, topic_of(self.view, section)?)),
                _ => None,
            })
            .collect()
    }

    /// Each row's key in each topic, in one pass (each text read once for all topics): 0
    /// outside the topic, its section's scope or the `wanted` rows.
    fn classify_topics(&self, topics: &[(&Facet, Topic)], wanted: Option<&[bool]>) -> Vec<Vec<u32>> {
        let missing = topics;
        let table = self.view.table;
        let matchers: Vec<TopicMatcher> = missing.iter().map(|(_, t)| TopicMatcher::new(t, &table.category)).collect();
        // Each section's scope as tests, taken only for the rows classified.
        let selections: Vec<Option<Selection>> = missing
            .iter()
            .map(|(facet, _)| match facet {
                Facet::Topic(section) => crate::sections::topic_scope(self.view, section),
                _ => None,
            })
            .collect();
        let scopes: Vec<Option<(Vec<Test<'a>>, Narrow)>> = selections
            .iter()
            .map(|scope| {
                let scope = scope.as_ref()?;
                Some((self.tests(scope).ok()?, narrowing(scope)))
            })
            .collect();
        let [top, middle, lowest] = &table.category;
        let mut keys: Vec<Vec<u32>> = vec![Vec::with_capacity(table.len()); missing.len()];
        for at in 0..table.len() {
            if wanted.is_some_and(|wanted| !wanted[at]) {
                keys.iter_mut().for_each(|keys| keys.push(0));
                continue;
            }
            let categories = [top.codes[at], middle.codes[at], lowest.codes[at]];
            let text = table.content.get(at);
            for ((matcher, keys), scope) in matchers.iter().zip(&mut keys).zip(&scopes) {
                let row = at as u32;
                let inside = scope
                    .as_ref()
                    .is_none_or(|(tests, narrow)| tests.iter().all(|t| t.passes(row)) && self.holds(row, narrow));
                let key = if inside { matcher.classify(categories, text).map_or(0, |sub| sub as u32 + 1) } else { 0 };
                keys.push(key);
            }
        }
        keys
    }

    /// Keeps a facet's keys for later queries (and in the analysis's cache, when computed).
    fn keep(&self, facet: &Facet, keyed: Keyed<'a>) -> Rc<Keyed<'a>> {
        let owned = match &keyed.keys {
            Keys::Computed(keys) => Some(Keys::Computed(keys.clone())),
            Keys::Small(keys) => Some(Keys::Small(keys.clone())),
            Keys::Column(_) => None,
        };
        if let (Some(cache), Some(keys)) = (self.shared, owned) {
            let kept = Keyed { keys, values: keyed.values.clone() };
            if let Ok(mut cache) = cache.lock() {
                cache.insert(facet.clone(), Arc::new(kept));
            }
        }
        let keyed = Rc::new(keyed);
        self.keyed.borrow_mut().insert(facet.clone(), keyed.clone());
        keyed
    }

    /// The rows the selection holds, ascending.
    pub fn rows(&self, selection: &Selection) -> Result<Vec<u32>, String> {
        let mut rows = Vec::new();
        self.each_held(selection, 0..self.view.table.len() as u32, |row| rows.push(row))?;
        Ok(rows)
    }

    /// Calls `held` with each of `candidates` the selection holds, in their order.
    fn each_held(
        &self,
        selection: &Selection,
        candidates: impl Iterator<Item = u32>,
        mut held: impl FnMut(u32),
    ) -> Result<(), String> {
        let tests = self.tests(selection)?;
        let narrow = narrowing(selection);
        for row in candidates.filter(|&row| tests.iter().all(|t| t.passes(row)) && self.holds(row, &narrow)) {
            held(row);
        }
        Ok(())
    }

    /// The selection's month and filters, each as a test of a row's key.
    fn tests(&self, selection: &Selection) -> Result<Vec<Test<'a>>, String> {
        let month = selection.month.map(|m| Filter { facet: Facet::Month, values: vec![m.to_string()], any: false });
        month
            .iter()
            .chain(&selection.filters)
            .map(|filter| {
                let keyed = self.keyed(&filter.facet)?;
                let accepted = accepted(&keyed, filter);
                Ok(Test { facet: filter.facet.clone(), keyed, accepted })
            })
            .collect()
    }

    /// Whether the row was taken in on the selection's days and its content holds every word.
    fn holds(&self, row: u32, narrow: &Narrow) -> bool {
        let table = self.view.table;
        let at = row as usize;
        let (start, end) = narrow.dates;
        if !(start..end).contains(&table.intake[at]) {
            return false;
        }
        let text = table.content.get(at).as_bytes();
        narrow.words.iter().all(|w| w.find(text).is_some())
    }

    /// The table and settings the query reads.
    pub fn view(&self) -> &View<'a> {
        self.view
    }

    /// How many rows the table holds (every row has a key in every facet).
    pub fn rows_in_table(&self) -> u32 {
        self.view.table.len() as u32
    }

    pub fn count(&self, selection: &Selection) -> Result<u64, String> {
        self.rows(selection).map(|rows| rows.len() as u64)
    }

    /// How many of `candidates` the selection holds: the count of a selection known to lie
    /// among them (a month's rows), without a pass over the whole table.
    pub fn count_among(&self, selection: &Selection, candidates: &[u32]) -> Result<u64, String> {
        let mut count = 0;
        self.each_held(selection, candidates.iter().copied(), |_| count += 1)?;
        Ok(count)
    }

    /// Each facet's values with their counts among the tickets that pass every other facet's
    /// filters (and the words): what checking one more value would add. One pass: a row
    /// failing only one facet's filters counts for that facet alone.
    pub fn facets(&self, selection: &Selection, facets: &[Facet], shown: usize) -> Result<Vec<FacetCounts>, String> {
        let filters = self.tests(selection)?;
        let counted: Vec<Rc<Keyed<'a>>> = facets.iter().map(|f| self.keyed(f)).collect::<Result<_, _>>()?;
        let mut counts: Vec<Vec<u64>> = counted.iter().map(|k| vec![0; k.values.len()]).collect();
        // The facet each filter belongs to, as an index into `facets` (None: not listed).
        let owner: Vec<Option<usize>> = filters.iter().map(|t| facets.iter().position(|c| *c == t.facet)).collect();
        let narrow = narrowing(selection);
        for row in 0..self.view.table.len() as u32 {
            // The one facet this row fails, if it fails only one; `Err` if it fails more.
            let mut failing: Result<Option<Option<usize>>, ()> = Ok(None);
            for (i, test) in filters.iter().enumerate() {
                if !test.passes(row) {
                    failing = match failing {
                        Ok(None) => Ok(Some(owner[i])),
                        Ok(Some(f)) if f == owner[i] && f.is_some() => Ok(Some(f)),
                        _ => Err(()),
                    };
                    if failing.is_err() {
                        break;
                    }
                }
            }
            let only = match failing {
                Err(()) | Ok(Some(None)) => continue,
                Ok(only) => only.flatten(),
            };
            if !self.holds(row, &narrow) {
                continue;
            }
            match only {
                Some(facet) => counts[facet][counted[facet].keys.of(row) as usize] += 1,
                None => {
                    for (facet, keyed) in counted.iter().enumerate() {
                        counts[facet][keyed.keys.of(row) as usize] += 1;
                    }
                }
            }
        }
        Ok(facets
            .iter()
            .zip(&counted)
            .zip(counts)
            .map(|((facet, keyed), mut counts)| {
                // A value standing for two is counted under each and not listed itself.
                let folded = |key: usize| !facet.taken_also_by(&keyed.values[key]).is_empty();
                for key in (0..keyed.values.len()).filter(|&key| folded(key)) {
                    for &also in facet.taken_also_by(&keyed.values[key]) {
                        if let Some(into) = keyed.values.iter().position(|v| v == also) {
                            counts[into] += counts[key];
                        }
                    }
                }
                // The values this facet's own filters accept (all, without one).
                let own: Vec<&Vec<bool>> = filters.iter().filter(|t| t.facet == *facet).map(|t| &t.accepted).collect();
                let selected = |key: usize| !own.is_empty() && own.iter().all(|a| a[key]);
                let mut values: Vec<FacetValue> = (0..keyed.values.len())
                    .filter(|&key| !folded(key) && (counts[key] > 0 || selected(key)))
                    .map(|key| FacetValue {
                        value: keyed.values[key].clone(),
                        label: facet.value_label(&keyed.values[key]),
                        count: counts[key],
                        selected: selected(key),
                    })
                    .collect();
                // Months newest first, as a calendar reads; other values by how many tickets.
                values.sort_by(|a, b| {
                    let by_count = match facet {
                        Facet::Month => b.value.cmp(&a.value),
                        _ => b.count.cmp(&a.count).then(a.value.cmp(&b.value)),
                    };
                    b.selected.cmp(&a.selected).then(by_count)
                });
                let listed = values.len();
                values.truncate(shown.max(values.iter().filter(|v| v.selected).count()));
                let more = listed - values.len();
                FacetCounts { facet: facet.clone(), label: facet.label(), values, more }
            })
            .collect())
    }
}

/// A facet's values among the tickets the other facets select.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCounts {
    pub facet: Facet,
    pub label: String,
    /// Selected values first, then by count; at most the number asked for, besides the
    /// selected ones.
    pub values: Vec<FacetValue>,
    /// Values with tickets not listed.
    pub more: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetValue {
    /// As a selection writes it.
    pub value: String,
    /// As the explorer shows it.
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

/// A filter ready to test rows: the keys of its facet and which of them it accepts.
struct Test<'a> {
    facet: Facet,
    keyed: Rc<Keyed<'a>>,
    accepted: Vec<bool>,
}

impl Test<'_> {
    fn passes(&self, row: u32) -> bool {
        self.accepted[self.keyed.keys.of(row) as usize]
    }
}

/// What a selection asks of a row besides its facets: its intake day and content's words.
struct Narrow<'s> {
    dates: (crate::period::Timestamp, crate::period::Timestamp),
    words: Vec<Finder<'s>>,
}

/// The selection's days and search words, blank words left out (a blank word is in every text).
fn narrowing(selection: &Selection) -> Narrow<'_> {
    Narrow {
        dates: selection.dates.map_or((i64::MIN, i64::MAX), |range| range.bounds()),
        words: selection.words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()).map(Finder::new).collect(),
    }
}

/// Which keys a filter accepts (`any`: every non-blank key besides its values).
fn accepted(keyed: &Keyed, filter: &Filter) -> Vec<bool> {
    keyed
        .values
        .iter()
        .enumerate()
        .map(|(key, value)| (filter.any && key != 0) || filter.values.iter().any(|v| filter.facet.takes(value, v)))
        .collect()
}

/// The topic of the section with `key`, from its settings.
fn topic_of(view: &View, key: &str) -> Option<Topic> {
    crate::sections::topics(&view.settings.sections).into_iter().find(|(k, _)| *k == key).map(|(_, topic)| topic)
}

/// A topic facet's values: none, each sub-topic, the "other" bucket.
fn topic_values(topic: &Topic) -> Vec<String> {
    let mut values = vec![String::new()];
    values.extend(topic.subtopics.iter().map(|s| s.name.clone()));
    values.push(topic.other.clone());
    values
}
