//! From a row of strings to an affected record: which column is which field (the mapping and
//! its suggestion from header names), and the normal form of every field — e-mail trimmed and
//! lower-cased, phone in E.164 beside the raw value, ISO 3166 countries, USPS and Canada Post
//! region codes, the fixed data-element vocabulary. A row that breaks a rule is rejected with
//! the field, the reason and the value masked; nothing personal leaves this module unmasked.

use super::places;
use crate::error::{Error, Result};
use crate::vocab::vocabulary;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    /// What a column can hold.
    Field {
        RecordId = "record_id", "Record id";
        Name = "name", "Name";
        Email = "email", "E-mail";
        Phone = "phone", "Phone";
        Street = "street", "Street";
        City = "city", "City";
        PostalCode = "postal_code", "Postal code";
        Country = "country", "Country";
        Region = "region", "State / region";
        Segment = "segment", "Segment";
        BirthDate = "birth_date", "Date of birth";
        Minor = "minor", "Minor flag";
        Elements = "elements", "Data elements exposed";
        AccountId = "account_id", "Account / ticket id";
        Notes = "notes", "Notes";
    }
}

vocabulary! {
    /// The fixed data-element vocabulary; custom elements are added beside it.
    Element {
        Name = "name", "Name";
        Email = "email", "E-mail address";
        Phone = "phone", "Phone number";
        PostalAddress = "postal_address", "Postal address";
        SupportTicket = "support_ticket", "Support ticket";
        DateOfBirth = "date_of_birth", "Date of birth";
        GovernmentId = "government_id", "Government id";
        PaymentCard = "payment_card", "Payment card";
        BankAccount = "bank_account", "Bank account";
        Credentials = "credentials", "Credentials";
        Health = "health", "Health information";
    }
}

impl Element {
    /// Its bit in a record's element mask; custom elements take bits from
    /// [`FIRST_CUSTOM_BIT`] up.
    pub fn bit(self) -> u32 {
        Element::ALL
            .iter()
            .position(|e| *e == self)
            .expect("listed") as u32
    }
}

pub const FIRST_CUSTOM_BIT: u32 = 11;
/// SQLite integers are signed 64-bit; bit 63 would make masks negative.
pub const LAST_BIT: u32 = 62;

/// Which column feeds which field. A field listed more than once is built from each of its
/// columns, joined in the order listed (see [`joiner`]): exports often split a name into first
/// and last name, or a street over two address lines. Keeping one entry per column (rather than
/// a list per field) means mappings saved before this existed still read as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldMap {
    pub field: Field,
    /// The column's header, as written in the file's first row.
    pub column: String,
}

/// Header words that suggest each field, compared after folding (lower-case, letters and
/// digits only).
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::RecordId,
        &["recordid", "record", "rowid", "id", "recid", "recordnumber"],
    ),
    (
        Field::Name,
        &[
            "name",
            "fullname",
            "customername",
            "customer",
            "contactname",
            "displayname",
            "nom",
            "nombre",
        ],
    ),
    (
        Field::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "emailid",
            "customeremail",
            "contactemail",
            "courriel",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "phonenumber",
            "telephone",
            "tel",
            "mobile",
            "mobilephone",
            "cell",
            "phoneno",
            "contactphone",
        ],
    ),
    (
        Field::Street,
        &[
            "street",
            "address",
            "streetaddress",
            "address1",
            "addressline1",
            "mailingaddress",
        ],
    ),
    (Field::City, &["city", "town", "locality"]),
    (
        Field::PostalCode,
        &["postalcode", "postcode", "zip", "zipcode", "postal", "plz"],
    ),
    (
        Field::Country,
        &["country", "countrycode", "countryname", "nation", "pays"],
    ),
    (
        Field::Region,
        &[
            "region",
            "state",
            "province",
            "stateprovince",
            "stateorprovince",
            "county",
            "prefecture",
        ],
    ),
    (
        Field::Segment,
        &[
            "segment",
            "customersegment",
            "customertype",
            "accounttype",
            "type",
        ],
    ),
    (
        Field::BirthDate,
        &["dob", "dateofbirth", "birthdate", "birthday"],
    ),
    (Field::Minor, &["minor", "isminor", "under18", "minorflag"]),
    (
        Field::Elements,
        &[
            "dataelements",
            "elements",
            "exposed",
            "dataexposed",
            "exposeddata",
            "fields",
            "datatypes",
            "piitypes",
        ],
    ),
    (
        Field::AccountId,
        &[
            "ticket",
            "ticketnumber",
            "ticketid",
            "ticketno",
            "accountid",
            "account",
            "customerid",
            "accountnumber",
            "caseid",
            "srnumber",
        ],
    ),
    (
        Field::Notes,
        &[
            "notes",
            "note",
            "comment",
            "comments",
            "remarks",
            "description",
        ],
    ),
];

