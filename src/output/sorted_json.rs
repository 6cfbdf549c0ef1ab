//! JSON text with the members of every object in key order, written straight from a
//! `Serialize` value: the same bytes as `serde_json::to_value` followed by `to_string` (a
//! `serde_json::Value` keeps object members in a `BTreeMap`, which is how the `certkeep/v1`
//! documents have always been printed), without building the `Value` tree first. For 10,000
//! certificates that tree took tens of megabytes and a good part of `list --json`'s time.
//!
//! `serde_json`'s own serializer drives a [`Formatter`] that writes into one buffer and remembers
//! where each member of the objects still open starts and ends; when an object closes, its
//! members are put in key order in place. Objects are small (a certificate's dozen fields); the
//! long lists are arrays, whose elements are never moved.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// `value` as compact JSON, object members sorted by key (duplicates: the last one kept), as
/// `serde_json::to_string(&serde_json::to_value(value)?)` would give it.
pub(super) fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut sorted = Sorted::default();
    value.serialize(&mut serde_json::Serializer::with_formatter(
        io::sink(),
        &mut sorted,
    ))?;
    Ok(sorted.out)
}

/// The formatter's state: the text so far and the objects still open, innermost last.
#[derive(Default)]
struct Sorted {
    out: Vec<u8>,
    open: Vec<Object>,
    /// Member lists of closed objects, reused (one allocation per depth, not per object).
    spare: Vec<Vec<Member>>,
}

/// An open object: where its members start in the text (just after `{`), and each member.
struct Object {
    start: usize,
    members: Vec<Member>,
}

/// One `"key":value` member, as offsets in the text.
#[derive(Clone, Copy)]
struct Member {
    /// The key's opening quote.
    start: usize,
    /// Just after the key's closing quote.
    key_end: usize,
    /// Just after the value.
    end: usize,
}

impl Sorted {
    fn member(&mut self) -> Option<&mut Member> {
        self.open.last_mut().and_then(|o| o.members.last_mut())
    }

    /// The key of `member` as the `BTreeMap` orders it: the string's own characters, escapes
    /// resolved (the text has only the escapes `serde_json` writes, so this always succeeds).
    fn key(&self, member: &Member) -> Cow<'_, [u8]> {
        let quoted = &self.out[member.start..member.key_end];
        let inner = &quoted[1..quoted.len() - 1];
        if inner.contains(&b'\\') {
            match serde_json::from_slice::<String>(quoted) {
                Ok(key) => Cow::Owned(key.into_bytes()),
                Err(_) => Cow::Borrowed(inner),
            }
        } else {
            Cow::Borrowed(inner)
        }
    }

    /// Puts the members of `object` (the last thing in the text) in key order, keeping only
    /// the last of members with the same key.
    fn reorder(&mut self, object: &Object) {
        let members = &object.members;
        if members
            .windows(2)
            .all(|pair| self.key(&pair[0]) < self.key(&pair[1]))
        {
            return;
        }
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&a, &b| self.key(&members[a]).cmp(&self.key(&members[b])));
        // Stable sort: among equal keys the last written comes last, and is the one kept.
        let mut kept: Vec<usize> = Vec::with_capacity(order.len());
        for index in order {
            match kept.last_mut() {
                Some(last) if self.key(&members[*last]) == self.key(&members[index]) => {
                    *last = index;
                }
                _ => kept.push(index),
            }
        }
        let region = self.out.split_off(object.start);
        for (i, &index) in kept.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            let member = members[index];
            self.out
                .extend_from_slice(&region[member.start - object.start..member.end - object.start]);
        }
    }
}

/// The methods that only write, forwarded to `serde_json`'s compact formatter on the buffer.
macro_rules! write_to_buffer {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, _: &mut W, $($arg: $ty),*) -> io::Result<()> {
            CompactFormatter.$method(&mut self.out, $($arg),*)
        }
    )*};
}

