//! The caller's arguments as JS values. The shell sends them as the text of
//! `JSON.stringify(args, replacer)` plus, out of band, the few values JSON cannot say:
//! `marks`, the JSON text of `[[index, kind, text], ...]`, where `index` counts the
//! values of the text in document order (the order the replacer sees them, the root
//! array being 0). The caller's own strings and keys are never read as anything but
//! data.

use crate::deep;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// A caller value, as far as v4's request building can tell values apart.
#[derive(Debug, PartialEq)]
pub enum JsValue {
    /// `undefined` (a key that is present but undefined, an undefined element).
    Undefined,
    /// A hole of a sparse array (`[val].flat()` skips it; JSON writes `null`).
    Hole,
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// `NaN`, `Infinity`, `-Infinity`, as `String()` writes them (JSON writes `null`).
    NonFinite(String),
    String(String),
    /// A `Date`: `toJSON()` (`None` for an invalid date, which JSON writes as `null`)
    /// and `String(date)`.
    Date {
        json: Option<String>,
        text: String,
    },
    Array(Vec<JsValue>),
    /// Own enumerable keys in order (a function or symbol value is left out, as
    /// JSON.stringify leaves it out).
    Object(Vec<(String, JsValue)>),
}

const UNDEFINED: u8 = 0;
const HOLE: u8 = 1;
const DATE: u8 = 2;
const OMITTED: u8 = 3;
const NON_FINITE: u8 = 4;

impl JsValue {
    /// `value[key]` of an object (`None`: not an own key).
    pub fn get(&self, key: &str) -> Option<&JsValue> {
        match self {
            JsValue::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// JS truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            JsValue::Undefined | JsValue::Hole | JsValue::Null => false,
            JsValue::Bool(b) => *b,
            JsValue::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
            JsValue::NonFinite(s) => s != "NaN",
            JsValue::String(s) => !s.is_empty(),
            JsValue::Date { .. } | JsValue::Array(_) | JsValue::Object(_) => true,
        }
    }

    /// Whether JSON.stringify leaves this value out of an object.
    pub fn is_absent_in_json(&self) -> bool {
        matches!(self, JsValue::Undefined | JsValue::Hole)
    }
}

/// The arguments of one call.
pub struct Args {
    pub values: Vec<JsValue>,
    /// Nested deeper than serde_json's limit: taken apart in a loop when dropped.
    deep: bool,
}

impl Args {
    pub fn empty() -> Self {
        Args {
            values: Vec::new(),
            deep: false,
        }
    }

    /// Reads the shell's encoding of an arguments array (`marks` as described above).
    pub fn parse(json: &str, marks: Option<&str>) -> Result<Args, String> {
        let marks: Vec<(usize, u8, String)> = match marks {
            Some(m) => serde_json::from_str(m).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        let state = State {
            next: Cell::new(0),
            marks: &marks,
            mark: Cell::new(0),
        };
        let (root, deep) = deep::parse(json, || {
            // A second read (of deep text) starts over.
            state.next.set(0);
            state.mark.set(0);
            Seed { state: &state }
        })
        .map_err(|e| e.to_string())?;
        let values = match root {
            Some(JsValue::Array(items)) => items,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        Ok(Args { values, deep })
    }
}

impl Drop for Args {
    fn drop(&mut self) {
        if self.deep {
            let mut stack = std::mem::take(&mut self.values);
            while let Some(mut v) = stack.pop() {
                match &mut v {
                    JsValue::Array(items) => stack.append(items),
                    JsValue::Object(entries) => stack.extend(entries.drain(..).map(|(_, v)| v)),
                    _ => {}
                }
            }
        }
    }
}

struct State<'m> {
    /// The index of the next value in document order.
    next: Cell<usize>,
    marks: &'m [(usize, u8, String)],
    /// The next mark to apply.
    mark: Cell<usize>,
}

#[derive(Clone, Copy)]
struct Seed<'s, 'm> {
    state: &'s State<'m>,
}

/// A value, or `None` for a function or symbol (left out of objects, `null` in arrays, as
/// JSON.stringify does).
impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Option<JsValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<JsValue>, D::Error> {
        let state = self.state;
        let index = state.next.get();
        state.next.set(index + 1);
        let mark = match state.marks.get(state.mark.get()) {
            Some((i, kind, text)) if *i == index => {
                state.mark.set(state.mark.get() + 1);
                Some((*kind, text.as_str()))
            }
            _ => None,
        };
        let v = d.deserialize_any(ValueVisitor { state })?;
        Ok(match mark {
            None => Some(v),
            Some((UNDEFINED, _)) => Some(JsValue::Undefined),
            Some((HOLE, _)) => Some(JsValue::Hole),
            Some((DATE, text)) => Some(JsValue::Date {
                json: match v {
                    JsValue::String(s) => Some(s),
                    _ => None,
                },
                text: text.to_string(),
            }),
            Some((NON_FINITE, text)) => Some(JsValue::NonFinite(text.to_string())),
            Some((OMITTED, _)) => None,
            Some((kind, _)) => return Err(de::Error::custom(format!("unknown mark {kind}"))),
        })
    }
}