pub fn fold_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A mapping guessed from header names: each field to the first column whose folded header is
/// one of its synonyms, or to several columns when its value is split over them (see
/// [`PARTS`]); a column feeds one field at most.
pub fn suggest(headers: &[String]) -> Vec<FieldMap> {
    let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut out = Vec::new();
    for (field, words) in SYNONYMS {
        let find = |words: &[&str], used: &[bool]| {
            words
                .iter()
                .find_map(|w| (0..headers.len()).find(|&i| !used[i] && folded[i] == *w))
        };
        // A value split over columns (first and last name, address lines 1 and 2): each part
        // is the first unused column named like it; the first part must be there, and at
        // least one more.
        let mut cols = Vec::new();
        for words in PARTS
            .iter()
            .filter(|(f, _)| f == field)
            .flat_map(|(_, p)| *p)
        {
            match find(words, &used) {
                Some(i) => cols.push(i),
                None if cols.is_empty() => break,
                None => {}
            }
        }
        if cols.len() < 2 {
            // Earlier synonyms are stronger: "email" beats "mail".
            cols = find(words, &used).into_iter().collect();
        }
        for i in cols {
            used[i] = true;
            out.push(FieldMap {
                field: *field,
                column: headers[i].clone(),
            });
        }
    }
    out
}

/// Fields that exports often split over several columns, and the header words of each part in
/// the order the parts are joined.
const PARTS: &[(Field, &[&[&str]])] = &[
    (
        Field::Name,
        &[
            &[
                "firstname",
                "givenname",
                "forename",
                "first",
                "given",
                "fname",
                "prenom",
                "vorname",
            ],
            &["middlename", "middlenames", "middle", "middleinitial"],
            &[
                "lastname",
                "surname",
                "familyname",
                "last",
                "family",
                "lname",
                "nachname",
                "apellido",
            ],
        ],
    ),
    (
        Field::Street,
        &[
            &[
                "addressline1",
                "address1",
                "street1",
                "streetline1",
                "line1",
            ],
            &[
                "addressline2",
                "address2",
                "street2",
                "streetline2",
                "line2",
            ],
            &[
                "addressline3",
                "address3",
                "street3",
                "streetline3",
                "line3",
            ],
        ],
    ),
];

/// What joins the columns of a field built from several: a space within a name or a phone
/// number, a comma between the lines of anything else.
pub fn joiner(field: Field) -> &'static str {
    match field {
        Field::Name | Field::Phone => " ",
        _ => ", ",
    }
}

/// The refusal of a mapping that names a column the file does not have. Neither the column
/// named nor the file's headers are echoed in full: the mapping may come from another file,
/// and a first row that was data after all would put names in the message.
pub(crate) fn column_missing(field_label: &str, column: &str, headers: &[String]) -> Error {
    Error::invalid(
        "mapping",
        format!(
            "{field_label} is mapped to the column {}, which is not in the file; it has {} columns, which the import preview lists: map {field_label} to one of them",
            masked_header(column),
            headers.len()
        ),
    )
}

/// An import's mapping as the audit chain holds it: each field with its column's position
/// (1 = first) and the SHA-256 of the header names (their JSON array), never their text. The
/// chain can never be edited, and a header row may hold personal data after all; the hash
/// still proves which header row a batch was read with (the names stay in the encrypted
/// batch record).
pub(crate) fn audited_mapping<'a>(
    mapping: impl IntoIterator<Item = (&'a str, &'a str)>,
    headers: &[String],
) -> serde_json::Value {
    use sha2::{Digest, Sha256};
    let columns: Vec<serde_json::Value> = mapping
        .into_iter()
        .map(|(field, column)| {
            let at = headers.iter().position(|h| h == column.trim());
            serde_json::json!({ "field": field, "column": at.map(|i| i + 1) })
        })
        .collect();
    let names = serde_json::to_string(headers).expect("strings serialise");
    serde_json::json!({
        "columns": columns,
        "headers_sha256": hex::encode(Sha256::digest(names.as_bytes())),
    })
}

