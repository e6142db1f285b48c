//! Reading and writing JSON text: every decoder and every request body of the panel goes
//! through this module.
//!
//! Written by hand, about 500 lines, instead of serde + serde_json (issue 15). serde's derived
//! decoders are generic over the reader, so each wire type stamped out its own copy of
//! serde_json's parser: 41 KB of the wasm, for a dozen small objects and one big list (measured:
//! the first load 16.0 KB brotli smaller without them). Here the parser is compiled once; a type's decoder is a plain function that asks it
//! for the next value (`Reader`), and the closures it hands over are `dyn`, so nothing is
//! compiled twice. miniserde (dtolnay's serde without monomorphisation) was the crate made for
//! this, but it calls itself a prototype, gives no error detail, and cannot keep a value as the
//! text it came as (`RawJson`). serde_json stays a dev-dependency: the host tests check this
//! reader against it, text for text (tests/fuzz_decoders.rs).
//!
//! What it accepts is RFC 8259's JSON: any whitespace, strings with every escape (surrogate
//! pairs joined, lone ones refused), valid UTF-8 only, no control characters in strings,
//! numbers in full, nesting of any depth (skipping is not recursive), nothing after the value.

use std::borrow::Cow;
use std::fmt;

/// Why a text is not JSON of the expected shape: what was wrong, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub what: Cow<'static, str>,
    pub at: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for JsonError {}

pub type Result<T> = std::result::Result<T, JsonError>;