struct ValueVisitor<'s, 'm> {
    state: &'s State<'m>,
}

impl<'de> Visitor<'de> for ValueVisitor<'_, '_> {
    type Value = JsValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<JsValue, E> {
        Ok(JsValue::Null)
    }
    fn visit_none<E>(self) -> Result<JsValue, E> {
        Ok(JsValue::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<JsValue, E> {
        Ok(JsValue::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<JsValue, E> {
        Ok(JsValue::Number(n.into()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<JsValue, E> {
        Ok(JsValue::Number(n.into()))
    }
    fn visit_f64<E>(self, x: f64) -> Result<JsValue, E> {
        Ok(serde_json::Number::from_f64(x).map_or(JsValue::Null, JsValue::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<JsValue, E> {
        Ok(JsValue::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<JsValue, E> {
        Ok(JsValue::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(v) = seq.next_element_seed(Seed { state: self.state })? {
            items.push(v.unwrap_or(JsValue::Null));
        }
        Ok(JsValue::Array(items))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<JsValue, M::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(Seed { state: self.state })?;
            if let Some(v) = v {
                entries.push((key, v));
            }
        }
        Ok(JsValue::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str, marks: &str) -> Vec<JsValue> {
        let a = Args::parse(json, Some(marks)).unwrap();
        let mut a = a;
        std::mem::take(&mut a.values)
    }

    #[test]
    fn marks_apply_by_document_order_only() {
        // [ {a: undefined, b: "\u0000undefined", "\u0000date": Date}, fn ]
        let v = parse(
            r#"[{"a":null,"b":"\u0000undefined","\u0000date":"2024-01-01T00:00:00.000Z"},null]"#,
            r#"[[2,0,""],[4,2,"Mon Jan 01 2024"],[5,3,""]]"#,
        );
        assert_eq!(
            v,
            vec![
                JsValue::Object(vec![
                    ("a".into(), JsValue::Undefined),
                    ("b".into(), JsValue::String("\u{0}undefined".into())),
                    (
                        "\u{0}date".into(),
                        JsValue::Date {
                            json: Some("2024-01-01T00:00:00.000Z".into()),
                            text: "Mon Jan 01 2024".into()
                        }
                    ),
                ]),
                JsValue::Null,
            ]
        );
    }

    #[test]
    fn deep_arguments_parse_and_drop() {
        let n = 50_000;
        let json = format!("[{}1{}]", "{\"a\":".repeat(n), "}".repeat(n));
        let a = Args::parse(&json, None).unwrap();
        assert!(a.deep);
        let mut v = &a.values[0];
        let mut depth = 0;
        while let Some(inner) = v.get("a") {
            v = inner;
            depth += 1;
        }
        assert_eq!(depth, n);
        assert_eq!(v, &JsValue::Number(1.into()));
    }

    #[test]
    fn text_that_is_not_json_is_an_error_not_an_empty_list() {
        assert!(Args::parse("[1,", None).is_err());
    }
}