/// A column name as an error message shows it: masked like any personal value.
pub(crate) fn masked_header(h: &str) -> String {
    format!("\"{}\"", mask_text(h.trim()))
}

/// Refuses a first row that looks like data rather than column names (a cell that is an
/// e-mail address or a phone number, or mostly numbers and dates): the file has no header
/// row, and reading on would take a person's details for column names, shown and stored as
/// such. Says which column and what it looks like, never the value.
pub(crate) fn refuse_data_header(headers: &[String]) -> Result<()> {
    let cells: Vec<&str> = headers
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let is_number = |c: &str| {
        c.chars().any(|ch| ch.is_ascii_digit())
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || " .,:/-+()".contains(ch))
    };
    let seen = headers.iter().enumerate().find_map(|(i, h)| {
        let h = h.trim();
        let what = if looks_like_email(h) {
            "an e-mail address"
        } else if is_number(h)
            && h.chars().filter(char::is_ascii_digit).count() >= 7
            && NaiveDate::parse_from_str(h, "%Y-%m-%d").is_err()
        {
            "a phone number"
        } else {
            return None;
        };
        Some(format!("column {} holds {what}", i + 1))
    });
    let seen = seen.or_else(|| {
        let numbers = cells.iter().filter(|c| is_number(c)).count();
        (numbers * 2 > cells.len()).then(|| {
            format!(
                "{numbers} of its {} cells are numbers or dates",
                cells.len()
            )
        })
    });
    match seen {
        Some(why) => Err(Error::invalid(
            "file",
            format!(
                "the first row looks like data, not column names ({why}): add a header row naming the columns (for example name,email,phone) as the first line and import again; if that row is the header, rename that column so it does not read as a value"
            ),
        )),
        None => Ok(()),
    }
}

fn looks_like_email(c: &str) -> bool {
    match c.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !c.contains(char::is_whitespace)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// The mapping resolved against a file's headers: for each field, its column indexes in order.
#[derive(Debug, Clone, Default)]
pub struct Columns([Vec<usize>; 15]);

impl Columns {
    pub fn resolve(mapping: &[FieldMap], headers: &[String]) -> Result<Columns> {
        let mut cols = Columns::default();
        for m in mapping {
            let idx = headers
                .iter()
                .position(|h| h == m.column.trim())
                .ok_or_else(|| column_missing(m.field.label(), &m.column, headers))?;
            let slot = &mut cols.0[Field::ALL
                .iter()
                .position(|f| *f == m.field)
                .expect("listed")];
            if slot.contains(&idx) {
                return Err(Error::invalid(
                    "mapping",
                    format!(
                        "{} takes the column {} twice; list each of its columns once",
                        m.field.label(),
                        masked_header(&m.column)
                    ),
                ));
            }
            slot.push(idx);
        }
        if ![Field::Name, Field::Email, Field::Phone]
            .iter()
            .any(|f| cols.is_mapped(*f))
        {
            return Err(Error::invalid(
                "mapping",
                "map at least one of name, e-mail or phone: without them a record names nobody",
            ));
        }
        Ok(cols)
    }

    pub fn is_mapped(&self, f: Field) -> bool {
        !self.of(f).is_empty()
    }

    fn of(&self, f: Field) -> &[usize] {
        &self.0[Field::ALL.iter().position(|x| *x == f).expect("listed")]
    }

    /// The field's value in a row: its column trimmed, or its columns' non-empty values joined.
    fn text<'a>(&self, f: Field, fields: &'a [String]) -> std::borrow::Cow<'a, str> {
        let value = |i: &usize| fields.get(*i).map(|s| s.trim()).unwrap_or("");
        let joined: std::borrow::Cow<'a, str> = match self.of(f) {
            [] => "".into(),
            [one] => value(one).into(),
            many => many
                .iter()
                .map(value)
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(joiner(f))
                .into(),
        };
        // Controls and bidi overrides never enter the case: stored text is plain text.
        match crate::util::text::plain(&joined) {
            std::borrow::Cow::Borrowed(_) => joined,
            std::borrow::Cow::Owned(clean) => clean.trim().to_string().into(),
        }
    }
}

