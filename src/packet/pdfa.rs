//! What the packet's PDF/A-2b claim (ISO 19005-2, level B) rests on beyond embedded fonts: XMP
//! metadata that says the same as the document info, and an sRGB output intent for the RGB the
//! pages are drawn in. No PDF/A validator runs here, so the claim is unvalidated (README).

use chrono::{DateTime, SecondsFormat, Utc};

/// The output intent's profile (see `color/README.md`).
pub(crate) const SRGB_PROFILE: &[u8] = include_bytes!("../../color/sRGB.icc");

/// The name PDF/A readers show for the output condition.
pub(crate) const SRGB_CONDITION: &str = "sRGB IEC61966-2.1";

/// The document's metadata, all of it derived from the case state and options, as PDF/A wants
/// it in both places (Info dictionary and XMP).
pub(crate) struct DocumentInfo<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    /// The packet's signed receipt on one line (`Receipt::to_line`), read back by
    /// `files::embedded_receipt`.
    pub keywords: &'a str,
    /// When the case state the packet covers was last changed.
    pub date: DateTime<Utc>,
}

/// `D:20261123101500+00'00'`: the Info dictionary's date, with the offset spelled out so it is
/// plainly the same instant as the XMP date.
pub(crate) fn pdf_date(t: DateTime<Utc>) -> String {
    format!("D:{}+00'00'", t.format("%Y%m%d%H%M%S"))
}

/// The XMP packet for the catalog's /Metadata stream. Empty fields are left out here exactly as
/// they are left out of the Info dictionary, so the two agree.
pub(crate) fn xmp(info: &DocumentInfo) -> Vec<u8> {
    let date = info.date.to_rfc3339_opts(SecondsFormat::Secs, false);
    let mut fields = String::from("   <dc:format>application/pdf</dc:format>\n");
    if !info.title.is_empty() {
        fields.push_str(&format!(
            "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
            escape(info.title)
        ));
    }
    if !info.author.is_empty() {
        fields.push_str(&format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(info.author)
        ));
    }
    if !info.subject.is_empty() {
        fields.push_str(&format!(
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(info.subject)
        ));
    }
    if !info.keywords.is_empty() {
        fields.push_str(&format!(
            "   <pdf:Keywords>{}</pdf:Keywords>\n",
            escape(info.keywords)
        ));
    }
    fields.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n\
         \x20  <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         \x20  <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         \x20  <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         \x20  <pdf:Producer>{}</pdf:Producer>\n\
         \x20  <pdfaid:part>2</pdfaid:part>\n\
         \x20  <pdfaid:conformance>B</pdfaid:conformance>\n",
        escape(info.creator),
        escape(info.producer),
    ));
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         \x20<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20 <rdf:Description rdf:about=\"\"\n\
         \x20   xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \x20   xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
         \x20   xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
         \x20   xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         {fields}\
         \x20 </rdf:Description>\n\
         \x20</rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
    .into_bytes()
}

/// XML text content: markup characters escaped, and the control characters XML 1.0 cannot carry
/// at all dropped (the Info dictionary keeps them; no reader shows them).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn markup_in_a_title_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("R&D <draft> \"v2\"\u{7}"),
            "R&amp;D &lt;draft&gt; &quot;v2&quot;"
        );
    }

    #[test]
    fn both_dates_name_the_same_instant() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 15, 0).unwrap();
        assert_eq!(pdf_date(t), "D:20261123101500+00'00'");
        let x = String::from_utf8(xmp(&DocumentInfo {
            title: "",
            author: "",
            subject: "",
            creator: "Casebook",
            producer: "Casebook",
            keywords: "",
            date: t,
        }))
        .unwrap();
        assert!(
            x.contains("<xmp:CreateDate>2026-11-23T10:15:00+00:00</xmp:CreateDate>"),
            "{x}"
        );
        assert!(!x.contains("dc:title"), "an empty title is left out: {x}");
    }
}
