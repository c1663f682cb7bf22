//! Tasks: what the team has to do (`TK-0001`…: title, owner on the case team, due date,
//! status, notes, links to entities; history is their audit entries), the shipped playbook
//! (`playbooks/insider.toml`, compiled in) that creates them from the key dates, and the
//! deadlines other domains own — notification obligations, legal process, referral follow-ups —
//! listed beside them, computed at read time from their sources so they cannot drift. Those
//! are changed only where they come from. "What's next" is the overdue and due-soon part of
//! that list.

use crate::dates::KeyDateKind;
use crate::error::{Error, Result};
use crate::obligations::Outcome;
use crate::store::{Case, Tx};
use crate::team::{Role, TeamMember};
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

vocabulary! {
    TaskStatus {
        ToDo = "to_do", "To do";
        Doing = "doing", "Doing";
        Blocked = "blocked", "Blocked";
        Done = "done", "Done";
        NotApplicable = "not_applicable", "Not applicable";
    }
}

vocabulary! {
    /// Where a row of the task list comes from: the case's own tasks, or a deadline another
    /// domain owns (changed there, never here).
    TaskSource {
        Task = "task", "Task";
        Playbook = "playbook", "Playbook";
        Obligation = "obligation", "Notification obligation";
        LegalProcess = "legal_process", "Legal process";
        FollowUp = "follow_up", "Referral follow-up";
    }
}

vocabulary! {
    /// What a task can point at.
    LinkKind {
        Evidence = "evidence", "Evidence item";
        Person = "person", "Person";
        Referral = "referral", "Referral";
        Obligation = "obligation", "Notification obligation";
        Statement = "statement", "Statement";
        HarmReport = "harm_report", "Harm report";
        Event = "event", "Timeline event";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
pub struct TaskLink {
    pub kind: LinkKind,
    /// `EV-0001`, `P-…`, `LE-0001`, a rule id such as `US-CA.regulator`, `ST-0001`…
    pub id: String,
}

/// One row of the task list: a task of the case, or a deadline derived from another domain.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Task {
    /// `TK-0001`; derived rows `obligation:US-CA.regulator`, `legal_process:LP-0001`,
    /// `follow_up:LE-0001`.
    pub id: String,
    pub title: String,
    pub notes: String,
    /// The playbook phase; empty for other tasks.
    pub phase: String,
    /// The owner's team-member id, and their name while they are on the team.
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    /// The role the playbook gives the step, so an unowned step says who should take it.
    pub owner_role: Option<Role>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Where the due date comes from, or why there is none.
    pub due_note: String,
    pub status: TaskStatus,
    /// Why a task is not applicable (required then), or a note on blocked.
    pub reason: String,
    pub source: TaskSource,
    /// Where a derived row is done (the referral, the obligation); `None` for the case's tasks.
    pub source_link: Option<TaskLink>,
    pub links: Vec<TaskLink>,
    /// Past its due date by the case's clock and not done or not applicable.
    pub overdue: bool,
}

impl Task {
    pub fn derived(&self) -> bool {
        self.source_link.is_some()
    }

    fn open(&self) -> bool {
        !matches!(self.status, TaskStatus::Done | TaskStatus::NotApplicable)
    }
}

/// A new task, or every field of an edited one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TaskInput {
    pub title: String,
    pub notes: Option<String>,
    /// A team member's id, name or e-mail; blank for none.
    pub owner: Option<String>,
    /// `YYYY-MM-DD`. Blank on a playbook task puts back its date from the key date.
    pub due: Option<String>,
    #[serde(default)]
    pub links: Vec<TaskLink>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    /// A team member's id, name or e-mail.
    pub owner: Option<String>,
    #[serde(default)]
    pub overdue: bool,
}

/// Overdue items (oldest first), then those due in the next seven days, across every module.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct WhatsNext {
    pub items: Vec<Task>,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PlaybookApplied {
    pub playbook: String,
    pub version: u32,
    /// The tasks made now; steps the case already has are not made again.
    pub added: Vec<String>,
    pub already: u32,
}

