//! Just enough of the protobuf wire format to read the few fields kubestudy needs from Anki's
//! blobs (a media entry's name, a note type's kind, a card template's front and back). A
//! protobuf crate would want Anki's `.proto` files compiled in for these five fields; the wire
//! format is four cases. Bounded: every length is checked against what is left.

/// One field of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    /// Its number in the message.
    pub number: u64,
    /// Its value.
    pub value: Value<'a>,
}

/// A field's value by wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 2: bytes, a string or a nested message.
    Bytes(&'a [u8]),
    /// Wire type 5.
    Fixed32(u32),
}

impl<'a> Field<'a> {
    /// The bytes of a length-delimited field.
    pub fn bytes(&self) -> Option<&'a [u8]> {
        match self.value {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// A length-delimited field as UTF-8 text.
    pub fn text(&self) -> Option<&'a str> {
        self.bytes().and_then(|b| std::str::from_utf8(b).ok())
    }

    /// A varint field.
    pub fn varint(&self) -> Option<u64> {
        match self.value {
            Value::Varint(v) => Some(v),
            _ => None,
        }
    }
}

/// The fields of `message` in order; a malformed one ends the walk with an error.
pub fn fields(message: &[u8]) -> impl Iterator<Item = Result<Field<'_>, String>> {
    let mut rest = message;
    let mut failed = false;
    std::iter::from_fn(move || {
        if rest.is_empty() || failed {
            return None;
        }
        let field = next(&mut rest);
        failed = field.is_err();
        Some(field)
    })
}

fn varint(rest: &mut &[u8]) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest
            .split_first()
            .ok_or_else(|| "a number runs past the end".to_owned())?;
        *rest = tail;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("a number longer than ten bytes".to_owned())
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if rest.len() < n {
        return Err(format!(
            "a field of {n} bytes with {} left in the message",
            rest.len()
        ));
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn next<'a>(rest: &mut &'a [u8]) -> Result<Field<'a>, String> {
    let key = varint(rest)?;
    let number = key >> 3;
    let value = match key & 7 {
        0 => Value::Varint(varint(rest)?),
        1 => {
            let b = take(rest, 8)?;
            Value::Fixed64(u64::from_le_bytes(b.try_into().map_err(|_| "short")?))
        }
        2 => {
            let n = usize::try_from(varint(rest)?).map_err(|_| "a length too large")?;
            Value::Bytes(take(rest, n)?)
        }
        5 => {
            let b = take(rest, 4)?;
            Value::Fixed32(u32::from_le_bytes(b.try_into().map_err(|_| "short")?))
        }
        other => return Err(format!("wire type {other} is not read")),
    };
    Ok(Field { number, value })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn reads_varints_strings_and_nested_messages_and_stops_at_garbage() {
        // field 1 = "ab", field 2 = 150, field 3 = { field 1 = "x" }
        let msg = [
            0x0a, 2, b'a', b'b', 0x10, 0x96, 0x01, 0x1a, 3, 0x0a, 1, b'x',
        ];
        let got: Vec<Field<'_>> = fields(&msg).map(Result::unwrap).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].text(), Some("ab"));
        assert_eq!(got[1].varint(), Some(150));
        let inner: Vec<Field<'_>> = fields(got[2].bytes().unwrap_or_default())
            .map(Result::unwrap)
            .collect();
        assert_eq!(inner[0].text(), Some("x"));
        // A length past the end, and an endless varint: an error, then nothing more.
        let bad: Vec<_> = fields(&[0x0a, 200, b'a']).collect();
        assert_eq!(bad.len(), 1);
        assert!(bad[0].is_err());
        let endless: Vec<u8> = std::iter::once(0x08).chain([0xff; 11]).collect();
        assert!(fields(&endless).any(|f| f.is_err()));
    }
}