/// A type read from JSON.
pub trait Decode: Sized {
    /// Reads one value of this type at the reader's position.
    ///
    /// # Errors
    /// [`JsonError`] when the value is not of this type's shape.
    fn decode(r: &mut Reader<'_>) -> Result<Self>;
}

/// Decodes the whole of `text` (bytes as they came, or a `&str`) as a `T`.
///
/// # Errors
/// [`JsonError`] when `text` is not JSON, not of `T`'s shape, or has more after the value.
pub fn read<T: Decode>(text: impl AsRef<[u8]>) -> Result<T> {
    let mut r = Reader::new(text.as_ref());
    let value = T::decode(&mut r)?;
    r.end()?;
    Ok(value)
}

/// A JSON text read value by value, front to back.
pub struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, i: 0 }
    }

    /// An error at the current position.
    pub fn error<T>(&self, what: impl Into<Cow<'static, str>>) -> Result<T> {
        Err(JsonError { what: what.into(), at: self.i })
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }

    /// True when the next value starts with `c` (`[` for an array, say); nothing is consumed.
    pub fn next_is(&mut self, c: u8) -> bool {
        self.peek() == Some(c)
    }

    /// Consumes `c` if it comes next.
    fn eat(&mut self, c: u8) -> bool {
        let next = self.peek() == Some(c);
        self.i += usize::from(next);
        next
    }

    fn expect(&mut self, c: u8, what: &'static str) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            self.error(what)
        }
    }

    fn word(&mut self, word: &[u8]) -> Result<()> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            self.error("expected a JSON value")
        }
    }

    /// Only whitespace is left.
    ///
    /// # Errors
    /// When anything else is.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.error("unexpected text after the value"),
        }
    }

    /// Consumes a `null` if one comes next.
    pub fn null(&mut self) -> bool {
        let null = self.peek() == Some(b'n') && self.b[self.i..].starts_with(b"null");
        self.i += if null { 4 } else { 0 };
        null
    }

    /// `true` or `false`.
    ///
    /// # Errors
    /// When the next value is anything else.
    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(true)
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(false)
            }
            _ => self.error("expected true or false"),
        }
    }

    /// An integer that fits in an `i64` (no fraction or exponent).
    ///
    /// # Errors
    /// When the next value is not such an integer.
    pub fn i64(&mut self) -> Result<i64> {
        self.peek();
        let start = self.i;
        let negative = self.b.get(self.i) == Some(&b'-');
        self.i += usize::from(negative);
        let digits = self.i;
        let mut value: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
            // Built negative: i64::MIN has no positive twin.
            value = match value.checked_mul(10).and_then(|v| v.checked_sub(i64::from(c - b'0'))) {
                Some(v) => v,
                None => return Err(JsonError { what: "an integer out of range".into(), at: start }),
            };
            self.i += 1;
        }
        let count = self.i - digits;
        if count == 0 || (count > 1 && self.b[digits] == b'0') || matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E'))
        {
            self.i = start;
            return self.error("expected an integer");
        }
        if negative {
            Ok(value)
        } else {
            value.checked_neg().ok_or(JsonError { what: "an integer out of range".into(), at: start })
        }
    }

    /// A string, unescaped.
    ///
    /// # Errors
    /// When the next value is not a valid string.
    pub fn string(&mut self) -> Result<String> {
        self.string_ref().map(Cow::into_owned)
    }

    /// A string, borrowed from the text where it has no escapes.
    fn string_ref(&mut self) -> Result<Cow<'a, str>> {
        self.expect(b'"', "expected a string")?;
        let start = self.i;
        let mut owned: Option<Vec<u8>> = None;
        let mut from = start;
        loop {
            let Some(&c) = self.b.get(self.i) else { return self.error("a string is not closed") };
            match c {
                b'"' => break,
                b'\\' => {
                    let buffer = owned.get_or_insert_with(Vec::new);
                    buffer.extend_from_slice(&self.b[from..self.i]);
                    self.i += 1;
                    let escaped = match self.b.get(self.i) {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 8,
                        Some(b'f') => 12,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            let ch = self.unicode_escape()?;
                            buffer.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            from = self.i;
                            continue;
                        }
                        _ => return self.error("an unknown escape in a string"),
                    };
                    buffer.push(escaped);
                    self.i += 1;
                    from = self.i;
                }
                0..=0x1f => return self.error("a control character in a string"),
                _ => self.i += 1,
            }
        }
        let text = match owned {
            None => std::str::from_utf8(&self.b[start..self.i]).map(Cow::Borrowed).ok(),
            Some(mut buffer) => {
                buffer.extend_from_slice(&self.b[from..self.i]);
                String::from_utf8(buffer).map(Cow::Owned).ok()
            }
        };
        match text {
            Some(text) => {
                self.i += 1;
                Ok(text)
            }
            None => Err(JsonError { what: "a string is not valid UTF-8".into(), at: start }),
        }
    }

    /// `uXXXX` after a backslash (and a second `\uXXXX` for a surrogate pair), as one char.
    fn unicode_escape(&mut self) -> Result<char> {
        let unit = |r: &mut Reader<'a>| -> Result<u32> {
            let hex = r.b.get(r.i + 1..r.i + 5).and_then(|h| std::str::from_utf8(h).ok());
            match hex.filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit())).and_then(|h| u32::from_str_radix(h, 16).ok())
            {
                Some(unit) => {
                    r.i += 5;
                    Ok(unit)
                }
                None => r.error("a bad \\u escape in a string"),
            }
        };
        let first = unit(self)?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.b[self.i..].starts_with(b"\\u") {
                    return self.error("a lone surrogate in a string");
                }
                self.i += 1;
                let second = unit(self)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.error("a lone surrogate in a string");
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return self.error("a lone surrogate in a string"),
            _ => first,
        };
        char::from_u32(code).map_or_else(|| self.error("a bad \\u escape in a string"), Ok)
    }

    /// An object, handing each key to `field`, which must read (or skip) the key's value.
    ///
    /// # Errors
    /// When the next value is not an object, or `field` fails.
    pub fn object(&mut self, field: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<()>) -> Result<()> {
        self.expect(b'{', "expected an object")?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return self.error("expected a key");
            }
            let key = self.string_ref()?;
            self.expect(b':', "expected ':' after a key")?;
            field(self, &key)?;
            if self.eat(b'}') {
                return Ok(());
            }
            self.expect(b',', "expected ',' or '}' in an object")?;
        }
    }

    /// An object of known keys: `field(r, n)` reads the value of `keys[n]`; any other key is
    /// passed over. A known key given twice is refused: two readers of one text must never see
    /// two different values.
    ///
    /// # Errors
    /// When the next value is not such an object, or `field` fails.
    pub fn fields(&mut self, keys: &[&str], field: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<()>) -> Result<()> {
        self.known_fields(keys, false, field)
    }

    /// The same as [`Reader::fields`], but a key not in `keys` is refused, naming those that are.
    ///
    /// # Errors
    /// As [`Reader::fields`], and for any other key.
    pub fn only_fields(
        &mut self,
        keys: &[&str],
        field: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<()>,
    ) -> Result<()> {
        self.known_fields(keys, true, field)
    }

    fn known_fields(
        &mut self,
        keys: &[&str],
        refuse_unknown: bool,
        field: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<()>,
    ) -> Result<()> {
        debug_assert!(keys.len() <= 64, "one bit per key");
        let mut seen: u64 = 0;
        self.object(&mut |r, key| {
            let Some(n) = keys.iter().position(|k| *k == key) else {
                if refuse_unknown {
                    return r.error(format!("unknown key \"{key}\" (the keys are {})", keys.join(", ")));
                }
                return r.skip();
            };
            if seen & (1 << n) != 0 {
                return r.error(format!("the field \"{key}\" twice"));
            }
            seen |= 1 << n;
            field(r, n)
        })
    }

    /// An object whose one field that matters is `key`, read by `read`; `None` when it is absent.
    ///
    /// # Errors
    /// As [`Reader::fields`], and `read`'s.
    pub fn field<T>(&mut self, key: &str, read: fn(&mut Reader<'a>) -> Result<T>) -> Result<Option<T>> {
        let mut value = None;
        self.fields(&[key], &mut |r, _| {
            value = Some(read(r)?);
            Ok(())
        })?;
        Ok(value)
    }

    /// An array, `item` reading each element.
    ///
    /// # Errors
    /// When the next value is not an array, or `item` fails.
    pub fn array(&mut self, item: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>) -> Result<()> {
        self.expect(b'[', "expected an array")?;
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            item(self)?;
            if self.eat(b']') {
                return Ok(());
            }
            self.expect(b',', "expected ',' or ']' in an array")?;
        }
    }

    /// Any one value, checked and passed over. Not recursive: depth costs no stack.
    ///
    /// # Errors
    /// When the next value is not valid JSON.
    pub fn skip(&mut self) -> Result<()> {
        // Per open container: is it an object?
        let mut open: Vec<bool> = Vec::new();
        loop {
            // A value.
            match self.peek() {
                Some(b'{') => {
                    self.i += 1;
                    if !self.eat(b'}') {
                        open.push(true);
                        self.key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    if !self.eat(b']') {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string_ref()?;
                }
                Some(b't') => self.word(b"true")?,
                Some(b'f') => self.word(b"false")?,
                Some(b'n') => self.word(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return self.error("expected a JSON value"),
            }
            // What follows it: the next element or key, or the end of containers.
            loop {
                let Some(&object) = open.last() else { return Ok(()) };
                if self.eat(b',') {
                    if object {
                        self.key()?;
                    }
                    break;
                }
                self.expect(if object { b'}' } else { b']' }, "expected ',' or the end of the container")?;
                open.pop();
            }
        }
    }

    /// A key and its colon, inside an object being skipped.
    fn key(&mut self) -> Result<()> {
        if self.peek() != Some(b'"') {
            return self.error("expected a key");
        }
        self.string_ref()?;
        self.expect(b':', "expected ':' after a key")
    }

    /// A number of any form, passed over.
    fn number(&mut self) -> Result<()> {
        let digits = |r: &mut Reader<'a>| {
            let from = r.i;
            while r.b.get(r.i).is_some_and(u8::is_ascii_digit) {
                r.i += 1;
            }
            r.i - from
        };
        self.i += usize::from(self.b.get(self.i) == Some(&b'-'));
        let first = self.i;
        let whole = digits(self);
        if whole == 0 || (whole > 1 && self.b[first] == b'0') {
            return self.error("a malformed number");
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return self.error("a malformed number");
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            self.i += usize::from(matches!(self.b.get(self.i), Some(b'+' | b'-')));
            if digits(self) == 0 {
                return self.error("a malformed number");
            }
        }
        Ok(())
    }

    /// Any one value, as the exact text it came as.
    ///
    /// # Errors
    /// When the next value is not valid JSON.
    pub fn raw(&mut self) -> Result<&'a str> {
        self.peek();
        let start = self.i;
        self.skip()?;
        // Checked JSON: its strings are valid UTF-8 and everything else is ASCII.
        std::str::from_utf8(&self.b[start..self.i]).map_err(|_| JsonError { what: "not UTF-8".into(), at: start })
    }

    /// `null` as `None`, else the value `read` reads.
    ///
    /// # Errors
    /// `read`'s.
    pub fn option<T>(&mut self, read: fn(&mut Reader<'a>) -> Result<T>) -> Result<Option<T>> {
        if self.null() {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }
}

/// The value of a required field.
///
/// # Errors
/// Naming the field when it was not in the object.
pub fn required<T>(r: &Reader<'_>, value: Option<T>, name: &str) -> Result<T> {
    match value {
        Some(value) => Ok(value),
        None => r.error(format!("the field \"{name}\" is missing")),
    }
}

/// Any JSON value, passed over: for an answer whose content does not matter.
#[derive(Debug)]
pub struct Skip;

impl Decode for Skip {
    fn decode(r: &mut Reader<'_>) -> Result<Skip> {
        r.skip().map(|()| Skip)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Vec<T>> {
        let mut all = Vec::new();
        r.array(&mut |r| {
            all.push(T::decode(r)?);
            Ok(())
        })?;
        Ok(all)
    }
}

impl Decode for i64 {
    fn decode(r: &mut Reader<'_>) -> Result<i64> {
        r.i64()
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>) -> Result<String> {
        r.string()
    }
}

/// A JSON object written field by field: `Object::new().str("email", e).finish()`.
pub struct Object(String);

impl Default for Object {
    fn default() -> Object {
        Object::new()
    }
}

impl Object {
    pub fn new() -> Object {
        Object(String::from("{"))
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        string_into(&mut self.0, key);
        self.0.push(':');
    }

    #[must_use]
    pub fn str(mut self, key: &str, value: &str) -> Object {
        self.key(key);
        string_into(&mut self.0, value);
        self
    }

    /// The field only when there is a value.
    #[must_use]
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Object {
        match value {
            Some(value) => self.str(key, value),
            None => self,
        }
    }

    #[must_use]
    pub fn bool(mut self, key: &str, value: bool) -> Object {
        self.key(key);
        self.0.push_str(if value { "true" } else { "false" });
        self
    }

    #[must_use]
    pub fn int(mut self, key: &str, value: i64) -> Object {
        self.key(key);
        self.0.push_str(&value.to_string());
        self
    }

    #[must_use]
    pub fn strs(mut self, key: &str, values: &[String]) -> Object {
        self.key(key);
        self.0.push_str(&array_of_strings(values));
        self
    }

    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// `["a","b"]`.
pub fn array_of_strings(values: &[String]) -> String {
    let mut out = String::from("[");
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        string_into(&mut out, value);
    }
    out.push(']');
    out
}

/// `text` as a JSON string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    string_into(&mut out, text);
    out
}

/// `text` as a JSON string literal, escaped as serde_json escapes it (the short escapes, `\u00XX`
/// for other control characters, nothing else).
pub fn string_into(out: &mut String, text: &str) {
    out.push('"');
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            8 => "\\b",
            12 => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        } else {
            out.push_str(short);
        }
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str) -> Result<()> {
        let mut r = Reader::new(text.as_bytes());
        r.skip()?;
        r.end()
    }

    #[test]
    fn values_of_every_kind_are_read_or_refused_with_the_byte() {
        assert_eq!(
            read::<String>(r#" "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" "#).unwrap(),
            "a\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}"
        );
        assert_eq!(read::<String>(r#""plain""#).unwrap(), "plain");
        for bad in [r#""\ud83d""#, r#""\ude00x""#, r#""\x""#, "\"a\nb\"", r#""open"#, r#""\u12"#] {
            assert!(read::<String>(bad).is_err(), "{bad}");
        }
        assert!(read::<String>(b"\"\xff\"".as_slice()).is_err(), "not UTF-8");
        let int = |t: &str| Reader::new(t.as_bytes()).i64();
        assert_eq!(int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(int("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(int("-0"), Ok(0));
        for bad in ["9223372036854775808", "01", "1.5", "1e3", "-", "", "x"] {
            assert!(int(bad).is_err(), "{bad}");
        }
        assert_eq!(
            read::<Skip>("[1, 2").unwrap_err(),
            JsonError { what: "expected ',' or the end of the container".into(), at: 5 }
        );
        assert_eq!(read::<String>(r#""a" x"#).unwrap_err().to_string(), "unexpected text after the value at byte 4");
    }

    #[test]
    fn skipping_checks_the_grammar_at_any_depth() {
        for good in ["0", "-0.5e+3", "1E9", r#"{"a": [1, {"b": null}], "c": "d"}"#, "[[],{}]", " true "] {
            assert_eq!(skip(good), Ok(()), "{good}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(skip(&deep), Ok(()), "deep nesting costs no stack");
        for bad in [
            "",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "{1:2}",
            "[1 2]",
            "01",
            "1.",
            ".5",
            "1e",
            "tru",
            "nul",
            "[",
            "}",
            "\"a\" \"b\"",
        ] {
            assert!(skip(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn known_fields_are_read_once_and_other_keys_skipped_or_refused() {
        let read_ab = |text: &str, only: bool| {
            let mut r = Reader::new(text.as_bytes());
            let mut got = Vec::new();
            let mut field = |r: &mut Reader<'_>, n: usize| {
                got.push((n, r.i64()?));
                Ok(())
            };
            if only { r.only_fields(&["a", "b"], &mut field) } else { r.fields(&["a", "b"], &mut field) }.map(|()| got)
        };
        assert_eq!(read_ab(r#"{"b": 2, "x": [1, {"a": 9}], "a": 1}"#, false), Ok(vec![(1, 2), (0, 1)]));
        assert_eq!(read_ab(r#"{"a": 1, "a": 2}"#, false).unwrap_err().to_string(), "the field \"a\" twice at byte 13");
        assert_eq!(
            read_ab(r#"{"x": 1}"#, true).unwrap_err().to_string(),
            "unknown key \"x\" (the keys are a, b) at byte 5"
        );
        let mut r = Reader::new(br#"{"n": 3, "m": 4}"#);
        assert_eq!(r.field("m", Reader::i64), Ok(Some(4)));
        assert_eq!(Reader::new(b"{}").field("m", Reader::i64), Ok(None));
    }

    #[test]
    fn written_objects_are_escaped_as_serde_json_escapes() {
        let body = Object::new()
            .str("email", "a\"b\\c\n\u{1}\u{7f}é/")
            .opt_str("none", None)
            .bool("flag", true)
            .int("n", -3)
            .strs("ids", &["x".into(), "y".into()])
            .finish();
        assert_eq!(body, "{\"email\":\"a\\\"b\\\\c\\n\\u0001\u{7f}é/\",\"flag\":true,\"n\":-3,\"ids\":[\"x\",\"y\"]}");
        assert_eq!(Object::new().finish(), "{}");
    }
}
