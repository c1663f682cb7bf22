//! The investigator's signing key: one Ed25519 key pair per profile, kept in the app home
//! (outside every case), that signs receipts and bundle manifests so a statement about a case
//! can be checked by anyone holding only the public key.
//!
//! The private key is PKCS#8 PEM in `signing-key.pem` (0600, written atomically), encrypted
//! (PBES2: scrypt + AES-256-CBC) when the investigator sets a key passphrase. The public key
//! sits beside it in `signing-key.pub` (base64), so the fingerprint can be shown without the
//! passphrase; loading the private key checks that the two still belong together.

use crate::error::{Error, Result};
use crate::util::fs::{private_dir, write_atomically};
use base64::Engine;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::Signer as _;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

const PRIVATE_FILE: &str = "signing-key.pem";
const PUBLIC_FILE: &str = "signing-key.pub";
const ENCRYPTED_LABEL: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const MIN_KEY_PASSPHRASE_CHARS: usize = 8;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// An Ed25519 public key: what a receipt names as its signer.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// Reads a key written by [`PublicKey::to_base64`]; `field` names the input in the refusal.
    pub fn from_base64(text: &str, field: &str) -> Result<PublicKey> {
        let bytes: [u8; 32] = B64
            .decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                Error::invalid(field, "not an Ed25519 public key (32 bytes in base64)")
            })?;
        // A point that is not on the curve can verify nothing; refuse it where it is read.
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| Error::invalid(field, "not a valid Ed25519 public key"))?;
        Ok(PublicKey(bytes))
    }

    /// A short form people compare by eye or read aloud: the first 128 bits of the key's
    /// SHA-256 as 8 groups of 4 hex digits (`3F2A-9C01-…`).
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode_upper(&Sha256::digest(self.0)[..16]);
        digest
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("hex is ASCII"))
            .collect::<Vec<_>>()
            .join("-")
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

/// An Ed25519 signature.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Signature([u8; 64]);

impl Signature {
    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    pub fn from_base64(text: &str, field: &str) -> Result<Signature> {
        B64.decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .map(Signature)
            .ok_or_else(|| Error::invalid(field, "not an Ed25519 signature (64 bytes in base64)"))
    }
}

/// Whether `signature` is `key`'s signature of exactly `message` (strict verification: no
/// malleable or small-order forms).
pub fn verify(key: &PublicKey, message: &[u8], signature: &Signature) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key.0) else {
        return false;
    };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature.0))
        .is_ok()
}

/// What can be known of the key in a folder without its passphrase.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyInfo {
    /// `None` when only the encrypted private key is left (its public half file was removed):
    /// loading it with the passphrase writes the public half again.
    pub public_key: Option<PublicKey>,
    pub encrypted: bool,
}

/// The key pair in the folder `dir`, if one has been made.
pub fn key_info(dir: &Path) -> Result<Option<KeyInfo>> {
    let Some(pem) = read_optional(&dir.join(PRIVATE_FILE))? else {
        return Ok(None);
    };
    let public_key = match read_optional(&dir.join(PUBLIC_FILE))? {
        Some(text) => Some(PublicKey::from_base64(&text, "signing key").map_err(|_| {
            Error::corrupt(format!(
                "{} is damaged; delete it and Casebook writes it again from the private key",
                dir.join(PUBLIC_FILE).display()
            ))
        })?),
        None => None,
    };
    Ok(Some(KeyInfo {
        public_key,
        encrypted: pem.trim_start().starts_with(ENCRYPTED_LABEL),
    }))
}

/// An investigator's key pair, loaded and ready to sign.
pub struct KeyPair {
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.public_key().fingerprint())
    }
}