/// One accepted record in normal form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub record_id: String,
    pub name: String,
    pub email: String,
    pub phone_raw: String,
    pub phone: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub region: String,
    pub segment: String,
    pub birth_date: String,
    pub minor: bool,
    pub elements: i64,
    pub account_id: String,
    pub notes: String,
    /// Values that stand in for "none given" (see [`stands_in_for_nothing`]), raw, by field:
    /// kept with the record but not taken as its e-mail, phone or date of birth.
    pub flagged: Vec<(Field, String)>,
}

/// Words exports write where a value is missing, compared folded (lower-case, letters and
/// digits only).
const NOTHING: &[&str] = &[
    "na",
    "none",
    "nil",
    "null",
    "nan",
    "undefined",
    "unknown",
    "unk",
    "notknown",
    "notgiven",
    "notprovided",
    "notavailable",
    "notapplicable",
    "notset",
    "notrecorded",
    "nodata",
    "noemail",
    "noemailaddress",
    "nomail",
    "nophone",
    "nophonenumber",
    "nonumber",
    "nodob",
    "nodate",
    "missing",
    "blank",
    "empty",
    "declined",
    "refused",
    "withheld",
    "redacted",
    "tbd",
    "tba",
    "tbc",
    "xxx",
    "xx",
    "x",
];

/// Whether a value only stands in for "none given": a word such as "n/a", "none", "not given"
/// or "unknown", punctuation only ("-", "?"), or for a phone or a date, no digit other than
/// zero ("0000000", "00/00/0000", "ask at desk"). Such a value names nothing, so it is flagged
/// rather than rejected (the rest of the row is good) and never counts as the element exposed.
/// Anything else is a real value: a malformed e-mail or date is still rejected, so it can be
/// fixed, and a phone with digits counts even when it has no E.164 form.
pub fn stands_in_for_nothing(field: Field, raw: &str) -> bool {
    let folded = fold_header(raw);
    if folded.is_empty() || NOTHING.contains(&folded.as_str()) {
        return true;
    }
    match field {
        Field::Phone | Field::BirthDate => !raw.chars().any(|c| c.is_ascii_digit() && c != '0'),
        _ => false,
    }
}

/// Why a row was rejected. `value` is already masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Problem {
    /// A field code, or `row` for a problem with the whole row.
    pub field: String,
    pub problem: String,
    pub value: String,
}

/// Custom data elements met so far: their keys and bits.
pub trait ElementBits {
    fn bit_for(&mut self, key: &str, label: &str) -> Option<u32>;
}

/// Hides a personal value for messages: its first character, asterisks, and for e-mail the
/// domain; short values become asterisks only.
pub fn mask(field: Field, v: &str) -> String {
    let v = v.trim();
    match field {
        // Not personal, and the user needs to see them to fix them.
        Field::Country | Field::Region | Field::Segment | Field::Minor | Field::Elements => {
            v.chars().take(60).collect()
        }
        Field::Email => match v.split_once('@') {
            Some((local, domain)) => {
                format!("{}***@{}", local.chars().next().unwrap_or('*'), domain)
            }
            None => mask_text(v),
        },
        _ => mask_text(v),
    }
}

/// A free-text personal value masked: its first and last character around asterisks.
pub fn mask_text(v: &str) -> String {
    let n = v.chars().count();
    if n <= 3 {
        "***".into()
    } else {
        let first = v.chars().next().unwrap_or('*');
        let last = v.chars().last().unwrap_or('*');
        format!("{first}***{last}")
    }
}

fn problem(field: Field, value: &str, text: impl Into<String>) -> Problem {
    Problem {
        field: field.code().into(),
        problem: text.into(),
        value: mask(field, value),
    }
}

/// The e-mail in normal form, or why it is not an address.
pub fn email(raw: &str) -> std::result::Result<String, &'static str> {
    let e = raw.trim().to_lowercase();
    let Some((local, domain)) = e.rsplit_once('@') else {
        return Err("is not an e-mail address (no @)");
    };
    if local.is_empty() || domain.is_empty() {
        return Err("is not an e-mail address (nothing before or after the @)");
    }
    if e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("is not an e-mail address (it contains spaces)");
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err("is not an e-mail address (the part after the @ is not a domain)");
    }
    Ok(e)
}

