//! Signed receipts of the audit head: a short statement, signed with the investigator's key,
//! that case X's audit chain had entry `seq` with hash H at time T. Anyone can read one; held
//! against the case later it shows whether the history still contains that head, so a chain
//! rewritten or cut off after the receipt was given out fails, even though such a chain can
//! be made to verify on its own.
//!
//! The file is JSON with its fields in a fixed order; the signature covers the canonical JSON
//! (keys sorted, no white space) of every other field.

use crate::audit::{self, canonical_json};
use crate::error::{Error, Result};
use crate::signing::{self, KeyPair, PublicKey, Signature};
use crate::store::{timestamp, Case};
use crate::util::fs::{existing_parent, open_regular, write_atomically};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::io::{Read, Write};
use std::path::Path;

/// What the `format` field says; a reader refuses any other.
pub const FORMAT: &str = "casebook-receipt/1";

/// A receipt file is a few hundred bytes; anything much larger is not one.
const MAX_RECEIPT_BYTES: u64 = 16 * 1024;

/// A signed statement of a case's audit head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub format: String,
    pub case_id: String,
    /// The last audit entry the receipt covers.
    pub seq: u32,
    pub head_hash: String,
    /// The digest of the case's state at that head.
    pub state_digest: String,
    /// When it was signed, by the case's clock (UTC, RFC 3339); in a packet, the time of the
    /// entry it covers.
    pub at_utc: String,
    /// Who signed, as the audit log names people.
    pub signer: String,
    /// The signer's Ed25519 public key, base64.
    pub public_key: String,
    pub fingerprint: String,
    /// Ed25519 over the canonical JSON of every other field, base64.
    pub signature: String,
}

impl Receipt {
    /// The bytes the signature covers: every field but the signature, canonical JSON.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_value(self).expect("plain data serialises");
        v.as_object_mut()
            .expect("a struct serialises to an object")
            .remove("signature");
        canonical_json(&v).into_bytes()
    }

    fn signed(mut self, key: &KeyPair) -> Receipt {
        self.signature = key.sign(&self.signed_bytes()).to_base64();
        self
    }

    /// The receipt as its file holds it: pretty JSON, fields in order, a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("plain data serialises");
        text.push('\n');
        text
    }

    /// The receipt on one line (compact JSON, fields in order): what a packet's metadata holds.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }

    /// Reads a receipt from its text (either form); refuses anything that is not one, naming why. The
    /// signature is not checked here ([`Receipt::signature_holds`] does).
    pub fn parse(text: &str) -> Result<Receipt> {
        let r: Receipt = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                "receipt",
                format!("not a Casebook receipt (it does not read as one: {e})"),
            )
        })?;
        if r.format != FORMAT {
            return Err(Error::invalid(
                "receipt",
                format!(
                    "a receipt of format {:?}, which this Casebook does not read (it reads \
                     {FORMAT})",
                    r.format
                ),
            ));
        }
        Ok(r)
    }

    /// Reads the receipt file at `path` (a regular file of at most 16 KiB).
    pub fn read(path: &Path) -> Result<Receipt> {
        let shown = path.display();
        let mut text = String::new();
        open_regular(path, "receipt")?
            .take(MAX_RECEIPT_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| Error::io(format!("reading {shown}"), e))?;
        if text.len() as u64 > MAX_RECEIPT_BYTES {
            return Err(Error::invalid(
                "receipt",
                format!("{shown} is too large to be a Casebook receipt"),
            ));
        }
        Receipt::parse(&text)
    }

    /// Whether the signature is the named key's over exactly these fields, and the
    /// fingerprint is that key's.
    pub fn signature_holds(&self) -> bool {
        let (Ok(key), Ok(sig)) = (
            PublicKey::from_base64(&self.public_key, "public_key"),
            Signature::from_base64(&self.signature, "signature"),
        ) else {
            return false;
        };
        key.fingerprint() == self.fingerprint && signing::verify(&key, &self.signed_bytes(), &sig)
    }
}

/// A receipt held against a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReceiptCheck {
    /// The signature holds, the receipt is this case's and the case's intact history still
    /// has that head.
    pub valid: bool,
    pub signer: String,
    pub fingerprint: String,
    pub at_utc: String,
    pub seq: u32,
    pub head_hash: String,
    /// Whether the signed head is still the case's head (nothing recorded since).
    pub is_current_head: bool,
    /// The case's head now.
    pub current_seq: u32,
    /// Why the receipt does not hold, when it does not.
    pub problem: Option<String>,
}

impl Case {
    /// A receipt of the audit head now, signed with `key`.
    pub fn receipt(&self, key: &KeyPair) -> Result<Receipt> {
        let (seq, head_hash) = audit::head(self.conn())?;
        self.signed_receipt(key, seq, head_hash, timestamp(self.now()))
    }