impl KeyPair {
    /// Makes a new key pair in `dir` (made private, 0700, if need be), encrypted under
    /// `passphrase` when one is given. An existing key is never replaced: receipts it signed
    /// would lose the key that vouches for them.
    pub fn create(dir: &Path, passphrase: Option<&str>) -> Result<KeyPair> {
        let private = dir.join(PRIVATE_FILE);
        if private.exists() {
            return Err(Error::invalid(
                "signing_key",
                format!(
                    "a signing key already exists at {}; it is never replaced, as the receipts \
                     it signed name it",
                    private.display()
                ),
            ));
        }
        if let Some(p) = passphrase {
            if p.chars().count() < MIN_KEY_PASSPHRASE_CHARS {
                return Err(Error::invalid(
                    "key_passphrase",
                    format!(
                        "use at least {MIN_KEY_PASSPHRASE_CHARS} characters for the key \
                         passphrase, or none"
                    ),
                ));
            }
        }
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut())
            .map_err(|e| Error::internal(format!("no randomness for a new key: {e}")))?;
        let pair = KeyPair {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        };
        let pem = match passphrase {
            Some(p) => {
                pair.key
                    .to_pkcs8_encrypted_pem(pkcs8::rand_core::OsRng, p, pkcs8::LineEnding::LF)
            }
            None => pair.key.to_pkcs8_pem(pkcs8::LineEnding::LF),
        }
        .map_err(|e| Error::internal(format!("encoding the new signing key: {e}")))?;
        if let Some(above) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(above)
                .map_err(|e| Error::io(format!("creating {}", above.display()), e))?;
        }
        private_dir(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        // The public half first: the private file's appearance is the commit point, and a
        // public file without it is simply overwritten next time.
        write_file(
            &dir.join(PUBLIC_FILE),
            pair.public_key().to_base64().as_bytes(),
        )?;
        write_file(&private, pem.as_bytes())?;
        Ok(pair)
    }

    /// Loads the key pair in `dir`. An encrypted key needs `passphrase` (`KeyLocked` without
    /// it or with a wrong one); a missing key is `NotFound`, a damaged one `Corrupt`.
    pub fn load(dir: &Path, passphrase: Option<&str>) -> Result<KeyPair> {
        let private = dir.join(PRIVATE_FILE);
        let shown = private.display().to_string();
        let pem = read_optional(&private)?.ok_or_else(|| Error::NotFound {
            what: "signing key",
            id: shown.clone(),
        })?;
        let pem = zeroize::Zeroizing::new(pem);
        let key = if pem.trim_start().starts_with(ENCRYPTED_LABEL) {
            let passphrase = passphrase.ok_or_else(|| Error::KeyLocked(shown.clone()))?;
            ed25519_dalek::SigningKey::from_pkcs8_encrypted_pem(&pem, passphrase).map_err(|e| {
                match e {
                    // A wrong passphrase decrypts to padding or DER that does not read.
                    pkcs8::Error::EncryptedPrivateKey(_) | pkcs8::Error::Asn1(_) => {
                        Error::KeyLocked(shown.clone())
                    }
                    _ => damaged(&shown),
                }
            })?
        } else {
            ed25519_dalek::SigningKey::from_pkcs8_pem(&pem).map_err(|_| damaged(&shown))?
        };
        let pair = KeyPair { key };
        match key_info(dir)?.and_then(|i| i.public_key) {
            Some(public) if public != pair.public_key() => {
                return Err(Error::corrupt(format!(
                    "{} does not belong to {shown}: one of them was replaced; restore both \
                     from a backup",
                    dir.join(PUBLIC_FILE).display()
                )))
            }
            Some(_) => {}
            None => write_file(
                &dir.join(PUBLIC_FILE),
                pair.public_key().to_base64().as_bytes(),
            )?,
        }
        Ok(pair)
    }

    /// The key pair in `dir`, made (unencrypted unless `passphrase` is given) the first time
    /// one is needed.
    pub fn load_or_create(dir: &Path, passphrase: Option<&str>) -> Result<KeyPair> {
        if dir.join(PRIVATE_FILE).exists() {
            KeyPair::load(dir, passphrase)
        } else {
            KeyPair::create(dir, passphrase)
        }
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.key.verifying_key().to_bytes())
    }

    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.key.sign(message).to_bytes())
    }
}