fn parse_elements(raw: &str, custom: &mut dyn ElementBits) -> std::result::Result<i64, String> {
    let mut mask = 0i64;
    for token in raw
        .split([';', ',', '|', '/', '+'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let folded = fold_header(token);
        let known = match folded.as_str() {
            "name" | "names" | "fullname" | "firstname" | "lastname" => Some(Element::Name),
            "email" | "emails" | "emailaddress" | "mail" => Some(Element::Email),
            "phone" | "phonenumber" | "telephone" | "mobile" | "tel" => Some(Element::Phone),
            "address" | "postaladdress" | "mailingaddress" | "homeaddress" | "streetaddress" => {
                Some(Element::PostalAddress)
            }
            "supportticket"
            | "ticket"
            | "ticketnumber"
            | "ticketid"
            | "supportticketnumber"
            | "tickets" => Some(Element::SupportTicket),
            "dateofbirth" | "dob" | "birthdate" | "birthday" => Some(Element::DateOfBirth),
            "governmentid"
            | "ssn"
            | "socialsecuritynumber"
            | "nationalid"
            | "passport"
            | "passportnumber"
            | "driverslicense"
            | "driverlicense"
            | "taxid" => Some(Element::GovernmentId),
            "paymentcard" | "creditcard" | "card" | "cardnumber" | "debitcard" => {
                Some(Element::PaymentCard)
            }
            "bankaccount" | "bank" | "iban" | "accountnumber" => Some(Element::BankAccount),
            "credentials" | "password" | "passwords" | "login" | "username"
            | "usernamepassword" => Some(Element::Credentials),
            "health" | "medical" | "healthinformation" | "medicalinformation" => {
                Some(Element::Health)
            }
            _ => None,
        };
        let bit = match known {
            Some(e) => e.bit(),
            None => {
                let key: String = token
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' })
                    .collect::<String>()
                    .split('_')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("_");
                if key.is_empty() || key.chars().count() > 40 {
                    return Err(format!("{token:?} is not a data element name"));
                }
                custom.bit_for(&key, token).ok_or_else(|| {
                    "names more custom data elements than a case can hold (52); use the fixed vocabulary".to_string()
                })?
            }
        };
        mask |= 1 << bit;
    }
    Ok(mask)
}

fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "" | "0" | "n" | "no" | "false" | "f" | "adult" | "non" | "nein" => Some(false),
        "1" | "y" | "yes" | "true" | "t" | "x" | "minor" | "oui" | "ja" | "✓" => Some(true),
        _ => None,
    }
}

/// The phrases in free notes that mark an account holder as a minor, for exports that carry
/// no flag or date of birth. Methodology lists them.
pub const MINOR_PHRASES: &[&str] = &[
    "under 18",
    "under-18",
    "under the age of 18",
    "is a minor",
    "(minor)",
];

fn notes_say_minor(notes: &str) -> bool {
    let n = notes.to_lowercase();
    MINOR_PHRASES.iter().any(|p| n.contains(p))
}

/// A day as exports write it (dates of birth, notice dates): ISO, `YYYY/MM/DD`, `DD.MM.YYYY`, or `D/M/Y` when the
/// day cannot be mistaken for the month.
pub fn date(raw: &str) -> std::result::Result<NaiveDate, &'static str> {
    let v = raw.trim();
    let v = v.split(['T', ' ']).next().unwrap_or(v);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, f) {
            return Ok(d);
        }
    }
    let parts: Vec<&str> = v.split(['/', '-']).collect();
    if parts.len() == 3 && parts[2].len() == 4 {
        let (a, b): (u32, u32) = match (parts[0].parse(), parts[1].parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => return Err("is not a date; write it as YYYY-MM-DD"),
        };
        let y: i32 = parts[2]
            .parse()
            .map_err(|_| "is not a date; write it as YYYY-MM-DD")?;
        let (d, m) = match (a > 12, b > 12) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            (false, false) if a == b => (a, b),
            (false, false) => {
                return Err("is ambiguous (day and month could be swapped); write it as YYYY-MM-DD")
            }
            (true, true) => return Err("is not a date; write it as YYYY-MM-DD"),
        };
        return NaiveDate::from_ymd_opt(y, m, d).ok_or("is not a date; write it as YYYY-MM-DD");
    }
    Err("is not a date; write it as YYYY-MM-DD")
}