// ---- the playbook --------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookFile {
    playbook: PlaybookHeader,
    step: Vec<StepFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookHeader {
    id: String,
    version: u32,
    title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    key: String,
    phase: String,
    title: String,
    notes: String,
    role: String,
    from: String,
    days: u32,
}

/// One step of a playbook, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PlaybookStep {
    pub key: String,
    pub phase: String,
    pub title: String,
    pub notes: String,
    pub role: Role,
    pub from: KeyDateKind,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Playbook {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub steps: Vec<PlaybookStep>,
}

const PLAYBOOK: (&str, &str) = (
    "playbooks/insider.toml",
    include_str!("../playbooks/insider.toml"),
);

/// Reads a playbook file, refusing one whose steps repeat a key or name an unknown role or
/// key date (the error names the file and step).
pub fn parse_playbook(file: &str, text: &str) -> Result<Playbook> {
    let raw: PlaybookFile =
        toml::from_str(text).map_err(|e| Error::invalid("playbook", format!("{file}: {e}")))?;
    let mut keys = BTreeSet::new();
    let mut steps = Vec::new();
    for s in raw.step {
        let at = |field: &str, e: Error| {
            Error::invalid(
                "playbook",
                format!("{file}, step {:?}, {field}: {e}", s.key),
            )
        };
        if s.key.trim().is_empty() || !keys.insert(s.key.clone()) {
            return Err(Error::invalid(
                "playbook",
                format!("{file}: step key {:?} is blank or used twice", s.key),
            ));
        }
        steps.push(PlaybookStep {
            role: Role::parse(&s.role, "role").map_err(|e| at("role", e))?,
            from: KeyDateKind::parse(&s.from, "from").map_err(|e| at("from", e))?,
            key: s.key,
            phase: s.phase,
            title: s.title,
            notes: s.notes,
            days: s.days,
        });
    }
    Ok(Playbook {
        id: raw.playbook.id,
        version: raw.playbook.version,
        title: raw.playbook.title,
        steps,
    })
}

/// The playbook this build ships, parsed once; a test proves it parses, so a failure here is a
/// broken build.
pub fn shipped_playbook() -> &'static Playbook {
    static BOOK: OnceLock<Playbook> = OnceLock::new();
    BOOK.get_or_init(|| {
        parse_playbook(PLAYBOOK.0, PLAYBOOK.1)
            .unwrap_or_else(|e| panic!("the shipped playbook: {e}"))
    })
}

// ---- storage -------------------------------------------------------------------------------

/// A task row as stored: the due date is either set by hand or anchored to a key date.
struct Row {
    id: String,
    title: String,
    notes: String,
    phase: String,
    owner: Option<String>,
    owner_role: Option<Role>,
    due: Option<String>,
    anchor: Option<KeyDateKind>,
    offset_days: Option<u32>,
    status: TaskStatus,
    reason: String,
    playbook_step: Option<String>,
}

const SELECT: &str = "SELECT id, title, notes, phase, owner, owner_role, due, anchor, \
                      offset_days, status, reason, playbook_step FROM tasks";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        title: r.get(1)?,
        notes: r.get(2)?,
        phase: r.get(3)?,
        owner: r.get(4)?,
        owner_role: r.get(5)?,
        due: r.get(6)?,
        anchor: r.get(7)?,
        offset_days: r.get(8)?,
        status: r.get(9)?,
        reason: r.get(10)?,
        playbook_step: r.get(11)?,
    })
}

fn day(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!(
                "{:?} is not a date; use YYYY-MM-DD, e.g. 2026-03-15",
                s.trim()
            ),
        )
    })
}

fn optional_day(field: &str, s: Option<&str>) -> Result<Option<String>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Some(day(field, s)?.to_string())),
        None => Ok(None),
    }
}

fn plural_days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// What the read side needs once per listing: today, the key dates' local days, the team.
struct Context {
    today: NaiveDate,
    key_days: HashMap<KeyDateKind, NaiveDate>,
    team: Vec<TeamMember>,
}

