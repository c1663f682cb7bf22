//! Money lost, exactly: an ISO 4217 currency and an amount in its minor units (cents), parsed
//! from what people type (`250`, `$1,200.50`, `99.95 EUR`) without ever passing through a
//! float, and written back with the currency's own number of decimals.

use super::{bad, Bad, HarmField};
use serde::{Deserialize, Serialize};
use specta::Type;

/// An amount of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Money {
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    /// The exact amount in the currency's major unit, e.g. `1200.50` (`JPY`: `5000`).
    pub amount: String,
    /// The amount in minor units; `amount` is its text, which is what crosses the wire.
    #[serde(skip)]
    pub minor: i64,
}

/// Currencies whose minor unit is not a hundredth.
const DECIMALS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("CLP", 0),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("OMR", 3),
    ("TND", 3),
    ("VND", 0),
];

fn decimals(currency: &str) -> u32 {
    DECIMALS
        .iter()
        .find(|(c, _)| *c == currency)
        .map(|(_, d)| *d)
        .unwrap_or(2)
}

/// The currency assumed when neither the amount nor the currency field names one.
pub const DEFAULT_CURRENCY: &str = "USD";

impl Money {
    pub fn new(currency: &str, minor: i64) -> Money {
        let d = decimals(currency);
        let unit = 10i64.pow(d);
        let amount = if d == 0 {
            minor.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                minor / unit,
                minor % unit,
                width = d as usize
            )
        };
        Money {
            currency: currency.to_string(),
            amount,
            minor,
        }
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Parses an amount with an optional symbol or ISO code; `currency` is the fallback code.
/// Empty (or a zero amount) is no loss.
pub(crate) fn parse(raw: &str, currency: &str) -> Result<Option<Money>, Bad> {
    let mut v = raw.trim().to_string();
    if v.is_empty() {
        return Ok(None);
    }
    let mut code: Option<String> = None;
    for (symbol, c) in [
        ("US$", "USD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
    ] {
        if let Some(rest) = v.strip_prefix(symbol) {
            code = Some(c.to_string());
            v = rest.trim().to_string();
            break;
        }
    }
    // A three-letter code before or after the number.
    let letters: String = v.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if !letters.is_empty() {
        let chars: Vec<char> = v.chars().collect();
        let n = chars.len();
        let at_end = n > 3 && chars[n - 3..].iter().all(char::is_ascii_alphabetic);
        let at_start = n > 3 && chars[..3].iter().all(char::is_ascii_alphabetic);
        if letters.len() != 3 || !(at_end || at_start) {
            return Err(bad(
                HarmField::Loss,
                "is not an amount; write it as 1200.50, optionally with a currency code (1200.50 EUR)",
            ));
        }
        code = Some(letters.to_uppercase());
        v = v
            .replace(|c: char| c.is_ascii_alphabetic(), "")
            .trim()
            .to_string();
    }
    let code = match (code, currency.trim()) {
        (Some(c), given) if !given.is_empty() && !given.eq_ignore_ascii_case(&c) => {
            return Err(bad(
                HarmField::Currency,
                format!("says {} but the amount is in {c}", given.to_uppercase()),
            ))
        }
        (Some(c), _) => c,
        (None, "") => DEFAULT_CURRENCY.to_string(),
        (None, given) => {
            if given.len() != 3 || !given.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(bad(
                    HarmField::Currency,
                    "is not an ISO 4217 currency code such as USD, EUR or GBP",
                ));
            }
            given.to_uppercase()
        }
    };
    let minor = minor_units(&v, decimals(&code))?;
    Ok((minor > 0).then(|| Money::new(&code, minor)))
}

/// `1200`, `1,200.5`, `1200.50` → minor units. Commas only group thousands; the point is the
/// decimal separator, so `99,95` (which could be either) is refused rather than guessed.
fn minor_units(v: &str, decimals: u32) -> Result<i64, Bad> {
    let hint = "is not an amount; write it as 1200.50 (a point for decimals, commas only between thousands)";
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if digits.is_empty()
        || !grouped_ok
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(HarmField::Loss, hint));
    }
    if frac.len() as u32 > decimals {
        return Err(bad(
            HarmField::Loss,
            format!("has more decimals than the currency has ({decimals})"),
        ));
    }
    let frac_padded = format!("{frac:0<width$}", width = decimals as usize);
    format!("{digits}{frac_padded}")
        .parse::<i64>()
        .ok()
        .filter(|m| *m < 10i64.pow(15))
        .ok_or_else(|| bad(HarmField::Loss, "is too large an amount"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(raw: &str, cur: &str) -> Option<String> {
        parse(raw, cur)
            .ok()
            .flatten()
            .map(|m| format!("{m}/{}", m.minor))
    }

    #[test]
    fn amounts_parse_exactly_into_minor_units() {
        assert_eq!(p("250", ""), Some("250.00 USD/25000".into()));
        assert_eq!(p("$1,200.5", ""), Some("1200.50 USD/120050".into()));
        assert_eq!(p("99.95 EUR", ""), Some("99.95 EUR/9995".into()));
        assert_eq!(p("5000", "jpy"), Some("5000 JPY/5000".into()));
        assert_eq!(p("0", ""), None, "a zero loss is no loss");
        assert!(parse("99,95", "").is_err(), "a decimal comma is ambiguous");
        assert!(parse("12.345", "USD").is_err(), "cents have two digits");
        assert!(parse("10 EUR", "USD").is_err(), "conflicting currencies");
        assert!(parse("lots", "").is_err());
    }
}