impl Formatter for &mut Sorted {
    write_to_buffer! {
        write_null();
        write_bool(value: bool);
        write_i8(value: i8);
        write_i16(value: i16);
        write_i32(value: i32);
        write_i64(value: i64);
        write_i128(value: i128);
        write_u8(value: u8);
        write_u16(value: u16);
        write_u32(value: u32);
        write_u64(value: u64);
        write_u128(value: u128);
        write_f64(value: f64);
        write_number_str(value: &str);
        begin_string();
        end_string();
        write_string_fragment(fragment: &str);
        write_char_escape(char_escape: CharEscape);
        write_byte_array(value: &[u8]);
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        write_raw_fragment(fragment: &str);
    }

    /// A `Value` holds an `f32` as the `f64` it widens to, and prints that.
    fn write_f32<W: ?Sized + io::Write>(&mut self, _: &mut W, value: f32) -> io::Result<()> {
        CompactFormatter.write_f64(&mut self.out, f64::from(value))
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.out.push(b'{');
        let members = self.spare.pop().unwrap_or_default();
        self.open.push(Object {
            start: self.out.len(),
            members,
        });
        Ok(())
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if let Some(mut object) = self.open.pop() {
            self.reorder(&object);
            object.members.clear();
            self.spare.push(object.members);
        }
        self.out.push(b'}');
        Ok(())
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            self.out.push(b',');
        }
        let start = self.out.len();
        if let Some(object) = self.open.last_mut() {
            object.members.push(Member {
                start,
                key_end: start,
                end: start,
            });
        }
        Ok(())
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        let at = self.out.len();
        if let Some(member) = self.member() {
            member.key_end = at;
        }
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.out.push(b':');
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        let at = self.out.len();
        if let Some(member) = self.member() {
            member.end = at;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;

    /// Members declared out of order, nested, in maps, with escapes and duplicates.
    #[derive(Serialize)]
    struct Report {
        zeta: Vec<Item>,
        alpha: Option<Item>,
        #[serde(rename = "a\"quote")]
        quoted: u8,
        #[serde(rename = "a!")]
        bang: f32,
        a: HashMap<String, i64>,
        bytes: serde_bytes_like::Bytes,
        unit: (),
        empty: Empty,
        kind: Kind,
    }

    #[derive(Serialize)]
    struct Item {
        name: String,
        days: i64,
        big: u128,
        ratio: f64,
    }

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Kind {
        Webroot { path: String, extra: bool },
    }

    mod serde_bytes_like {
        /// Serialized with `serialize_bytes`, as `serde_bytes` would.
        pub(super) struct Bytes(pub(super) Vec<u8>);

        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    fn via_value<T: Serialize>(value: &T) -> String {
        serde_json::to_string(&serde_json::to_value(value).unwrap()).unwrap()
    }

    #[test]
    fn the_text_is_what_a_value_prints() {
        let item = |name: &str, days| Item {
            name: name.into(),
            days,
            big: 7,
            ratio: 0.1,
        };
        let report = Report {
            zeta: vec![item("b\u{1}\n\"", -3), item("é", 4)],
            alpha: Some(item("", 0)),
            quoted: 1,
            bang: 0.1,
            a: (0..20).map(|n| (format!("k{n}"), n)).collect(),
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            unit: (),
            empty: Empty {},
            kind: Kind::Webroot {
                path: "/srv".into(),
                extra: true,
            },
        };
        let text = String::from_utf8(to_vec(&report).unwrap()).unwrap();
        assert_eq!(text, via_value(&report));

        let mut with_escaped_keys = serde_json::Map::new();
        for key in ["b", "a\"", "a", "a\u{1}", "a!", "\\", ""] {
            with_escaped_keys.insert(key.into(), json!(key));
        }
        let map: HashMap<&str, &serde_json::Map<String, serde_json::Value>> =
            [("x", &with_escaped_keys), ("\u{7f}", &with_escaped_keys)].into();
        assert_eq!(
            String::from_utf8(to_vec(&map).unwrap()).unwrap(),
            via_value(&map)
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_once() {
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("b", &1)?;
                map.serialize_entry("a", &2)?;
                map.serialize_entry("b", &3)?;
                map.end()
            }
        }
        assert_eq!(to_vec(&Twice).unwrap(), br#"{"a":2,"b":3}"#);
        assert_eq!(via_value(&Twice), r#"{"a":2,"b":3}"#);
    }
}