impl Context {
    fn task(&self, r: Row, links: Vec<TaskLink>) -> Task {
        let (due, due_note) = match (&r.due, r.anchor, r.offset_days) {
            (Some(d), _, _) => (Some(d.clone()), "Set by hand".to_string()),
            (None, Some(kind), Some(days)) => match self.key_days.get(&kind) {
                Some(k) => (
                    k.checked_add_days(Days::new(days.into()))
                        .map(|d| d.to_string()),
                    format!("{} + {}", kind.label(), plural_days(days)),
                ),
                None => (
                    None,
                    format!(
                        "No due date yet: {} + {}, and the {} date is not set",
                        kind.label(),
                        plural_days(days),
                        kind.label().to_lowercase()
                    ),
                ),
            },
            _ => (None, String::new()),
        };
        let owner_name = r
            .owner
            .as_ref()
            .and_then(|o| self.team.iter().find(|m| &m.id == o))
            .map(|m| m.name.clone());
        let mut t = Task {
            id: r.id,
            title: r.title,
            notes: r.notes,
            phase: r.phase,
            owner: r.owner,
            owner_name,
            owner_role: r.owner_role,
            due,
            due_note,
            status: r.status,
            reason: r.reason,
            source: if r.playbook_step.is_some() {
                TaskSource::Playbook
            } else {
                TaskSource::Task
            },
            source_link: None,
            links,
            overdue: false,
        };
        t.overdue = self.overdue(&t);
        t
    }

    fn overdue(&self, t: &Task) -> bool {
        t.open()
            && t.due
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_some_and(|d| d < self.today)
    }
}

/// Orders a list by due date (undated last), then id, so the list reads as a schedule.
fn by_due(a: &Task, b: &Task) -> std::cmp::Ordering {
    (a.due.is_none(), &a.due, &a.id).cmp(&(b.due.is_none(), &b.due, &b.id))
}

/// A [`TaskInput`] once every field is checked.
struct Checked {
    title: String,
    notes: String,
    due: Option<String>,
    owner: Option<String>,
    links: Vec<TaskLink>,
}

fn validated_links(links: &[TaskLink]) -> Result<Vec<TaskLink>> {
    let mut out = BTreeSet::new();
    for l in links {
        let id = limited(
            "links",
            &required("links", &l.id, "the linked item's id")?,
            200,
        )?;
        out.insert(TaskLink { kind: l.kind, id });
    }
    Ok(out.into_iter().collect())
}

fn insert_links(tx: &Tx, id: &str, links: &[TaskLink]) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM task_links WHERE task_id = ?1", [id])?;
    for l in links {
        tx.conn().execute(
            "INSERT INTO task_links (task_id, kind, entity_id) VALUES (?1, ?2, ?3)",
            params![id, l.kind, l.id],
        )?;
    }
    Ok(())
}

/// What the audit entries of a task hold: its stored fields (the date as stored, not derived).
fn audit_json(t: &Task, due: &Option<String>) -> serde_json::Value {
    serde_json::json!({
        "id": t.id,
        "title": t.title,
        "notes": t.notes,
        "phase": t.phase,
        "owner": t.owner,
        "due": due,
        "status": t.status,
        "reason": t.reason,
        "links": t.links,
    })
}

impl Case {
    fn task_context(&self) -> Result<Context> {
        let mut key_days = HashMap::new();
        for d in self.key_dates()? {
            // Offsets count calendar days where the date was observed, as the notification
            // clocks do.
            if let Ok(day) = NaiveDate::parse_from_str(&d.when.local[..10], "%Y-%m-%d") {
                key_days.insert(d.kind, day);
            }
        }
        Ok(Context {
            today: self.now().date_naive(),
            key_days,
            team: self.team()?,
        })
    }

