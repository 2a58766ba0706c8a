//! The serde side of the pack reader: `Deserializer` for [`Reader`] and its sequence, struct and
//! enum accessors. Token reading lives in the parent module.

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

use super::{Error, Reader, Result, fail, is_ident_start};

impl<'a> Reader<'a> {
    /// Elements up to `close`, then the closer itself: serde's tuple visitors stop after the
    /// last expected element without asking for the end, so it is consumed here.
    fn elements<'de, V: Visitor<'de>>(
        &mut self,
        close: u8,
        len: Option<usize>,
        visitor: V,
    ) -> Result<V::Value>
    where
        'a: 'de,
    {
        let mut elements = Elements {
            de: self,
            close,
            first: true,
            left: len,
            done: false,
        };
        let value = visitor.visit_seq(&mut elements)?;
        if !elements.done {
            elements.finish()?;
        }
        Ok(value)
    }
}

macro_rules! unsigned_int {
    ($($method:ident => $visit:ident: $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let value = self.unsigned()?;
            let narrow = <$ty>::try_from(value).or_else(|_| fail(format!("number {value} is too large (the limit is {})", <$ty>::MAX)))?;
            visitor.$visit(narrow)
        }
    )*};
}

macro_rules! refused {
    ($($method:ident => $what:literal),*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            fail(concat!($what, " are not used in packs"))
        }
    )*};
}

impl<'de, 'a: 'de> de::Deserializer<'de> for &mut Reader<'a> {
    type Error = Error;

    unsigned_int!(deserialize_u8 => visit_u8: u8, deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32, deserialize_u64 => visit_u64: u64);

    refused!(deserialize_i8 => "negative numbers", deserialize_i16 => "negative numbers",
        deserialize_i32 => "negative numbers", deserialize_i64 => "negative numbers",
        deserialize_f32 => "fractional numbers", deserialize_f64 => "fractional numbers",
        deserialize_char => "character literals", deserialize_bytes => "byte strings",
        deserialize_byte_buf => "byte strings", deserialize_map => "maps ({...})");

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b'"') => self.deserialize_string(visitor),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => {
                self.deserialize_string(visitor)
            }
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b) if b.is_ascii_digit() || b == b'+' => self.deserialize_u64(visitor),
            _ => match self.keyword()? {
                Some("true" | "false") => self.deserialize_bool(visitor),
                _ => fail(format!("expected a value{}", self.found())),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.keyword()? {
            Some(word @ ("true" | "false")) => {
                self.pos += word.len();
                visitor.visit_bool(word == "true")
            }
            _ => fail(format!("expected `true` or `false`{}", self.found())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            std::borrow::Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.keyword()? {
            Some("None") => {
                self.pos += 4;
                visitor.visit_none()
            }
            Some("Some") => {
                self.pos += 4;
                self.enter()?;
                self.expect(b'(', "`(` after `Some`")?;
                let value = visitor.visit_some(&mut *self)?;
                self.skip_trivia()?;
                if self.peek() == Some(b',') {
                    self.pos += 1;
                }
                self.expect(b')', "`)` to close `Some(`")?;
                self.leave();
                Ok(value)
            }
            // A bare value is `Some(value)`, as ron's `implicit_some` extension reads it.
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(', "`()`")?;
        self.expect(b')', "`()`")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.identifier()?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.enter()?;
        self.expect(b'[', "`[` to start a list")?;
        let value = self.elements(b']', None, visitor)?;
        self.leave();
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.enter()?;
        self.expect(b'(', "`(` to start a tuple")?;
        let value = self.elements(b')', Some(len), visitor)?;
        self.leave();
        Ok(value)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.optional_name(name)?;
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.optional_name(name)?;
        self.enter()?;
        self.expect(b'(', "`(` to start a struct")?;
        let value = visitor.visit_map(Fields {
            de: &mut *self,
            first: true,
        })?;
        self.leave();
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.enter()?;
        let value = visitor.visit_enum(&mut *self)?;
        self.leave();
        Ok(value)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// Elements of a list or tuple up to `close`.
struct Elements<'r, 'a> {
    de: &'r mut Reader<'a>,
    close: u8,
    first: bool,
    /// For tuples: elements still expected.
    left: Option<usize>,
    /// Whether the closer was consumed.
    done: bool,
}

impl Elements<'_, '_> {
    /// An optional trailing comma, then the closer.
    fn finish(&mut self) -> Result<()> {
        self.de.skip_trivia()?;
        if self.de.peek() == Some(b',') {
            self.de.pos += 1;
        }
        let what = if self.close == b')' {
            "`)`: too many values in this tuple"
        } else {
            "`]`"
        };
        self.de.expect(self.close, what)?;
        self.done = true;
        Ok(())
    }
}

impl<'de, 'a: 'de> SeqAccess<'de> for Elements<'_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == Some(0) {
            self.finish()?;
            return Ok(None);
        }
        if !self.de.more(self.close, self.first)? {
            self.done = true;
            return Ok(None);
        }
        self.first = false;
        self.left = self.left.map(|n| n - 1);
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// `name: value` pairs of a struct up to `)`.
struct Fields<'r, 'a> {
    de: &'r mut Reader<'a>,
    first: bool,
}

impl<'de, 'a: 'de> MapAccess<'de> for Fields<'_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.de.more(b')', self.first)? {
            return Ok(None);
        }
        self.first = false;
        if !self.de.peek().is_some_and(is_ident_start) {
            return fail(format!("expected a field name{}", self.de.found()));
        }
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.expect(b':', "`:` after the field name")?;
        seed.deserialize(&mut *self.de)
    }
}

impl<'de, 'a: 'de> EnumAccess<'de> for &mut Reader<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.identifier()?;
        let value = seed.deserialize(name.into_deserializer())?;
        Ok((value, self))
    }
}

impl<'de, 'a: 'de> VariantAccess<'de> for &mut Reader<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.expect(b'(', "`(` after the variant name")?;
        let value = seed.deserialize(&mut *self)?;
        self.skip_trivia()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
        }
        self.expect(b')', "`)` to close the variant")?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(', "`(` after the variant name")?;
        visitor.visit_map(Fields {
            de: self,
            first: true,
        })
    }
}