/// Where the private key of the key pair in `dir` is kept (for messages and tests).
pub fn private_key_path(dir: &Path) -> PathBuf {
    dir.join(PRIVATE_FILE)
}

fn damaged(shown: &str) -> Error {
    Error::corrupt(format!(
        "{shown} is damaged: it no longer reads as a PKCS#8 Ed25519 key; restore it from a backup"
    ))
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err(damaged(&path.display().to_string()))
        }
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |f| {
        f.write_all(bytes)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_message_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let pair = KeyPair::create(dir.path(), None).unwrap();
        let other = KeyPair::create(&dir.path().join("other"), None).unwrap();
        let sig = pair.sign(b"head 7");
        assert!(verify(&pair.public_key(), b"head 7", &sig), "own signature");
        assert!(
            !verify(&pair.public_key(), b"head 8", &sig),
            "another message"
        );
        assert!(!verify(&other.public_key(), b"head 7", &sig), "another key");
        let round = Signature::from_base64(&sig.to_base64(), "s").unwrap();
        assert_eq!(round, sig, "base64 round trip");
    }

    #[test]
    fn a_key_loads_back_as_the_same_pair_and_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let made = KeyPair::create(dir.path(), None).unwrap();
        let loaded = KeyPair::load(dir.path(), None).unwrap();
        assert_eq!(made.public_key(), loaded.public_key());
        assert_eq!(
            KeyPair::create(dir.path(), None).unwrap_err().kind(),
            crate::ErrorKind::Invalid,
            "a second create must not overwrite the key receipts were signed with"
        );
        let info = key_info(dir.path()).unwrap().unwrap();
        assert_eq!(info.public_key, Some(made.public_key()));
        assert!(!info.encrypted);
    }

    #[test]
    fn an_encrypted_key_needs_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let made = KeyPair::create(dir.path(), Some("correct horse")).unwrap();
        let pem = std::fs::read_to_string(private_key_path(dir.path())).unwrap();
        assert!(pem.starts_with(ENCRYPTED_LABEL), "stored encrypted");
        for wrong in [None, Some("wrong horse!")] {
            assert_eq!(
                KeyPair::load(dir.path(), wrong).unwrap_err().kind(),
                crate::ErrorKind::KeyLocked,
                "{wrong:?} must not unlock the key"
            );
        }
        let loaded = KeyPair::load(dir.path(), Some("correct horse")).unwrap();
        assert_eq!(loaded.public_key(), made.public_key());
        assert!(key_info(dir.path()).unwrap().unwrap().encrypted);
    }

    #[test]
    fn a_damaged_or_mismatched_key_is_reported_not_used() {
        let dir = tempfile::tempdir().unwrap();
        KeyPair::create(dir.path(), None).unwrap();
        let other = tempfile::tempdir().unwrap();
        let stranger = KeyPair::create(other.path(), None).unwrap();
        std::fs::write(
            dir.path().join(PUBLIC_FILE),
            stranger.public_key().to_base64(),
        )
        .unwrap();
        assert_eq!(
            KeyPair::load(dir.path(), None).unwrap_err().kind(),
            crate::ErrorKind::Corrupt,
            "a public half from another key must not be trusted"
        );
        std::fs::write(
            private_key_path(dir.path()),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n",
        )
        .unwrap();
        assert_eq!(
            KeyPair::load(dir.path(), None).unwrap_err().kind(),
            crate::ErrorKind::Corrupt
        );
        assert_eq!(
            KeyPair::load(&dir.path().join("none"), None)
                .unwrap_err()
                .kind(),
            crate::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_fingerprint_is_eight_groups_of_four_hex_digits() {
        let dir = tempfile::tempdir().unwrap();
        let fp = KeyPair::create(dir.path(), None)
            .unwrap()
            .public_key()
            .fingerprint();
        let groups: Vec<&str> = fp.split('-').collect();
        assert_eq!(groups.len(), 8, "{fp}");
        assert!(groups
            .iter()
            .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
    }
}