    fn task_links(&self) -> Result<HashMap<String, Vec<TaskLink>>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT task_id, kind, entity_id FROM task_links ORDER BY kind, entity_id")?;
        let mut out: HashMap<String, Vec<TaskLink>> = HashMap::new();
        for r in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                TaskLink {
                    kind: r.get(1)?,
                    id: r.get(2)?,
                },
            ))
        })? {
            let (task, link) = r?;
            out.entry(task).or_default().push(link);
        }
        Ok(out)
    }

    fn own_tasks(&self, ctx: &Context) -> Result<Vec<Task>> {
        let mut links = self.task_links()?;
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY num"))?;
        let rows = stmt
            .query_map([], row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let l = links.remove(&r.id).unwrap_or_default();
                ctx.task(r, l)
            })
            .collect())
    }

    /// Deadlines the notification obligations, legal process and referral follow-ups hold,
    /// as they stand now.
    fn derived_tasks(&self, ctx: &Context) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        let mut push = |mut t: Task| {
            t.overdue = ctx.overdue(&t);
            out.push(t);
        };
        let derived = |id: String,
                       title: String,
                       due: Option<String>,
                       due_note: String,
                       status: TaskStatus,
                       source: TaskSource,
                       link: TaskLink| Task {
            id,
            title,
            notes: String::new(),
            phase: String::new(),
            owner: None,
            owner_name: None,
            owner_role: None,
            due,
            due_note,
            status,
            reason: String::new(),
            source,
            source_link: Some(link),
            links: Vec::new(),
            overdue: false,
        };
        if self.newest_snapshot()?.is_some() {
            let report = self.obligations_report(None)?;
            for row in &report.obligations {
                let o = &row.computed;
                let outcome = row.override_.as_ref().map_or(o.outcome, |v| v.outcome);
                if outcome == Outcome::NotTriggered || o.due.is_none() {
                    continue;
                }
                push(derived(
                    format!("obligation:{}", o.rule),
                    format!("Notify {} ({})", o.body, o.jurisdiction),
                    o.due.clone(),
                    format!(
                        "{} from {} ({})",
                        o.deadline,
                        o.clock.label().to_lowercase(),
                        o.citation
                    ),
                    if row.filing.is_some() {
                        TaskStatus::Done
                    } else {
                        TaskStatus::ToDo
                    },
                    TaskSource::Obligation,
                    TaskLink {
                        kind: LinkKind::Obligation,
                        id: o.rule.clone(),
                    },
                ));
            }
        }
        for p in self.legal_process()? {
            let Some(due) = p.due.clone() else { continue };
            push(derived(
                format!("legal_process:{}", p.id),
                format!("Answer {} ({})", p.kind.label().to_lowercase(), p.id),
                Some(due),
                format!("Due date of {} under {}", p.id, p.referral_id),
                if p.response.is_empty() {
                    TaskStatus::ToDo
                } else {
                    TaskStatus::Done
                },
                TaskSource::LegalProcess,
                TaskLink {
                    kind: LinkKind::Referral,
                    id: p.referral_id.clone(),
                },
            ));
        }
        for f in self.referral_agenda()?.open_follow_ups {
            push(derived(
                format!("follow_up:{}", f.referral_id),
                format!("{}: {}", f.agency, f.next_action),
                f.due.clone(),
                format!("Next action of {}'s latest follow-up", f.referral_id),
                TaskStatus::ToDo,
                TaskSource::FollowUp,
                TaskLink {
                    kind: LinkKind::Referral,
                    id: f.referral_id.clone(),
                },
            ));
        }
        Ok(out)
    }

    /// The case's tasks and the deadlines derived from other modules, by due date (undated
    /// last).
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let ctx = self.task_context()?;
        let owner = match filter.owner.as_deref().map(str::trim) {
            Some(o) if !o.is_empty() => Some(self.team_member(o, "owner")?.id),
            _ => None,
        };
        let mut all = self.own_tasks(&ctx)?;
        all.extend(self.derived_tasks(&ctx)?);
        all.retain(|t| {
            filter.status.is_none_or(|s| t.status == s)
                && owner.as_ref().is_none_or(|o| t.owner.as_ref() == Some(o))
                && (!filter.overdue || t.overdue)
        });
        all.sort_by(by_due);
        Ok(all)
    }

    /// One row of the task list by id, a derived one too (to open it where it is done).
    pub fn task(&self, id: &str) -> Result<Task> {
        let id = id.trim();
        if !id.contains(':') {
            return self.own_task(id).map(|(t, _)| t);
        }
        self.derived_tasks(&self.task_context()?)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "task",
                id: id.to_string(),
            })
    }

    /// Overdue items, oldest first, then the open ones due within seven days.
    pub fn whats_next(&self) -> Result<WhatsNext> {
        let today = self.now().date_naive();
        let week = today
            .checked_add_days(Days::new(7))
            .unwrap_or(today)
            .to_string();
        let mut items: Vec<Task> = self
            .tasks(&TaskFilter::default())?
            .into_iter()
            .filter(|t| t.open() && t.due.as_deref().is_some_and(|d| d <= week.as_str()))
            .collect();
        // Already by due date, so overdue (earlier) items come first, oldest first.
        items.sort_by(|a, b| (!a.overdue, &a.due, &a.id).cmp(&(!b.overdue, &b.due, &b.id)));
        let overdue = items.iter().filter(|t| t.overdue).count() as u32;
        Ok(WhatsNext { items, overdue })
    }

    /// The case's own task, refusing a derived row with where to change it instead.
    fn own_task(&self, id: &str) -> Result<(Task, Option<String>)> {
        let id = id.trim();
        let refuse = |source: &str| {
            Error::invalid(
                "id",
                format!("{id} is a deadline of {source}; it is done there, not in the task list"),
            )
        };
        if id.starts_with("obligation:") {
            return Err(refuse(
                "the notification obligations: record the filing under Obligations",
            ));
        }
        if id.starts_with("legal_process:") {
            return Err(refuse("legal process: record the response on its referral"));
        }
        if id.starts_with("follow_up:") {
            return Err(refuse(
                "a referral follow-up: record the next follow-up on its referral",
            ));
        }
        let id = crate::util::text::normal_id(id, "TK");
        let r = self
            .conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [&id], row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "task",
                id: id.clone(),
            })?;
        let due = r.due.clone();
        let ctx = self.task_context()?;
        let links = self.task_links()?.remove(&id).unwrap_or_default();
        Ok((ctx.task(r, links), due))
    }

    fn owner_id(&self, owner: Option<&str>) -> Result<Option<String>> {
        match owner.map(str::trim).filter(|o| !o.is_empty()) {
            Some(o) => Ok(Some(self.team_member(o, "owner")?.id)),
            None => Ok(None),
        }
    }

    pub fn add_task(&mut self, input: TaskInput) -> Result<Task> {
        let Checked {
            title,
            notes,
            due,
            owner,
            links,
        } = self.checked(&input)?;
        let id = self.transact(|tx| {
            let (num, id) = tx.next_id("tasks", "TK")?;
            let now = tx.now_str();
            tx.conn().execute(
                "INSERT INTO tasks (num, id, title, notes, owner, due, created_at, created_by,
                                    updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)",
                params![num, id, title, notes, owner, due, now, tx.actor()],
            )?;
            insert_links(tx, &id, &links)?;
            let new = serde_json::json!({
                "id": id, "title": title, "notes": notes, "owner": owner, "due": due,
                "status": TaskStatus::ToDo, "links": links,
            });
            tx.record("task.add", "task", &id, None, Some(new))?;
            Ok(id)
        })?;
        self.task(&id)
    }

    /// A task's fields as the user gave them, each checked (which field, what to do).
    fn checked(&self, input: &TaskInput) -> Result<Checked> {
        Ok(Checked {
            title: limited(
                "title",
                &required("title", &input.title, "what has to be done")?,
                300,
            )?,
            notes: limited("notes", input.notes.as_deref().unwrap_or(""), 20_000)?,
            due: optional_day("due", input.due.as_deref())?,
            owner: self.owner_id(input.owner.as_deref())?,
            links: validated_links(&input.links)?,
        })
    }

    /// Replaces a task's title, notes, owner, due date and links.
    pub fn edit_task(&mut self, id: &str, input: TaskInput) -> Result<Task> {
        let (old, old_due) = self.own_task(id)?;
        let Checked {
            title,
            notes,
            due,
            owner,
            links,
        } = self.checked(&input)?;
        let id = old.id.clone();
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE tasks SET title = ?2, notes = ?3, owner = ?4, due = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id, title, notes, owner, due, tx.now_str()],
            )?;
            insert_links(tx, &id, &links)?;
            let new = Task {
                title: title.clone(),
                notes: notes.clone(),
                owner: owner.clone(),
                links: links.clone(),
                ..old.clone()
            };
            tx.record(
                "task.edit",
                "task",
                &id,
                Some(audit_json(&old, &old_due)),
                Some(audit_json(&new, &due)),
            )
        })?;
        self.task(&id)
    }

    /// Moves a task to `status`; not applicable needs a reason, which stays with the task.
    pub fn set_task_status(
        &mut self,
        id: &str,
        status: TaskStatus,
        reason: Option<&str>,
    ) -> Result<Task> {
        let (old, _) = self.own_task(id)?;
        let reason = limited("reason", reason.unwrap_or(""), 2_000)?;
        if status == TaskStatus::NotApplicable && reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "say why the task does not apply to this case",
            ));
        }
        let id = old.id.clone();
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE tasks SET status = ?2, reason = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, status, reason, tx.now_str()],
            )?;
            tx.record(
                "task.status",
                "task",
                &id,
                Some(serde_json::json!({"status": old.status, "reason": old.reason})),
                Some(serde_json::json!({"status": status, "reason": reason})),
            )
        })?;
        self.task(&id)
    }

    /// Creates a task for each step of the shipped playbook the case does not have yet, owned
    /// by the first team member in the step's role and due from its key date.
    pub fn apply_playbook(&mut self) -> Result<PlaybookApplied> {
        let book = shipped_playbook();
        let team = self.team()?;
        let ctx = self.task_context()?;
        let have: BTreeSet<String> = self
            .conn()
            .prepare("SELECT playbook_step FROM tasks WHERE playbook_step IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let step_key = |key: &str| format!("{}/{key}", book.id);
        let missing: Vec<&PlaybookStep> = book
            .steps
            .iter()
            .filter(|s| !have.contains(&step_key(&s.key)))
            .collect();
        let already = (book.steps.len() - missing.len()) as u32;
        if missing.is_empty() {
            // Nothing to add, and nothing changed worth an audit entry.
            return Ok(PlaybookApplied {
                playbook: book.id.clone(),
                version: book.version,
                added: Vec::new(),
                already,
            });
        }
        self.transact(|tx| {
            let mut added = Vec::new();
            for step in missing {
                let step_key = step_key(&step.key);
                let owner = team
                    .iter()
                    .find(|m| m.role == step.role)
                    .map(|m| m.id.clone());
                let (num, id) = tx.next_id("tasks", "TK")?;
                let now = tx.now_str();
                tx.conn().execute(
                    "INSERT INTO tasks (num, id, title, notes, phase, owner, owner_role, anchor,
                                        offset_days, playbook_step, created_at, created_by,
                                        updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11)",
                    params![
                        num,
                        id,
                        step.title,
                        step.notes,
                        step.phase,
                        owner,
                        step.role,
                        step.from,
                        step.days,
                        step_key,
                        now,
                        tx.actor()
                    ],
                )?;
                let t = ctx.task(
                    Row {
                        id: id.clone(),
                        title: step.title.clone(),
                        notes: step.notes.clone(),
                        phase: step.phase.clone(),
                        owner,
                        owner_role: Some(step.role),
                        due: None,
                        anchor: Some(step.from),
                        offset_days: Some(step.days),
                        status: TaskStatus::ToDo,
                        reason: String::new(),
                        playbook_step: Some(step_key),
                    },
                    Vec::new(),
                );
                tx.record("task.add", "task", &id, None, Some(audit_json(&t, &None)))?;
                added.push(id);
            }
            let applied = PlaybookApplied {
                playbook: book.id.clone(),
                version: book.version,
                added,
                already,
            };
            tx.record(
                "playbook.apply",
                "playbook",
                &book.id,
                None,
                Some(serde_json::json!({
                    "version": book.version,
                    "added": applied.added.len(),
                    "already": applied.already,
                })),
            )?;
            Ok(applied)
        })
    }
}