    /// A receipt of `entry`, dated with the entry's own time: a packet carries the receipt of
    /// the head it covers, and regenerating it from an unchanged case gives the same file.
    pub(crate) fn receipt_of(&self, key: &KeyPair, entry: &audit::AuditEntry) -> Result<Receipt> {
        self.signed_receipt(key, entry.seq, entry.hash.clone(), entry.at_utc.clone())
    }

    fn signed_receipt(
        &self,
        key: &KeyPair,
        seq: u32,
        head_hash: String,
        at_utc: String,
    ) -> Result<Receipt> {
        let public = key.public_key();
        Ok(Receipt {
            format: FORMAT.into(),
            case_id: self.info()?.case_id,
            seq,
            head_hash,
            state_digest: audit::state_digest_at(self.conn(), seq)?,
            at_utc,
            signer: self.actor().label(),
            public_key: public.to_base64(),
            fingerprint: public.fingerprint(),
            signature: String::new(),
        }
        .signed(key))
    }

    /// Writes a receipt of the head now to `dest` (0600, atomically) and records that it was
    /// given out (`audit.receipt`: its seq, the signer's fingerprint and the file's name).
    pub fn write_receipt(&mut self, key: &KeyPair, dest: &Path) -> Result<Receipt> {
        if dest.as_os_str().is_empty() {
            return Err(Error::invalid("out", "choose where to save the receipt"));
        }
        existing_parent(dest, "out")?;
        let receipt = self.receipt(key)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let case_id = receipt.case_id.clone();
        self.transact(|tx| {
            write_atomically(dest, |f| {
                f.write_all(receipt.to_text().as_bytes())
                    .map_err(|e| Error::io(format!("writing {}", dest.display()), e))
            })?;
            tx.record(
                "audit.receipt",
                "case",
                &case_id,
                None,
                Some(serde_json::json!({
                    "seq": receipt.seq,
                    "fingerprint": receipt.fingerprint,
                    "file": name,
                })),
            )
        })?;
        Ok(receipt)
    }

    /// Holds `receipt` against this case: its signature, its case, and whether entry `seq`
    /// of the case's intact chain still has the signed hash.
    pub fn check_receipt(&self, receipt: &Receipt) -> Result<ReceiptCheck> {
        let (current_seq, current_hash) = audit::head(self.conn())?;
        let problem = self.receipt_problem(receipt, current_seq)?;
        Ok(ReceiptCheck {
            valid: problem.is_none(),
            signer: receipt.signer.clone(),
            fingerprint: receipt.fingerprint.clone(),
            at_utc: receipt.at_utc.clone(),
            seq: receipt.seq,
            head_hash: receipt.head_hash.clone(),
            is_current_head: receipt.seq == current_seq && receipt.head_hash == current_hash,
            current_seq,
            problem,
        })
    }

    fn receipt_problem(&self, r: &Receipt, current_seq: u32) -> Result<Option<String>> {
        if !r.signature_holds() {
            return Ok(Some(
                "the signature does not match the receipt: it was altered after it was signed, \
                 or not signed by the key it names"
                    .into(),
            ));
        }
        let case_id = self.info()?.case_id;
        if r.case_id != case_id {
            return Ok(Some(format!(
                "the receipt is of another case ({}), not this one ({case_id})",
                r.case_id
            )));
        }
        let chain = audit::verify(self.conn(), &crate::progress::Silent)?;
        if let Some(b) = chain.first_broken {
            return Ok(Some(format!(
                "the case's audit chain is broken at entry {}: {}",
                b.seq, b.reason
            )));
        }
        if r.seq > current_seq {
            return Ok(Some(format!(
                "the receipt covers entry {} but the case's log ends at entry {current_seq}: \
                 entries were cut off the end after the receipt was signed",
                r.seq
            )));
        }
        if let Some(first) = chain.state_changes.first() {
            return Ok(Some(format!(
                "the case's rows are not the state its audit chain committed to ({} change(s) \
                 made outside Casebook; the first: {})",
                chain.state_changes_total,
                first.describe()
            )));
        }
        let recorded = match r.seq {
            0 => Some(audit::GENESIS_HASH.to_string()),
            seq => audit::entry_hash_at(self.conn(), seq)?,
        };
        if recorded.as_deref() != Some(r.head_hash.as_str()) {
            return Ok(Some(format!(
                "entry {} of the case's history does not have the signed hash {}: the history \
                 was rewritten after the receipt was signed",
                r.seq, r.head_hash
            )));
        }
        // The entry's hash covers the state it committed to; a receipt quoting another state
        // was not made from this history.
        if r.state_digest != audit::state_digest_at(self.conn(), r.seq)? {
            return Ok(Some(format!(
                "entry {} committed to another state digest than the receipt quotes",
                r.seq
            )));
        }
        Ok(None)
    }
}
