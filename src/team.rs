//! The people working the case and their roles (lead investigator, counsel, communications,
//! privacy officer, HR).

use crate::actor::looks_like_email;
use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    Role {
        LeadInvestigator = "lead_investigator", "Lead investigator";
        Investigator = "investigator", "Investigator";
        Counsel = "counsel", "Counsel";
        Communications = "communications", "Communications";
        PrivacyOfficer = "privacy_officer", "Privacy officer";
        Hr = "hr", "HR";
        Other = "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MemberInput {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation: String,
}

fn validated(m: MemberInput) -> Result<MemberInput> {
    let email = limited("email", &m.email, 200)?;
    if !email.is_empty() && !looks_like_email(&email) {
        return Err(Error::invalid(
            "email",
            "that is not an e-mail address (expected name@domain)",
        ));
    }
    Ok(MemberInput {
        name: limited(
            "name",
            &required("name", &m.name, "the person's name")?,
            200,
        )?,
        email,
        role: m.role,
        organisation: limited("organisation", &m.organisation, 200)?,
    })
}

impl Case {
    /// The person on the team a user named by id, name or e-mail; `field` names the input
    /// in the error when no one matches.
    pub fn team_member(&self, who: &str, field: &str) -> Result<TeamMember> {
        let who = who.trim();
        self.team()?
            .into_iter()
            .find(|m| {
                m.id == who
                    || m.name.eq_ignore_ascii_case(who)
                    || (!m.email.is_empty() && m.email.eq_ignore_ascii_case(who))
            })
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "no one on the case team has that id, name or e-mail; add them to the team                      first",
                )
            })
    }

    pub fn team(&self) -> Result<Vec<TeamMember>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, email, role, organisation FROM team_members ORDER BY added_at, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TeamMember {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                role: r.get(3)?,
                organisation: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn member(&self, id: &str) -> Result<TeamMember> {
        self.conn()
            .query_row(
                "SELECT id, name, email, role, organisation FROM team_members WHERE id = ?1",
                [id],
                |r| {
                    Ok(TeamMember {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        email: r.get(2)?,
                        role: r.get(3)?,
                        organisation: r.get(4)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "team member",
                id: id.to_string(),
            })
    }

    pub fn add_member(&mut self, m: MemberInput) -> Result<TeamMember> {
        let m = validated(m)?;
        self.transact(|tx| {
            let member = TeamMember {
                id: uuid::Uuid::new_v4().to_string(),
                name: m.name,
                email: m.email,
                role: m.role,
                organisation: m.organisation,
            };
            tx.conn().execute(
                "INSERT INTO team_members (id, name, email, role, organisation, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    member.id,
                    member.name,
                    member.email,
                    member.role,
                    member.organisation,
                    tx.now_str()
                ],
            )?;
            tx.record(
                "team.add",
                "team_member",
                &member.id,
                None,
                Some(to_json(&member)),
            )?;
            Ok(member)
        })
    }

    pub fn update_member(&mut self, id: &str, m: MemberInput) -> Result<TeamMember> {
        let old = self.member(id)?;
        let m = validated(m)?;
        let new = TeamMember {
            id: old.id.clone(),
            name: m.name,
            email: m.email,
            role: m.role,
            organisation: m.organisation,
        };
        if new == old {
            return Ok(old);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE team_members SET name = ?2, email = ?3, role = ?4, organisation = ?5
                 WHERE id = ?1",
                params![new.id, new.name, new.email, new.role, new.organisation],
            )?;
            tx.record(
                "team.update",
                "team_member",
                &new.id,
                Some(to_json(&old)),
                Some(to_json(&new)),
            )
        })?;
        Ok(new)
    }

    pub fn remove_member(&mut self, id: &str) -> Result<()> {
        let old = self.member(id)?;
        self.transact(|tx| {
            tx.conn()
                .execute("DELETE FROM team_members WHERE id = ?1", [id])?;
            tx.record("team.remove", "team_member", id, Some(to_json(&old)), None)
        })
    }
}