fn age_on(born: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - born.year();
    if (day.month(), day.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// Normalises one data row. `today` decides ages from dates of birth.
pub fn record(
    cols: &Columns,
    fields: &[String],
    today: NaiveDate,
    custom: &mut dyn ElementBits,
) -> std::result::Result<Record, Problem> {
    let t = |f: Field| cols.text(f, fields);
    let mut r = Record {
        record_id: t(Field::RecordId).into_owned(),
        name: t(Field::Name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        street: t(Field::Street).into_owned(),
        city: t(Field::City).into_owned(),
        postal_code: t(Field::PostalCode).to_uppercase(),
        segment: t(Field::Segment).to_lowercase(),
        account_id: t(Field::AccountId).into_owned(),
        notes: t(Field::Notes).into_owned(),
        ..Record::default()
    };
    // A stand-in for "no value" is flagged and kept aside, never taken as the value itself.
    let mut kept = |f: Field, raw: std::borrow::Cow<'_, str>| -> Option<String> {
        if raw.is_empty() {
            None
        } else if stands_in_for_nothing(f, &raw) {
            r.flagged.push((f, raw.into_owned()));
            None
        } else {
            Some(raw.into_owned())
        }
    };
    let raw_email = kept(Field::Email, t(Field::Email));
    let raw_phone = kept(Field::Phone, t(Field::Phone));
    let raw_birth = kept(Field::BirthDate, t(Field::BirthDate));
    if let Some(raw_email) = raw_email {
        r.email = email(&raw_email).map_err(|why| problem(Field::Email, &raw_email, why))?;
    }
    r.phone_raw = raw_phone.unwrap_or_default();
    let raw_country = t(Field::Country);
    let raw_country = raw_country.as_ref();
    if !raw_country.is_empty() {
        r.country = places::country_code(raw_country)
            .ok_or_else(|| {
                problem(
                    Field::Country,
                    raw_country,
                    "is not a country name or ISO 3166 code",
                )
            })?
            .to_string();
    }
    let raw_region = t(Field::Region);
    let raw_region = raw_region.as_ref();
    if !raw_region.is_empty() {
        r.region = match r.country.as_str() {
            "US" => places::us_state_code(raw_region)
                .ok_or_else(|| {
                    problem(
                        Field::Region,
                        raw_region,
                        "is not a US state, territory or USPS code",
                    )
                })?
                .to_string(),
            "CA" => places::ca_province_code(raw_region)
                .ok_or_else(|| {
                    problem(
                        Field::Region,
                        raw_region,
                        "is not a Canadian province or territory",
                    )
                })?
                .to_string(),
            // A US state or Canadian province without a country says where it is.
            "" => match (
                places::us_state_code(raw_region),
                places::ca_province_code(raw_region),
            ) {
                (Some(s), None) if raw_region.chars().count() > 2 => {
                    r.country = "US".into();
                    s.to_string()
                }
                (None, Some(p)) if raw_region.chars().count() > 2 => {
                    r.country = "CA".into();
                    p.to_string()
                }
                _ => raw_region.to_string(),
            },
            _ => raw_region.to_string(),
        };
    }
    if !r.phone_raw.is_empty() {
        let country = (!r.country.is_empty()).then_some(r.country.as_str());
        r.phone = places::e164(&r.phone_raw, country).unwrap_or_default();
    }
    if let Some(raw_birth) = raw_birth {
        let raw_birth = raw_birth.as_str();
        let born = date(raw_birth).map_err(|why| problem(Field::BirthDate, raw_birth, why))?;
        if born > today {
            return Err(problem(Field::BirthDate, raw_birth, "is in the future"));
        }
        r.birth_date = born.format("%Y-%m-%d").to_string();
        r.minor = age_on(born, today) < 18;
    }
    let raw_minor = t(Field::Minor);
    let raw_minor = raw_minor.as_ref();
    if !raw_minor.is_empty() {
        r.minor |= truthy(raw_minor)
            .ok_or_else(|| problem(Field::Minor, raw_minor, "is not yes/no, true/false or 1/0"))?;
    }
    r.minor |= notes_say_minor(&r.notes);
    if r.name.is_empty() && r.email.is_empty() && r.phone_raw.is_empty() {
        return Err(Problem {
            field: "row".into(),
            problem: "has no name, e-mail or phone: the record names nobody".into(),
            value: String::new(),
        });
    }
    let raw_elements = t(Field::Elements);
    let raw_elements = raw_elements.as_ref();
    // Flagged values are absent here, so they never count as exposed unless the row's data
    // elements say so.
    r.elements = if raw_elements.is_empty() {
        // Nothing declared: what the row itself carries was exposed.
        let mut m = 0i64;
        let mut add = |e: Element, present: bool| {
            if present {
                m |= 1 << e.bit();
            }
        };
        add(Element::Name, !r.name.is_empty());
        add(Element::Email, !r.email.is_empty());
        add(Element::Phone, !r.phone_raw.is_empty());
        add(Element::PostalAddress, !r.street.is_empty());
        add(Element::DateOfBirth, !r.birth_date.is_empty());
        add(Element::SupportTicket, !r.account_id.is_empty());
        m
    } else {
        parse_elements(raw_elements, custom)
            .map_err(|why| problem(Field::Elements, raw_elements, why))?
    };
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_row_passes_and_a_row_of_data_is_refused_without_its_values() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        for header in [
            row(&["name", "e-mail", "phone", "address line 2", "zip5"]),
            row(&["Kunde", "Adresse E", "Land"]),
            row(&["when", "channel", "amount (USD)", "", ""]),
        ] {
            assert!(
                refuse_data_header(&header).is_ok(),
                "{header:?} names columns"
            );
        }
        for (data, why) in [
            (
                row(&["Dana Roe", "dana.roe@example.com", "US"]),
                "column 2 holds an e-mail address",
            ),
            (
                row(&["Dana Roe", "+1 (555) 010-0199", "US"]),
                "column 2 holds a phone number",
            ),
            (
                row(&["10442", "2019-08-05", "31.50", "ok"]),
                "3 of its 4 cells are numbers or dates",
            ),
        ] {
            let err = refuse_data_header(&data).unwrap_err().to_string();
            assert!(err.contains(why), "{data:?}: {err}");
            assert!(
                !err.contains("Dana") && !err.contains("0199") && !err.contains("10442"),
                "the refusal never echoes a value: {err}"
            );
        }
    }

    #[test]
    fn masks_keep_only_a_hint_of_personal_values() {
        assert_eq!(
            mask(Field::Email, "john.smith@example.com"),
            "j***@example.com"
        );
        assert_eq!(mask(Field::Name, "Jane Doe"), "J***e");
        assert_eq!(mask(Field::Phone, "12"), "***");
        assert_eq!(mask(Field::Country, "Atlantis"), "Atlantis");
    }

    #[test]
    fn dates_of_birth_refuse_day_month_ambiguity() {
        assert_eq!(date("2009-03-04").unwrap().to_string(), "2009-03-04");
        assert_eq!(date("25/12/2008").unwrap().to_string(), "2008-12-25");
        assert_eq!(date("12/25/2008").unwrap().to_string(), "2008-12-25");
        assert!(date("03/04/2008").is_err());
        assert!(date("yesterday").is_err());
    }

    #[test]
    fn headers_suggest_the_usual_fields() {
        let h: Vec<String> = [
            "record_id",
            "ticket_number",
            "full_name",
            "email",
            "phone",
            "country",
            "region",
            "segment",
            "product",
            "data_elements",
            "accessed_at",
            "notes",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = suggest(&h);
        let col = |f: Field| m.iter().find(|x| x.field == f).map(|x| x.column.as_str());
        assert_eq!(col(Field::Email), Some("email"));
        assert_eq!(col(Field::Name), Some("full_name"));
        assert_eq!(col(Field::AccountId), Some("ticket_number"));
        assert_eq!(col(Field::Elements), Some("data_elements"));
        assert_eq!(col(Field::Region), Some("region"));
        assert_eq!(col(Field::Notes), Some("notes"));
    }
}
