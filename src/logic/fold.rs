//! Text folding for sorting and searching: case- and accent-insensitive, so "Émilie" sorts with
//! "emilie" and a search for "garcia" finds "García".
//!
//! Hand-written rather than a Unicode normalisation crate: the tables of `unicode-normalization`
//! would add tens of KB to the wasm for what Latin letters with diacritics need; other scripts
//! are simply lower-cased, which keeps them searchable and sortable by code point.
//!
//! Lower-casing beyond ASCII ([`lower_case`]) is the browser's own in the wasm
//! (`String.prototype.toLowerCase`, the same Unicode full case mapping as Rust's): std's
//! `to_lowercase` would add its 12 KB case table (measured: 6.3 KB brotli of the first load).
//! On the host (tests, the pure logic) it is std's.

/// Lower-cases and strips diacritics from Latin letters; ß becomes "ss", æ "ae", œ "oe".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out` (no allocation of its own: a load folds 100,000 users).
pub fn fold_into(text: &str, out: &mut String) {
    // Most names and emails are ASCII: lower-case them a byte at a time.
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    let start = out.len();
    let mut cased = false;
    for c in text.chars() {
        match base_letter(c) {
            Some(s) => out.push_str(s),
            None => {
                cased |= may_have_case(c);
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    // Letters of other cased scripts (Greek, Cyrillic, Armenian…): one lower-casing of what was
    // folded, only for the few texts that hold them.
    if cased {
        let lowered = unicode_lower(&out[start..]);
        out.truncate(start);
        out.push_str(&lowered);
    }
}

/// Lower-cases `text` with Unicode's full case mapping (as `str::to_lowercase`).
pub fn lower_case(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        unicode_lower(text)
    }
}

#[cfg(target_arch = "wasm32")]
fn unicode_lower(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_lower(text: &str) -> String {
    text.to_lowercase()
}

/// False for the big caseless blocks (Hebrew to Tibetan, kana and CJK, Hangul), so names in
/// those scripts never wait for a lower-casing that cannot change them. A speed-up only: any
/// other character is lower-cased.
fn may_have_case(c: char) -> bool {
    !c.is_ascii() && !matches!(u32::from(c), 0x0590..=0x0FFF | 0x3040..=0x9FFF | 0xAC00..=0xD7FF)
}

/// The plain letters of a Latin letter with a diacritic (Latin-1 Supplement and Latin Extended-A).
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ' | 'ũ' | 'Ū' | 'ū' | 'Ŭ' | 'ŭ' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => {
            "u"
        }
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{fold, lower_case, may_have_case};

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(fold("Émilie DUBOIS"), "emilie dubois");
        assert_eq!(fold("Lucía García"), "lucia garcia");
        assert_eq!(fold("Søren Ærø Œuvre Straße Łukasz Þór"), "soren aero oeuvre strasse lukasz thor");
    }

    #[test]
    fn other_scripts_and_symbols_are_kept_lower_cased() {
        assert_eq!(fold("Ωμέγα 张伟 O'Brien 😀"), "ωμέγα 张伟 o'brien 😀");
        assert_eq!(fold("ΣΟΦΊΑ Ágnes ЖЕНЯ Ørsted ԱՐԱՄ"), "σοφία agnes женя orsted արամ");
        assert_eq!(lower_case("ÉMILIE Straße ΣΟΦΊΑ"), "émilie straße σοφία");
        assert_eq!(lower_case("ADA@Example.COM"), "ada@example.com");
        assert_eq!(lower_case("ǅemal ΟΔΟΣ Ⅻ"), "ǆemal οδος ⅻ", "titlecase, final sigma, number forms");
    }

    #[test]
    fn the_blocks_skipped_as_caseless_have_no_case() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32).filter(|&c| !may_have_case(c)) {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "U+{:04X} has a lower case", u32::from(c));
            assert_eq!(c.to_uppercase().collect::<String>(), c.to_string(), "U+{:04X} has an upper case", u32::from(c));
        }
    }
}
